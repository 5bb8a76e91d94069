import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = path.join(root, 'test-artifacts', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  sipPort: number;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the real product (`tsx apps/server/src/main.ts`) on a free port with a fresh data directory. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  if (!existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    throw new Error('apps/web/dist is missing: run `npm run build` before the e2e tests');
  }
  const port = await freePort();
  const sipPort = Number(env.CC_SIP_PORT ?? (await freePort()));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hujiao-e2e-'));
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      CC_HOST: '127.0.0.1',
      CC_PORT: String(port),
      CC_DATA_DIR: dataDir,
      CC_LOG_LEVEL: 'warn',
      CC_SIP_BIND: '127.0.0.1',
      CC_SIP_ADDRESS: '127.0.0.1',
      CC_SIP_PORT: String(sipPort),
      CC_RTP_PORT_MIN: '41000',
      CC_RTP_PORT_MAX: '41999',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    sipPort,
    dataDir,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  // Playwright gives every launch a fresh, empty profile directory of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Chromium's flags for a browser phone on loopback: a fake microphone playing `wav`, no permission prompt, and
 * host candidates on 127.0.0.1 instead of mDNS names (../shared/docs/real-peers.md).
 */
export function webrtcFlags(wav: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns',
    '--force-webrtc-ip-handling-policy=default',
  ];
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * Picks `option` (its exact title) in the antd Select labelled `label` inside `scope`. Waits for the dropdown that
 * just opened to finish its slide-in (a click during the animation lands on another item) and ignores one that is
 * still fading out.
 */
export async function pickOption(page: Page, scope: Locator, label: string, option: string, nth = 0): Promise<void> {
  await scope.getByLabel(label, { exact: true }).nth(nth).click();
  const open = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .filter({ hasNot: page.locator('xpath=self::*[contains(@class, "-leave")]') })
    .last();
  await page.waitForFunction(
    () => {
      const all = Array.from(document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'));
      const last = all.filter((d) => !/-leave/.test(d.className)).at(-1);
      return last !== undefined && !/-(enter|appear)/.test(last.className);
    },
    undefined,
    { timeout: 5000 },
  );
  await open.getByTitle(option, { exact: true }).click();
}

/**
 * Opens a table row's "more" menu and clicks `item` in it. The list may still be refetching when the test reaches
 * it, and a re-render detaches the open menu mid-click; so it waits for the menu's slide-in and tries again (menu
 * closed first) when the item went away under the click.
 */
export async function rowMenu(page: Page, row: Locator, item: (menu: Locator) => Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await row.getByTestId('row-actions-more').click();
    const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').last();
    try {
      await page.waitForFunction(
        () => {
          const last = Array.from(document.querySelectorAll('.ant-dropdown:not(.ant-dropdown-hidden)')).at(-1);
          return last !== undefined && !/-(enter|appear|leave)/.test(last.className);
        },
        undefined,
        { timeout: 5000 },
      );
      await item(menu).click({ timeout: 5000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
    }
  }
}

/**
 * A new 1366×768 tab in `locale` (also the console's saved language), signed in with an enterprise account on the
 * account tab; resolves once the header shows the user.
 */
export async function signInAccount(
  browser: Browser,
  server: RunningServer,
  locale: 'zh-CN' | 'en-US',
  account: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 768 } });
  await context.addInitScript((l) => localStorage.setItem('hujiao.language', l), locale);
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel(locale === 'zh-CN' ? '登录账号' : 'Account').fill(account);
  await page.getByLabel(locale === 'zh-CN' ? '密码' : 'Password').fill(password);
  await page.getByRole('button', { name: locale === 'zh-CN' ? '登录' : 'Sign in' }).click();
  await page.getByTestId('header-user').waitFor();
  return page;
}

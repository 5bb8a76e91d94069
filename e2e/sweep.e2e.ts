import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { launchBrowser, type RunningServer, shot, startServer } from './support.ts';
import { type InspectOptions, inspectFrame, inspectPage, settled } from './sweep-checks.ts';

/**
 * The console sweep: as each built-in role, every page its menu shows, at 1366×768 and 1920×1080, in zh-CN and
 * en-US. Fails on a page error or console error, on content overflowing its box (cut-off buttons, labels,
 * placeholders, headers wrapped mid-word, dialogs whose buttons leave the window), on a header or menu that a
 * 768 px high window cannot show, and on Chinese text in en-US pages other than the user data created here.
 */
const PLATFORM = { account: 'admin', password: 'Platform#2026' };
const TENANT = { account: 'sweep', name: '扫测科技', adminPassword: 'SweepAdmin#2026' };
const PASSWORD = 'Sweep#2026x';
const CHANGED = 'Sweep#2026y';
/** User data created in Chinese on purpose: it may appear in en-US pages (built-in texts may not). */
const USER_DATA = [
  TENANT.name,
  '销售部',
  '一组',
  '张三',
  '李四',
  '王五',
  '赵六',
  '钱七',
  '甲公司',
  '客户很满意',
  '中文',
];
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const LANGS = ['zh-CN', 'en-US'] as const;
/** Pages screenshotted (at 1366×768, both languages) as sweep-<role>-<lang>-<page>.png, with -new for its form. */
const SHOTS = new Set([
  'platformAdmin /tenants',
  'enterpriseAdmin /users',
  'enterpriseAdmin /roles',
  'enterpriseAdmin /dictionaries',
  'agent /customers',
]);

interface Account {
  role: string;
  mode: 'account' | 'agent';
  login: string;
  client: ApiClient;
}

describe('console sweep: every menu page as every built-in role, two sizes, two languages', () => {
  let server: RunningServer;
  let browser: Browser;
  const accounts: Account[] = [];

  async function signIn(account: Account, password: string) {
    await account.client.login(account.mode, account.login, password);
    const me = await account.client.request<{ mustChangePassword: boolean }>('GET', '/api/auth/me');
    // Users whose password an administrator typed change it at first login; the sweep does it by API.
    if (me.mustChangePassword)
      await account.client.request('POST', '/api/auth/password', { oldPassword: password, newPassword: CHANGED });
  }

  beforeAll(async () => {
    server = await startServer({ CC_ADMIN_PASSWORD: PLATFORM.password });
    const platform = new ApiClient(server.url);
    await platform.login('account', PLATFORM.account, PLATFORM.password);
    await platform.request('POST', '/api/tenants', TENANT);
    const admin = new ApiClient(server.url);
    const enterpriseAdmin: Account = { role: 'enterpriseAdmin', mode: 'account', login: TENANT.account, client: admin };
    await signIn(enterpriseAdmin, TENANT.adminPassword);
    const roles = await admin.request<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const roleId = (code: string) => roles.find((r) => r.code === code)?.id ?? '';
    const dept = await admin.request<{ id: string }>('POST', '/api/departments', { name: '销售部' });
    const users: Record<string, string> = {};
    for (const [code, agentNo, name, agentType] of [
      ['teamLeader', '8001', '张三', 'teamLeader'],
      ['agent', '8002', '李四', 'agent'],
      ['qcInspector', '8003', '王五', null],
      ['orderVerifier', '8004', '赵六', null],
    ] as const) {
      const u = await admin.request<{ id: string }>('POST', '/api/users', {
        agentNo,
        name,
        password: PASSWORD,
        agentType,
        departmentId: dept.id,
        roleIds: [roleId(code)],
      });
      users[code] = u.id;
    }
    await admin.request('POST', '/api/teams', {
      name: '一组',
      leaderId: users.teamLeader,
      memberIds: [users.teamLeader, users.agent],
    });
    const customer = await admin.request<{ id: string }>('POST', '/api/customers', {
      name: '钱七',
      company: '甲公司',
      phones: [{ number: '13800000001' }],
      ownerId: users.agent,
      followUpStatus: 'following',
      source: 'outbound',
      tags: ['vip'],
    });
    await admin.request('POST', `/api/customers/${customer.id}/follow-ups`, {
      type: 'phone',
      status: 'interested',
      note: '客户很满意',
    });

    const platformAccount = { role: 'platformAdmin', mode: 'account', login: PLATFORM.account } as const;
    accounts.push({ ...platformAccount, client: platform });
    accounts.push(enterpriseAdmin);
    for (const [role, agentNo] of [
      ['teamLeader', '8001'],
      ['agent', '8002'],
      ['qcInspector', '8003'],
      ['orderVerifier', '8004'],
    ] as const) {
      const account: Account = {
        role,
        mode: 'agent',
        login: `${agentNo}@${TENANT.account}`,
        client: new ApiClient(server.url),
      };
      await signIn(account, PASSWORD);
      accounts.push(account);
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A signed-in context in one language and size; page errors and console errors are collected. */
  async function open(session: string, lang: string, size: { width: number; height: number }) {
    const context = await browser.newContext({ viewport: size, locale: lang });
    if (session) await context.addCookies([{ name: 'hj_sid', value: session, url: server.url }]);
    await context.addInitScript((l) => localStorage.setItem('hujiao.language', l), lang);
    const page = await context.newPage();
    const errors: string[] = [];
    const inflight = new Set<unknown>();
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
    });
    page.on('request', (r) => {
      if (r.resourceType() === 'fetch') inflight.add(r);
    });
    page.on('requestfinished', (r) => inflight.delete(r));
    page.on('requestfailed', (r) => inflight.delete(r));
    return { context, page, errors, inflight };
  }

  /** Waits (bounded) until the API calls are answered, nothing spins and every finite animation has ended. */
  async function settle(page: Page, inflight: Set<unknown>) {
    const deadline = Date.now() + 10_000;
    while (inflight.size > 0 && Date.now() < deadline) await page.waitForTimeout(25);
    await page.evaluate(settled);
  }

  /** The menu's pages, in menu order (submenus are open by default). */
  async function menuPaths(page: Page): Promise<Array<{ path: string; label: string }>> {
    await page.getByTestId('side-menu').locator('li.ant-menu-item').first().waitFor();
    return page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="side-menu"] li.ant-menu-item[data-menu-id]')).map((li) => {
        const id = li.getAttribute('data-menu-id') ?? '';
        return { path: id.slice(id.indexOf('-/') + 1), label: (li.textContent ?? '').trim() };
      }),
    );
  }

  /** Opens the page's main "new …" form (if any), checks it, closes it. */
  async function probeCreateForm(
    page: Page,
    inflight: Set<unknown>,
    opts: InspectOptions,
    screenshot: string | null,
  ): Promise<string[]> {
    const create = page.locator('.app-content .ant-btn-primary:has(.anticon-plus)').first();
    if ((await create.count()) === 0 || !(await create.isVisible())) return [];
    await create.click();
    const dialog = page.locator('.ant-modal-wrap:visible, .ant-drawer-content-wrapper:visible').first();
    await dialog.waitFor({ timeout: 5_000 });
    await settle(page, inflight);
    const problems = (await page.evaluate(inspectPage, opts)).map((p) => `[new-form] ${p}`);
    if (screenshot) await shot(page, screenshot);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    return problems;
  }

  async function sweep(account: Account, lang: string, size: { width: number; height: number }) {
    const { context, page, errors, inflight } = await open(account.client.session, lang, size);
    const problems: string[] = [];
    const opts: InspectOptions = { checkCjk: lang === 'en-US', allowed: USER_DATA };
    const small = size.height === 768;
    try {
      await page.goto(`${server.url}/`);
      const pages = await menuPaths(page);
      expect(pages.length).toBeGreaterThan(0);
      for (const { path, label } of pages) {
        const where = `${account.role} ${lang} ${size.width}×${size.height} ${path}`;
        await page.getByTestId('side-menu').locator(`li.ant-menu-item[data-menu-id$="-${path}"]`).click();
        await page.waitForURL((u) => u.pathname === path);
        // The router renders the new page in a transition: its tab title says when it is there.
        const titled = await page
          .waitForFunction((text) => document.title.includes(text), label, { timeout: 10_000 })
          .then(
            () => true,
            () => false,
          );
        await settle(page, inflight);
        const found = await page.evaluate(inspectPage, opts);
        if (!titled) found.push(`tab title "${await page.title()}" lacks "${label}"`);
        const name =
          small && SHOTS.has(`${account.role} ${path}`) ? `sweep-${account.role}-${lang}-${path.slice(1)}` : null;
        if (name) await shot(page, name);
        if (small) found.push(...(await page.evaluate(inspectFrame)));
        if (small) found.push(...(await probeCreateForm(page, inflight, opts, name && `${name}-new`)));
        problems.push(...found.map((p) => `${where}: ${p}`), ...errors.splice(0).map((e) => `${where}: ${e}`));
      }
    } finally {
      await context.close();
    }
    return problems;
  }

  for (const role of ['platformAdmin', 'enterpriseAdmin', 'teamLeader', 'agent', 'qcInspector', 'orderVerifier']) {
    it(`as ${role}`, async () => {
      const account = accounts.find((a) => a.role === role);
      if (!account) throw new Error(`no account for ${role}`);
      // The four contexts run side by side: most of a visit is waiting for the page to answer.
      const runs = SIZES.flatMap((size) => LANGS.map((lang) => sweep(account, lang, size)));
      expect((await Promise.all(runs)).flat()).toEqual([]);
    });
  }

  it('the login page: no console error on a plain visit, no Chinese in en-US', async () => {
    for (const lang of LANGS) {
      const { context, page, errors } = await open('', lang, SIZES[0]);
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-tab-account').waitFor();
      await page.waitForTimeout(300);
      const problems = await page.evaluate(inspectPage, { checkCjk: lang === 'en-US', allowed: USER_DATA });
      await context.close();
      expect([...problems, ...errors]).toEqual([]);
    }
  });

  it('no route shows a white page: typed addresses that are not pages show a page', async () => {
    const admin = accounts.find((a) => a.role === 'enterpriseAdmin');
    const { context, page, errors } = await open(admin?.client.session ?? '', 'zh-CN', SIZES[0]);
    for (const path of [
      '/customers/import',
      '/customers/not-an-id',
      '/customers/00000000-0000-4000-8000-000000000000',
      '/nowhere',
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.getByTestId('side-menu').waitFor();
      await page.locator('.ant-result').first().waitFor({ timeout: 10_000 });
    }
    await context.close();
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });

  it('a forced password change says why a menu click does not leave the password page', async () => {
    const admin = accounts.find((a) => a.role === 'enterpriseAdmin');
    const users = await admin?.client.request<{ items: Array<{ id: string; agentNo: string | null }> }>(
      'GET',
      '/api/users?keyword=8003',
    );
    const qc = users?.items.find((u) => u.agentNo === '8003');
    await admin?.client.request('POST', `/api/users/${qc?.id}/reset-password`, { password: PASSWORD });
    const client = new ApiClient(server.url);
    await client.login('agent', `8003@${TENANT.account}`, PASSWORD);
    const { context, page } = await open(client.session, 'en-US', SIZES[0]);
    await page.goto(`${server.url}/`);
    await page.waitForURL((u) => u.pathname === '/profile');
    await page.getByTestId('password-required').waitFor();
    await page.getByTestId('side-menu').locator('li.ant-menu-item').first().click();
    await page.locator('.ant-message-notice').filter({ hasText: 'change your password' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/profile');
    await shot(page, 'sweep-forced-password');
    await context.close();
  });
});

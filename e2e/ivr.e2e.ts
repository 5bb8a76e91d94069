import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rms } from '@hujiao/media';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, pickOption, type RunningServer, shot, startServer } from './support.ts';

/**
 * IVR管理 in the console: the enterprise admin builds a two-level IVR (主菜单: 1 → 销售 sub-menu, 2 → extension
 * 1002; 销售: 1 → extension 1001, 9 → back), sees a validation message in Chinese, saves, and presses 拨测: the
 * product rings the admin's own extension 1001 — a registered baresip phone that answers — and runs the menu on it
 * (the phone hears the prompt). Ports of its own: SIP 16300, phone 16310/16314, RTP 50900-50999.
 */
const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IVR menus in the console, with a test call to a real phone', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let phone: Baresip;
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-ivr-'));
  const admin = { account: 'ivrco', password: 'IvrAdmin#2026' };

  beforeAll(async () => {
    server = await startServer({
      CC_ADMIN_PASSWORD: 'Platform#2026',
      CC_SIP_PORT: '16300',
      CC_RTP_PORT_MIN: '50900',
      CC_RTP_PORT_MAX: '50979',
    });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: admin.account,
      name: '拨测企业',
      adminPassword: admin.password,
    });
    await acceptInitialPassword(server.url, 'account', admin.account, admin.password);
    const api = new ApiClient(server.url);
    await api.login('account', admin.account, admin.password);
    const me = await api.request<{ id: string }>('GET', '/api/auth/me');
    // 1001 is the admin's own phone (the test call's default); 1002 another extension.
    await api.request('POST', '/api/extensions', { number: '1001', password: 'SipPass1001x', userId: me.id });
    await api.request('POST', '/api/extensions', { number: '1002', password: 'SipPass1002x', displayName: '前台' });
    writeTone(path.join(dir, 'phone.wav'), 400, 0.2);
    mkdirSync(path.join(dir, 'phone'));
    phone = new Baresip({
      dir: path.join(dir, 'phone'),
      sipPort: 16310,
      ctrlPort: 16314,
      source: path.join(dir, 'phone.wav'),
      rtpPorts: [50980, 50999],
      account: `<sip:1001@${admin.account}>;auth_pass=SipPass1001x;outbound="sip:127.0.0.1:${server.sipPort}";regint=60;answermode=auto;audio_codecs=PCMU`,
    });
    await phone.start();
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } })).newPage();
  });
  afterAll(async () => {
    await phone?.stop();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const pick = (scope: Locator, label: string, option: string, nth = 0) => pickOption(page, scope, label, option, nth);

  it('builds a two-level IVR in the tree editor, with validation messages, and saves it', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('登录账号').fill(admin.account);
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: '登录' }).click();
    const entry = page.getByTestId('side-menu').getByRole('menuitem', { name: 'IVR管理' });
    await page.getByTestId('side-menu').getByText('PBX 配置').waitFor();
    if (!(await entry.isVisible())) await page.getByTestId('side-menu').getByText('PBX 配置').click();
    await entry.click();
    await page.getByRole('button', { name: '新增IVR' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('IVR名称').fill('总机');
    // 主菜单: key 1 → a sub-menu, key 2 → extension 1002.
    await drawer.getByTestId('ivr-add-key').click();
    await pick(drawer.getByTestId('ivr-action-0'), '动作', '子菜单');
    await drawer.getByTestId('ivr-add-key').click();
    await pick(drawer.getByTestId('ivr-action-1'), '动作', '转分机');
    // Saving now: the empty sub-menu is shown first with its message, the main menu's row without an extension says
    // so too (in Chinese), and both menus are marked in the tree.
    await drawer.getByTestId('ivr-save').click();
    await drawer.getByText('菜单至少需要一个按键(或开启直拨分机)').waitFor();
    await shot(page, 'ivr-01-validation');
    await drawer.getByTestId('ivr-tree-root').click();
    await drawer.getByText('请选择分机').waitFor();
    await pick(drawer.getByTestId('ivr-action-1'), '分机', '1002 前台');
    // The sub-menu: rename it 销售, key 1 → extension 1001, key 9 → back.
    await drawer.getByTestId('ivr-tree-0').click();
    await drawer.getByLabel('菜单名称').fill('销售');
    await drawer.getByTestId('ivr-add-key').click();
    await pick(drawer.getByTestId('ivr-action-0'), '动作', '转分机');
    await pick(drawer.getByTestId('ivr-action-0'), '分机', '1001');
    await drawer.getByTestId('ivr-add-key').click();
    await pick(drawer, '按键', '9', 1);
    await pick(drawer.getByTestId('ivr-action-1'), '动作', '返回上级');
    await expect.poll(() => drawer.getByTestId('ivr-tree-0').textContent()).toContain('销售');
    await sleep(600);
    await shot(page, 'ivr-02-tree-editor');
    await drawer.getByTestId('ivr-save').click();
    await page.getByTestId('ivr-row-总机').waitFor();
    await sleep(600);
    await shot(page, 'ivr-03-list');

    const api = new ApiClient(server.url);
    await api.login('account', admin.account, admin.password);
    type Row = { id: string; version: number; nodes: number };
    const list = await api.request<{ items: Row[] }>('GET', '/api/ivr');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ version: 1, nodes: 2 });
    const detail = await api.request<{ tree: unknown }>('GET', `/api/ivr/${list.items[0]?.id}`);
    expect(detail.tree).toMatchObject({
      name: '主菜单',
      keys: [
        {
          key: '1',
          action: {
            type: 'menu',
            menu: {
              name: '销售',
              keys: [
                { key: '1', action: { type: 'destination', destination: { kind: 'extension', number: '1001' } } },
                { key: '9', action: { type: 'back' } },
              ],
            },
          },
        },
        { key: '2', action: { type: 'destination', destination: { kind: 'extension', number: '1002' } } },
      ],
    });
  });

  it('拨测 rings the admin’s own extension, which answers and hears the menu', async () => {
    const api = new ApiClient(server.url);
    await api.login('account', admin.account, admin.password);
    for (let i = 0; i < 100; i++) {
      const ext = await api.request<{ items: Array<{ number: string; registered?: boolean }> }>(
        'GET',
        '/api/extensions?registered=true',
      );
      if (ext.items.some((e) => e.number === '1001')) break;
      await sleep(200);
    }
    const row = page.getByRole('row').filter({ has: page.getByTestId('ivr-row-总机') });
    await row.getByTestId('row-actions-more').click();
    await page.getByTestId('ivr-test-总机').click();
    const modal = page.getByRole('dialog').filter({ hasText: '拨测:总机' });
    await modal.waitFor();
    await shot(page, 'ivr-04-test-call-dialog');
    await modal.locator('#ivr-place-call').click();
    await phone.waitFor((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    await page.getByText('分机 1001 已接听,IVR 正在运行').waitFor({ timeout: 20_000 });
    await sleep(800);
    await shot(page, 'ivr-05-test-call-answered');
    // Nobody presses a key: the menu plays twice more, then goodbye, and the product hangs up.
    await phone.waitFor((e) => e.type === 'CALL_CLOSED', 60_000);
    await sleep(500);
    const heard = phone.dumps('dec').at(-1);
    expect(heard).toBeTruthy();
    const level = rms(wavChannel(readFileSync(heard as string)));
    process.stdout.write(`test call: the phone heard RMS ${level.toFixed(0)}\n`);
    expect(level).toBeGreaterThan(300);
  });

  it('the page and the editor in en-US at 1366×768: English labels, the saved tree, the history', async () => {
    const api = new ApiClient(server.url);
    await api.login('account', admin.account, admin.password);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 768 } });
    await context.addCookies([{ name: 'hj_sid', value: api.session, url: server.url }]);
    const en = await context.newPage();
    await en.goto(`${server.url}/ivr`);
    await en.getByTestId('ivr-row-总机').waitFor();
    await en.evaluate(() => localStorage.setItem('hujiao.language', 'en-US'));
    await en.reload();
    await en.getByRole('button', { name: 'New IVR' }).waitFor();
    const row = en.getByRole('row').filter({ has: en.getByTestId('ivr-row-总机') });
    await row.getByRole('button', { name: 'Edit' }).click();
    const drawer = en.getByRole('dialog');
    await drawer.getByText('Menu tree').waitFor();
    await drawer.getByTestId('ivr-tree-0').click();
    await drawer.getByText('Back to parent').waitFor();
    await sleep(600);
    await shot(en, 'ivr-06-editor-en-US');
    const text = await drawer.textContent();
    for (const zh of ['按键设置', '菜单结构', '提示音', '返回上级', '转分机']) expect(text).not.toContain(zh);
    await drawer.getByRole('button', { name: 'Cancel' }).click();
    await row.getByTestId('row-actions-more').click();
    await en.getByTestId('ivr-history-总机').click();
    await en.getByRole('dialog').getByText('v1 (current)').waitFor();
    await sleep(600);
    await shot(en, 'ivr-07-history-en-US');
    await context.close();
  });
});

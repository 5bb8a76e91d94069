import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, root, shot, signInAccount, startServer } from './support.ts';

/** PBX 配置 in the console: a trunk, a time group and an inbound route made through the forms; every page shown. */
describe('PBX configuration pages', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: ApiClient;
  let carrier: ChildProcess | undefined;

  const signIn = (locale: 'zh-CN' | 'en-US'): Promise<Page> =>
    signInAccount(browser, server, locale, 'pbx', 'PbxAdmin#2026');

  beforeAll(async () => {
    server = await startServer({ CC_ADMIN_PASSWORD: 'Platform#2026' });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: 'pbx',
      name: 'PBX 企业',
      adminPassword: 'PbxAdmin#2026',
    });
    api = new ApiClient(server.url);
    await api.login('account', 'pbx', 'PbxAdmin#2026');
    await api.request('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001', displayName: '前台' });
    const cid = await api.request<{ id: string }>('POST', '/api/caller-ids', { number: '02566668888' });
    await platform.request('POST', `/api/caller-id-reviews/${cid.id}`, { status: 'verified' });
    await api.request('POST', '/api/number-lists', { list: 'black', number: '13800138000', reason: '骚扰' });
    await acceptInitialPassword(server.url, 'account', 'pbx', 'PbxAdmin#2026');
    // The password change ends the earlier sessions.
    await api.login('account', 'pbx', 'PbxAdmin#2026');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    carrier?.kill('SIGKILL');
    await browser?.close();
    await server?.stop();
  });

  it('creates a trunk, a time group and an inbound route through the forms', async () => {
    const page = await signIn('zh-CN');
    const menu = page.getByTestId('side-menu');
    // Submenus are open by default.
    await menu.getByRole('menuitem', { name: '中继管理' }).click();
    await page.getByRole('button', { name: '新增中继' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('中继名称').fill('电信线路');
    await dialog.getByLabel('运营商地址').fill('sip.carrier.example');
    await dialog.getByLabel('注册账号').fill('02566668888');
    await dialog.getByRole('button', { name: '保存' }).click();
    // The password is required for a register trunk: the form says so in Chinese.
    await dialog.getByText('请输入注册密码').waitFor();
    await dialog.getByLabel('注册密码').fill('Carrier#Secret1');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('trunk-state-电信线路').waitFor();
    // The live state: unknown without the switch's report, else registering or (no such carrier host) failed.
    expect(['未知', '注册中', '注册失败']).toContain(await page.getByTestId('trunk-state-电信线路').textContent());
    await shot(page, 'pbx-trunks-zh');

    await menu.getByRole('menuitem', { name: '时间小组' }).click();
    await page.getByRole('button', { name: '新增时间小组' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').first().fill('工作时间');
    await dialog.getByRole('button', { name: '添加节假日' }).click();
    await shot(page, 'pbx-time-group-form-zh');
    await dialog.getByRole('button', { name: '删除' }).last().click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator('tr.ant-table-row').filter({ hasText: '工作时间' }).waitFor();
    expect(await page.locator('tr.ant-table-row').filter({ hasText: '工作时间' }).textContent()).toContain(
      '09:00-18:00',
    );

    await menu.getByRole('menuitem', { name: '呼入路由' }).click();
    await page.getByRole('button', { name: '新增呼入路由' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('路由名称').fill('总机');
    await dialog.getByLabel('被叫号码(DID)').fill('02566668888');
    await dialog.getByLabel('分机', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '1001' }).click();
    await shot(page, 'pbx-inbound-form-zh');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.locator('tr.ant-table-row').filter({ hasText: '总机' });
    await row.waitFor();
    expect(await row.textContent()).toContain('分机 1001');
    const routes = await api.request<{ items: Array<{ destination: unknown }> }>('GET', '/api/inbound-routes');
    expect(routes.items[0]?.destination).toEqual({ kind: 'extension', number: '1001' });
  });

  it('an IP trunk whose carrier (SIPp, 127.0.0.99:30490) answers OPTIONS turns 在线 on the page by push, not polling', async () => {
    const trunk = await api.request<{ id: string }>('POST', '/api/trunks', {
      name: 'IP线路',
      kind: 'ip',
      host: '127.0.0.99',
      port: 30490,
      peers: ['127.0.0.99'],
      enabled: false,
    });
    const page = await signIn('zh-CN');
    let statusReads = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/trunks/status')) statusReads += 1;
    });
    await page.goto(`${server.url}/trunks`);
    const state = page.getByTestId('trunk-state-IP线路');
    await state.waitFor();
    expect(await state.textContent()).toBe('未知');
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();
    const readsBefore = statusReads;
    const scenario = path.join(root, 'packages/switch/src/trunk/scenarios/carrier-options.xml');
    const args = ['-sf', scenario, '-i', '127.0.0.99', '-p', '30490', '-mi', '127.0.0.99', '-mp', '30495', '-nostdin'];
    carrier = spawn('sipp', args, { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 500));
    // Enabled elsewhere (the API, not this page): the switch probes at once; the page learns it from the socket.
    await api.request('PATCH', `/api/trunks/${trunk.id}`, { enabled: true });
    await page.getByTestId('trunk-state-IP线路').filter({ hasText: '在线' }).waitFor({ timeout: 15_000 });
    expect(statusReads).toBe(readsBefore);
    await shot(page, 'pbx-trunks-live-zh');
  });

  it('imports a black list from CSV: bad lines listed, nothing stored; a good file stored pending review', async () => {
    const page = await signIn('zh-CN');
    await page.goto(`${server.url}/number-lists`);
    await page.getByRole('button', { name: '导入' }).click();
    const dialog = page.getByRole('dialog');
    const upload = async (name: string, content: string) => {
      const chooser = page.waitForEvent('filechooser');
      await dialog.getByTestId('number-list-upload').click();
      await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    };
    await upload('bad.csv', '\uFEFF号码,名单类型\n13900000001,黑名单\nabc,黑名单\n13900000001,黑名单\n');
    await dialog.getByText('第 3 行:号码: 号码须为数字(可带 + 前缀)', { exact: false }).waitFor();
    await dialog.getByText('第 4 行:与第 2 行重复').waitFor();
    await shot(page, 'pbx-number-list-import-errors-zh');
    const before = await api.request<{ total: number }>('GET', '/api/number-lists');
    await upload('good.csv', '\uFEFF号码,名单类型,原因\n13900000001,黑名单,推销\n13900000002,黑名单,推销\n');
    await page.getByText('已导入 2 条,等待审核').waitFor();
    const after = await api.request<{ total: number }>('GET', '/api/number-lists');
    expect(after.total).toBe(before.total + 2);
    await page.goto(`${server.url}/outbound-routes`);
    await page.getByRole('tab', { name: '拦截记录' }).click();
    await page.getByRole('columnheader', { name: '拦截原因' }).waitFor();
  });

  it('shows every PBX page in both languages at 1366×768', async () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const page = await signIn(locale);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      for (const path of [
        'trunks',
        'trunk-groups',
        'time-groups',
        'inbound-routes',
        'outbound-routes',
        'number-lists',
        'caller-ids',
      ]) {
        await page.goto(`${server.url}/${path}`);
        await page.locator('.ant-card-head-title').first().waitFor();
        await page.waitForLoadState('networkidle');
        await shot(page, `pbx-${path}-${locale}`);
      }
      await page.goto(`${server.url}/outbound-routes`);
      await page.getByRole('button', { name: locale === 'zh-CN' ? '新增呼出路由' : 'New outbound route' }).click();
      await page
        .getByRole('dialog')
        .getByText(locale === 'zh-CN' ? '号码池' : 'Number pool')
        .click();
      await shot(page, `pbx-outbound-form-${locale}`);
      expect(errors).toEqual([]);
      if (locale === 'en-US') {
        const text = (await page.locator('.app-main').textContent()) ?? '';
        expect(text).not.toMatch(/[呼中继路由名单]/);
      }
    }
  });
});

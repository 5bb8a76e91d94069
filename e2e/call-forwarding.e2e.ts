import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, rowMenu, shot, signInAccount, startServer } from './support.ts';

type Fwd = { unconditional: string | null; busy: string | null; noAnswer: string | null; noAnswerSec: number };

/** 转移设置 in the console: set an extension's forwarding in its drawer, see it stored and shown again. */
describe('call forwarding in the console', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: ApiClient;
  let ext1002 = '';

  const signIn = (locale: 'zh-CN' | 'en-US'): Promise<Page> =>
    signInAccount(browser, server, locale, 'fwd', 'FwdAdmin#2026');

  beforeAll(async () => {
    server = await startServer({ CC_ADMIN_PASSWORD: 'Platform#2026' });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: 'fwd',
      name: '转移企业',
      adminPassword: 'FwdAdmin#2026',
    });
    await acceptInitialPassword(server.url, 'account', 'fwd', 'FwdAdmin#2026');
    api = new ApiClient(server.url);
    await api.login('account', 'fwd', 'FwdAdmin#2026');
    await api.request('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
    ext1002 = (
      await api.request<{ id: string }>('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002' })
    ).id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openDrawer(page: Page, menuName: string): Promise<void> {
    await page.getByTestId('side-menu').getByRole('menuitem', { name: menuName }).click();
    const row = page.locator('tr.ant-table-row').filter({ has: page.getByTestId('extension-1002') });
    await rowMenu(page, row, (m) => m.getByTestId('forwarding-1002'));
  }

  it('sets busy and no-answer forwarding of 1002 in its drawer (zh-CN), checks the fields, shows them again', async () => {
    const page = await signIn('zh-CN');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openDrawer(page, '分机管理');
    let dialog = page.getByRole('dialog');
    await dialog.getByText('转移设置 - 分机 1002').waitFor();
    await dialog.getByLabel('遇忙转移', { exact: true }).fill('1002');
    await dialog.getByLabel('无应答转移', { exact: true }).fill('sip:x');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('不能转移到分机自身').waitFor();
    await dialog.getByText('须为分机号或电话号码(数字,可带 +)').waitFor();
    await dialog.getByLabel('遇忙转移', { exact: true }).fill('1001');
    await dialog.getByLabel('无应答转移', { exact: true }).fill('913800138000');
    await dialog.getByLabel('无应答时长', { exact: true }).fill('5');
    await dialog.getByText('须为分机号或电话号码(数字,可带 +)').waitFor({ state: 'hidden' });
    await shot(page, 'call-forwarding-drawer-zh');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const saved = await api.request<Fwd>('GET', `/api/extensions/${ext1002}/forwarding`);
    expect(saved).toMatchObject({ unconditional: null, busy: '1001', noAnswer: '913800138000', noAnswerSec: 5 });

    // An extension the enterprise does not have: the server's message in the field's language.
    await openDrawer(page, '分机管理');
    dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('遇忙转移', { exact: true }).inputValue()).toBe('1001');
    expect(await dialog.getByLabel('无应答转移', { exact: true }).inputValue()).toBe('913800138000');
    await dialog.getByLabel('无条件转移', { exact: true }).fill('1999');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('转移目标须为本企业的分机号或电话号码').first().waitFor();
    expect(errors).toEqual([]);
  });

  it('shows the drawer in en-US', async () => {
    const page = await signIn('en-US');
    await openDrawer(page, 'Extensions');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Call forwarding - extension 1002').waitFor();
    // The drawer opens at once; its saved settings arrive a moment later.
    await expect
      .poll(() => dialog.getByLabel('Forward when busy', { exact: true }).inputValue(), { timeout: 10_000 })
      .toBe('1001');
    await dialog.getByLabel('No-answer time', { exact: true }).waitFor();
    await shot(page, 'call-forwarding-drawer-en');
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, pickOption, type RunningServer, rowMenu, shot, signInAccount, startServer } from './support.ts';

type QueueBody = {
  id: string;
  name: string;
  strategy: string;
  members: Array<{ agentNo: string | null; level: number }>;
  overflow: { timeout?: unknown };
};

/**
 * 技能组管理 in the console at 1366×768: a queue with two agents (levels 1 and 2), 最长空闲, overflow to voicemail on
 * timeout, made through the drawer; the list shows it; an inbound route leads to it; the page in English too.
 */
describe('queues (技能组) in the console', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: ApiClient;

  const signIn = (locale: 'zh-CN' | 'en-US'): Promise<Page> =>
    signInAccount(browser, server, locale, 'acd', 'AcdAdmin#2026');

  beforeAll(async () => {
    server = await startServer({ CC_ADMIN_PASSWORD: 'Platform#2026' });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: 'acd',
      name: 'ACD 企业',
      adminPassword: 'AcdAdmin#2026',
    });
    await acceptInitialPassword(server.url, 'account', 'acd', 'AcdAdmin#2026');
    api = new ApiClient(server.url);
    await api.login('account', 'acd', 'AcdAdmin#2026');
    await api.request('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001', displayName: '前台' });
    const roles = await api.request<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const agentRole = roles.find((r) => r.code === 'agent')?.id;
    for (const [agentNo, name] of [
      ['8001', '张三'],
      ['8002', '李四'],
    ]) {
      await api.request('POST', '/api/users', { agentNo, name, password: 'Agent#2026', roleIds: [agentRole] });
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a queue with two agents by level, overflow to voicemail, and routes a DID to it', async () => {
    const page = await signIn('zh-CN');
    const menu = page.getByTestId('side-menu');
    await menu.getByRole('menuitem', { name: '技能组管理' }).click();
    await page.getByRole('button', { name: '新增技能组' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('技能组名称').fill('售前热线');
    await pickOption(page, dialog, '分配策略', '全部振铃');
    await pickOption(page, dialog, '分配策略', '最长空闲');
    await dialog.getByRole('button', { name: '添加坐席' }).click();
    await dialog.getByRole('button', { name: '添加坐席' }).click();
    await pickOption(page, dialog, '坐席', '8001 张三', 0);
    await pickOption(page, dialog, '坐席', '8002 李四', 1);
    await dialog.getByLabel('级别', { exact: true }).nth(1).fill('2');
    await dialog.getByLabel('最长等待').fill('90');
    await shot(page, 'queue-form-zh-top');
    // The first overflow destination is 等待超时.
    await pickOption(page, dialog, '目的地类型', '语音信箱', 0);
    await pickOption(page, dialog, '信箱(分机)', '1001 前台');
    await dialog.getByText('播放随机工号').click();
    await dialog.getByLabel('随机工号规则').fill('8a');
    await dialog.getByRole('button', { name: '保存' }).click();
    // The pattern is checked in the form, in Chinese.
    await dialog.getByText('随机工号为 1-8 位数字和 ?,至少一个 ?,如 8??').waitFor();
    await dialog.getByLabel('随机工号规则').fill('8??');
    await shot(page, 'queue-form-zh');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.locator('tr.ant-table-row').filter({ hasText: '售前热线' });
    await row.waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const text = await row.textContent();
    for (const part of ['最长空闲', '8001 · 1', '8002 · 2', '等待超时: 语音信箱 1001', '播放随机工号 8??']) {
      expect(text).toContain(part);
    }
    await shot(page, 'queue-list-zh');
    const saved = await api.request<{ items: QueueBody[] }>('GET', '/api/queues');
    const queue = saved.items[0] as QueueBody;
    expect(queue).toMatchObject({
      name: '售前热线',
      strategy: 'longest-idle',
      maxWaitSec: 90,
      agentNoAnnouncement: 'random',
      agentNoPattern: '8??',
      overflow: { timeout: { kind: 'voicemail', box: '1001' } },
    });
    expect(queue.members.map((m) => [m.agentNo, m.level])).toEqual([
      ['8001', 1],
      ['8002', 2],
    ]);

    await menu.getByRole('menuitem', { name: '呼入路由' }).click();
    await page.getByRole('button', { name: '新增呼入路由' }).click();
    const route = page.getByRole('dialog');
    await route.getByLabel('路由名称').fill('客服热线');
    await route.getByLabel('被叫号码(DID)').fill('4008001000');
    await pickOption(page, route, '目的地类型', '队列');
    await pickOption(page, route, '技能组', '售前热线');
    await shot(page, 'queue-inbound-route-zh');
    await route.getByRole('button', { name: '保存' }).click();
    const routeRow = page.locator('tr.ant-table-row').filter({ hasText: '客服热线' });
    await routeRow.waitFor();
    expect(await routeRow.textContent()).toContain('队列 售前热线');
    const routes = await api.request<{ items: Array<{ destination: unknown }> }>('GET', '/api/inbound-routes');
    expect(routes.items[0]?.destination).toEqual({ kind: 'queue', queueId: queue.id });

    // A queue a route leads to is kept.
    await menu.getByRole('menuitem', { name: '技能组管理' }).click();
    // The route's row also holds '售前热线' ('队列 售前热线'): wait until the queue page replaced it.
    await page.getByRole('button', { name: '新增技能组' }).waitFor();
    await routeRow.waitFor({ state: 'detached' });
    await rowMenu(page, row, (m) => m.getByRole('menuitem', { name: '删除' }));
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.getByText('该技能组仍被 客服热线 使用,不能删除').waitFor();
    expect((await api.request<{ items: unknown[] }>('GET', '/api/queues')).items).toHaveLength(1);
    await page.context().close();
  });

  it('shows the page and the drawer in English', async () => {
    const page = await signIn('en-US');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: 'Queues' }).click();
    const row = page.locator('tr.ant-table-row').filter({ hasText: '售前热线' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Longest idle');
    // The "Signed in" toast has gone.
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await shot(page, 'queue-list-en');
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Caller experience').waitFor();
    expect(await dialog.getByLabel('Queue name').inputValue()).toBe('售前热线');
    await shot(page, 'queue-form-en-top');
    await dialog.getByText('Caller experience').scrollIntoViewIfNeeded();
    await shot(page, 'queue-form-en');
    await page.context().close();
  });

  it('an agent of the queue gets the state bar: 签入 → 空闲 with its timer, 置忙 with a reason, pushed back', async () => {
    await acceptInitialPassword(server.url, 'agent', '8001@acd', 'Agent#2026');
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-tab-agent').click();
    await page.getByLabel('工号@企业账号').fill('8001@acd');
    await page.getByLabel('密码').fill('Agent#2026');
    await page.getByRole('button', { name: '登录' }).click();
    const state = page.getByTestId('agent-state');
    await state.waitFor();
    expect(await state.textContent()).toBe('未签入');
    await page.getByTestId('agent-ready').click();
    await expect.poll(() => state.textContent()).toMatch(/^空闲 00:0\d$/);
    await page.getByTestId('agent-busy').click();
    await page.getByRole('menuitem', { name: '小休' }).click();
    await expect.poll(() => state.textContent()).toMatch(/^置忙\(小休\) 00:0\d$/);
    await shot(page, 'agent-bar-busy-zh');
    // The server has it (what another tab or the ACD sees).
    const agentApi = new ApiClient(server.url);
    await agentApi.login('agent', '8001@acd', 'Agent#2026');
    expect(await agentApi.request('GET', '/api/agent/state')).toMatchObject({
      state: 'busy',
      reason: 'rest',
      member: true,
    });
    // Busy → ready again (置闲), then sign out (签出).
    await page.keyboard.press('Escape');
    await page.getByTestId('agent-ready').click();
    await expect.poll(() => state.textContent()).toMatch(/^空闲 00:0\d$/);
    await page.getByTestId('agent-logout').click();
    await expect.poll(() => state.textContent()).toBe('未签入');
    // The enterprise admin is no member of a queue: no bar.
    const admin = await signIn('zh-CN');
    await admin.getByTestId('header-user').waitFor();
    expect(await admin.getByTestId('agent-bar').count()).toBe(0);
    await context.close();
    await admin.context().close();
  });
});

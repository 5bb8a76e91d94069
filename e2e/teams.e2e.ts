import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

/** The shared member-set form: a team (班组) with a leader and members, a user group (用户组) with members. */
describe('teams and user groups', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ CC_ADMIN_PASSWORD: 'Platform#2026' });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', { account: 'org', name: '组织', adminPassword: 'OrgAdmin#2026' });
    const admin = new ApiClient(server.url);
    await admin.login('account', 'org', 'OrgAdmin#2026');
    await admin.request('POST', '/api/users', { agentNo: '8001', name: '张三', password: 'Agent#2026x' });
    await acceptInitialPassword(server.url, 'account', 'org', 'OrgAdmin#2026');
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('登录账号').fill('org');
    await page.getByLabel('密码').fill('OrgAdmin#2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('header-user').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function create(menu: string, button: string, nameLabel: string, name: string, fields: string[]) {
    await page.getByTestId('side-menu').getByRole('menuitem', { name: menu }).click();
    await page.getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(`${nameLabel}`).fill(name);
    for (const label of fields) {
      const field = dialog.getByLabel(label, { exact: true });
      await field.click();
      await field.fill('张三');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
    }
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    return row;
  }

  it('creates a team with a leader and a member, and a user group with a member', async () => {
    const team = await create('班组管理', '新增班组', '班组名称', '一组', ['班长', '成员']);
    expect(await team.textContent()).toContain('张三');
    await create('用户组管理', '新增用户组', '用户组名称', '夜班', ['成员']);
    const api = new ApiClient(server.url);
    await api.login('account', 'org', 'OrgAdmin#2026');
    type Set = { name: string; memberIds: string[]; leaderName?: string | null };
    const teams = await api.request<{ items: Set[] }>('GET', '/api/teams');
    expect(teams.items).toMatchObject([{ name: '一组', leaderName: '张三' }]);
    expect(teams.items[0]?.memberIds.length).toBe(1);
    const groups = await api.request<{ items: Set[] }>('GET', '/api/user-groups');
    expect(groups.items.map((g) => [g.name, g.memberIds.length])).toEqual([['夜班', 1]]);
  });
});

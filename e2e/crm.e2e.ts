import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, shot, startServer } from './support.ts';

/**
 * Issue 4's walk: import a CSV with bad rows, read the error report, assign the good customers evenly to two
 * agents, sign in as one agent who sees only that half, add a follow-up with an appointment, see the reminder.
 */
const ADMIN = { account: 'crm', password: 'CrmAdmin#2026' };
const AGENT_PASSWORD = 'Agent#2026x';

const CSV = [
  '姓名,电话,公司,备注,微信号',
  '王一,13800000001,甲公司,好,wx1',
  '王二,13800000002,乙公司,,',
  '王三,13800000003,,,',
  '王四,13800000004,丙公司,,',
  '王五,13800000005,,,',
  '王六,13800000006,,,',
  '赵无号,,丁公司,缺电话,',
  '坏号,12ab,,号码错误,',
  '',
].join('\r\n');

describe('customers: import, assignment, agent view, follow-up reminder', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-crm-'));

  beforeAll(async () => {
    server = await startServer({ CC_ADMIN_PASSWORD: 'Platform#2026' });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: ADMIN.account,
      name: '客户演示',
      adminPassword: ADMIN.password,
    });
    const admin = new ApiClient(server.url);
    await admin.login('account', ADMIN.account, ADMIN.password);
    for (const [agentNo, name] of [
      ['8001', '张三'],
      ['8002', '李四'],
    ]) {
      await admin.request('POST', '/api/users', { agentNo, name, password: AGENT_PASSWORD, agentType: 'agent' });
      await acceptInitialPassword(server.url, 'agent', `${agentNo}@${ADMIN.account}`, AGENT_PASSWORD);
    }
    await acceptInitialPassword(server.url, 'account', ADMIN.account, ADMIN.password);
    writeFileSync(path.join(dir, 'customers.csv'), CSV);
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function login(mode: 'account' | 'agent', account: string, password: string) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId(`login-tab-${mode}`).click();
    await page.getByLabel(mode === 'account' ? '登录账号' : '工号@企业账号').fill(account);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('header-user').waitFor();
  }

  it('imports a CSV with bad rows and explains each bad row', async () => {
    await login('account', ADMIN.account, ADMIN.password);
    await page.goto(`${server.url}/customers`);
    await page.getByRole('button', { name: '导入客户' }).click();
    await page.getByTestId('import-file').setInputFiles(path.join(dir, 'customers.csv'));
    // The column that matches no field is named before the import, with the choice of what to do with it.
    const unknown = page.getByTestId('import-unknown-columns');
    await unknown.waitFor();
    expect(await unknown.textContent()).toContain('微信号');
    await shot(page, '19-import-unknown-column');
    await page.getByRole('button', { name: '开始导入' }).click();
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/成功\D*6/);
    expect(await result.textContent()).toMatch(/失败\D*2/);
    // Left as "不导入": the result says it was dropped.
    expect(await page.getByTestId('import-ignored-columns').textContent()).toContain('微信号');
    await shot(page, '20-import-result');
    const href = await page.getByTestId('import-errors').getAttribute('href');
    const report = await (await page.request.get(new URL(href ?? '', server.url).toString())).text();
    // One line per bad row: the row as it was in the file, its row number (header = row 1) and the error.
    const lines = report
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((l) => l.trim());
    expect(lines[0]).toBe('姓名,电话,公司,备注,微信号,行号,错误说明');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual([
      '赵无号,,丁公司,缺电话,,8',
      '坏号,12ab,,号码错误,,9',
    ]);
    expect(lines.every((l, i) => i === 0 || l.includes('电话'))).toBe(true);
    await page.getByRole('button', { name: '完成' }).click();
  });

  it('assigns the good customers evenly to two agents', async () => {
    await page.goto(`${server.url}/customers`);
    await page.getByRole('cell', { name: '王一', exact: true }).waitFor();
    await page.locator('thead').getByRole('checkbox').check();
    await page.getByRole('button', { name: '分配', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('坐席').click();
    for (const agent of ['张三 (8001)', '李四 (8002)']) {
      await page.locator(`.ant-select-item-option[title="${agent}"]`).click();
    }
    await page.keyboard.press('Escape');
    await dialog.getByTestId('assign-submit').click();
    await page.getByText('已分配 6 个客户').waitFor();
    await shot(page, '21-assigned');
  });

  it('an agent sees only their half and gets the appointment reminder when it is due', async () => {
    await page.getByTestId('logout').click();
    await login('agent', '8001@crm', AGENT_PASSWORD);
    await page.goto(`${server.url}/customers`);
    const rows = page.locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    await shot(page, '22-agent-customers');

    const first = rows.first();
    const customerName = (await first.locator('td').nth(1).textContent())?.trim() ?? '';
    await first.getByRole('button', { name: '跟进' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('备注', { exact: true }).fill('客户有意向,约下次详谈');
    await drawer.getByLabel('预约提醒').check();
    const due = new Date(Date.now() + 5_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())} ${pad(due.getHours())}:${pad(due.getMinutes())}:${pad(due.getSeconds())}`;
    await drawer.getByLabel('预约时间').fill(local);
    await page.keyboard.press('Enter');
    await drawer.getByRole('button', { name: '保存' }).click();
    const reminder = page.getByTestId('appointment-reminder');
    await reminder.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('appointment-reminder-text').textContent()).toContain('预约提醒');
    await shot(page, '23-appointment-reminder');
    expect(customerName.length).toBeGreaterThan(0);
  });
});

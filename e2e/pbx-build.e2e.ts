import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rms, toneLevels } from '@hujiao/media';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, pickOption, type RunningServer, root, rowMenu, shot, startServer } from './support.ts';

/**
 * The PBX built in the console, as an enterprise admin does it: uploads an MP3 greeting and approves it (语音文件),
 * builds a two-level IVR whose main menu plays it (主菜单: 1 → 销售 sub-menu, 2 → extension 1002; 销售: 1 → extension
 * 1001, 9 → back), seeing validation messages in Chinese; makes a time group, an inbound route from the DID to the
 * IVR in work hours (voicemail after hours) and an outbound route (strip 9, mobile numbers, a trunk); then presses
 * 拨测: the product rings the admin's own extension 1001 — a registered baresip phone that answers — and runs the
 * menu on it (the phone hears the MP3's 1 kHz). Ports of its own: SIP 16300, phone 16310/16314, RTP 50900-50999.
 */
const MP3 = path.join(root, 'apps/server/src/modules/voice-file/test-support/tone-1khz.mp3');
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
    // The carrier's line the outbound route uses (an IP trunk; no call goes out in this test).
    await api.request('POST', '/api/trunks', {
      name: '电信中继',
      kind: 'ip',
      host: '127.0.0.58',
      peers: ['127.0.0.58'],
    });
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

  it('uploads an MP3 greeting (待审核) and approves it', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('登录账号').fill(admin.account);
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: '登录' }).click();
    const menu = page.getByTestId('side-menu');
    await menu.getByText('PBX 配置').waitFor();
    const files = menu.getByRole('menuitem', { name: '语音文件' });
    if (!(await files.isVisible())) await menu.getByText('PBX 配置').click();
    await files.click();
    await page.getByTestId('voice-file-upload').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(MP3);
    await dialog.getByTestId('voice-file-name').fill('欢迎语');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.locator('tr.ant-table-row').filter({ hasText: '欢迎语' });
    await row.getByText('待审核').waitFor();
    await row.getByTestId('review-欢迎语').click();
    await page.getByTestId('voice-file-approve').click();
    await row.getByText('已通过').waitFor();
    await shot(page, 'ivr-00-voice-file-approved');
  });

  it('builds a two-level IVR in the tree editor, with validation messages, and saves it', async () => {
    const entry = page.getByTestId('side-menu').getByRole('menuitem', { name: 'IVR管理' });
    await page.getByTestId('side-menu').getByText('PBX 配置').waitFor();
    if (!(await entry.isVisible())) await page.getByTestId('side-menu').getByText('PBX 配置').click();
    await entry.click();
    await page.getByRole('button', { name: '新增IVR' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('IVR名称').fill('总机');
    // The main menu plays the approved greeting (typed to find it among the prompts).
    await drawer.getByLabel('提示音', { exact: true }).click();
    await page.keyboard.type('欢迎语');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => drawer.getByLabel('提示音', { exact: true }).locator('xpath=../..').textContent())
      .toContain('欢迎语');
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
      prompt: { kind: 'voiceFile' },
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

  it('makes a time group, an inbound route from the DID to the IVR in work hours, and an outbound route', async () => {
    const menu = page.getByTestId('side-menu');
    await menu.getByRole('menuitem', { name: '时间小组' }).click();
    await page.getByRole('button', { name: '新增时间小组' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').first().fill('工作时间');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator('tr.ant-table-row').filter({ hasText: '工作时间' }).waitFor();

    await menu.getByRole('menuitem', { name: '呼入路由' }).click();
    await page.getByRole('button', { name: '新增呼入路由' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('路由名称').fill('总机号码');
    await dialog.getByLabel('被叫号码(DID)').fill('02566668888');
    await pickOption(page, dialog, '时间条件', '工作时间');
    await pickOption(page, dialog, '目的地类型', 'IVR', 0);
    await pickOption(page, dialog, 'IVR 菜单', '总机');
    await pickOption(page, dialog, '目的地类型', '语音信箱', 1);
    await pickOption(page, dialog, '信箱(分机)', '1001');
    await sleep(400);
    await shot(page, 'ivr-03a-inbound-route-form');
    await dialog.getByRole('button', { name: '保存' }).click();
    const inbound = page.locator('tr.ant-table-row').filter({ hasText: '总机号码' });
    await inbound.waitFor();
    expect(await inbound.textContent()).toContain('工作时间');

    await menu.getByRole('menuitem', { name: '呼出路由' }).click();
    await page.getByRole('button', { name: '新增呼出路由' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('路由名称').fill('手机出局');
    await dialog.getByLabel('去掉前缀').fill('9');
    await dialog.getByLabel('号码规则').fill('1XXXXXXXXXX');
    await dialog.getByLabel('中继', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('电信中继', { exact: true }).click();
    await page.keyboard.press('Escape');
    await sleep(400);
    await shot(page, 'ivr-03b-outbound-route-form');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator('tr.ant-table-row').filter({ hasText: '手机出局' }).waitFor();
    await shot(page, 'ivr-03c-outbound-routes');

    const api = new ApiClient(server.url);
    await api.login('account', admin.account, admin.password);
    const ivr = (await api.request<{ items: Array<{ id: string }> }>('GET', '/api/ivr')).items[0];
    const groups = await api.request<{ items: Array<{ id: string; name: string }> }>('GET', '/api/time-groups');
    const routes = await api.request<{ items: unknown[] }>('GET', '/api/inbound-routes');
    expect(routes.items).toEqual([
      expect.objectContaining({
        didPattern: '02566668888',
        timeGroupId: groups.items.find((g) => g.name === '工作时间')?.id,
        destination: { kind: 'ivr', ivrId: ivr?.id },
        closedDestination: { kind: 'voicemail', box: '1001' },
      }),
    ]);
    const out = await api.request<{ items: unknown[] }>('GET', '/api/outbound-routes');
    expect(out.items).toEqual([
      expect.objectContaining({
        name: '手机出局',
        dialPatterns: [expect.objectContaining({ prefix: '9', match: '1XXXXXXXXXX' })],
        trunkIds: [expect.any(String)],
        callerIdMode: 'extension',
      }),
    ]);
  });

  it('拨测 rings the admin’s own extension, which answers and hears the menu', async () => {
    await page.getByTestId('side-menu').getByRole('menuitem', { name: 'IVR管理' }).click();
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
    await rowMenu(page, row, (m) => m.getByTestId('ivr-test-总机'));
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
    const samples = wavChannel(readFileSync(heard as string));
    const level = rms(samples);
    // The menu's prompt is the uploaded MP3 (1 kHz), converted to 8 kHz and played into the call.
    const khz = toneLevels(samples, 8000, [1000]).find((l) => l.frequency === 1000)?.relative ?? 0;
    process.stdout.write(`test call: the phone heard RMS ${level.toFixed(0)}, 1 kHz share ${khz.toFixed(2)}\n`);
    expect(level).toBeGreaterThan(300);
    expect(khz).toBeGreaterThan(0.3);
  });

  it('1002 forwards unanswered calls to its voicemail (console); a call from 1001 leaves a message that 语音留言 lists and plays', async () => {
    const menu = page.getByTestId('side-menu');
    await menu.getByRole('menuitem', { name: '分机管理' }).click();
    const ext = page.locator('tr.ant-table-row').filter({ has: page.getByTestId('extension-1002') });
    await rowMenu(page, ext, (m) => m.getByTestId('forwarding-1002'));
    const dialog = page.getByRole('dialog');
    await dialog.getByText('转移设置 - 分机 1002').waitFor();
    await pickOption(page, dialog, '无应答转移方式', '转语音信箱');
    await dialog.getByLabel('无应答时长').fill('5');
    await shot(page, 'ivr-06a-forward-to-voicemail');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // 1002 has no phone online: the call goes to its box at once; the phone speaks (400 Hz) for a few seconds.
    phone.events.length = 0;
    phone.command('dial', `sip:1002@${admin.account}`);
    await phone.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await sleep(7000); // greeting, beep, then the message
    phone.command('hangup');
    await phone.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);

    // The header's count moves without a reload (aria-label “1 条新留言”); the page lists the message 1001 → 1002.
    await page.getByRole('button', { name: '1 条新留言' }).waitFor({ timeout: 40_000 });
    await page.getByTestId('header-voicemail').click();
    await page.waitForURL(/\/voicemail/);
    const row = page.locator('tr[data-testid^="vm-"]').filter({ hasText: '1002' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('1001');
    expect(await row.textContent()).toContain('未读');
    await shot(page, 'ivr-06b-voicemail-list');
    await row.getByRole('button', { name: /播放/ }).click();
    await page.waitForFunction(
      () => ((document.querySelector('[data-testid=voicemail-audio]') as HTMLAudioElement | null)?.duration ?? 0) > 1,
    );
    await sleep(500);
    await shot(page, 'ivr-06c-voicemail-player');
    await page.keyboard.press('Escape');
    // Played: read.
    await row.getByText('已读').waitFor();
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
    await rowMenu(en, row, (m) => m.getByTestId('ivr-history-总机'));
    await en.getByRole('dialog').getByText('v1 (current)').waitFor();
    await sleep(600);
    await shot(en, 'ivr-07-history-en-US');
    await context.close();
  });
});

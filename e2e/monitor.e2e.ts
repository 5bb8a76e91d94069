import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Baresip, hasBinary, writeTone } from '@hujiao/switch/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, shot, startServer } from './support.ts';

const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));

/**
 * 坐席监控 in Chromium: a team leader watches their team's agent live — signed in, ready, talking with a caller
 * (baresip phones: the agent 1001, the caller 1002, the leader's own 1003), listens with their phone (it answers by
 * itself), hangs the call up (强拆) and sets the agent busy; the page follows each change without a reload. Ports: SIP
 * 16460, phones 16470-16495, RTP 52400-52539.
 */
describe.skipIf(MISSING.length > 0)('坐席监控: the team leader’s live monitor and actions', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let agentApi: ApiClient;
  const phones: Record<'agent' | 'caller' | 'leader', Baresip> = {} as never;
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-monitor-'));
  const row = () => page.locator('tr.ant-table-row').filter({ hasText: '8001' });
  /** The leader (8002) signed in, in a browser context of `locale`. */
  const leaderPage = async (locale: 'zh-CN' | 'en-US') => {
    const context = await browser.newContext({ locale, viewport: { width: 1366, height: 768 } });
    await context.addInitScript((l) => localStorage.setItem('hujiao.language', l), locale);
    const p = await context.newPage();
    await p.goto(`${server.url}/login`);
    await p.getByTestId('login-tab-agent').click();
    await p.getByLabel(locale === 'zh-CN' ? '工号@企业账号' : 'Agent no.@enterprise').fill('8002@mon');
    await p.getByLabel(locale === 'zh-CN' ? '密码' : 'Password').fill('Agent#2026');
    await p.getByRole('button', { name: locale === 'zh-CN' ? '登录' : 'Sign in' }).click();
    await p.getByTestId('header-user').waitFor();
    return p;
  };

  beforeAll(async () => {
    server = await startServer({
      CC_ADMIN_PASSWORD: 'Platform#2026',
      CC_SIP_PORT: '16460',
      CC_RTP_PORT_MIN: '52400',
      CC_RTP_PORT_MAX: '52479',
    });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: 'mon',
      name: '监控企业',
      adminPassword: 'MonAdmin#2026',
    });
    await acceptInitialPassword(server.url, 'account', 'mon', 'MonAdmin#2026');
    const admin = new ApiClient(server.url);
    await admin.login('account', 'mon', 'MonAdmin#2026');
    const roles = await admin.request<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const role = (code: string) => roles.find((r) => r.code === code)?.id;
    const agent = await admin.request<{ id: string }>('POST', '/api/users', {
      agentNo: '8001',
      name: '张三',
      password: 'Agent#2026',
      roleIds: [role('agent')],
    });
    const leader = await admin.request<{ id: string }>('POST', '/api/users', {
      agentNo: '8002',
      name: '王班长',
      password: 'Agent#2026',
      roleIds: [role('teamLeader')],
    });
    await admin.request('POST', '/api/teams', { name: '一组', leaderId: leader.id, memberIds: [agent.id] });
    await admin.request('POST', '/api/queues', {
      name: '售前',
      strategy: 'ring-all',
      members: [{ agentId: agent.id, level: 1 }],
    });
    for (const [n, userId] of [
      ['1001', agent.id],
      ['1002', null],
      ['1003', leader.id],
    ] as const) {
      await admin.request('POST', '/api/extensions', { number: n, password: `SipPass#${n}`, userId });
    }
    await acceptInitialPassword(server.url, 'agent', '8001@mon', 'Agent#2026');
    await acceptInitialPassword(server.url, 'agent', '8002@mon', 'Agent#2026');
    agentApi = new ApiClient(server.url);
    await agentApi.login('agent', '8001@mon', 'Agent#2026');
    for (const [i, [who, n, hz]] of (
      [
        ['agent', '1001', 700],
        ['caller', '1002', 500],
        ['leader', '1003', 900],
      ] as const
    ).entries()) {
      mkdirSync(path.join(dir, who));
      writeTone(path.join(dir, `${who}.wav`), hz, 0.2);
      phones[who] = new Baresip({
        dir: path.join(dir, who),
        sipPort: 16470 + i * 10,
        ctrlPort: 16475 + i * 10,
        source: path.join(dir, `${who}.wav`),
        rtpPorts: [52480 + i * 20, 52499 + i * 20],
        account: `<sip:${n}@mon>;auth_pass=SipPass#${n};outbound="sip:127.0.0.1:${server.sipPort}";regint=60;answermode=${who === 'caller' ? 'manual' : 'auto'};audio_codecs=PCMU`,
      });
      await phones[who].start();
    }
    browser = await launchBrowser();
    page = await leaderPage('zh-CN');
  }, 120_000);

  afterAll(async () => {
    for (const p of Object.values(phones)) await p?.stop();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows the agent live, listens with the leader’s phone, hangs up and sets busy', async () => {
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '坐席监控' }).click();
    await expect.poll(() => page.getByTestId('monitor-state-8001').textContent(), { timeout: 10_000 }).toBe('未签入');
    // The agent signs in elsewhere: pushed, no reload.
    await agentApi.request('PUT', '/api/agent/state', { state: 'ready' });
    await expect.poll(() => page.getByTestId('monitor-state-8001').textContent(), { timeout: 10_000 }).toBe('空闲');
    // 技能组监控 above: the queue's member counted ready, today's figures (nothing offered yet).
    await expect.poll(() => page.getByTestId('monitor-queues').textContent(), { timeout: 10_000 }).toContain('空闲 1');
    expect(await page.getByTestId('queue-today-售前').textContent()).toContain('呼入 0');
    phones.caller.command('dial', 'sip:1001@mon');
    await phones.agent.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await expect
      .poll(() => page.getByTestId('monitor-call-8001').textContent(), { timeout: 10_000 })
      .toMatch(/^1002通话中/);
    await shot(page, 'monitor-01-talking');

    await page.getByTestId('monitor-listen-8001').click();
    await phones.leader.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await page.getByText('正在监听:您的话机已接通').waitFor();
    // The leader's own bar shows their leg for what it is, with only 挂断 to press.
    await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/^班长监控中/);
    expect(await page.getByTestId('call-hold').count()).toBe(0);
    await page.getByTestId('monitor-whisper-8001').click();
    await page.getByText('正在密语:只有坐席能听到您').waitFor();
    await shot(page, 'monitor-02-whisper');

    await page.getByTestId('monitor-hangup-8001').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    for (const p of Object.values(phones)) await p.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await expect.poll(() => row().getByTestId('monitor-call-8001').count(), { timeout: 10_000 }).toBe(0);

    // The agent is back to ready once the call is gone.
    await expect.poll(() => page.getByTestId('monitor-state-8001').textContent(), { timeout: 10_000 }).toBe('空闲');
    await page.getByTestId('monitor-busy-8001').click();
    await expect.poll(() => page.getByTestId('monitor-state-8001').textContent(), { timeout: 10_000 }).toBe('置忙');
    expect(await row().textContent()).toContain('班长示忙');
    expect((await agentApi.request<{ state: string }>('GET', '/api/agent/state')).state).toBe('busy');
    await shot(page, 'monitor-03-busy');
  }, 90_000);

  it('shows the page in English', async () => {
    const en = await leaderPage('en-US');
    await en.getByTestId('side-menu').getByRole('menuitem', { name: 'Agent monitor' }).click();
    await expect.poll(() => en.getByTestId('monitor-state-8001').textContent(), { timeout: 10_000 }).toBe('Busy');
    expect(await en.getByTestId('monitor-agents').textContent()).toContain('Force ready');
    await shot(en, 'monitor-04-en');
    await en.context().close();
  }, 30_000);
});

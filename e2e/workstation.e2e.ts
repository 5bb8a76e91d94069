import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rms, toneLevels } from '@hujiao/media';
import type { CallRecord } from '@hujiao/shared';
import { Baresip, hasBinary, run, wavChannel, writeTone } from '@hujiao/switch/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Carrier } from '../apps/server/src/test/carrier/carrier.ts';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, root, shot, startServer } from './support.ts';

const MISSING = ['baresip', 'sipp', 'sox', 'kamailio'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: the workstation walk needs ${MISSING.join(', ')}`);

/*
 * 坐席工作台 in Chromium with real phones: two agents on baresip phones (answered by hand, as an agent does); the
 * known customer on a baresip PSTN phone behind a carrier (Kamailio on 127.0.0.203, our trunk registered to it),
 * the unknown caller a carrier's SIPp on an IP trunk's address (127.0.0.202); both dial a DID routed to the queue.
 * The switch is on 127.0.0.204 (the carrier tells its calls out from the PSTN phones by address). Ports of its own:
 * RTP 42000-42299, phones 42400-42659, callers 42600-42699, carrier 42650.
 */
const DID = '4008001000';
const KNOWN = '13912345678';
const UNKNOWN = '02566661234';
const SWITCH_IP = '127.0.0.204';
const CARRIER_IP = '127.0.0.203';
const CARRIER_PORT = 42650;
const CALLER_SCENARIO = path.join(root, 'apps/server/src/test/queue-scenarios/queue-caller-held.xml');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('the agent workstation (坐席工作台) on real phones', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-workstation-'));
  const phones: Baresip[] = [];
  const callers: Array<Promise<unknown>> = [];
  let carrier: Carrier;
  let customer: Baresip;

  /** The carrier's caller `from` on `ip` dials the DID and stays until the other side hangs up. */
  function callIn(from: string, ip: string, port: number) {
    const csv = path.join(dir, `${from}.csv`);
    writeFileSync(csv, `SEQUENTIAL\n${from};carrier.example;${DID};${SWITCH_IP}:${server.sipPort}\n`);
    const done = run(
      'sipp',
      [
        `${SWITCH_IP}:${server.sipPort}`,
        ...['-sf', CALLER_SCENARIO, '-inf', csv, '-i', ip, '-p', String(port), '-mi', ip, '-mp', String(port + 2)],
        ...['-m', '1', '-nostdin', '-t', 'u1', '-timeout', '150s'],
      ],
      160_000,
    ).catch(() => undefined);
    callers.push(done);
    return done;
  }

  /** The n-th (1-based) event of `type` on a phone. */
  const nth = (phone: Baresip, type: string, n: number, timeoutMs = 20_000) =>
    phone.waitFor(() => phone.events.filter((e) => e.type === type).length >= n, timeoutMs);

  async function signInAgent(agentNo: string, locale: 'zh-CN' | 'en-US'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1366, height: 768 } });
    await context.addInitScript((l) => localStorage.setItem('hujiao.language', l), locale);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-tab-agent').click();
    await page.getByLabel(locale === 'zh-CN' ? '工号@企业账号' : 'Agent no.@enterprise').fill(`${agentNo}@ws`);
    await page.getByLabel(locale === 'zh-CN' ? '密码' : 'Password').fill('Agent#2026');
    await page.getByRole('button', { name: locale === 'zh-CN' ? '登录' : 'Sign in' }).click();
    await page.getByTestId('agent-state').waitFor();
    return page;
  }

  beforeAll(async () => {
    server = await startServer({
      CC_ADMIN_PASSWORD: 'Platform#2026',
      CC_RTP_PORT_MIN: '42000',
      CC_RTP_PORT_MAX: '42299',
      CC_SIP_BIND: SWITCH_IP,
      CC_SIP_ADDRESS: SWITCH_IP,
    });
    carrier = new Carrier({
      ip: CARRIER_IP,
      port: CARRIER_PORT,
      realm: 'carrier.test',
      trunkUser: 'ws-trunk',
      trunkPassword: 'TrunkPass#2026',
      pstnUri: 'sip:127.0.0.1:42699',
      switchIp: SWITCH_IP,
    });
    await carrier.start();
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: 'ws',
      name: '工作台企业',
      adminPassword: 'WsAdmin#2026',
    });
    await acceptInitialPassword(server.url, 'account', 'ws', 'WsAdmin#2026');
    admin = new ApiClient(server.url);
    await admin.login('account', 'ws', 'WsAdmin#2026');
    const roles = await admin.request<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const agentRole = roles.find((r) => r.code === 'agent')?.id;
    const ids: string[] = [];
    for (const [i, [agentNo, name]] of [
      ['8001', '张三'],
      ['8002', '李四'],
    ].entries()) {
      const user = await admin.request<{ id: string }>('POST', '/api/users', {
        agentNo,
        name,
        password: 'Agent#2026',
        roleIds: [agentRole],
      });
      ids.push(user.id);
      const number = `100${i + 1}`;
      await admin.request('POST', '/api/extensions', { number, password: `SipPass#${number}`, userId: user.id });
      await acceptInitialPassword(server.url, 'agent', `${agentNo}@ws`, 'Agent#2026');
    }
    await admin.request('POST', '/api/trunks', {
      name: '运营商B',
      kind: 'ip',
      host: '127.0.0.202',
      peers: ['127.0.0.202'],
    });
    const trunk = await admin.request<{ id: string }>('POST', '/api/trunks', {
      name: '运营商A',
      kind: 'register',
      host: CARRIER_IP,
      port: CARRIER_PORT,
      username: 'ws-trunk',
      password: 'TrunkPass#2026',
      registerExpiresSec: 120,
      codecs: ['PCMA'],
    });
    for (let i = 0; ; i++) {
      const list = await admin.request<Array<{ trunkId: string; state: string }>>('GET', '/api/trunks/status');
      if (list.some((x) => x.trunkId === trunk.id && x.state === 'registered')) break;
      if (i > 100) throw new Error('the trunk did not register at the carrier');
      await sleep(200);
    }
    const queue = await admin.request<{ id: string }>('POST', '/api/queues', {
      name: '客服热线',
      strategy: 'in-order-of-level',
      ringTimeoutSec: 30,
      maxWaitSec: 150,
      wrapUpSec: 10,
      members: [
        { agentId: ids[0], level: 1 },
        { agentId: ids[1], level: 2 },
      ],
    });
    await admin.request('POST', '/api/inbound-routes', {
      name: '客服热线',
      didPattern: DID,
      destination: { kind: 'queue', queueId: queue.id },
    });
    // The known customer belongs to agent 8001 (their own customer, as an import assigned it).
    const agentApi = new ApiClient(server.url);
    await agentApi.login('agent', '8001@ws', 'Agent#2026');
    await agentApi.request('POST', '/api/customers', {
      name: '王先生',
      company: '南京云帆贸易',
      phones: [{ number: KNOWN, label: '手机' }],
    });

    writeTone(path.join(dir, 'tone.wav'), 500, 0.2);
    for (const [i, number] of ['1001', '1002'].entries()) {
      const port = 42400 + i * 20;
      mkdirSync(path.join(dir, number));
      const phone = new Baresip({
        dir: path.join(dir, number),
        sipPort: port,
        ctrlPort: port + 5,
        source: path.join(dir, 'tone.wav'),
        rtpPorts: [42500 + i * 40, 42539 + i * 40],
        account: `<sip:${number}@ws>;auth_pass=SipPass#${number};outbound="sip:${SWITCH_IP}:${server.sipPort}";regint=60;answermode=manual;audio_codecs=PCMA`,
      });
      await phone.start();
      phones.push(phone);
    }
    // The customer's phone plays 700 Hz, the agents' 500 Hz: what the customer hears on hold is neither.
    writeTone(path.join(dir, 'customer.wav'), 700, 0.2);
    mkdirSync(path.join(dir, 'customer'));
    customer = new Baresip({
      dir: path.join(dir, 'customer'),
      sipPort: 42640,
      ctrlPort: 42647,
      source: path.join(dir, 'customer.wav'),
      rtpPorts: [42580, 42619],
      account: `<sip:${KNOWN}@${CARRIER_IP}>;regint=0;outbound="sip:${CARRIER_IP}:${CARRIER_PORT}";audio_codecs=PCMA`,
    });
    await customer.start();
    for (let i = 0; i < 100; i++) {
      const ext = await admin.request<{ items: Array<{ registered?: boolean }> }>(
        'GET',
        '/api/extensions?registered=true',
      );
      if (ext.items.length >= 2) break;
      await sleep(200);
    }
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const p of [...phones, customer]) await p?.stop();
    await Promise.all(callers);
    await carrier?.stop();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a known customer pops their record; the agent answers, holds, consults and transfers to a colleague, who hangs up from the bar and wraps up', async () => {
    const [a, b] = phones as [Baresip, Baresip];
    const pageA = await signInAgent('8001', 'zh-CN');
    const pageB = await signInAgent('8002', 'en-US');
    for (const page of [pageA, pageB]) {
      await page.getByTestId('agent-ready').click();
      await expect.poll(() => page.getByTestId('agent-state').textContent()).toMatch(/^(空闲|Ready) /);
    }
    await expect.poll(() => pageA.getByTestId('status-inbound').textContent()).toBe('0');
    await shot(pageA, 'workstation-01-ready-zh');

    customer.command('dial', `sip:${DID}@${CARRIER_IP}:${CARRIER_PORT}`);
    // Agent A (level 1) is offered the call: the phone rings, the bar says so and the screen pops the customer.
    await nth(a, 'CALL_INCOMING', 1);
    const pop = pageA.getByTestId('screen-pop');
    await pop.getByTestId('pop-customer-name').waitFor({ timeout: 15_000 });
    expect(await pop.getByTestId('pop-customer-name').textContent()).toBe('王先生');
    expect(await pop.getByTestId('pop-number').textContent()).toContain(KNOWN);
    expect(await pop.textContent()).toContain('客服热线');
    await expect.poll(() => pageA.getByTestId('call-state').textContent()).toMatch(/^来电振铃/);
    await shot(pageA, 'workstation-02-ringing-pop-known-zh');

    // The agent answers on the phone; the bar follows.
    a.command('accept');
    await expect.poll(() => pageA.getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/^通话中/);
    expect(await pageA.getByTestId('call-number').textContent()).toBe(KNOWN);
    await sleep(1500);

    // Hold: the customer hears the music; resume.
    await pageA.getByTestId('call-hold').click();
    await expect.poll(() => pageA.getByTestId('call-state').textContent()).toMatch(/^保持中/);
    await shot(pageA, 'workstation-03-held-zh');
    await sleep(2500);
    await pageA.getByTestId('call-resume').click();
    await expect.poll(() => pageA.getByTestId('call-state').textContent()).toMatch(/^通话中/);

    // Consult the colleague on 1002: the customer is held while B's phone rings and B answers.
    await pageA.getByTestId('call-consult').click();
    await pageA.getByTestId('consult-form-number').fill('1002');
    await pageA.getByTestId('consult-form-go').click();
    await nth(b, 'CALL_INCOMING', 1);
    await expect.poll(() => pageA.getByTestId('call-state').textContent()).toMatch(/^咨询中/);
    b.command('accept');
    await expect
      .poll(() => pageA.getByTestId('call-consult-party').textContent(), { timeout: 10_000 })
      .toBe('咨询 1002');
    await shot(pageA, 'workstation-04-consulting-zh');

    // Complete the transfer: the customer talks with B; A's call ends.
    await pageA.getByTestId('call-completeTransfer').click();
    await pageA.getByTestId('call-panel').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => pageB.getByTestId('call-number').textContent(), { timeout: 10_000 }).toBe(KNOWN);
    await expect.poll(() => pageB.getByTestId('call-state').textContent()).toMatch(/^Talking/);
    // For the ACD too: B, on a colleague's transferred call, is offered no queue call meanwhile.
    await expect.poll(() => pageB.getByTestId('agent-state').textContent()).toMatch(/^Talking /);
    await shot(pageB, 'workstation-05-transferred-en');
    await sleep(1500);

    // B hangs up from the bar and wraps up (话后) for the queue's wrap-up time: the customer came through it.
    await pageB.getByTestId('call-hangup').click();
    await pageB.getByTestId('call-panel').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => pageB.getByTestId('agent-state').textContent(), { timeout: 10_000 }).toMatch(/^Wrap-up /);
    await shot(pageB, 'workstation-06-wrap-up-en');

    // The status bar counts moved: B and (back to ready after the wrap-up) A took one inbound call each, the last
    // call is the customer's.
    await expect.poll(() => pageB.getByTestId('status-inbound').textContent(), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => pageA.getByTestId('agent-state').textContent(), { timeout: 15_000 }).toMatch(/^空闲 /);
    await expect.poll(() => pageA.getByTestId('status-inbound').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await pageA.getByTestId('status-last').textContent()).toContain(KNOWN);
    // What the customer heard: the agents' 500 Hz while talking, and for the hold's 2.5 s something else (the music).
    const heard = wavChannel(readFileSync(customer.dumps('dec').at(-1) ?? ''));
    let music = 0;
    let agents = 0;
    for (let at = 0; at + 1600 <= heard.length; at += 1600) {
      const w = heard.subarray(at, at + 1600);
      if (rms(w) < 200) continue;
      const share = toneLevels(w, 8000, [500])[0]?.relative ?? 0;
      if (share > 0.6) agents++;
      else music++;
    }
    console.log(`the customer heard: ${agents} windows of the agents' tone, ${music} of music`);
    expect(agents, "windows of 200 ms with the agents' tone").toBeGreaterThanOrEqual(10);
    expect(music, 'windows of 200 ms of music on hold').toBeGreaterThanOrEqual(10);
    const records = await admin.request<{ items: CallRecord[] }>('GET', `/api/call-records?keyword=${KNOWN}`);
    const kinds = records.items[0]?.segments.map((s) => s.kind) ?? [];
    expect(kinds).toContain('hold');
    expect(kinds).toContain('transfer');
    await pageA.context().close();
    await pageB.context().close();
  });

  it('an unknown caller pops the region and the new-customer form; saved, the pop shows the new customer', async () => {
    const [a] = phones as [Baresip, Baresip];
    const page = await signInAgent('8001', 'zh-CN');
    await expect.poll(() => page.getByTestId('agent-state').textContent(), { timeout: 15_000 }).toMatch(/^空闲 /);
    void callIn(UNKNOWN, '127.0.0.202', 42620);
    await nth(a, 'CALL_INCOMING', 2);
    const pop = page.getByTestId('screen-pop');
    await pop.getByTestId('pop-unknown').waitFor({ timeout: 15_000 });
    expect(await pop.getByTestId('pop-region').textContent()).toContain('南京');
    await shot(page, 'workstation-07-pop-unknown-zh');
    a.command('accept');
    await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/^通话中/);
    const form = pop.getByTestId('pop-new-customer');
    await form.getByLabel('客户名称').fill('赵女士');
    await form.getByLabel('公司').fill('金陵书店');
    await pop.getByTestId('pop-save-customer').click();
    await pop.getByTestId('pop-customer-name').waitFor();
    expect(await pop.getByTestId('pop-customer-name').textContent()).toBe('赵女士');
    await shot(page, 'workstation-08-pop-saved-zh');
    await page.getByTestId('call-hangup').click();
    await page.getByTestId('call-panel').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.getByTestId('status-inbound').textContent(), { timeout: 10_000 }).toBe('2');
    await shot(page, 'workstation-09-after-zh');

    // 示忙锁屏: busy, lock; a reload stays locked; a wrong password says so, the right one unlocks.
    await page.getByTestId('agent-busy').click();
    await page.getByRole('menuitem', { name: '小休' }).click();
    await page.getByTestId('agent-lock').click();
    await page.getByTestId('unlock-password').waitFor();
    await page.reload();
    await page.getByTestId('unlock-password').fill('wrong-password');
    await page.getByTestId('unlock-go').click();
    expect(await page.getByTestId('unlock-error').textContent()).toContain('还可尝试 4 次');
    await shot(page, 'workstation-10-locked-zh');
    await page.getByTestId('unlock-password').fill('Agent#2026');
    await page.getByTestId('unlock-go').click();
    await page.getByTestId('unlock-password').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toMatch(/^置忙\(小休\)/);
    await page.context().close();
  });
});

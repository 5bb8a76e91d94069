import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { relativeTonePower, rms } from '@hujiao/media';
import type { CallRecord } from '@hujiao/shared';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { captureRemoteAudio, heardInPage, MIC_RMS, micWav, selectedCandidates } from './browser-audio.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, shot, startServer, webrtcFlags } from './support.ts';
import { TcpProxy } from './tcp-proxy.ts';

/**
 * 网页电话 in the workstation, Chromium with fake microphones (agent 8001: 700 Hz; agent 8002, a second Chromium:
 * 900 Hz). The agent turns the browser phone on; it signs in with a credential of this sign-in and shows 已注册; a
 * desk phone (baresip 1001, 400 Hz) calls the agent's extension, answered in the page. A customer of the carrier
 * (baresip on the IP trunk's address 127.0.0.205, 13800138000, 500 Hz) dials the DID of the agent's queue: the
 * browser rings and the screen pops at once; answered in the page, both hear each other, a key of the call pad
 * reaches the customer from the browser, the recording holds both. The agent calls the customer back from the bar:
 * the browser answers by itself, the outbound route takes the trunk. Agent 8001 calls agent 8002, browser to
 * browser, and the office network drops (the WebSocket relay cut): both phones sign in again and the call goes on.
 * Ports: SIP 16420, WS 16421 (browsers through a relay on 16422), baresip 16430 (control 16435) and
 * 127.0.0.205:16440 (control 16445), RTP 52100-52199 and 127.0.0.205:52300-52319.
 */
const MISSING = ['baresip', 'sox', 'turnserver'].filter((b) => !hasBinary(b));
/** The customer's number, which dials the DID routed to the queue and which the agent calls back. */
const DID = '02566667777';
const CUSTOMER = '13800138000';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signs an agent in to the workstation in a new page of `browser` (heard audio captured). */
async function agentPage(browser: Browser, url: string, login: string, relayOnly = false): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  await context.addInitScript(() => localStorage.setItem('hujiao.language', 'zh-CN'));
  await captureRemoteAudio(context, relayOnly);
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.getByTestId('login-tab-agent').click();
  await page.getByLabel('工号@企业账号').fill(login);
  await page.getByLabel('密码').fill('Agent#2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('agent-state').waitFor();
  return page;
}

/** Turns the page's browser phone on (no audio processing: the tones stay as they are) and waits for 已注册. */
async function phoneOn(page: Page): Promise<void> {
  await page.getByTestId('web-phone-button').click();
  await page.getByTestId('web-phone-enable').click();
  await page.getByTestId('web-phone-processing').click();
  await registered(page);
  await page.keyboard.press('Escape');
}

async function registered(page: Page, timeout = 15_000): Promise<void> {
  await expect.poll(() => page.getByTestId('web-phone-status').textContent(), { timeout }).toBe('网页电话已注册');
}

/** The middle of what a baresip heard in its latest call. */
function lastHeard(phone: Baresip): Int16Array {
  const heard = wavChannel(readFileSync(phone.dumps('dec').at(-1) as string));
  return heard.subarray(Math.floor(heard.length * 0.3), Math.floor(heard.length * 0.8));
}

describe.skipIf(MISSING.length > 0)('the browser phone in the workstation', () => {
  let server: RunningServer;
  let browser: Browser;
  let browser2: Browser;
  let page: Page;
  let desk: Baresip;
  let customer: Baresip;
  let admin: ApiClient;
  let relay: TcpProxy;
  let turn: ChildProcess;
  let turnLog = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-webphone-'));

  /** The latest ended call record whose caller or callee is `party`. */
  const endedRecord = async (party: string): Promise<CallRecord> => {
    for (let i = 0; i < 50; i++) {
      const list = await admin.request<{ items: CallRecord[] }>('GET', '/api/call-records?pageSize=20');
      const r = list.items.find((x) => x.caller === party || x.callee === party);
      if (r?.state === 'ended') return r;
      await sleep(200);
    }
    throw new Error(`no ended call record of ${party}`);
  };

  beforeAll(async () => {
    relay = new TcpProxy({ host: '127.0.0.1', port: 16422 }, { host: '127.0.0.1', port: 16421 });
    await relay.start();
    // coturn, the office's TURN server (long-term credentials); loopback peers allowed: the switch is on 127.0.0.1.
    turn = spawn('turnserver', [
      ...['-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', '--listening-port=16450'],
      ...['--min-port=52200', '--max-port=52279', '--allow-loopback-peers', '--lt-cred-mech'],
      ...[
        '--user=agent:TurnPass#2026',
        '--realm=hujiao',
        '--no-tls',
        '--no-dtls',
        '--no-cli',
        '--log-file=stdout',
        '-v',
      ],
    ]);
    turn.stdout?.on('data', (d: Buffer) => {
      turnLog += d.toString();
    });
    server = await startServer({
      CC_ADMIN_PASSWORD: 'Platform#2026',
      CC_SIP_PORT: '16420',
      CC_SIP_WS_PORT: '16421',
      CC_SIP_WS_URL: 'ws://127.0.0.1:16422',
      CC_WEBRTC_HOSTS: '127.0.0.1',
      CC_WEBRTC_ICE_SERVERS: 'turn:127.0.0.1:16450?transport=udp',
      CC_WEBRTC_TURN_USERNAME: 'agent',
      CC_WEBRTC_TURN_CREDENTIAL: 'TurnPass#2026',
      CC_RTP_PORT_MIN: '52100',
      CC_RTP_PORT_MAX: '52179',
    });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: 'wp',
      name: '网页电话企业',
      adminPassword: 'WpAdmin#2026',
    });
    await acceptInitialPassword(server.url, 'account', 'wp', 'WpAdmin#2026');
    admin = new ApiClient(server.url);
    await admin.login('account', 'wp', 'WpAdmin#2026');
    const roles = await admin.request<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const agentRole = roles.find((r) => r.code === 'agent')?.id;
    const agent = await admin.request<{ id: string }>('POST', '/api/users', {
      agentNo: '8001',
      name: '张三',
      password: 'Agent#2026',
      roleIds: [agentRole],
    });
    const agent2 = await admin.request<{ id: string }>('POST', '/api/users', {
      agentNo: '8002',
      name: '李四',
      password: 'Agent#2026',
      roleIds: [agentRole],
    });
    await admin.request('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002', userId: agent.id });
    await admin.request('POST', '/api/extensions', { number: '1003', password: 'SipPass#1003', userId: agent2.id });
    await admin.request('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
    const queue = await admin.request<{ id: string }>('POST', '/api/queues', {
      name: '客服热线',
      strategy: 'ring-all',
      ringTimeoutSec: 30,
      members: [{ agentId: agent.id, level: 1 }],
    });
    // 8002 works another queue (the bar, and with it the browser phone, is the queues' members').
    await admin.request('POST', '/api/queues', {
      name: '售后',
      strategy: 'ring-all',
      members: [{ agentId: agent2.id, level: 1 }],
    });
    const trunk = await admin.request<{ id: string }>('POST', '/api/trunks', {
      name: '运营商',
      kind: 'ip',
      host: '127.0.0.205',
      port: 16440,
      peers: ['127.0.0.205'],
    });
    await admin.request('POST', '/api/inbound-routes', {
      name: '客服热线',
      didPattern: DID,
      destination: { kind: 'queue', queueId: queue.id },
    });
    await admin.request('POST', '/api/outbound-routes', {
      name: '手机',
      dialPatterns: [{ match: '1XXXXXXXXXX' }],
      trunkIds: [trunk.id],
    });
    await acceptInitialPassword(server.url, 'agent', '8001@wp', 'Agent#2026');
    await acceptInitialPassword(server.url, 'agent', '8002@wp', 'Agent#2026');

    writeTone(path.join(dir, 'desk.wav'), 400, 0.25);
    writeTone(path.join(dir, 'customer.wav'), 500, 0.25);
    micWav(path.join(dir, 'mic.wav'), 700);
    micWav(path.join(dir, 'mic2.wav'), 900);
    mkdirSync(path.join(dir, 'desk'));
    desk = new Baresip({
      dir: path.join(dir, 'desk'),
      sipPort: 16430,
      ctrlPort: 16435,
      source: path.join(dir, 'desk.wav'),
      rtpPorts: [52180, 52199],
      account: `<sip:1001@wp>;auth_pass=SipPass#1001;outbound="sip:127.0.0.1:${server.sipPort}";regint=60;audio_codecs=PCMU`,
    });
    await desk.start();
    mkdirSync(path.join(dir, 'customer'));
    // A mobile of the carrier's: no registration, it reaches the product over the IP trunk and is reached by it.
    customer = new Baresip({
      dir: path.join(dir, 'customer'),
      address: '127.0.0.205',
      sipPort: 16440,
      ctrlPort: 16445,
      source: path.join(dir, 'customer.wav'),
      rtpPorts: [52300, 52319],
      account: `<sip:${CUSTOMER}@127.0.0.205>;regint=0;answermode=auto;audio_codecs=PCMA`,
    });
    await customer.start();
    browser = await launchBrowser(webrtcFlags(path.join(dir, 'mic.wav')));
    browser2 = await launchBrowser(webrtcFlags(path.join(dir, 'mic2.wav')));
    page = await agentPage(browser, server.url, '8001@wp');
  }, 120_000);

  afterAll(async () => {
    await desk?.stop();
    await customer?.stop();
    await browser?.close();
    await browser2?.close();
    await server?.stop();
    await relay?.stop();
    turn?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns on, registers, rings, answers in the page, carries audio both ways and hangs up from the bar', async () => {
    await page.getByTestId('web-phone-button').click();
    await page.getByTestId('web-phone-enable').click();
    // A headset: the browser's echo cancellation and noise suppression off (they flatten a test tone).
    await page.getByTestId('web-phone-processing').click();
    await registered(page);
    await shot(page, 'web-phone-01-registered');
    await page.keyboard.press('Escape');

    desk.command('dial', 'sip:1002@wp');
    await page.getByTestId('web-phone-answer').waitFor({ timeout: 15_000 });
    await shot(page, 'web-phone-02-ringing');
    await page.getByTestId('web-phone-answer').click();
    await desk.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await page.getByTestId('web-phone-speaker-level').waitFor();
    await sleep(4000);
    const level = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-level'));
    const mic = await level('web-phone-mic-level');
    const speaker = await level('web-phone-speaker-level');
    await shot(page, 'web-phone-03-talking');
    // Silence reads 0 (below -60 dBFS): both meters show the tones.
    expect(mic).toBeGreaterThan(20);
    expect(speaker).toBeGreaterThan(20);
    // The CTI knows the call too: the bar hangs it up for everyone.
    await page.getByTestId('call-hangup').click();
    await desk.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await expect.poll(() => page.getByTestId('web-phone-answer').count()).toBe(0);
    await sleep(500);

    const middle = lastHeard(desk);
    console.info(
      `desk heard RMS ${rms(middle).toFixed(0)} (700 Hz share ${relativeTonePower(middle, 700).toFixed(3)}); meters mic ${mic}, speaker ${speaker}`,
    );
    expect(relativeTonePower(middle, 700)).toBeGreaterThan(0.5);
    expect(Math.abs(rms(middle) - MIC_RMS) / MIC_RMS).toBeLessThan(0.2);
  }, 90_000);

  it('a customer calls the queue: the browser rings, the screen pops, audio both ways, a key from the browser, both in the recording', async () => {
    await page.getByTestId('agent-ready').click();
    await expect.poll(() => page.getByTestId('agent-state').textContent(), { timeout: 10_000 }).toMatch(/^空闲 /);
    customer.command('dial', `sip:${DID}@127.0.0.1:${server.sipPort}`);
    const pop = page.getByTestId('screen-pop');
    await page.getByTestId('web-phone-answer').waitFor({ timeout: 15_000 });
    await pop.getByTestId('pop-unknown').waitFor({ timeout: 5000 });
    expect(await pop.getByTestId('pop-number').textContent()).toContain(CUSTOMER);
    await shot(page, 'web-phone-04-queue-ringing');
    await page.getByTestId('web-phone-answer').click();
    await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/^通话中/);
    await customer.waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
    await sleep(3000);
    const [at500, at1000] = await heardInPage(page, [500, 1000]);
    // The call pad's key goes from the browser (RFC 4733) to the customer.
    await page.getByTestId('call-keypad').click();
    await page.getByTestId('dtmf-key-7').click();
    await customer.waitFor((e) => e.type === 'CALL_DTMF_START' && e.param === '7', 5000);
    await page.keyboard.press('Escape');
    await sleep(1500);
    await page.getByTestId('call-hangup').click();
    await customer.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await page.getByTestId('call-panel').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.getByTestId('web-phone-answer').count()).toBe(0);
    await sleep(500);

    const middle = lastHeard(customer);
    const record = await endedRecord(CUSTOMER);
    expect(record).toMatchObject({ caller: CUSTOMER, direction: 'inbound', hasRecording: true });
    const wav = await admin.request<Buffer>('GET', `/api/call-records/${record.id}/recording`);
    const [left, right] = [0, 1].map((ch) => {
      const x = wavChannel(wav, ch);
      return x.subarray(Math.floor(x.length * 0.3), Math.floor(x.length * 0.7));
    }) as [Int16Array, Int16Array];
    console.info(
      `customer heard RMS ${rms(middle).toFixed(0)} (700 Hz share ${relativeTonePower(middle, 700).toFixed(3)}); page 500 Hz ${at500?.toFixed(0)} / 1 kHz ${at1000?.toFixed(0)} dBFS; recording left RMS ${rms(left).toFixed(0)} (500 Hz ${relativeTonePower(left, 500).toFixed(3)}), right ${rms(right).toFixed(0)} (700 Hz ${relativeTonePower(right, 700).toFixed(3)})`,
    );
    // The customer hears the agent's microphone: its tone, at its level.
    expect(relativeTonePower(middle, 700)).toBeGreaterThan(0.5);
    expect(Math.abs(rms(middle) - MIC_RMS) / MIC_RMS).toBeLessThan(0.2);
    // The page hears the customer's 500 Hz loud, far above the empty 1 kHz band.
    expect(at500).toBeGreaterThan(-40);
    expect((at500 ?? -200) - (at1000 ?? -200)).toBeGreaterThan(20);
    // The recording: the customer on the left, the agent on the right.
    expect(relativeTonePower(left, 500)).toBeGreaterThan(0.5);
    expect(relativeTonePower(right, 700)).toBeGreaterThan(0.5);
    expect(Math.abs(rms(right) - MIC_RMS) / MIC_RMS).toBeLessThan(0.2);
  }, 90_000);

  it('the agent calls the customer back from the bar: the browser answers by itself, the trunk carries the call', async () => {
    await page.getByTestId('call-dial').click();
    await page.getByTestId('dial-number').fill(CUSTOMER);
    await page.getByTestId('dial-go').click();
    // No click on 接听: the switch asked the browser phone to answer (Call-Info: answer-after=0).
    await customer.waitFor((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/^通话中/);
    await sleep(3000);
    const [at500, at1000] = await heardInPage(page, [500, 1000]);
    await shot(page, 'web-phone-05-outbound');
    // The screen pop (still open from the queue call) follows the call out, worded for it.
    expect(await page.getByTestId('screen-pop').textContent()).toContain('去电号码');
    await page.getByTestId('call-hangup').click();
    await customer.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await sleep(500);
    const middle = lastHeard(customer);
    const record = await endedRecord(CUSTOMER);
    console.info(
      `carrier's customer heard RMS ${rms(middle).toFixed(0)} (700 Hz ${relativeTonePower(middle, 700).toFixed(3)}); page 500 Hz ${at500?.toFixed(0)} / 1 kHz ${at1000?.toFixed(0)} dBFS`,
    );
    expect(record).toMatchObject({ caller: '1002', callee: CUSTOMER, direction: 'outbound' });
    expect(record.answeredAt).not.toBeNull();
    expect(relativeTonePower(middle, 700)).toBeGreaterThan(0.5);
    expect(at500).toBeGreaterThan(-40);
    expect((at500 ?? -200) - (at1000 ?? -200)).toBeGreaterThan(20);
  }, 90_000);

  it('with auto-answer on, a queue call is answered without a click', async () => {
    await page.getByTestId('web-phone-button').click();
    await page.getByTestId('web-phone-auto-answer').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('agent-state').textContent(), { timeout: 10_000 }).toMatch(/^空闲 /);
    customer.command('dial', `sip:${DID}@127.0.0.1:${server.sipPort}`);
    await customer.waitFor((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/^通话中/);
    await page.getByTestId('call-hangup').click();
    await customer.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await page.getByTestId('web-phone-button').click();
    await page.getByTestId('web-phone-auto-answer').click();
    await page.keyboard.press('Escape');
  }, 60_000);

  it('browser agent to browser agent, through a network drop: both phones sign in again, the call goes on', async () => {
    const page2 = await agentPage(browser2, server.url, '8002@wp');
    await phoneOn(page2);
    await page.getByTestId('call-dial').click();
    await page.getByTestId('dial-number').fill('1003');
    await page.getByTestId('dial-go').click();
    await page2.getByTestId('web-phone-answer').waitFor({ timeout: 20_000 });
    await page2.getByTestId('web-phone-answer').click();
    await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/^通话中/);
    await sleep(2000);
    const before = [await heardInPage(page, [900, 1000]), await heardInPage(page2, [700, 1000])];

    // The office network drops: every browser's WebSocket closes under it.
    const relayed = relay.accepted;
    relay.cut();
    await expect
      .poll(() => page.getByTestId('web-phone-status').textContent(), { timeout: 5000 })
      .not.toBe('网页电话已注册');
    await shot(page, 'web-phone-06-network-drop');
    await registered(page, 20_000);
    await registered(page2, 20_000);
    expect(relay.accepted).toBeGreaterThanOrEqual(relayed + 2);
    const after = [await heardInPage(page, [900, 1000]), await heardInPage(page2, [700, 1000])];
    console.info(
      `browser to browser: 8001 hears 900 Hz ${before[0]?.[0]?.toFixed(0)} → ${after[0]?.[0]?.toFixed(0)} dBFS, 8002 hears 700 Hz ${before[1]?.[0]?.toFixed(0)} → ${after[1]?.[0]?.toFixed(0)} dBFS (1 kHz ${after[0]?.[1]?.toFixed(0)}/${after[1]?.[1]?.toFixed(0)})`,
    );
    for (const [tone, empty] of [...before, ...after] as Array<[number, number]>) {
      expect(tone).toBeGreaterThan(-40);
      expect(tone - empty).toBeGreaterThan(20);
    }
    // After the drop, hanging up in one browser still ends the call in the other.
    await page.getByTestId('call-hangup').click();
    await page2.getByTestId('call-panel').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page2.getByTestId('web-phone-speaker-level').count()).toBe(0);
    const record = await endedRecord('1003');
    expect(record).toMatchObject({ caller: '1002', callee: '1003', hangupCause: 'normal' });
    expect(record.answeredAt).not.toBeNull();
    await page2.context().close();
  }, 120_000);

  it('behind a network that lets only TURN through: the media goes by the office’s coturn relay', async () => {
    const p = await agentPage(browser2, server.url, '8002@wp', true);
    await phoneOn(p);
    desk.command('dial', 'sip:1003@wp');
    await p.getByTestId('web-phone-answer').waitFor({ timeout: 15_000 });
    await p.getByTestId('web-phone-answer').click();
    await desk.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await sleep(3000);
    const [at400, at1000] = await heardInPage(p, [400, 1000]);
    const pair = await selectedCandidates(p);
    await p.getByTestId('call-hangup').click();
    await desk.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await sleep(500);
    const middle = lastHeard(desk);
    console.info(
      `relayed: selected pair ${pair?.join(' → ')}; desk heard RMS ${rms(middle).toFixed(0)} (900 Hz ${relativeTonePower(middle, 900).toFixed(3)}); page 400 Hz ${at400?.toFixed(0)} / 1 kHz ${at1000?.toFixed(0)} dBFS`,
    );
    // The browser's side of the pair is coturn's relay address: the credential's TURN server was used.
    expect(pair?.[0]).toBe('relay');
    expect(turnLog).toMatch(/ALLOCATE/i);
    expect(relativeTonePower(middle, 900)).toBeGreaterThan(0.5);
    expect(at400).toBeGreaterThan(-40);
    expect((at400 ?? -200) - (at1000 ?? -200)).toBeGreaterThan(20);
    await p.context().close();
  }, 90_000);

  it('says why it cannot answer: the microphone refused, or none at all; the caller is turned away', async () => {
    const cases = [
      // No fake permission prompt: headless Chromium dismisses it, getUserMedia is refused.
      { flags: ['--use-fake-device-for-media-stream'], words: '浏览器未允许使用麦克风' },
      // Allowed, but this machine has no microphone.
      { flags: ['--use-fake-ui-for-media-stream'], words: '没有找到麦克风' },
    ];
    for (const [i, c] of cases.entries()) {
      const bare = await launchBrowser(c.flags);
      try {
        const p = await agentPage(bare, server.url, '8002@wp');
        await phoneOn(p);
        desk.events.length = 0;
        desk.command('dial', 'sip:1003@wp');
        await p.getByTestId('web-phone-answer').waitFor({ timeout: 15_000 });
        await p.getByTestId('web-phone-answer').click();
        // Said at once, in a message over the page.
        await p.locator('.ant-message-notice').filter({ hasText: c.words }).waitFor({ timeout: 10_000 });
        await sleep(400);
        await shot(p, `web-phone-07-mic-${i}`);
        // The desk phone hears the refusal (480) rather than ringing on.
        await desk.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
        await expect.poll(() => p.getByTestId('web-phone-answer').count()).toBe(0);
      } finally {
        await bare.close();
      }
    }
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { relativeTonePower, rms } from '@hujiao/media';
import { Baresip, hasBinary, run, wavChannel, writeTone } from '@hujiao/switch/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, root, shot, startServer, webrtcFlags } from './support.ts';

/**
 * 网页电话 in the workstation, Chromium with a fake microphone (700 Hz): the agent turns the browser phone on; it
 * signs in with a credential of this sign-in and shows 已注册; a desk phone (baresip, 400 Hz) calls the agent's
 * extension; the bar offers 接听, the agent answers in the page; the desk phone hears the microphone, the page's
 * level meters move; the agent hangs up from the bar and the desk phone's call ends. Then a caller from the carrier
 * (SIPp on an IP trunk) dials the DID of the agent's queue: the browser rings and the screen pops at once, the agent
 * answers in the page. Ports: SIP 16420, WS 16421, baresip 16430 (control 16435), SIPp 127.0.0.205:52300, RTP
 * 52100-52199.
 */
const MISSING = ['baresip', 'sox', 'sipp'].filter((b) => !hasBinary(b));
/** A caller of the carrier (SIPp on an IP trunk's address, 127.0.0.205) dials the DID routed to the queue. */
const DID = '02566667777';
const CALLER_SCENARIO = path.join(root, 'apps/server/src/test/queue-scenarios/queue-caller-held.xml');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('the browser phone in the workstation', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let desk: Baresip;
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-webphone-'));

  beforeAll(async () => {
    server = await startServer({
      CC_ADMIN_PASSWORD: 'Platform#2026',
      CC_SIP_PORT: '16420',
      CC_SIP_WS_PORT: '16421',
      CC_WEBRTC_HOSTS: '127.0.0.1',
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
    const admin = new ApiClient(server.url);
    await admin.login('account', 'wp', 'WpAdmin#2026');
    const roles = await admin.request<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const agent = await admin.request<{ id: string }>('POST', '/api/users', {
      agentNo: '8001',
      name: '张三',
      password: 'Agent#2026',
      roleIds: [roles.find((r) => r.code === 'agent')?.id],
    });
    await admin.request('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002', userId: agent.id });
    await admin.request('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
    const queue = await admin.request<{ id: string }>('POST', '/api/queues', {
      name: '客服热线',
      strategy: 'ring-all',
      ringTimeoutSec: 30,
      members: [{ agentId: agent.id, level: 1 }],
    });
    await admin.request('POST', '/api/trunks', {
      name: '运营商',
      kind: 'ip',
      host: '127.0.0.205',
      peers: ['127.0.0.205'],
    });
    await admin.request('POST', '/api/inbound-routes', {
      name: '客服热线',
      didPattern: DID,
      destination: { kind: 'queue', queueId: queue.id },
    });
    await acceptInitialPassword(server.url, 'agent', '8001@wp', 'Agent#2026');

    writeTone(path.join(dir, 'desk.wav'), 400, 0.25);
    execFileSync('sox', [
      '-n',
      '-r',
      '48000',
      '-c',
      '1',
      '-b',
      '16',
      path.join(dir, 'mic.wav'),
      'synth',
      '90',
      'sine',
      '700',
      'vol',
      '0.2',
    ]);
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
    browser = await launchBrowser(webrtcFlags(path.join(dir, 'mic.wav')));
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    await context.addInitScript(() => localStorage.setItem('hujiao.language', 'zh-CN'));
    page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-tab-agent').click();
    await page.getByLabel('工号@企业账号').fill('8001@wp');
    await page.getByLabel('密码').fill('Agent#2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('agent-state').waitFor();
  }, 120_000);

  afterAll(async () => {
    await desk?.stop();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns on, registers, rings, answers in the page, carries audio both ways and hangs up from the bar', async () => {
    await page.getByTestId('web-phone-button').click();
    await page.getByTestId('web-phone-enable').click();
    // A headset: the browser's echo cancellation and noise suppression off (they flatten a test tone).
    await page.getByTestId('web-phone-processing').click();
    await expect
      .poll(() => page.getByTestId('web-phone-status').textContent(), { timeout: 15_000 })
      .toBe('网页电话已注册');
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

    const heard = wavChannel(readFileSync(desk.dumps('dec')[0] as string));
    const middle = heard.subarray(Math.floor(heard.length * 0.3), Math.floor(heard.length * 0.8));
    console.info(
      `desk heard RMS ${rms(middle).toFixed(0)} (700 Hz share ${relativeTonePower(middle, 700).toFixed(3)}); meters mic ${mic}, speaker ${speaker}`,
    );
    expect(relativeTonePower(middle, 700)).toBeGreaterThan(0.5);
    // The microphone's 700 Hz at its level (sox vol 0.2: RMS 4634).
    expect(Math.abs(rms(middle) - 4634) / 4634).toBeLessThan(0.2);
  }, 90_000);

  it('a queue call rings the browser and pops the screen at once; answered in the page, hung up from the bar', async () => {
    await page.getByTestId('agent-ready').click();
    await expect.poll(() => page.getByTestId('agent-state').textContent(), { timeout: 10_000 }).toMatch(/^空闲 /);
    const csv = path.join(dir, 'caller.csv');
    writeFileSync(csv, `SEQUENTIAL\n02566661234;carrier.example;${DID};127.0.0.1:${server.sipPort}\n`);
    const caller = run(
      'sipp',
      [
        `127.0.0.1:${server.sipPort}`,
        ...[
          '-sf',
          CALLER_SCENARIO,
          '-inf',
          csv,
          '-i',
          '127.0.0.205',
          '-p',
          '52300',
          '-mi',
          '127.0.0.205',
          '-mp',
          '52302',
        ],
        ...['-m', '1', '-nostdin', '-t', 'u1', '-timeout', '60s'],
      ],
      70_000,
    ).catch(() => undefined);
    const pop = page.getByTestId('screen-pop');
    await page.getByTestId('web-phone-answer').waitFor({ timeout: 15_000 });
    await pop.getByTestId('pop-unknown').waitFor({ timeout: 5000 });
    expect(await pop.getByTestId('pop-region').textContent()).toContain('南京');
    await shot(page, 'web-phone-04-queue-ringing');
    await page.getByTestId('web-phone-answer').click();
    await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 10_000 }).toMatch(/^通话中/);
    await page.getByTestId('web-phone-speaker-level').waitFor();
    await sleep(2000);
    await page.getByTestId('call-hangup').click();
    await page.getByTestId('call-panel').waitFor({ state: 'detached', timeout: 10_000 });
    await caller;
    await expect.poll(() => page.getByTestId('web-phone-answer').count()).toBe(0);
  }, 90_000);
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from './directory.ts';
import { createSwitch, type Switch } from './switch.ts';
import { middleRms, wavChannel, writeTone } from './test-support/audio.ts';
import { Baresip } from './test-support/baresip.ts';
import { CdrLog, EventLog, hasBinary, killAll, run, sipp, testLogger } from './test-support/peers.ts';

/**
 * Dialog features real phones use, against SIPp and a baresip callee: SIP INFO DTMF, late offer, UPDATE in
 * early and confirmed dialogs, a 2xx never ACKed. The switch runs with T1 = 100 ms so that 64*T1 is 6.4 s.
 * Ports of this suite only: SIP 17600-17799, SIPp media 18600-18799, RTP 25000-25499.
 */
const SCENARIOS = join(import.meta.dirname, 'test-support', 'scenarios');
const PEERS = join(import.meta.dirname, '..', 'test-peers');
const SIP_PORT = 17600;
const SERVER = `127.0.0.1:${SIP_PORT}`;
const T1_MS = 100;
const MISSING = ['sipp', 'baresip', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: dialog tests need ${MISSING.join(', ')} (sip-tester, baresip, sox)`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('SIPp dialogs: INFO DTMF, late offer, UPDATE, no ACK', () => {
  let sw: Switch;
  const events = new EventLog();
  const cdr = new CdrLog();
  const dir = mkdtempSync(join(tmpdir(), 'switch-dialog-'));
  const tone = join(dir, 'tone.wav');
  let phone: Baresip;
  const csv = (name: string, line: string): string => {
    const p = join(dir, `${name}.csv`);
    writeFileSync(p, `SEQUENTIAL\n${line}\n`);
    return p;
  };
  const auth = (user: string, password: string): string => `[authentication username=${user} password=${password}]`;
  const callerCsv = (name: string, callee: string) => csv(name, `1101;acme;${auth('1101', 'pw1101')};${callee}`);

  beforeAll(async () => {
    writeTone(tone, 700, 0.2);
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    for (const n of ['1101', '1102', '1103', '1104', '1105', '1106', '1107', '1108', '1109'])
      directory.addExtension('t1', { number: n, password: `pw${n}` });
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: '127.0.0.1',
      rtpPortMin: 25000,
      rtpPortMax: 25499,
      directory,
      events,
      cdr,
      logger: testLogger(),
      t1Ms: T1_MS,
      noAnswerTimeoutMs: 10_000,
      // baresip 1.0 and SIPp answer MD5 only.
      digestAlgorithms: ['MD5'],
    });
    mkdirSync(join(dir, 'phone'));
    phone = new Baresip({
      dir: join(dir, 'phone'),
      sipPort: 17650,
      ctrlPort: 17655,
      source: tone,
      account: `<sip:1102@acme>;auth_pass=pw1102;outbound="sip:${SERVER}";regint=60;answermode=auto;audio_codecs=PCMU,PCMA`,
    });
    await phone.start();
    const end = Date.now() + 10_000;
    while (!sw.registrations('t1').some((r) => r.extension === '1102') && Date.now() < end) await sleep(100);
  }, 30_000);

  afterAll(async () => {
    killAll();
    await phone?.stop();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Registers `user` from `port` (the port its UAS scenario will listen on). */
  async function register(user: string, port: number): Promise<void> {
    const r = await sipp({
      server: SERVER,
      scenario: join(PEERS, 'register.xml'),
      csv: csv(`reg-${user}`, `${user};acme;${auth(user, `pw${user}`)}`),
      port,
      mediaPort: port + 1000,
      timeoutMs: 10_000,
    });
    expect(r.code, r.output).toBe(0);
  }

  it('takes SIP INFO DTMF (dtmf-relay and dtmf) as digits, relays them as RFC 4733 to baresip; 415 / 469 / 400 for other bodies', async () => {
    const before = events.events.length;
    const uac = await sipp({
      server: SERVER,
      scenario: join(SCENARIOS, 'uac-info-dtmf.xml'),
      csv: callerCsv('info', '1102'),
      port: 17610,
      mediaPort: 18610,
      timeoutMs: 20_000,
    });
    expect(uac.code, uac.output).toBe(0);
    const digits = events.events
      .slice(before)
      .filter((e) => e.type === 'call.dtmf')
      .map((e) => (e.type === 'call.dtmf' ? e.digit : ''));
    expect(digits).toEqual(['5', '7']);
    const heard = (): string[] =>
      phone.events.filter((e) => e.type === 'CALL_DTMF_START').map((e) => String(e.param ?? ''));
    for (let i = 0; i < 40 && heard().length < 2; i++) await sleep(50);
    expect(heard()).toEqual(['5', '7']);
    const rec = await cdr.waitFor((r) => r.callee === '1102');
    expect(rec.hangupCause).toBe('normal');
  }, 40_000);

  it('sends digits to a callee without telephone-event as SIP INFO (from INFO and from RFC 4733)', async () => {
    await register('1103', 17620);
    const startedAt = new Date().toISOString();
    const uas = sipp({
      scenario: join(SCENARIOS, 'uas-no-te-info.xml'),
      port: 17620,
      mediaPort: 18620,
      timeoutMs: 20_000,
    });
    await sleep(300);
    const uac = await sipp({
      server: SERVER,
      scenario: join(SCENARIOS, 'uac-info-and-2833.xml'),
      csv: callerCsv('info-2833', '1103'),
      port: 17621,
      mediaPort: 18630,
      timeoutMs: 20_000,
    });
    const callee = await uas;
    expect(uac.code, uac.output).toBe(0);
    expect(callee.code, callee.output).toBe(0);
    const digits = events
      .of('call.dtmf')
      .filter((e) => e.at >= startedAt)
      .map((e) => e.digit);
    expect(digits).toEqual(['5', '1']);
    const rec = await cdr.waitFor((r) => r.callee === '1103');
    expect(rec.hangupCause).toBe('normal');
  }, 40_000);

  it('answers a late offer: our offer in the 200, the answer in the ACK, audio both ways (callee hears its echo)', async () => {
    const dumpsBefore = phone.dumps('dec').length;
    const uac = await run(
      'sipp',
      [
        SERVER,
        '-sf',
        join(SCENARIOS, 'uac-late-offer.xml'),
        '-inf',
        callerCsv('late', '1102'),
        '-i',
        '127.0.0.1',
        '-p',
        '17630',
        '-mi',
        '127.0.0.1',
        '-mp',
        '18640',
        '-rtp_echo',
        '-m',
        '1',
        '-nostdin',
        '-timeout',
        '20s',
        '-timeout_error',
      ],
      25_000,
    );
    expect(uac.code, uac.output).toBe(0);
    const rec = await cdr.waitFor((r) => r.callee === '1102' && r.legs[0]?.finalStatus === 200 && r.billedSec >= 4);
    expect(rec).toMatchObject({ hangupCause: 'normal', hangupSide: 'caller' });
    await phone.waitFor((e) => e.type === 'CALL_CLOSED' && phone.dumps('dec').length > dumpsBefore, 5000);
    await sleep(300);
    // The phone sent a 700 Hz tone; SIPp echoed what the switch sent it; the phone heard it back.
    const sent = middleRms(wavChannel(readFileSync(tone)));
    const heard = middleRms(wavChannel(readFileSync(phone.dumps('dec').at(-1) as string)));
    console.info(
      `late offer: callee sent RMS ${sent.toFixed(0)}, heard back through the caller leg ${heard.toFixed(0)}`,
    );
    expect(Math.abs(heard - sent) / sent).toBeLessThan(0.25);
  }, 40_000);

  it('ends a late-offer call whose ACK brings no answer: BYE, failed / system / 488', async () => {
    await register('1106', 17670);
    const uas = sipp({ scenario: join(PEERS, 'uas-answer.xml'), port: 17670, mediaPort: 18690, timeoutMs: 15_000 });
    await sleep(300);
    const uac = await sipp({
      server: SERVER,
      scenario: join(SCENARIOS, 'uac-late-offer-no-answer.xml'),
      csv: callerCsv('late-no-answer', '1106'),
      port: 17671,
      mediaPort: 18700,
      timeoutMs: 15_000,
    });
    const callee = await uas;
    expect(uac.code, uac.output).toBe(0);
    expect(callee.code, callee.output).toBe(0);
    const rec = await cdr.waitFor((r) => r.callee === '1106');
    expect(rec).toMatchObject({ hangupCause: 'failed', hangupSide: 'system' });
    expect(rec.legs[0]).toMatchObject({ role: 'caller', finalStatus: 488, answeredAt: null });
    expect(events.of('call.hangup').find((e) => e.callId === rec.callId)?.status).toBe(488);
  }, 30_000);

  it('offers in the 200 to a re-INVITE without SDP and takes the answer from its ACK', async () => {
    await register('1107', 17680);
    const uas = sipp({ scenario: join(PEERS, 'uas-answer.xml'), port: 17680, mediaPort: 18710, timeoutMs: 15_000 });
    await sleep(300);
    const uac = await sipp({
      server: SERVER,
      scenario: join(SCENARIOS, 'uac-reinvite-no-sdp.xml'),
      csv: callerCsv('reinvite-no-sdp', '1107'),
      port: 17681,
      mediaPort: 18720,
      timeoutMs: 15_000,
    });
    const callee = await uas;
    expect(uac.code, uac.output).toBe(0);
    expect(callee.code, callee.output).toBe(0);
    const rec = await cdr.waitFor((r) => r.callee === '1107');
    expect(rec).toMatchObject({ hangupCause: 'normal', hangupSide: 'caller' });
  }, 30_000);

  it('refuses UPDATE (and re-INVITE) offers with 491 while a late offer is not answered (early, before the ACK)', async () => {
    await register('1108', 17690);
    const uas = sipp({ scenario: join(PEERS, 'uas-answer.xml'), port: 17690, mediaPort: 18730, timeoutMs: 15_000 });
    await sleep(300);
    const uac = await sipp({
      server: SERVER,
      scenario: join(SCENARIOS, 'uac-late-offer-glare.xml'),
      csv: callerCsv('late-glare', '1108'),
      port: 17691,
      mediaPort: 18740,
      timeoutMs: 15_000,
    });
    const callee = await uas;
    expect(uac.code, uac.output).toBe(0);
    expect(callee.code, callee.output).toBe(0);
    const rec = await cdr.waitFor((r) => r.callee === '1108');
    expect(rec).toMatchObject({ hangupCause: 'normal', hangupSide: 'caller' });
  }, 30_000);

  it('answers UPDATE with an SDP offer in early and confirmed dialogs, from either side; hold and resume by UPDATE', async () => {
    await register('1105', 17660);
    const before = events.events.length;
    const uas = sipp({ scenario: join(SCENARIOS, 'uas-update.xml'), port: 17660, mediaPort: 18670, timeoutMs: 20_000 });
    await sleep(300);
    const uac = await sipp({
      server: SERVER,
      scenario: join(SCENARIOS, 'uac-update.xml'),
      csv: callerCsv('update', '1105'),
      port: 17661,
      mediaPort: 18680,
      timeoutMs: 20_000,
    });
    const callee = await uas;
    expect(uac.code, uac.output).toBe(0);
    expect(callee.code, callee.output).toBe(0);
    const rec = await cdr.waitFor((r) => r.callee === '1105');
    expect(rec).toMatchObject({ hangupCause: 'normal', hangupSide: 'caller' });
    // The caller's sendonly UPDATE held the callee (the call decides how, as for a re-INVITE); sendrecv resumed it.
    const calleeLeg = rec.legs.find((l) => l.role === 'callee')?.legId;
    const holds = events.events
      .slice(before)
      .filter((e) => (e.type === 'call.held' || e.type === 'call.resumed') && e.legId === calleeLeg)
      .map((e) => e.type);
    expect(holds).toEqual(['call.held', 'call.resumed']);
  }, 40_000);

  it.each([
    ['UDP', 'u1', '1104', 17640],
    ['TCP', 't1', '1109', 17700],
  ] as const)(
    'ends a call whose 200 is never ACKed (%s) after 64*T1: BYE, failed / system / 408, no talk time',
    async (_name, transport, user, port) => {
      await register(user, port);
      const uas = sipp({ scenario: join(PEERS, 'uas-answer.xml'), port, mediaPort: port + 1010, timeoutMs: 25_000 });
      await sleep(300);
      const started = Date.now();
      const uac = await sipp({
        server: SERVER,
        scenario: join(SCENARIOS, 'uac-no-ack.xml'),
        csv: callerCsv(`no-ack-${transport}`, user),
        port: port + 1,
        mediaPort: port + 1020,
        timeoutMs: 25_000,
        transport,
      });
      const callee = await uas;
      expect(uac.code, uac.output).toBe(0);
      expect(callee.code, callee.output).toBe(0);
      const rec = await cdr.waitFor((r) => r.callee === user);
      expect(Date.now() - started).toBeGreaterThanOrEqual(64 * T1_MS);
      expect(rec).toMatchObject({ hangupCause: 'failed', hangupSide: 'system', billedSec: 0, answeredAt: null });
      expect(rec.legs[0]).toMatchObject({ role: 'caller', finalStatus: 408, answeredAt: null });
      const hangup = events.of('call.hangup').find((e) => e.callId === rec.callId);
      expect(hangup?.status).toBe(408);
    },
    40_000,
  );
});

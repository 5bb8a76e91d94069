import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relativeTonePower, rms } from '@hujiao/media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from './directory.ts';
import { createSwitch, type Switch } from './switch.ts';
import { middleRms, wavChannel, writeTone } from './test-support/audio.ts';
import { Baresip } from './test-support/baresip.ts';
import { CdrLog, EventLog, hasBinary, testLogger } from './test-support/peers.ts';

const SIP_PORT = 15400;
const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: baresip tests need ${MISSING.join(', ')} (apt-get install baresip sox)`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const readChannel = (path: string, ch = 0) => wavChannel(readFileSync(path), ch);

describe.skipIf(MISSING.length > 0)('two baresip phones through the switch', () => {
  let sw: Switch;
  const events = new EventLog();
  const cdr = new CdrLog();
  const dir = mkdtempSync(join(tmpdir(), 'switch-baresip-'));
  let a: Baresip;
  let b: Baresip;
  const sourceA = join(dir, 'a.wav');
  const sourceB = join(dir, 'b.wav');

  beforeAll(async () => {
    // 60 s sources (longer than any call: baresip hangs up at the end of an aufile source).
    writeTone(sourceA, 400, 0.25);
    writeTone(sourceB, 700, 0.15);
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1', displayName: 'Alice' });
    directory.addExtension('t1', { number: '1002', password: 'secret2' });
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: '127.0.0.1',
      rtpPortMin: 22000,
      rtpPortMax: 22999,
      directory,
      events,
      cdr,
      logger: testLogger(),
      recordings: { pathFor: (t, c) => join(dir, 'recordings', t, `${c}.wav`) },
      // baresip 1.0 (libre) fails on any challenge it cannot compute (ENOSYS), so offer MD5 only.
      digestAlgorithms: ['MD5'],
    });
    const outbound = `outbound="sip:127.0.0.1:${SIP_PORT}"`;
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    a = new Baresip({
      dir: join(dir, 'a'),
      sipPort: 15410,
      ctrlPort: 15441,
      source: sourceA,
      account: `<sip:1001@acme>;auth_pass=secret1;${outbound};regint=60;answermode=auto;audio_codecs=PCMU,PCMA`,
    });
    // B only speaks PCMA: the switch transcodes between the legs.
    b = new Baresip({
      dir: join(dir, 'b'),
      sipPort: 15420,
      ctrlPort: 15442,
      source: sourceB,
      account: `<sip:1002@acme>;auth_pass=secret2;${outbound};regint=60;answermode=auto;audio_codecs=PCMA`,
    });
    await a.start();
    await b.start();
    // REGISTER_OK may go out before the control connection is up: watch the switch's registrations instead.
    const end = Date.now() + 10_000;
    while (sw.registrations('t1').length < 2 && Date.now() < end) await sleep(100);
  }, 30_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers both phones', () => {
    expect(
      sw
        .registrations('t1')
        .map((r) => r.extension)
        .sort(),
    ).toEqual(['1001', '1002']);
  });

  it('carries audio both ways, DTMF, a recording and a call record', async () => {
    a.command('dial', 'sip:1002@acme');
    await a.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await b.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await sleep(3000);
    for (const d of ['1', '2', '3', '4', '#']) {
      a.command('sndcode', d);
      await sleep(400);
    }
    await sleep(3000);
    a.command('hangup');
    await b.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    const rec = await cdr.waitFor((r) => r.callee === '1002', 10_000);
    await sleep(500);

    const sentA = rms(readChannel(sourceA));
    const sentB = rms(readChannel(sourceB));
    const heardByB = middleRms(readChannel(b.dumps('dec')[0] as string));
    const heardByA = middleRms(readChannel(a.dumps('dec')[0] as string));
    console.info(
      `RMS A sent ${sentA.toFixed(0)}, B heard ${heardByB.toFixed(0)}; B sent ${sentB.toFixed(0)}, A heard ${heardByA.toFixed(0)}`,
    );
    expect(Math.abs(heardByB - sentA) / sentA).toBeLessThan(0.2);
    expect(Math.abs(heardByA - sentB) / sentB).toBeLessThan(0.2);

    const bDigits = b.events.filter((e) => e.type === 'CALL_DTMF_START').map((e) => e.param);
    const switchDigits = events.of('call.dtmf').map((e) => e.digit);
    console.info(`DTMF at B: ${bDigits.join('')}, seen by the switch: ${switchDigits.join('')}`);
    expect(switchDigits.join('')).toBe('1234#');
    expect(bDigits.join('')).toBe('1234#');

    expect(rec).toMatchObject({
      tenantId: 't1',
      caller: '1001',
      callee: '1002',
      direction: 'internal',
      hangupCause: 'normal',
      hangupSide: 'caller',
    });
    expect(rec.answeredAt).toBeInstanceOf(Date);
    expect(rec.billedSec).toBeGreaterThanOrEqual(6);
    expect(rec.billedSec).toBeLessThan(15);
    expect(rec.legs.map((l) => [l.role, l.extension, l.finalStatus])).toEqual([
      ['caller', '1001', 200],
      ['callee', '1002', 200],
    ]);
    expect(rec.recordingPath).toBeTruthy();
    const left = readChannel(rec.recordingPath as string, 0);
    const right = readChannel(rec.recordingPath as string, 1);
    const recLeft = middleRms(left);
    const recRight = middleRms(right);
    console.info(
      `recording ${(left.length / 8000).toFixed(1)} s, RMS left (caller) ${recLeft.toFixed(0)}, right (callee) ${recRight.toFixed(0)}`,
    );
    expect(Math.abs(recLeft - sentA) / sentA).toBeLessThan(0.2);
    expect(Math.abs(recRight - sentB) / sentB).toBeLessThan(0.2);
  }, 60_000);

  it('echoes the caller on *43', async () => {
    const before = a.dumps('dec').length;
    a.events.length = 0;
    a.command('dial', 'sip:*43@acme');
    await a.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await sleep(5000);
    a.command('hangup');
    await a.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await sleep(500);
    const dump = a.dumps('dec')[before] as string;
    const heard = middleRms(readChannel(dump));
    const sent = rms(readChannel(sourceA));
    console.info(`echo: A sent RMS ${sent.toFixed(0)}, heard back ${heard.toFixed(0)}`);
    expect(Math.abs(heard - sent) / sent).toBeLessThan(0.2);
    const rec = await cdr.waitFor((r) => r.callee === '*43');
    expect(rec.hangupSide).toBe('caller');
  }, 40_000);

  it('plays the test tone on *44 and hangs up', async () => {
    const before = a.dumps('dec').length;
    a.events.length = 0;
    a.command('dial', 'sip:*44@acme');
    await a.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await a.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(500);
    const heard = readChannel(a.dumps('dec')[before] as string);
    const third = Math.floor(heard.length / 3);
    const block = heard.subarray(third, third + 800);
    const level = rms(block);
    const purity = relativeTonePower(block, 440);
    console.info(
      `*44: heard ${(heard.length / 8000).toFixed(1)} s, RMS ${level.toFixed(0)}, 440 Hz share ${purity.toFixed(2)}`,
    );
    expect(level).toBeGreaterThan(1000);
    expect(purity).toBeGreaterThan(0.8);
    const rec = await cdr.waitFor((r) => r.callee === '*44');
    expect(rec).toMatchObject({ hangupCause: 'normal', hangupSide: 'system', recordingPath: null });
  }, 40_000);
});

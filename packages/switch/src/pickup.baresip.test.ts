import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tonesPresent } from '@hujiao/media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from './directory.ts';
import { createSwitch, type Switch } from './switch.ts';
import { wavChannel, writeTone } from './test-support/audio.ts';
import { Baresip } from './test-support/baresip.ts';
import { CdrLog, EventLog, hasBinary, testLogger } from './test-support/peers.ts';

// Ports of this suite only: SIP 15900-15960, RTP 27000-27499.
const SIP_PORT = 15900;
const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: pick-up tests need ${MISSING.join(', ')}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Call pick-up by feature code with real phones: A calls B, whose phone rings and is not answered; C dials the
 * pick-up code and gets the call: A talks to C, B stops ringing.
 */
describe.skipIf(MISSING.length > 0)('call pick-up (*8 and **<extension>) with baresip phones', () => {
  let sw: Switch;
  const events = new EventLog();
  const cdr = new CdrLog();
  const dir = mkdtempSync(join(tmpdir(), 'switch-pickup-'));
  const phones: Record<'a' | 'b' | 'c', Baresip> = {} as Record<'a' | 'b' | 'c', Baresip>;
  const tones = { a: 400, b: 800, c: 1200 };

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    for (const [k, n] of [
      ['a', '1001'],
      ['b', '1002'],
      ['c', '1003'],
    ] as const) {
      directory.addExtension('t1', { number: n, password: `secret-${k}` });
    }
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: '127.0.0.1',
      rtpPortMin: 27000,
      rtpPortMax: 27299,
      directory,
      events,
      cdr,
      logger: testLogger(),
      digestAlgorithms: ['MD5'],
    });
    const outbound = `outbound="sip:127.0.0.1:${SIP_PORT}"`;
    for (const [i, k] of (['a', 'b', 'c'] as const).entries()) {
      const source = join(dir, `${k}.wav`);
      writeTone(source, tones[k], 0.2);
      mkdirSync(join(dir, k));
      // B does not answer by itself: its call is the one to pick up.
      const answer = k === 'b' ? 'manual' : 'auto';
      phones[k] = new Baresip({
        dir: join(dir, k),
        sipPort: 15910 + 10 * i,
        ctrlPort: 15950 + i,
        source,
        account: `<sip:100${i + 1}@acme>;auth_pass=secret-${k};${outbound};regint=60;answermode=${answer};audio_codecs=PCMU`,
      });
      await phones[k].start();
    }
    const until = Date.now() + 10_000;
    while (sw.registrations('t1').length < 3 && Date.now() < until) await sleep(100);
  }, 40_000);

  afterAll(async () => {
    for (const p of Object.values(phones)) await p?.stop();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function pickUp(code: string) {
    const { a, b, c } = phones;
    const before = { a: a.dumps('dec').length, c: c.dumps('dec').length };
    a.command('dial', 'sip:1002@acme');
    await b.waitFor((e) => e.type === 'CALL_INCOMING', 10_000);
    const ringing = events.of('call.ringing').at(-1);
    expect(ringing).toBeTruthy();
    c.command('dial', `sip:${code}@acme`);
    await c.waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
    await a.waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
    const callId = ringing?.type === 'call.ringing' ? ringing.callId : '';
    const bridged = events.of('call.bridged').filter((e) => e.callId === callId);
    expect(bridged.length).toBeGreaterThan(0);
    await sleep(3000);
    a.command('hangup');
    await c.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    const rec = await cdr.waitFor((r) => r.callId === callId, 10_000);
    await sleep(500);
    // What A and C heard: each other's tone, never B's (B never answered).
    const heard = (p: Baresip, from: number) => wavChannel(readFileSync(p.dumps('dec').slice(from).at(-1) as string));
    const aHeard = heard(a, before.a).subarray(8000, -4000);
    const cHeard = heard(c, before.c).subarray(8000, -4000);
    expect(tonesPresent(aHeard, 8000, [tones.b, tones.c])).toEqual([tones.c]);
    expect(tonesPresent(cHeard, 8000, [tones.a, tones.b])).toEqual([tones.a]);
    for (const p of Object.values(phones)) p.events.length = 0;
    return rec;
  }

  it('directed pick-up: C dials **1002 while 1002 rings and talks to A; the record has B cancelled', async () => {
    const rec = await pickUp('**1002');
    expect(rec.legs.map((l) => [l.role, l.extension, l.finalStatus])).toEqual([
      ['caller', '1001', 200],
      ['callee', '1002', 487],
      ['caller', '1003', 200],
    ]);
    expect(rec.segments?.map((s) => s.kind)).toEqual(['flow', 'bridge']);
    expect(rec.hangupCause).toBe('normal');
  }, 60_000);

  it('group pick-up: C dials *8 and gets the call ringing at 1002', async () => {
    const rec = await pickUp('*8');
    expect(rec.legs.map((l) => l.extension)).toEqual(['1001', '1002', '1003']);
    expect(rec.answeredAt).toBeInstanceOf(Date);
  }, 60_000);

  it('a pick-up code with nothing ringing is answered 404', async () => {
    const { c } = phones;
    c.command('dial', 'sip:*8@acme');
    await c.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    const rec = await cdr.waitFor((r) => r.callee === '*8', 10_000);
    expect(rec).toMatchObject({ hangupCause: 'notFound', hangupSide: 'system' });
  }, 30_000);
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relativeTonePower, rms } from '@hujiao/media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from '../directory.ts';
import { createSwitch, type Switch } from '../switch.ts';
import { middleRms, wavChannel, writeTone } from '../test-support/audio.ts';
import { Baresip } from '../test-support/baresip.ts';
import { BrowserPhone } from '../test-support/browser-phone.ts';
import { CdrLog, EventLog, hasBinary, testLogger } from '../test-support/peers.ts';

/**
 * A browser leg bridged with a plain RTP leg: baresip (1001, UDP, RTP, 400 Hz) calls a browser phone (1002, SIP
 * over WebSocket, WebRTC by werift, 700 Hz); each hears the other's tone at its level, and the call's recording has
 * both. Ports of its own: SIP 17900, baresip 17910 (17911 its TLS), control 17915, RTP 23300-23399, ICE and WS any.
 */
const SIP_PORT = 17900;
const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: the WebRTC/baresip test needs ${MISSING.join(', ')}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('a browser phone and a SIP phone in one call', { timeout: 60_000 }, () => {
  let sw: Switch;
  const cdr = new CdrLog();
  const dir = mkdtempSync(join(tmpdir(), 'switch-webrtc-'));
  const source = join(dir, 'a.wav');
  let desk: Baresip;
  let browser: BrowserPhone;

  beforeAll(async () => {
    writeTone(source, 400, 0.25);
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    directory.addExtension('t1', { number: '1002', password: 'secret2' });
    sw = await createSwitch({
      sipPort: SIP_PORT,
      wsPort: 0,
      bindAddress: '127.0.0.1',
      rtpPortMin: 23300,
      rtpPortMax: 23399,
      webrtc: { hostAddresses: ['127.0.0.1'] },
      directory,
      events: new EventLog(),
      cdr,
      logger: testLogger(),
      recordings: { pathFor: (t, c) => join(dir, 'recordings', t, `${c}.wav`) },
      digestAlgorithms: ['MD5'],
    });
    mkdirSync(join(dir, 'desk'));
    desk = new Baresip({
      dir: join(dir, 'desk'),
      sipPort: 17910,
      ctrlPort: 17915,
      source,
      account: `<sip:1001@acme>;auth_pass=secret1;outbound="sip:127.0.0.1:${SIP_PORT}";regint=60;audio_codecs=PCMA`,
    });
    await desk.start();
    browser = new BrowserPhone({
      url: `ws://127.0.0.1:${sw.ports.ws}`,
      domain: 'acme',
      user: '1002',
      password: 'secret2',
    });
    await browser.connect();
    expect(await browser.register()).toBe(200);
    const end = Date.now() + 10_000;
    while (sw.registrations('t1').length < 2 && Date.now() < end) await sleep(100);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await desk?.stop();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries audio both ways between WebRTC and RTP, and records both sides', async () => {
    expect(
      sw
        .registrations('t1')
        .map((r) => [r.extension, r.transport])
        .sort(),
    ).toEqual([
      ['1001', 'UDP'],
      ['1002', 'WS'],
    ]);
    desk.command('dial', 'sip:1002@acme');
    await desk.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await browser.connected();
    const sent = await browser.sayTone(700, 4000);
    desk.command('hangup');
    await desk.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    const rec = await cdr.waitFor((r) => r.callee === '1002', 10_000);
    await sleep(500);

    const deskSent = rms(wavChannel(readFileSync(source)));
    const deskHeard = wavChannel(readFileSync(desk.dumps('dec')[0] as string));
    const browserHeard = browser.heard();
    const third = (a: Int16Array) => a.subarray(Math.floor(a.length / 3), Math.floor((2 * a.length) / 3));
    console.info(
      `browser sent ${rms(sent).toFixed(0)} (700 Hz), desk heard ${middleRms(deskHeard).toFixed(0)}; desk sent ${deskSent.toFixed(0)} (400 Hz), browser heard ${rms(third(browserHeard)).toFixed(0)}`,
    );
    expect(Math.abs(middleRms(deskHeard) - rms(sent)) / rms(sent)).toBeLessThan(0.2);
    expect(relativeTonePower(third(deskHeard), 700)).toBeGreaterThan(0.5);
    expect(Math.abs(rms(third(browserHeard)) - deskSent) / deskSent).toBeLessThan(0.2);
    expect(relativeTonePower(third(browserHeard), 400)).toBeGreaterThan(0.5);

    expect(rec.legs.map((l) => [l.role, l.extension, l.finalStatus])).toEqual([
      ['caller', '1001', 200],
      ['callee', '1002', 200],
    ]);
    const left = wavChannel(readFileSync(rec.recordingPath as string), 0);
    const right = wavChannel(readFileSync(rec.recordingPath as string), 1);
    expect(relativeTonePower(third(left), 400)).toBeGreaterThan(0.5);
    expect(relativeTonePower(third(right), 700)).toBeGreaterThan(0.5);
  });
});

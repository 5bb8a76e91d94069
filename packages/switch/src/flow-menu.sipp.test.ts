import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeG711, encodeG711, G711Law, parseWav, RtpPacket, toneLevels } from '@hujiao/media';
import { type Flow, parseFlow, type SwitchEvent } from '@hujiao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from './directory.ts';
import { PromptLibrary } from './flow/prompt-library.ts';
import { menuTestFlow } from './flow/test-flows.ts';
import type { RouteResolver } from './routing.ts';
import { createSwitch, type Switch } from './switch.ts';
import { CdrLog, EventLog, hasBinary, killAll, sipp, testLogger } from './test-support/peers.ts';

/**
 * An IVR menu from JSON against SIPp as the caller: the caller hears the prompt, presses 2 as RFC 4733 and as
 * SIP INFO and is routed to option 2; a wrong key gets the invalid-input prompt and the menu again; silence
 * takes the default. The prompts are tones, so what the caller is sent can be told apart frame by frame (Goertzel):
 * the switch's own record of it (the caller leg's heard tap) and, where SIPp sends no RTP, what arrives on the
 * network at the RTP address the caller announced. Routing is checked through the switch's events and CDR.
 */
const SCENARIOS = join(import.meta.dirname, 'test-support', 'scenarios');
const SIP_PORT = 15700;
const SERVER = `127.0.0.1:${SIP_PORT}`;
/** Where the caller's SDP says it receives RTP: a socket of this test. */
const LISTEN_RTP = 24900;
const MENU_NUMBER = '7000';
/** The built-in menuTestFlow (library prompts: please-choose, digits). */
const BUILT_IN_MENU = '7001';
const MISSING = ['sipp'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn('SKIPPED: the IVR menu test needs sipp (sip-tester)');

const Hz = { prompt: 700, invalid: 1400, noInput: 1700, option1: 500, option2: 1000 } as const;
const FREQS = Object.values(Hz);
const tone = (hz: number) => ({ tone: { frequencies: [hz], cadenceMs: [], levelDbm0: -10 }, durationSec: 1 });
const route = (digit: string, hz: number) => ({
  steps: [{ verb: 'set', name: 'routed', value: digit }, { verb: 'play', ...tone(hz) }, { verb: 'hangup' }],
});

function menuFlow(): Flow {
  const parsed = parseFlow({
    name: 'menu-sipp',
    steps: [
      {
        verb: 'menu',
        prompt: tone(Hz.prompt),
        invalidPrompt: tone(Hz.invalid),
        timeoutPrompt: tone(Hz.noInput),
        options: { '1': route('1', Hz.option1), '2': route('2', Hz.option2) },
        retries: 1,
        timeoutSec: 3,
        default: '1',
      },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.flow;
}

/** The tones of a stream of 20 ms frames, in order, each run of at least 5 frames (100 ms) once. */
function toneSequence(frames: Int16Array[]): number[] {
  const runs: Array<{ hz: number; n: number }> = [];
  for (const f of frames) {
    const levels = toneLevels(f, 8000, FREQS);
    const best = levels.sort((x, y) => y.relative - x.relative)[0];
    const hz = best && best.relative > 0.6 && best.amplitude > 300 ? best.frequency : 0;
    const last = runs[runs.length - 1];
    if (last && last.hz === hz) last.n++;
    else runs.push({ hz, n: 1 });
  }
  const seq: number[] = [];
  for (const r of runs) if (r.hz !== 0 && r.n >= 5 && seq[seq.length - 1] !== r.hz) seq.push(r.hz);
  return seq;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('IVR menu from JSON, SIPp caller', () => {
  let sw: Switch;
  const cdr = new CdrLog();
  const dir = mkdtempSync(join(tmpdir(), 'switch-menu-'));
  /** What the switch sent each call's caller leg (its heard tap), by call id. */
  const heard = new Map<string, Int16Array[]>();
  const events = new (class extends EventLog {
    override emit(event: SwitchEvent): void {
      super.emit(event);
      if (event.type === 'leg.created' && event.role === 'caller') {
        const leg = sw
          .calls()
          .find((c) => c.id === event.callId)
          ?.leg(event.legId);
        const frames: Int16Array[] = [];
        heard.set(event.callId, frames);
        leg?.heard.subscribe((pcm) => frames.push(Int16Array.from(pcm)));
      }
    }
  })();
  let socket: Socket;
  /** PCMU frames that reached the caller's announced RTP address. */
  let network: Int16Array[] = [];

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1101', password: 'pw1101' });
    const flow = menuFlow();
    const builtIn = menuTestFlow({ timeoutSec: 3 });
    const routes: RouteResolver = {
      resolve: async (ingress) => {
        if (ingress.number === MENU_NUMBER) return { kind: 'flow', flow };
        if (ingress.number === BUILT_IN_MENU) return { kind: 'flow', flow: builtIn };
        return null;
      },
    };
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: '127.0.0.1',
      rtpPortMin: 24000,
      rtpPortMax: 24799,
      directory,
      routes,
      events,
      cdr,
      logger: testLogger(),
      digestAlgorithms: ['MD5'],
    });
    socket = createSocket('udp4');
    socket.on('message', (msg) => {
      const p = RtpPacket.parse(msg);
      if (p.ok && p.value.payloadType === 0)
        network.push(decodeG711(G711Law.PCMU, p.value.payload, new Int16Array(160)));
    });
    await new Promise<void>((resolve) => socket.bind(LISTEN_RTP, '127.0.0.1', resolve));
  }, 30_000);

  afterAll(async () => {
    killAll();
    socket?.close();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One SIPp call to the menu; returns what the switch reported of it. */
  async function call(scenario: string, port: number, number = MENU_NUMBER) {
    const before = events.events.length;
    network = [];
    const csv = join(dir, `${scenario}.csv`);
    writeFileSync(
      csv,
      `SEQUENTIAL\n1101;acme;[authentication username=1101 password=pw1101];${number};${LISTEN_RTP}\n`,
    );
    const r = await sipp({
      server: SERVER,
      scenario: join(SCENARIOS, `${scenario}.xml`),
      csv,
      port,
      mediaPort: port + 9100,
      timeoutMs: 25_000,
    });
    expect(r.code, r.output).toBe(0);
    const mine = () => events.events.slice(before);
    const created = mine().find((e) => e.type === 'call.created');
    if (created?.type !== 'call.created') throw new Error('no call.created event');
    const callId = created.callId;
    const record = await cdr.waitFor((x) => x.callId === callId);
    for (let i = 0; i < 40 && !mine().some((e) => e.type === 'flow.ended'); i++) await sleep(50);
    const of = <T extends SwitchEvent['type']>(type: T) =>
      events.of(type).filter((e) => 'callId' in e && e.callId === callId);
    return {
      record,
      digits: of('call.dtmf').map((e) => e.digit),
      flowEnded: of('flow.ended').map((e) => e.reason),
      heard: toneSequence(heard.get(callId) ?? []),
      network: toneSequence(network),
      networkFrames: network.length,
      heardFrames: heard.get(callId) ?? [],
    };
  }

  it('caller hears the prompt, presses 2 as RFC 4733 and is routed to option 2', async () => {
    const c = await call('uac-menu-2833', 15710);
    expect(c.digits).toEqual(['2']);
    expect(c.heard).toEqual([Hz.prompt, Hz.option2]);
    // The prompt arrived at the caller's RTP address (then the switch latched onto SIPp's RTP source).
    expect(c.network[0]).toBe(Hz.prompt);
    expect(c.flowEnded).toEqual(['hangup']);
    expect(c.record.hangupCause).toBe('normal');
    expect(c.record.segments?.map((s) => [s.kind, s.detail])).toEqual([['flow', 'menu-sipp']]);
  }, 40_000);

  it('presses 2 as SIP INFO (application/dtmf-relay) and is routed to option 2', async () => {
    const c = await call('uac-menu-info', 15720);
    expect(c.digits).toEqual(['2']);
    expect(c.heard).toEqual([Hz.prompt, Hz.option2]);
    expect(c.network).toEqual([Hz.prompt, Hz.option2]);
    expect(c.networkFrames).toBeGreaterThan(75); // ≥ 1.5 s of audio: the prompt, then option 2's tone
    expect(c.flowEnded).toEqual(['hangup']);
  }, 40_000);

  it('an invalid digit gets the invalid-input prompt and the menu again; then 1 routes to option 1', async () => {
    const c = await call('uac-menu-invalid', 15730);
    expect(c.digits).toEqual(['9', '1']);
    expect(c.heard).toEqual([Hz.prompt, Hz.invalid, Hz.prompt, Hz.option1]);
    expect(c.network).toEqual(c.heard);
    expect(c.flowEnded).toEqual(['hangup']);
  }, 40_000);

  it('no digit: the no-input prompt and the menu again, then the default (option 1)', async () => {
    const c = await call('uac-menu-silent', 15740);
    expect(c.digits).toEqual([]);
    expect(c.heard).toEqual([Hz.prompt, Hz.noInput, Hz.prompt, Hz.option1]);
    expect(c.network).toEqual(c.heard);
    expect(c.flowEnded).toEqual(['hangup']);
    expect(c.record.hangupCause).toBe('normal');
    expect(events.invalid).toEqual([]);
  }, 40_000);

  /** A library prompt's voiced 20 ms frames as the caller gets them (G.711 µ-law there and back), as keys. */
  function promptFrames(name: string): Set<string> {
    const path = new PromptLibrary().path(name, 'zh-CN');
    if (!path) throw new Error(`no prompt ${name}`);
    const wav = parseWav(readFileSync(path));
    if (!wav.ok) throw new Error(wav.error);
    const samples = wav.value.samples;
    const frames = new Set<string>();
    for (let i = 0; i + 160 <= samples.length; i += 160) {
      const ulaw = encodeG711(G711Law.PCMU, samples.subarray(i, i + 160), Buffer.alloc(160));
      const pcm = decodeG711(G711Law.PCMU, ulaw, new Int16Array(160));
      if (pcm.some((x) => Math.abs(x) > 1000)) frames.add(Buffer.from(pcm.buffer).toString('base64'));
    }
    return frames;
  }

  it('the built-in menuTestFlow: the caller hears please-choose, presses 2 by INFO, hears the digit 2', async () => {
    const c = await call('uac-menu-info', 15750, BUILT_IN_MENU);
    expect(c.digits).toEqual(['2']);
    const got = new Set(c.heardFrames.map((f) => Buffer.from(f.buffer).toString('base64')));
    const share = (name: string) => {
      const frames = [...promptFrames(name)];
      return frames.filter((f) => got.has(f)).length / frames.length;
    };
    expect(share('please-choose')).toBeGreaterThan(0.5);
    expect(share('digits/2')).toBeGreaterThan(0.9);
    expect(share('digits/1')).toBeLessThan(0.05);
    expect(c.flowEnded).toEqual(['hangup']);
    expect(c.record.segments?.map((s) => [s.kind, s.detail])).toEqual([['flow', 'menu-test']]);
  }, 40_000);
});

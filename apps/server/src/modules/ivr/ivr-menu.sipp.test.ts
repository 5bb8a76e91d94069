import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toneLevels } from '@hujiao/media';
import { type IvrMenuNode, ivrTree, type SwitchEvent } from '@hujiao/shared';
import { type CallRecordData, createSwitch, InMemoryDirectory, type RouteResolver, type Switch } from '@hujiao/switch';
import { hasBinary, killAll, run } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileIvr } from './ivr-compile.ts';

/**
 * A two-level IVR menu from the console's tree, compiled and run by the real switch against SIPp as the caller:
 * the DTMF keys (RFC 4733, SIPp's captures) take the caller into the sub-menu, to a key's destination and back
 * to the top menu as the tree says. The prompts are voice files of one tone each, so what the caller was sent
 * (the caller leg's heard tap) tells, frame by frame, which menu or destination played.
 * Own loopback address and ports: 127.0.0.51, SIP 16000-16099, RTP 50000-50999.
 */
const ADDRESS = '127.0.0.51';
const SIP_PORT = 16000;
const MENU_NUMBER = '6000';
const MISSING = ['sipp', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) process.stderr.write(`SKIPPED: the IVR SIPp test needs ${MISSING.join(', ')}\n`);

const Hz = { top: 700, sales: 1000, salesTwo: 500, topThree: 1400 } as const;
const FREQS = Object.values(Hz);
const FILE = {
  top: '0b7f6a8e-0000-4e1f-8a9b-000000000001',
  sales: '0b7f6a8e-0000-4e1f-8a9b-000000000002',
  salesTwo: '0b7f6a8e-0000-4e1f-8a9b-000000000003',
  topThree: '0b7f6a8e-0000-4e1f-8a9b-000000000004',
} as const;

/** 主菜单 (tone top): 1 → 销售 (tone sales: 2 → prompt salesTwo, 9 back), 3 → prompt topThree. */
function tree(): IvrMenuNode {
  const prompt = (id: string) => ({ type: 'destination', destination: { kind: 'prompt', voiceFileId: id } });
  return ivrTree.parse({
    name: '主菜单',
    prompt: { kind: 'voiceFile', voiceFileId: FILE.top },
    timeoutSec: 8,
    keys: [
      {
        key: '1',
        action: {
          type: 'menu',
          menu: {
            name: '销售',
            prompt: { kind: 'voiceFile', voiceFileId: FILE.sales },
            timeoutSec: 8,
            keys: [
              { key: '2', action: prompt(FILE.salesTwo) },
              { key: '9', action: { type: 'back' } },
            ],
          },
        },
      },
      { key: '3', action: prompt(FILE.topThree) },
    ],
  });
}

/** The tones of a stream of 20 ms frames, in order, each run of at least 5 frames (100 ms) once. */
function toneSequence(frames: Int16Array[]): number[] {
  const runs: Array<{ hz: number; n: number }> = [];
  for (const f of frames) {
    const best = toneLevels(f, 8000, FREQS).sort((x, y) => y.relative - x.relative)[0];
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

describe.skipIf(MISSING.length > 0)('a compiled two-level IVR menu on a real call (SIPp, RFC 4733)', () => {
  let sw: Switch;
  const dir = mkdtempSync(join(tmpdir(), 'ivr-sipp-'));
  const events: SwitchEvent[] = [];
  const records: CallRecordData[] = [];
  const heard = new Map<string, Int16Array[]>();

  beforeAll(async () => {
    const paths = new Map<string, string>();
    for (const [name, id] of Object.entries(FILE)) {
      const file = join(dir, `${name}.wav`);
      const hz = String(Hz[name as keyof typeof Hz]);
      execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '1', 'sine', hz, 'vol', '0.3']);
      paths.set(id, file);
    }
    const flow = compileIvr(tree(), { extensions: ['1101'], voiceFilePath: (id) => paths.get(id), name: 'ivr-sipp' });
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1101', password: 'pw1101' });
    const routes: RouteResolver = {
      resolve: async (ingress) => (ingress.number === MENU_NUMBER ? { kind: 'flow', flow } : null),
    };
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: ADDRESS,
      rtpPortMin: 50000,
      rtpPortMax: 50199,
      directory,
      routes,
      events: {
        emit: (event: SwitchEvent) => {
          events.push(event);
          if (event.type === 'leg.created' && event.role === 'caller') {
            const frames: Int16Array[] = [];
            heard.set(event.callId, frames);
            const leg = sw
              .calls()
              .find((c) => c.id === event.callId)
              ?.leg(event.legId);
            leg?.heard.subscribe((pcm) => frames.push(Int16Array.from(pcm)));
          }
        },
      },
      cdr: {
        write: async (r: CallRecordData) => {
          records.push(r);
        },
      },
      digestAlgorithms: ['MD5'],
    });
  }, 30_000);

  afterAll(async () => {
    killAll();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(scenario: string, port: number) {
    const before = events.length;
    const csv = join(dir, `${scenario}.csv`);
    const mediaPort = 50500 + (port - SIP_PORT) * 4;
    writeFileSync(
      csv,
      `SEQUENTIAL\n1101;acme;[authentication username=1101 password=pw1101];${MENU_NUMBER};${mediaPort}\n`,
    );
    const args = [
      `${ADDRESS}:${SIP_PORT}`,
      ...['-sf', join(import.meta.dirname, 'scenarios', `${scenario}.xml`), '-inf', csv],
      ...['-i', ADDRESS, '-p', String(port), '-mi', ADDRESS, '-mp', String(mediaPort)],
      ...['-m', '1', '-nostdin', '-t', 'u1', '-timeout', '30s', '-timeout_error'],
    ];
    const r = await run('sipp', args, 35_000);
    expect(r.code, r.output).toBe(0);
    const mine = () => events.slice(before);
    const created = mine().find((e) => e.type === 'call.created');
    if (created?.type !== 'call.created') throw new Error('no call.created event');
    const callId = created.callId;
    for (let i = 0; i < 100 && !records.some((x) => x.callId === callId); i++) await sleep(50);
    const of = (type: SwitchEvent['type']) =>
      mine().filter((e) => e.type === type && 'callId' in e && e.callId === callId);
    return {
      record: records.find((x) => x.callId === callId),
      digits: of('call.dtmf').map((e) => (e.type === 'call.dtmf' ? e.digit : '')),
      flowEnded: of('flow.ended').map((e) => (e.type === 'flow.ended' ? e.reason : '')),
      heard: toneSequence(heard.get(callId) ?? []),
    };
  }

  it('1 opens the sub-menu, 2 there plays its destination and the call ends', async () => {
    const c = await call('uac-ivr-1-2', 16010);
    expect(c.digits).toEqual(['1', '2']);
    expect(c.heard).toEqual([Hz.top, Hz.sales, Hz.salesTwo]);
    expect(c.flowEnded).toEqual(['hangup']);
    expect(c.record?.hangupCause).toBe('normal');
    expect(c.record?.segments?.map((s) => [s.kind, s.detail])).toEqual([['flow', 'ivr-sipp']]);
  }, 45_000);

  it('1, then 9 goes back to the top menu, where 3 plays its destination', async () => {
    const c = await call('uac-ivr-1-9-3', 16020);
    expect(c.digits).toEqual(['1', '9', '3']);
    expect(c.heard).toEqual([Hz.top, Hz.sales, Hz.top, Hz.topThree]);
    expect(c.flowEnded).toEqual(['hangup']);
  }, 45_000);
});

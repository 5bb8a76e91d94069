import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flow as flowSchema } from '@hujiao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from './directory.ts';
import type { RouteResolver } from './routing.ts';
import { createSwitch, type Switch } from './switch.ts';
import { hasBinary, killAll, run, testLogger } from './test-support/peers.ts';

/**
 * The routes' onEnd (the toll-fraud guard's place) runs exactly once also for a caller who hangs up while the
 * routes decide: SIPp (extension 1001, digest) sends CANCEL while the resolver is still at work. Switch
 * 127.0.0.141:38900 (RTP 38910-38949), SIPp 127.0.0.146:38960.
 */
const SW = '127.0.0.141';
const SIP_PORT = 38900;
const HAS_SIPP = hasBinary('sipp');
if (!HAS_SIPP) console.warn('SKIPPED: sipp not installed (apt-get install sip-tester)');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!HAS_SIPP)('route decision onEnd when the caller cancels during routing', () => {
  let sw: Switch;
  let resolving = 0;
  let released = 0;
  const dir = mkdtempSync(join(tmpdir(), 'route-release-'));
  const routes: RouteResolver = {
    async resolve() {
      resolving++;
      await sleep(800);
      const flow = flowSchema.parse({ steps: [{ verb: 'dial', targets: [{ extension: '1002' }] }] });
      return { kind: 'flow', flow, onEnd: () => void released++ };
    },
  };

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    directory.addExtension('t1', { number: '1002', password: 'secret2' });
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: SW,
      rtpPortMin: 38910,
      rtpPortMax: 38949,
      directory,
      routes,
      logger: testLogger(),
      mediaSendThread: false,
    });
  });

  afterAll(async () => {
    await sw?.close();
    killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('3 callers cancelling while the routes decide: onEnd ran once for each', async () => {
    const csv = join(dir, 'uac.csv');
    const line = '1001;acme;[authentication username=1001 password=secret1];80001';
    writeFileSync(csv, `SEQUENTIAL\n${line}\n${line}\n${line}\n`);
    const scenario = join(import.meta.dirname, '..', 'test-peers', 'uac-cancel-early.xml');
    const r = await run(
      'sipp',
      [
        `${SW}:${SIP_PORT}`,
        ...['-sf', scenario, '-inf', csv, '-i', '127.0.0.146', '-p', '38960', '-mi', '127.0.0.146', '-mp', '38962'],
        ...['-m', '3', '-l', '1', '-r', '2', '-nostdin', '-timeout', '15s', '-timeout_error'],
      ],
      20_000,
    );
    expect(r.code, r.output.slice(-1500)).toBe(0);
    await sleep(1000);
    expect(resolving).toBe(3);
    expect(released).toBe(3);
    expect(sw.calls().length).toBe(0);
  }, 30_000);
});

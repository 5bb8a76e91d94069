import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from '../directory.ts';
import { createSwitch, type Switch } from '../switch.ts';
import { EventLog, hasBinary, killAll, run, testLogger } from '../test-support/peers.ts';
import type { TrunkDirectory, TrunkInfo } from './trunk-types.ts';

/**
 * OPTIONS keep-alive of IP trunks against SIPp carriers (ADR 0009): switch 127.0.0.91:30000 (RTP 30100-30199),
 * OPTIONS every 5 s, T1 100 ms (Timer F 6.4 s); carrier K 127.0.0.92:30060 answers 200, N 127.0.0.93:30070
 * answers 404 (still there), S 127.0.0.94:30080 answers 503 (not taking calls).
 */
const SW = '127.0.0.91';
const SCENARIO = join(import.meta.dirname, 'scenarios', 'carrier-options.xml');
const HAS_SIPP = hasBinary('sipp');
if (!HAS_SIPP) console.warn('SKIPPED: sipp not installed (apt-get install sip-tester)');

const ip = (id: string, host: string, port: number): TrunkInfo => ({
  id,
  tenantId: 't1',
  name: `carrier ${id}`,
  kind: 'ip',
  host,
  port,
  transport: 'udp',
  registerExpiresSec: 3600,
  peers: [host],
  codecs: ['PCMA'],
  dtmfMode: 'rfc4733',
  callerIdFormat: 'e164',
  assertIdentity: false,
  privacy: 'none',
  maxCalls: 0,
  enabled: true,
});

const dir = mkdtempSync(join(tmpdir(), 'switch-keepalive-'));

/** A SIPp carrier answering every OPTIONS with `status` until killed (SIPp wants the code in the file). */
function carrier(host: string, port: number, status: number) {
  const scenario = join(dir, `options-${status}.xml`);
  writeFileSync(scenario, readFileSync(SCENARIO, 'utf8').replace('SIP/2.0 200 ', `SIP/2.0 ${status} `));
  const media = String(30400 + (port % 100));
  return run('sipp', ['-sf', scenario, '-i', host, '-p', String(port), '-mi', host, '-mp', media, '-nostdin'], 120_000);
}

async function until(what: string, pred: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!HAS_SIPP)('IP trunk keep-alive against SIPp carriers', () => {
  let sw: Switch;
  const events = new EventLog();
  const list = [ip('K', '127.0.0.92', 30060), ip('N', '127.0.0.93', 30070), ip('S', '127.0.0.94', 30080)];
  const trunks: TrunkDirectory = {
    listTrunks: async () => list,
    trunkById: async (id) => list.find((t) => t.id === id) ?? null,
  };
  let k: ReturnType<typeof carrier>;
  const state = (id: string) => sw.trunkStatus().find((s) => s.trunkId === id);

  beforeAll(async () => {
    k = carrier('127.0.0.92', 30060, 200);
    carrier('127.0.0.93', 30070, 404);
    carrier('127.0.0.94', 30080, 503);
    await new Promise((r) => setTimeout(r, 500));
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    sw = await createSwitch({
      sipPort: 30000,
      bindAddress: SW,
      rtpPortMin: 30100,
      rtpPortMax: 30199,
      directory,
      trunks,
      events,
      logger: testLogger(),
      mediaSendThread: false,
      trunkKeepaliveSec: 5,
      t1Ms: 100,
    });
  });

  afterAll(async () => {
    await sw?.close();
    killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a carrier answering 200 or 404 is online, 503 offline; each change is a trunk.keepalive event', async () => {
    await until('K online', () => state('K')?.state === 'online');
    await until('N online', () => state('N')?.state === 'online');
    await until('S offline', () => state('S')?.state === 'offline');
    expect(state('S')?.lastError).toBe('503 Keepalive');
    expect(state('K')).toMatchObject({ lastError: null, expiresAt: null, name: 'carrier K' });
    const next = Date.parse(state('K')?.nextAttemptAt ?? '') - Date.parse(state('K')?.lastOkAt ?? '');
    expect(next).toBe(5000);
    const ka = events.of('trunk.keepalive');
    expect(ka.find((e) => e.trunkId === 'K')).toMatchObject({ tenantId: 't1', state: 'online', lastError: null });
    expect(ka.find((e) => e.trunkId === 'S')).toMatchObject({ state: 'offline', lastOkAt: null });
    // A second answer from K (5 s on) keeps it online without a new event.
    const firstOk = state('K')?.lastOkAt;
    await until('K probed again', () => state('K')?.lastOkAt !== firstOk, 8000);
    expect(events.of('trunk.keepalive').filter((e) => e.trunkId === 'K')).toHaveLength(1);
  }, 30_000);

  it('a carrier that stops answering goes offline after the transaction timeout, and online when it is back', async () => {
    k.child.kill('SIGKILL');
    await k;
    const killedAt = Date.now();
    await until('K offline', () => state('K')?.state === 'offline', 20_000);
    // At most one interval (5 s) to the next OPTIONS, then Timer F (64 × 100 ms).
    const took = Date.now() - killedAt;
    expect(took).toBeGreaterThan(6000);
    expect(took).toBeLessThan(13_500);
    expect(state('K')?.lastError).toBe('timeout (no answer to OPTIONS)');
    expect(events.of('trunk.keepalive').at(-1)).toMatchObject({ trunkId: 'K', state: 'offline' });
    carrier('127.0.0.92', 30060, 200);
    await until('K online again', () => state('K')?.state === 'online', 10_000);
    expect(
      events
        .of('trunk.keepalive')
        .filter((e) => e.trunkId === 'K')
        .map((e) => e.state),
    ).toEqual(['online', 'offline', 'online']);
  }, 45_000);

  it('a disabled trunk is no longer probed and leaves the status list', async () => {
    list[1] = { ...(list[1] as TrunkInfo), enabled: false };
    await sw.reloadTrunks();
    expect(state('N')).toBeUndefined();
    expect(state('K')?.state).toBe('online');
  });
});

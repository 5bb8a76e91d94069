import { randomBytes } from 'node:crypto';
import {
  type ClientTransactionUser,
  createResponse,
  DigestServer,
  DigestVerdict,
  parseAuthValue,
  type SipRequest,
} from '@hujiao/sip';
import { describe, expect, it } from 'vitest';
import { testLogger } from '../test-support/peers.ts';
import { TrunkRegistrar } from './trunk-registrar.ts';
import type { RegistrarTimers } from './trunk-registration.ts';
import type { TrunkInfo, TrunkRegistrationStatus } from './trunk-types.ts';

/** A clock and timers that move only when the test says so. */
class FakeTimers implements RegistrarTimers {
  time = Date.parse('2026-12-02T00:00:00Z');
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  now = (): number => this.time;
  set = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.due.set(id, { at: this.time + ms, fn });
    return id;
  };
  clear = (h: unknown): void => {
    this.due.delete(h as number);
  };
  /** Moves time on by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      this.due.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = end;
  }
}

/** A carrier's registrar in process: digest with DigestServer, a granted expiry, or a fixed status. */
class FakeCarrier {
  readonly received: SipRequest[] = [];
  password = 'trunkpass';
  granted = 120;
  /** Answer this instead (403, 503 …); null to run the digest registrar; 'silent' to never answer. */
  fixed: number | 'silent' | null = null;
  readonly server: DigestServer;
  constructor(timers: FakeTimers, algorithms: string[] = ['MD5']) {
    this.server = new DigestServer({
      realm: 'carrier.example',
      secret: randomBytes(32),
      algorithms,
      now: () => timers.now(),
    });
  }
  send = (req: SipRequest, _t: TrunkInfo, _address: string, user: ClientTransactionUser): void => {
    req.prependVia({
      protocolName: 'SIP',
      protocolVersion: '2.0',
      transport: 'UDP',
      host: '127.0.0.1',
      port: 5060,
      params: new Map([['branch', 'z9hG4bKx']]),
    });
    this.received.push(req);
    void this.answer(req).then((res) => {
      if (res) queueMicrotask(() => user.onResponse(res));
    });
  };
  private async answer(req: SipRequest) {
    if (this.fixed === 'silent') return null;
    if (this.fixed !== null) return createResponse(req, this.fixed);
    const r = await this.server.verify(req, async (u) => (u === 'trunkuser' ? { password: this.password } : null), {
      proxy: false,
    });
    if (r.verdict !== DigestVerdict.Ok) return this.server.challengeResponse(req, { proxy: false });
    const expires = Number(req.get('expires'));
    const contact = req.get('contact') ?? '';
    return createResponse(req, 200, {
      headers: expires === 0 ? [] : [['Contact', `${contact};expires=${this.granted}`]],
    });
  }
}

const trunk = (over: Partial<TrunkInfo> = {}): TrunkInfo => ({
  id: 'tr1',
  tenantId: 't1',
  name: 'Carrier',
  kind: 'register',
  host: '127.0.0.21',
  port: 5060,
  transport: 'udp',
  username: 'trunkuser',
  password: 'trunkpass',
  registerExpiresSec: 300,
  peers: [],
  codecs: ['PCMA'],
  dtmfMode: 'rfc4733',
  callerIdFormat: 'e164',
  countryCode: '86',
  assertIdentity: false,
  privacy: 'none',
  maxCalls: 0,
  enabled: true,
  ...over,
});

function setup(trunks: TrunkInfo[], algorithms?: string[]) {
  const timers = new FakeTimers();
  const carrier = new FakeCarrier(timers, algorithms);
  const changes: TrunkRegistrationStatus[] = [];
  const list = { trunks };
  const registrar = new TrunkRegistrar(
    { listTrunks: async () => list.trunks, trunkById: async (id) => list.trunks.find((t) => t.id === id) ?? null },
    {
      send: carrier.send,
      contactUri: (t) => `sip:${t.username}@127.0.0.1:5060`,
      resolve: async (h) => h,
      timers,
      onChange: (s) => changes.push(s),
      logger: testLogger(),
    },
  );
  return { timers, carrier, changes, registrar, list };
}

/** Lets the fake carrier's async answers arrive. */
const settle = () => new Promise((r) => setTimeout(r, 5));
const auth = (r: SipRequest | undefined) => parseAuthValue(r?.get('authorization') ?? '');

describe('TrunkRegistrar (RFC 3261 §10.2 as a UAC)', () => {
  it('answers the digest challenge, refreshes at 85 % of the granted Contact expires with a rising nonce count', async () => {
    const { timers, carrier, registrar } = setup([trunk()]);
    await registrar.reload();
    await settle();
    expect(carrier.received).toHaveLength(2);
    const [first, second] = carrier.received;
    expect(first?.get('authorization')).toBeUndefined();
    expect(auth(second)?.params.get('realm')).toBe('carrier.example');
    expect(auth(second)?.params.get('nc')).toBe('00000001');
    expect(second?.get('expires')).toBe('300');
    expect(registrar.status()[0]).toMatchObject({ state: 'registered', lastError: null });
    const expiresAt = Date.parse(registrar.status()[0]?.expiresAt ?? '');
    expect(expiresAt - timers.now()).toBe(120_000);
    // 85 % of the granted 120 s (not of the 300 asked): nothing at 101 s, the refresh at 102 s.
    timers.advance(101_000);
    await settle();
    expect(carrier.received).toHaveLength(2);
    timers.advance(1000);
    await settle();
    expect(carrier.received).toHaveLength(3);
    const refresh = carrier.received[2];
    expect(auth(refresh)?.params.get('nc')).toBe('00000002');
    expect(auth(refresh)?.params.get('nonce')).toBe(auth(second)?.params.get('nonce'));
    expect(new Set(carrier.received.map((r) => r.get('call-id'))).size).toBe(1);
    expect(carrier.received.map((r) => r.cseq?.seq)).toEqual([1, 2, 3]);
    expect(registrar.status()[0]?.state).toBe('registered');
    await registrar.stop();
  });

  it('answers a SHA-256 challenge', async () => {
    const { carrier, registrar } = setup([trunk()], ['SHA-256']);
    await registrar.reload();
    await settle();
    expect(auth(carrier.received[1])?.params.get('algorithm')).toBe('SHA-256');
    expect(registrar.status()[0]?.state).toBe('registered');
    await registrar.stop();
  });

  it('a wrong password fails and backs off 30 s, 60 s, 120 s … up to 10 min', async () => {
    const { timers, carrier, registrar, changes } = setup([trunk({ password: 'wrong' })]);
    await registrar.reload();
    await settle();
    expect(registrar.status()[0]).toMatchObject({ state: 'failed', lastError: '401 authentication failed' });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const next = Date.parse(registrar.status()[0]?.nextAttemptAt ?? '');
      delays.push(next - timers.now());
      const before = carrier.received.length;
      timers.advance(next - timers.now() - 1);
      await settle();
      expect(carrier.received.length).toBe(before);
      timers.advance(1);
      await settle();
      expect(carrier.received.length).toBe(before + 2);
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
    expect(changes.some((c) => c.state === 'registering')).toBe(true);
    await registrar.stop();
    expect(registrar.status()).toEqual([]);
  });

  it('403 and a silent registrar count as failures; success resets the back-off', async () => {
    const { timers, carrier, registrar } = setup([trunk()]);
    carrier.fixed = 403;
    await registrar.reload();
    await settle();
    expect(registrar.status()[0]).toMatchObject({ state: 'failed', lastError: '403 Forbidden' });
    carrier.fixed = 'silent';
    timers.advance(30_000);
    await settle();
    // Retrying shows 'registering' (the transaction layer would report Timer F; this fake never answers).
    expect(registrar.status()[0]?.state).toBe('registering');
    carrier.fixed = null;
    await registrar.stop();
    const again = setup([trunk()]);
    again.carrier.fixed = 503;
    await again.registrar.reload();
    await settle();
    again.timers.advance(30_000);
    await settle();
    expect(Date.parse(again.registrar.status()[0]?.nextAttemptAt ?? '') - again.timers.now()).toBe(60_000);
    again.carrier.fixed = null;
    again.timers.advance(60_000);
    await settle();
    expect(again.registrar.status()[0]?.state).toBe('registered');
    await again.registrar.stop();
  });

  it('reload registers added trunks, de-registers disabled ones and re-registers changed ones', async () => {
    const { carrier, registrar, list } = setup([trunk()]);
    await registrar.reload();
    await settle();
    list.trunks = [trunk({ enabled: false }), trunk({ id: 'tr2', username: 'trunkuser' })];
    await registrar.reload();
    await settle();
    const unregister = carrier.received.find((r) => r.get('expires') === '0');
    expect(unregister?.get('authorization')).toBeDefined();
    expect(registrar.status().map((s) => [s.trunkId, s.state])).toEqual([['tr2', 'registered']]);
    const before = carrier.received.length;
    list.trunks = [trunk({ id: 'tr2', registerExpiresSec: 600 })];
    await registrar.reload();
    await settle();
    const after = carrier.received.slice(before);
    expect(after.map((r) => r.get('expires'))).toEqual(['0', '600', '600']);
    await registrar.stop();
    expect(carrier.received.at(-1)?.get('expires')).toBe('0');
    expect(registrar.status()).toEqual([]);
  });
});

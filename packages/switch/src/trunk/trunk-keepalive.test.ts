import { type ClientTransactionUser, createResponse, type SipRequest, serializeUri } from '@hujiao/sip';
import { describe, expect, it } from 'vitest';
import { testLogger } from '../test-support/peers.ts';
import { peerAnswered, TrunkKeepalives } from './trunk-keepalive.ts';
import type { RegistrarTimers } from './trunk-registration.ts';
import type { TrunkInfo, TrunkRegistrationStatus } from './trunk-types.ts';

/** Timers that fire only when the test moves time on. */
class FakeTimers implements RegistrarTimers {
  time = Date.parse('2026-12-02T00:00:00Z');
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  now = (): number => this.time;
  set = (fn: () => void, ms: number): unknown => {
    this.due.set(++this.seq, { at: this.time + ms, fn });
    return this.seq;
  };
  clear = (h: unknown): void => {
    this.due.delete(h as number);
  };
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

const trunk = (over: Partial<TrunkInfo> = {}): TrunkInfo => ({
  id: 'ip1',
  tenantId: 't1',
  name: 'IP carrier',
  kind: 'ip',
  host: '127.0.0.92',
  port: 30060,
  transport: 'udp',
  registerExpiresSec: 3600,
  peers: ['127.0.0.92'],
  codecs: ['PCMA'],
  dtmfMode: 'rfc4733',
  callerIdFormat: 'e164',
  assertIdentity: false,
  privacy: 'none',
  maxCalls: 0,
  enabled: true,
  ...over,
});

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(list: TrunkInfo[]) {
  const timers = new FakeTimers();
  const sent: SipRequest[] = [];
  const changes: TrunkRegistrationStatus[] = [];
  /** What the peer answers: a status, 'timeout' or 'error'. */
  let answer: number | 'timeout' | 'error' = 200;
  const keepalives = new TrunkKeepalives(
    { listTrunks: async () => list, trunkById: async (id) => list.find((t) => t.id === id) ?? null },
    {
      send: (req: SipRequest, _t: TrunkInfo, _a: string, user: ClientTransactionUser) => {
        sent.push(req);
        const a = answer;
        queueMicrotask(() => {
          if (a === 'timeout') user.onTimeout?.();
          else if (a === 'error') user.onTransportError?.(new Error('ECONNREFUSED'));
          else user.onResponse(createResponse(req, a));
        });
      },
      localUri: () => 'sip:hujiao@127.0.0.91:30000',
      resolve: async (h) => h,
      timers,
      intervalMs: 5000,
      onChange: (s) => changes.push(s),
      logger: testLogger(),
    },
  );
  return { timers, sent, changes, keepalives, answer: (a: typeof answer) => (answer = a) };
}

describe('IP trunk OPTIONS keep-alive', () => {
  it('counts any final response as alive except 408 and 503', () => {
    for (const s of [200, 403, 404, 405, 481, 500, 502, 603]) expect(peerAnswered(s), String(s)).toBe(true);
    for (const s of [100, 180, 408, 503]) expect(peerAnswered(s), String(s)).toBe(false);
  });

  it('probes at once and every interval after the outcome; emits only changes', async () => {
    const t = setup([trunk(), trunk({ id: 'reg', kind: 'register' }), trunk({ id: 'off', enabled: false })]);
    await t.keepalives.reload();
    await flush();
    expect(t.sent).toHaveLength(1);
    const req = t.sent[0] as SipRequest;
    expect(req.method).toBe('OPTIONS');
    expect(serializeUri(req.uri)).toBe('sip:127.0.0.92:30060');
    expect(req.get('from')).toMatch(/^<sip:hujiao@127\.0\.0\.91:30000>;tag=/);
    expect(req.get('accept')).toBe('application/sdp');
    expect(t.changes.map((c) => [c.trunkId, c.state])).toEqual([['ip1', 'online']]);
    expect(t.keepalives.status()[0]?.lastOkAt).toBe(new Date(t.timers.time).toISOString());

    t.timers.advance(4999);
    await flush();
    expect(t.sent).toHaveLength(1);
    t.timers.advance(1);
    await flush();
    expect(t.sent).toHaveLength(2);
    // A new Call-ID each time, CSeq rising.
    expect(t.sent[1]?.get('call-id')).not.toBe(req.get('call-id'));
    expect(t.sent[1]?.get('cseq')).toBe('2 OPTIONS');
    expect(t.changes).toHaveLength(1);

    t.answer('timeout');
    t.timers.advance(5000);
    await flush();
    expect(t.changes.at(-1)).toMatchObject({ state: 'offline', lastError: 'timeout (no answer to OPTIONS)' });
    t.answer(503);
    t.timers.advance(5000);
    await flush();
    expect(t.changes.at(-1)).toMatchObject({ state: 'offline', lastError: '503 Service Unavailable' });
    t.answer(404);
    t.timers.advance(5000);
    await flush();
    expect(t.changes.at(-1)).toMatchObject({ state: 'online', lastError: null });
    expect(t.changes.map((c) => c.state)).toEqual(['online', 'offline', 'offline', 'online']);
  });

  it('stops probing a trunk that is disabled on reload, and after stop()', async () => {
    const list = [trunk()];
    const t = setup(list);
    await t.keepalives.reload();
    await flush();
    list[0] = trunk({ enabled: false });
    await t.keepalives.reload();
    expect(t.keepalives.status()).toEqual([]);
    t.timers.advance(60_000);
    await flush();
    expect(t.sent).toHaveLength(1);
    list[0] = trunk();
    await t.keepalives.reload();
    await flush();
    expect(t.sent).toHaveLength(2);
    await t.keepalives.stop();
    t.timers.advance(60_000);
    await flush();
    expect(t.sent).toHaveLength(2);
  });
});

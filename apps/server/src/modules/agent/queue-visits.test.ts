import { describe, expect, it } from 'vitest';
import { type QueueVisitOpen, type QueueVisitPatch, QueueVisitTracker } from './queue-visits.ts';

/** The tracker against a sink that keeps what it was told, on a clock the test moves. */
function setup() {
  let now = 1_000_000;
  const rows = new Map<string, QueueVisitOpen & QueueVisitPatch>();
  const tracker = new QueueVisitTracker(
    {
      open: async (v) => void rows.set(v.id, { ...v }),
      update: async (_tenant, id, patch) => void rows.set(id, { ...(rows.get(id) as QueueVisitOpen), ...patch }),
    },
    () => now,
  );
  const wait = (ms: number) => {
    now += ms;
  };
  const flush = () => new Promise((r) => setTimeout(r, 0));
  const join = (callId: string) => tracker.joined({ tenantId: 't', callId, queueId: 'q', caller: '13800138000' });
  const outcome = (
    callId: string,
    outcome: 'answered' | 'abandoned' | 'overflowed',
    waitedMs: number,
    agentId?: string,
  ) =>
    tracker.action({
      type: 'call-outcome',
      callId,
      queueId: 'q',
      outcome,
      waitedMs,
      ...(agentId ? { agentId } : {}),
      ...(outcome === 'overflowed' ? { reason: 'timeout' as const } : {}),
    });
  return { tracker, rows, wait, flush, join, outcome, at: () => now };
}

describe('QueueVisitTracker (排队记录 as the ACD goes)', () => {
  it('an answered call: offers, ring time over two offers, talk and wrap-up', async () => {
    const { tracker, rows, wait, flush, join, outcome, at } = setup();
    join('c1');
    wait(1000);
    tracker.offered('c1');
    wait(5000);
    tracker.reported('c1', { kind: 'not-answered', offerId: 'o1', agentId: 'a', result: 'noAnswer', sipStatus: 480 });
    tracker.offered('c1');
    wait(2000);
    tracker.reported('c1', { kind: 'answered', offerId: 'o2', agentId: 'b', legId: 'l2' });
    outcome('c1', 'answered', 8000, 'b');
    wait(30_000);
    tracker.reported('c1', { kind: 'ended', agentId: 'b', talkSec: 30, endedBy: 'caller' });
    tracker.action({
      type: 'agent-state',
      record: { agentId: 'b', from: 'talking', to: 'wrap-up', at: at(), callId: 'c1', queueId: 'q', version: 3 },
    });
    tracker.forget('c1');
    wait(10_000);
    tracker.action({
      type: 'agent-state',
      record: { agentId: 'b', from: 'wrap-up', to: 'ready', at: at(), version: 4 },
    });
    await flush();
    expect([...rows.values()]).toEqual([
      expect.objectContaining({
        callId: 'c1',
        outcome: 'answered',
        lostStage: null,
        agentId: 'b',
        offers: 2,
        waitSec: 8,
        ringSec: 7,
        talkSec: 30,
        wrapUpSec: 10,
      }),
    ]);
  });

  it('a caller who leaves while a phone rings is lost ringing; one who leaves waiting is lost in the queue', async () => {
    const { tracker, rows, wait, flush, join, outcome } = setup();
    join('ringing');
    tracker.offered('ringing');
    wait(3000);
    tracker.reported('ringing', { kind: 'caller-gone' });
    outcome('ringing', 'abandoned', 3000);
    tracker.forget('ringing');
    join('waiting');
    wait(4000);
    tracker.reported('waiting', { kind: 'caller-gone' });
    outcome('waiting', 'abandoned', 4000);
    tracker.forget('waiting');
    await flush();
    const byCall = Object.fromEntries([...rows.values()].map((r) => [r.callId, r]));
    expect(byCall.ringing).toMatchObject({ outcome: 'abandoned', lostStage: 'ringing', ringSec: 3, offers: 1 });
    expect(byCall.waiting).toMatchObject({ outcome: 'abandoned', lostStage: 'queue', ringSec: 0, waitSec: 4 });
  });

  it('an overflow to a second queue keeps two visits of one call', async () => {
    const { tracker, rows, wait, flush, join, outcome } = setup();
    join('c');
    wait(60_000);
    outcome('c', 'overflowed', 60_000);
    join('c');
    wait(2000);
    outcome('c', 'answered', 2000, 'x');
    await flush();
    expect([...rows.values()].map((r) => [r.outcome, r.overflowReason ?? null, r.lostStage])).toEqual([
      ['overflowed', 'timeout', 'queue'],
      ['answered', null, null],
    ]);
  });
});

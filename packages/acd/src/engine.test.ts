import { AUTO_BUSY_REASON } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { members, offersOf, ofType, setup } from './test-kit.ts';

const voicemail = { kind: 'voicemail', box: '8000' } as const;
const other = { kind: 'queue', queueId: '00000000-0000-4000-8000-000000000001' } as const;

describe('sticky agent (优先客服)', () => {
  const sticky = (waitSec: number) => ({
    id: 'q',
    strategy: 'in-order-of-level' as const,
    members: members('a1', 'a2', 'a3'),
    sticky: { enabled: true, windowSec: 3600, waitSec },
  });

  async function talkedWithA2(waitSec: number) {
    const kit = setup([sticky(waitSec)]);
    for (const a of ['a1', 'a2', 'a3']) await kit.engine.agentLogin(a, ['q']);
    await kit.engine.setBusy('a1', 'meeting');
    const first = await kit.engine.join({ callId: 'c1', queueId: 'q', caller: '13800000001' });
    expect(first.decision).toEqual({ kind: 'offer', agentIds: ['a2'] });
    await kit.engine.answered('c1', 'a2');
    kit.advance(120);
    await kit.engine.callEnded('c1');
    await kit.engine.setReady('a1');
    return kit;
  }

  it('a repeat caller within the window is offered their last agent first', async () => {
    const kit = await talkedWithA2(0);
    expect((await kit.engine.join({ callId: 'c2', queueId: 'q', caller: '13800000001' })).decision).toEqual({
      kind: 'offer',
      agentIds: ['a2'],
    });
    // Another caller follows the strategy (a1 first).
    expect((await kit.engine.join({ callId: 'c3', queueId: 'q', caller: '13900000000' })).decision).toEqual({
      kind: 'offer',
      agentIds: ['a1'],
    });
  });

  it('outside the window, or when that agent does not answer, the strategy decides', async () => {
    const kit = await talkedWithA2(0);
    kit.advance(3600);
    expect(offersOf((await kit.engine.join({ callId: 'late', queueId: 'q', caller: '13800000001' })).actions)).toEqual([
      ['a1'],
    ]);
    const k2 = await talkedWithA2(0);
    expect(offersOf((await k2.engine.join({ callId: 'c2', queueId: 'q', caller: '13800000001' })).actions)).toEqual([
      ['a2'],
    ]);
    expect(offersOf((await k2.engine.noAnswer('c2', 'a2')).actions)).toEqual([['a1']]);
  });

  it('a busy sticky agent: others at once (waitSec 0), or the call waits for them up to waitSec', async () => {
    const kit = await talkedWithA2(0);
    await kit.engine.setBusy('a2', 'toilet');
    expect(offersOf((await kit.engine.join({ callId: 'c2', queueId: 'q', caller: '13800000001' })).actions)).toEqual([
      ['a1'],
    ]);

    const w = await talkedWithA2(30);
    await w.engine.setBusy('a2', 'toilet');
    expect((await w.engine.join({ callId: 'c2', queueId: 'q', caller: '13800000001' })).decision).toEqual({
      kind: 'wait',
      position: 1,
    });
    w.advance(10);
    expect(offersOf(await w.engine.tick())).toEqual([]);
    expect(offersOf((await w.engine.setReady('a2')).actions)).toEqual([['a2']]);

    const t = await talkedWithA2(30);
    await t.engine.setBusy('a2', 'toilet');
    await t.engine.join({ callId: 'c2', queueId: 'q', caller: '13800000001' });
    t.advance(29);
    expect(offersOf(await t.engine.tick())).toEqual([]);
    t.advance(1);
    expect(offersOf(await t.engine.tick())).toEqual([['a1']]);
  });
});

describe('tenants on one store', () => {
  it('keep their own sticky callers and round-robin cursors (memo keys start with the tenant)', async () => {
    const { AcdEngine } = await import('./engine.ts');
    const { mulberry32 } = await import('./random.ts');
    const { MemoryAcdStore } = await import('./store.ts');
    const store = new MemoryAcdStore();
    const now = () => 0;
    const make = (tenantId: string, ids: string[]) =>
      new AcdEngine({
        store,
        now,
        rng: mulberry32(1),
        tenantId,
        queues: [{ id: `${tenantId}-q`, strategy: 'round-robin', members: members(...ids), sticky: { enabled: true } }],
      });
    const a = make('A', ['A1', 'A2']);
    const b = make('B', ['B1', 'B2']);
    for (const id of ['A1', 'A2']) await a.agentLogin(id, ['A-q']);
    for (const id of ['B1', 'B2']) await b.agentLogin(id, ['B-q']);
    await a.join({ callId: 'a1', queueId: 'A-q', caller: '13800000009' });
    await a.answered('a1', 'A1');
    await a.callEnded('a1');
    expect(await store.getMemo('A:sticky:13800000009')).toMatch(/^A1\|/);
    expect(await store.getMemo('B:sticky:13800000009')).toBeUndefined();
    expect(offersOf((await b.join({ callId: 'b1', queueId: 'B-q', caller: '13800000009' })).actions)).toEqual([['B1']]);
    expect(offersOf((await a.join({ callId: 'a2', queueId: 'A-q', caller: '13800000009' })).actions)).toEqual([['A1']]);
  });
});

describe('caller priority (红名单/VIP): higher first, first come within a priority', () => {
  it('serves waiting callers by priority, then arrival', async () => {
    const kit = setup([{ id: 'q', strategy: 'longest-idle', members: members('a1'), joinEmpty: true }]);
    const joins = [
      ['n1', 0],
      ['n2', 0],
      ['vip1', 5],
      ['n3', 0],
      ['vip2', 5],
      ['red', 9],
    ] as const;
    for (const [callId, priority] of joins) {
      await kit.engine.join({ callId, queueId: 'q', priority });
      kit.advance(1);
    }
    const served: string[] = [];
    await kit.engine.agentLogin('a1', ['q']);
    const r = await kit.store.getAgent('a1');
    served.push(r?.callId ?? '');
    for (let i = 0; i < joins.length - 1; i++) {
      const callId = served[served.length - 1] as string;
      await kit.engine.answered(callId, 'a1');
      const ended = await kit.engine.callEnded(callId);
      served.push(ofType(ended.actions, 'offer')[0]?.callId ?? '');
    }
    expect(served).toEqual(['red', 'vip1', 'vip2', 'n1', 'n2', 'n3']);
  });

  it('announces positions in that order', async () => {
    const kit = setup([
      {
        id: 'q',
        members: members('a1'),
        joinEmpty: true,
        leaveWhenEmpty: false,
        announcements: { positionEverySec: 30 },
      },
    ]);
    await kit.engine.join({ callId: 'n1', queueId: 'q' });
    await kit.engine.join({ callId: 'n2', queueId: 'q' });
    expect((await kit.engine.join({ callId: 'vip', queueId: 'q', priority: 1 })).decision).toEqual({
      kind: 'wait',
      position: 1,
    });
    kit.advance(30);
    const said = ofType(await kit.engine.tick(), 'announce-position').map((a) => [a.callId, a.position]);
    expect(said).toEqual([
      ['vip', 1],
      ['n1', 2],
      ['n2', 3],
    ]);
  });
});

describe('overflow', () => {
  it('on timeout: after maxWaitSec the caller goes to the timeout destination', async () => {
    const kit = setup([{ id: 'q', members: members('a1'), maxWaitSec: 60, overflow: { timeout: voicemail } }]);
    await kit.engine.agentLogin('a1', ['q'], { busyReason: 'meeting' });
    expect((await kit.engine.join({ callId: 'c', queueId: 'q' })).decision.kind).toBe('wait');
    kit.advance(59);
    expect(ofType(await kit.engine.tick(), 'overflow')).toEqual([]);
    kit.advance(1);
    const actions = await kit.engine.tick();
    expect(ofType(actions, 'overflow')).toEqual([
      { type: 'overflow', callId: 'c', queueId: 'q', reason: 'timeout', destination: voicemail },
    ]);
    expect(ofType(actions, 'call-outcome')).toMatchObject([
      { outcome: 'overflowed', reason: 'timeout', waitedMs: 60_000 },
    ]);
    expect((await kit.engine.queueStatus('q')).stats.overflowed).toBe(1);
  });

  it('on timeout while agents ring for the call: their rings stop, not counted against them', async () => {
    const kit = setup([
      { id: 'q', strategy: 'ring-all', members: members('a1', 'a2'), maxWaitSec: 10, ringTimeoutSec: 30 },
    ]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.agentLogin('a2', ['q']);
    await kit.engine.join({ callId: 'c', queueId: 'q' });
    kit.advance(10);
    const actions = await kit.engine.tick();
    expect(ofType(actions, 'cancel-offer')).toMatchObject([{ agentIds: ['a1', 'a2'], reason: 'overflow' }]);
    expect((await kit.engine.getAgent('a1'))?.unanswered).toBe(0);
    expect((await kit.engine.getAgent('a1'))?.state).toBe('ready');
  });

  it('when full: the join beyond maxLength is refused to the full destination', async () => {
    const kit = setup([{ id: 'q', members: members('a1'), maxLength: 2, overflow: { full: other } }]);
    await kit.engine.agentLogin('a1', ['q'], { busyReason: 'meeting' });
    await kit.engine.join({ callId: 'c1', queueId: 'q' });
    await kit.engine.join({ callId: 'c2', queueId: 'q' });
    const third = await kit.engine.join({ callId: 'c3', queueId: 'q' });
    expect(third.decision).toEqual({ kind: 'overflow', reason: 'full', destination: other });
    expect(ofType(third.actions, 'call-outcome')).toMatchObject([{ callId: 'c3', outcome: 'overflowed' }]);
  });

  it('when empty: refused at join (joinEmpty false); with joinEmpty the caller waits; leaveWhenEmpty at sign-out', async () => {
    const strict = setup([{ id: 'q', members: members('a1'), overflow: { empty: voicemail } }]);
    expect((await strict.engine.join({ callId: 'c', queueId: 'q' })).decision).toEqual({
      kind: 'overflow',
      reason: 'empty',
      destination: voicemail,
    });

    const open = setup([{ id: 'q', members: members('a1'), joinEmpty: true, leaveWhenEmpty: false }]);
    expect((await open.engine.join({ callId: 'c', queueId: 'q' })).decision.kind).toBe('wait');
    open.advance(600);
    expect(await open.engine.tick()).toEqual([]);
    expect(offersOf((await open.engine.agentLogin('a1', ['q'])).actions)).toEqual([['a1']]);

    const leave = setup([{ id: 'q', members: members('a1', 'a2'), overflow: { empty: voicemail } }]);
    await leave.engine.agentLogin('a1', ['q'], { busyReason: 'x' });
    await leave.engine.agentLogin('a2', ['q'], { busyReason: 'x' });
    await leave.engine.join({ callId: 'c', queueId: 'q' });
    expect(ofType((await leave.engine.logout('a1')).actions, 'overflow')).toEqual([]);
    expect(ofType((await leave.engine.logout('a2')).actions, 'overflow')).toEqual([
      { type: 'overflow', callId: 'c', queueId: 'q', reason: 'empty', destination: voicemail },
    ]);
  });
});

describe('ring timeout, refusals and auto-busy', () => {
  it('a ring timeout (tick) re-offers the call to the next agent', async () => {
    const kit = setup([{ id: 'q', strategy: 'in-order-of-level', members: members('a1', 'a2'), ringTimeoutSec: 15 }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.agentLogin('a2', ['q']);
    expect(offersOf((await kit.engine.join({ callId: 'c', queueId: 'q' })).actions)).toEqual([['a1']]);
    kit.advance(14);
    expect(offersOf(await kit.engine.tick())).toEqual([]);
    kit.advance(1);
    expect(offersOf(await kit.engine.tick())).toEqual([['a2']]);
    kit.advance(15);
    // Both tried: the round starts again with a1.
    expect(offersOf(await kit.engine.tick())).toEqual([['a1']]);
  });

  it('after N unanswered offers in a row the agent is set busy (no-answer); an answer resets the count', async () => {
    const kit = setup([{ id: 'q', strategy: 'in-order-of-level', members: members('a1', 'a2'), autoBusyAfter: 2 }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.agentLogin('a2', ['q']);
    await kit.engine.join({ callId: 'c1', queueId: 'q' });
    await kit.engine.offerRejected('c1', 'a1');
    await kit.engine.answered('c1', 'a2');
    await kit.engine.join({ callId: 'c2', queueId: 'q' });
    const r = await kit.engine.noAnswer('c2', 'a1');
    expect(ofType(r.actions, 'agent-state').map((a) => a.record)).toMatchObject([
      { agentId: 'a1', from: 'ringing', to: 'busy', reason: AUTO_BUSY_REASON, callId: 'c2' },
    ]);
    expect((await kit.engine.getAgent('a1'))?.state).toBe('busy');
    // c2 waits (a2 is talking); a1 back to ready and answers: the count starts again.
    await kit.engine.setReady('a1');
    await kit.engine.answered('c2', 'a1');
    expect((await kit.engine.getAgent('a1'))?.unanswered).toBe(0);
  });

  it('a refused answer: too late, not offered, unknown call', async () => {
    const kit = setup([{ id: 'q', members: members('a1', 'a2') }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.agentLogin('a2', ['q']);
    await kit.engine.join({ callId: 'c', queueId: 'q' });
    expect(await kit.engine.answered('c', 'a2')).toMatchObject({ ok: false, error: 'state' });
    expect(await kit.engine.answered('nope', 'a1')).toMatchObject({ ok: false, error: 'unknown-call' });
    await kit.engine.abandon('c');
    expect(await kit.engine.answered('c', 'a1')).toMatchObject({ ok: false });
    expect((await kit.engine.getAgent('a1'))?.state).toBe('ready');
  });

  it('sign-out while ringing releases the offer and re-offers the call; refused while talking', async () => {
    const kit = setup([{ id: 'q', strategy: 'in-order-of-level', members: members('a1', 'a2') }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.agentLogin('a2', ['q']);
    await kit.engine.join({ callId: 'c', queueId: 'q' });
    const out = await kit.engine.logout('a1');
    expect(out.ok).toBe(true);
    expect(offersOf(out.actions)).toEqual([['a2']]);
    await kit.engine.answered('c', 'a2');
    expect(await kit.engine.logout('a2')).toMatchObject({ ok: false, error: 'in-call' });
  });
});

describe('wrap-up (话后)', () => {
  it('after a call the agent is in wrap-up for the queue time, then ready and offered the next caller', async () => {
    const kit = setup([{ id: 'q', members: members('a1'), wrapUpSec: 10 }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.join({ callId: 'c1', queueId: 'q' });
    await kit.engine.answered('c1', 'a1');
    kit.advance(30);
    const end = await kit.engine.callEnded('c1', { talkSec: 30 });
    expect(ofType(end.actions, 'agent-state')[0]?.record).toMatchObject({ from: 'talking', to: 'wrap-up' });
    expect((await kit.engine.join({ callId: 'c2', queueId: 'q' })).decision.kind).toBe('wait');
    kit.advance(9);
    expect(offersOf(await kit.engine.tick())).toEqual([]);
    kit.advance(1);
    const t = await kit.engine.tick();
    expect(ofType(t, 'agent-state').map((a) => a.record.to)).toEqual(['ready', 'ringing']);
    expect(offersOf(t)).toEqual([['a1']]);
  });

  it('ended early by the agent', async () => {
    const kit = setup([{ id: 'q', members: members('a1'), wrapUpSec: 60 }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.join({ callId: 'c1', queueId: 'q' });
    await kit.engine.answered('c1', 'a1');
    await kit.engine.hold('a1');
    expect((await kit.engine.getAgent('a1'))?.state).toBe('hold');
    await kit.engine.resume('a1');
    await kit.engine.callEnded('c1');
    await kit.engine.join({ callId: 'c2', queueId: 'q' });
    kit.advance(5);
    expect(offersOf((await kit.engine.endWrapUp('a1')).actions)).toEqual([['a1']]);
  });
});

describe('service level and announcements', () => {
  it('counts answers within the threshold; expected wait is a moving average of waits', async () => {
    const kit = setup([
      {
        id: 'q',
        members: members('a1'),
        serviceLevelSec: 20,
        joinEmpty: true,
        announcements: { positionEverySec: 20, periodicEverySec: 45, periodicPrompt: 'ads' },
      },
    ]);
    await kit.engine.agentLogin('a1', ['q']);
    for (const [i, wait] of [10, 30].entries()) {
      await kit.engine.join({ callId: `c${i}`, queueId: 'q' });
      kit.advance(wait);
      await kit.engine.answered(`c${i}`, 'a1');
      await kit.engine.callEnded(`c${i}`);
    }
    const s = await kit.engine.queueStatus('q');
    expect(s.stats).toMatchObject({ answered: 2, answeredInSl: 1 });
    expect(s.serviceLevel).toBe(0.5);
    expect(s.stats.waitAvgSec).toBe(15); // 10 · 0.75 + 30 · 0.25
    await kit.engine.setBusy('a1', 'x');
    await kit.engine.join({ callId: 'w', queueId: 'q' });
    kit.advance(20);
    expect(await kit.engine.tick()).toEqual([
      { type: 'announce-position', callId: 'w', queueId: 'q', position: 1, expectedWaitSec: 15 },
    ]);
    kit.advance(25);
    expect(await kit.engine.tick()).toEqual([
      { type: 'announce-position', callId: 'w', queueId: 'q', position: 1, expectedWaitSec: 15 },
      { type: 'announce-periodic', callId: 'w', queueId: 'q', prompt: 'ads' },
    ]);
    // Late ticks say each once, then go on from now.
    kit.advance(100);
    expect((await kit.engine.tick()).length).toBe(2);
    kit.advance(19);
    expect(await kit.engine.tick()).toEqual([]);
  });
});

describe('an agent in several queues', () => {
  it('is offered the highest-priority, then the longest-waiting call of its queues, one at a time', async () => {
    const kit = setup([
      { id: 'sales', members: members('a1'), joinEmpty: true },
      { id: 'support', members: members('a1'), joinEmpty: true },
    ]);
    await kit.engine.join({ callId: 's1', queueId: 'support' });
    kit.advance(5);
    await kit.engine.join({ callId: 'x1', queueId: 'sales' });
    const login = await kit.engine.agentLogin('a1', ['sales', 'support']);
    expect(ofType(login.actions, 'offer').map((o) => o.callId)).toEqual(['s1']);
    expect(offersOf((await kit.engine.join({ callId: 'x2', queueId: 'sales', priority: 1 })).actions)).toEqual([]);
    await kit.engine.answered('s1', 'a1');
    const end = await kit.engine.callEnded('s1');
    expect(ofType(end.actions, 'offer').map((o) => o.callId)).toEqual(['x2']);
  });
});

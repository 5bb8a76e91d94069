import { describe, expect, it } from 'vitest';
import { members, offersOf, setup } from './test-kit.ts';

const mobile = { kind: 'mobile', number: '13800138000' } as const;

describe('the agent device (回呼模式): kept in the agent record, changed with sign-in, ready and busy', () => {
  const queue = { id: 'q', strategy: 'in-order-of-level' as const, members: members('a1', 'a2') };

  it('signing in with a mobile keeps it until sign-out; absent is the extension', async () => {
    const kit = setup([queue]);
    await kit.engine.agentLogin('a1', ['q'], { device: mobile });
    await kit.engine.agentLogin('a2', ['q']);
    expect((await kit.engine.getAgent('a1'))?.device).toEqual(mobile);
    expect((await kit.engine.getAgent('a2'))?.device).toBeUndefined();
    // Busy and ready again without a device: unchanged.
    await kit.engine.setBusy('a1', 'meal');
    await kit.engine.setReady('a1');
    expect((await kit.engine.getAgent('a1'))?.device).toEqual(mobile);
    // Signed in again to other queues: unchanged.
    await kit.engine.agentLogin('a1', ['q']);
    expect((await kit.engine.getAgent('a1'))?.device).toEqual(mobile);
    await kit.engine.logout('a1');
    expect((await kit.engine.getAgent('a1'))?.device).toBeUndefined();
    await kit.engine.agentLogin('a1', ['q']);
    expect((await kit.engine.getAgent('a1'))?.device).toBeUndefined();
  });

  it('ready with a device changes it in the same write that makes the agent offered', async () => {
    const kit = setup([queue]);
    await kit.engine.agentLogin('a1', ['q'], { busyReason: 'meal' });
    await kit.engine.agentLogin('a2', ['q'], { busyReason: 'meal' });
    await kit.engine.join({ callId: 'c1', queueId: 'q', caller: '02566660000' });
    const r = await kit.engine.setReady('a1', { device: mobile });
    expect(offersOf(r.actions)).toEqual([['a1']]);
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'ringing', device: mobile });
    // Ready again while ready: only the device changes (back to the extension), no state-log record.
    await kit.engine.abandon('c1');
    const again = await kit.engine.setReady('a1', { device: { kind: 'extension' } });
    expect(again.actions.filter((a) => a.type === 'agent-state')).toEqual([]);
    expect((await kit.engine.getAgent('a1'))?.device).toBeUndefined();
  });

  it('a device change is refused while ringing or talking, like the state change', async () => {
    const kit = setup([queue]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.join({ callId: 'c1', queueId: 'q' });
    expect(await kit.engine.setReady('a1', { device: mobile })).toMatchObject({ ok: false, error: 'state' });
    expect((await kit.engine.getAgent('a1'))?.device).toBeUndefined();
  });
});

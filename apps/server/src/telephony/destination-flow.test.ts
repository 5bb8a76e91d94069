import { type Destination, parseFlow } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { destinationFlow, immediateDestinationSteps, resolvedDestinationSteps } from './destination-flow.ts';

const routes = {
  outsideTarget: async (_t: string, number: string) =>
    number.startsWith('138') ? { trunkIds: ['a', 'b'], number, callerId: '02566660001' } : null,
};

describe('destinations as flows', () => {
  it('builds valid flows for each kind, and plays unavailable for what a part cannot give', async () => {
    const missing: string[] = [];
    const ctx = {
      tenantId: 't1',
      parts: { voiceFile: async () => null },
      missing: (d: { kind: string }, why: string) => missing.push(`${d.kind}: ${why}`),
    };
    const all: Destination[] = [
      { kind: 'extension', number: '1001' },
      { kind: 'ringGroup', numbers: ['1001', '1002'], strategy: 'all', ringTimeoutSec: 20 },
      { kind: 'voicemail', box: '1001' },
      { kind: 'prompt', prompt: 'goodbye' },
      { kind: 'hangup' },
      { kind: 'ivr', ivrId: '00000000-0000-4000-8000-000000000001' },
      { kind: 'queue', queueId: '00000000-0000-4000-8000-000000000002' },
      { kind: 'prompt', voiceFileId: '00000000-0000-4000-8000-000000000003' },
    ];
    for (const d of all) {
      const flow = await destinationFlow(d, ctx);
      expect(parseFlow(flow).ok, d.kind).toBe(true);
    }
    expect(missing).toEqual(['ivr: no such IVR menu', 'prompt: voice file not approved']);
    // A queue: the caller waits (enqueue); after an agent the call ends, else "unavailable".
    expect((await destinationFlow({ kind: 'queue', queueId: 'q1' }, ctx)).steps.map((s) => s.verb)).toEqual([
      'enqueue',
      'branch',
      'play',
      'hangup',
    ]);
  });

  it('gives IVR keys a voicemail step at once, and an outside number the trunks the routes chose', async () => {
    expect(immediateDestinationSteps({ kind: 'voicemail', box: '1001' })).toEqual([
      { verb: 'voicemail', box: '1001' },
      { verb: 'hangup' },
    ]);
    expect(immediateDestinationSteps({ kind: 'external', number: '13800138000' })).toBeUndefined();
    expect(immediateDestinationSteps({ kind: 'queue', queueId: 'q1' })?.[0]).toEqual({
      verb: 'enqueue',
      queueId: 'q1',
    });
    expect(await resolvedDestinationSteps('t1', { kind: 'external', number: '13800138000' }, routes)).toEqual([
      {
        verb: 'dial',
        targets: [{ trunk: { trunkIds: ['a', 'b'], number: '13800138000', callerId: '02566660001' } }],
        ringTimeoutSec: 60,
      },
      { verb: 'hangup' },
    ]);
    // No route takes it: the IVR's default hand-off (unavailable) stays.
    expect(await resolvedDestinationSteps('t1', { kind: 'external', number: '0014155550100' }, routes)).toBeUndefined();
  });
});

import { createTimeGroupBody, inboundRoute, outboundRoute, timeGroup } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { InboundEngine } from './inbound.ts';
import { OutboundEngine } from './outbound.ts';
import { mulberry32 } from './random.ts';
import { MemoryPbxStore } from './store.ts';
import { compileTimeGroup } from './time-group.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const createdAt = '2026-01-01T00:00:00Z';

describe('the engines take the shared schemas’ parsed objects as they are', () => {
  it('time group, inbound route and outbound route from @hujiao/shared', async () => {
    const tg = timeGroup.parse({
      ...createTimeGroupBody.parse({
        name: '工作时间',
        weekly: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }],
      }),
      id: id(1),
      createdAt,
    });
    expect(compileTimeGroup(tg).isOpen(Date.parse('2026-12-02T04:00:00Z'))).toBe(true);
    const inbound = inboundRoute.parse({
      id: id(2),
      createdAt,
      name: '总机',
      didPattern: '4008001234',
      timeGroupId: tg.id,
      destination: { kind: 'ivr', ivrId: id(3) },
      closedDestination: { kind: 'voicemail', box: '8000' },
    });
    const inEngine = new InboundEngine({ routes: [inbound], timeGroups: [tg] });
    expect(inEngine.decide({ did: '4008001234', at: Date.parse('2026-12-05T04:00:00Z') })).toMatchObject({
      destination: { kind: 'voicemail' },
    });
    const out = outboundRoute.parse({
      id: id(4),
      createdAt,
      name: '手机',
      dialPatterns: [{ prefix: '9', match: '1[3-9]XXXXXXXXX' }],
      trunkIds: [id(5), id(6)],
      trunkOrder: 'roundRobin',
    });
    const outEngine = new OutboundEngine({
      tenantId: id(7),
      routes: [out],
      store: new MemoryPbxStore(),
      rng: mulberry32(1),
    });
    expect(
      await outEngine.decide({ extension: '1001', permissions: ['mobile'], dialled: '913800138000', at: 0 }),
    ).toMatchObject({ ok: true, number: '13800138000', trunkIds: [id(5), id(6)] });
  });
});

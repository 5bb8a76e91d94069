import type { OutboundRoute, TrunkGroup } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { withTrunkGroups } from './pbx-config-source.ts';

const route = (over: Partial<OutboundRoute>): OutboundRoute => ({
  id: 'r1',
  name: '出局',
  priority: 100,
  dialPatterns: [{ prepend: '', prefix: '9', match: 'X.', callerPattern: '' }],
  scope: { all: true },
  trunkIds: [],
  trunkOrder: 'sequential',
  callerIdMode: 'extension',
  callerIdPool: [],
  poolStrategy: 'rotate',
  enabled: true,
  createdAt: '2026-12-02T00:00:00.000Z',
  ...over,
});
const group = (over: Partial<TrunkGroup>): TrunkGroup => ({
  id: 'g1',
  name: '智能中继',
  order: 'leastUsed',
  trunkIds: ['t1', 't2'],
  enabled: true,
  createdAt: '2026-12-02T00:00:00.000Z',
  ...over,
});

describe('withTrunkGroups', () => {
  it("gives a route its group's trunks in the group's order, leaves other routes alone", () => {
    const [viaGroup, direct] = withTrunkGroups(
      [route({ trunkGroupId: 'g1' }), route({ id: 'r2', trunkIds: ['t3'], trunkOrder: 'random' })],
      [group({})],
    );
    expect(viaGroup).toMatchObject({ trunkIds: ['t1', 't2'], trunkOrder: 'leastUsed', enabled: true });
    expect(direct).toMatchObject({ trunkIds: ['t3'], trunkOrder: 'random' });
  });

  it('turns the route off while its group is disabled or gone', () => {
    expect(withTrunkGroups([route({ trunkGroupId: 'g1' })], [group({ enabled: false })])[0]?.enabled).toBe(false);
    expect(withTrunkGroups([route({ trunkGroupId: 'gone' })], [group({})])[0]?.enabled).toBe(false);
  });
});

import { flow, flowDialTarget } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';

describe('the { trunk } dial target (shared flowDialTarget)', () => {
  it('takes 1 to 8 trunks in failover order, a number and an optional caller ID and name', () => {
    const ok = flowDialTarget.parse({
      trunk: { trunkIds: ['a', 'b'], number: '13800138000', callerId: '02588886666' },
    });
    expect(ok.trunk).toEqual({ trunkIds: ['a', 'b'], number: '13800138000', callerId: '02588886666' });
    const nine = Array.from({ length: 9 }, (_, i) => `t${i}`);
    for (const bad of [
      { trunk: { trunkIds: [], number: '1' } },
      { trunk: { trunkIds: nine, number: '1' } },
      { trunk: { trunkIds: ['a'], number: '' } },
      { trunk: { trunkIds: ['a'], number: '1', prefix: '0' } },
      { extension: '1001', trunk: { trunkIds: ['a'], number: '1' } },
    ])
      expect(flowDialTarget.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('goes in a dial step beside extensions', () => {
    const parsed = flow.parse({
      steps: [{ verb: 'dial', targets: [{ extension: '1001' }, { trunk: { trunkIds: ['a'], number: '95588' } }] }],
    });
    expect(parsed.steps[0]).toMatchObject({ verb: 'dial', strategy: 'parallel' });
  });
});

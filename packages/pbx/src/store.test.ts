import { describe, expect, it } from 'vitest';
import { MemoryPbxStore } from './store.ts';

describe('in-memory store', () => {
  it('adds, reads unknown keys as 0, and refuses an add above max', async () => {
    const s = new MemoryPbxStore();
    expect(await s.add('t:a', 1)).toEqual({ ok: true, value: 1 });
    expect(await s.add('t:a', 2)).toEqual({ ok: true, value: 3 });
    expect(await s.get(['t:a', 't:none'])).toEqual([3, 0]);
    expect(await s.add('t:a', 1, { max: 3 })).toEqual({ ok: false, value: 3 });
    expect(await s.add('t:a', -1, { max: 3 })).toEqual({ ok: true, value: 2 });
  });

  it('forgets a counter after its TTL on the injected clock', async () => {
    let now = 1000;
    const s = new MemoryPbxStore({ now: () => now });
    await s.add('k', 5, { ttlMs: 100 });
    now = 1099;
    expect(await s.get(['k'])).toEqual([5]);
    now = 1100;
    expect(await s.get(['k'])).toEqual([0]);
    expect(s.size).toBe(0);
  });
});

import type { NumberListEntry } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { NumberListIndex, normalizeListNumber } from './number-list.ts';

type E = Pick<NumberListEntry, 'list' | 'direction' | 'number' | 'match' | 'status'> & {
  reason: string;
  expiresAt?: string | null;
};
const e = (over: Partial<E> & Pick<E, 'number'>): E => ({
  list: 'black',
  direction: 'both',
  match: 'exact',
  status: 'approved',
  reason: over.number,
  ...over,
});
const now = Date.parse('2026-12-02T04:00:00Z');

describe('black and red lists', () => {
  it('matches exact numbers before prefixes, and the longest prefix', () => {
    const idx = new NumberListIndex([
      e({ number: '0755', match: 'prefix', reason: 'short' }),
      e({ number: '075526', match: 'prefix', reason: 'long' }),
      e({ number: '075526881234', reason: 'exact' }),
    ]);
    expect(idx.lookup('075526881234', 'inbound', now).black?.reason).toBe('exact');
    expect(idx.lookup('075526889999', 'inbound', now).black?.reason).toBe('long');
    expect(idx.lookup('075512345678', 'inbound', now).black?.reason).toBe('short');
    expect(idx.lookup('02012345678', 'inbound', now).black).toBeUndefined();
  });

  it('only approved, unexpired entries for the call’s direction count', () => {
    const idx = new NumberListIndex([
      e({ number: '13800000001', status: 'pending' }),
      e({ number: '13800000002', status: 'rejected' }),
      e({ number: '13800000003', expiresAt: '2026-12-02T03:59:59Z' }),
      e({ number: '13800000004', expiresAt: '2026-12-03T00:00:00Z' }),
      e({ number: '13800000005', direction: 'inbound' }),
    ]);
    expect(idx.lookup('13800000001', 'inbound', now).black).toBeUndefined();
    expect(idx.lookup('13800000002', 'inbound', now).black).toBeUndefined();
    expect(idx.lookup('13800000003', 'inbound', now).black).toBeUndefined();
    expect(idx.lookup('13800000004', 'inbound', now).black).toBeDefined();
    expect(idx.lookup('13800000005', 'inbound', now).black).toBeDefined();
    expect(idx.lookup('13800000005', 'outbound', now).black).toBeUndefined();
  });

  it('an expired exact entry falls back to a live prefix entry', () => {
    const idx = new NumberListIndex([
      e({ number: '13800000003', expiresAt: '2026-01-01T00:00:00Z', reason: 'old' }),
      e({ number: '138', match: 'prefix', reason: 'prefix' }),
    ]);
    expect(idx.lookup('13800000003', 'outbound', now).black?.reason).toBe('prefix');
  });

  it('reports black and red separately', () => {
    const idx = new NumberListIndex([
      e({ number: '13900000000', list: 'red', reason: 'vip' }),
      e({ number: '139', match: 'prefix', reason: 'b' }),
    ]);
    const m = idx.lookup('13900000000', 'inbound', now);
    expect(m.red?.reason).toBe('vip');
    expect(m.black?.reason).toBe('b');
  });

  it('compares numbers in one form: +86, 0086 and a 0 before a mobile', () => {
    expect(normalizeListNumber('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizeListNumber('013800138000')).toBe('13800138000');
    expect(normalizeListNumber('+8675526881234')).toBe('075526881234');
    expect(normalizeListNumber('008610123')).toBe('010123');
    expect(normalizeListNumber('+44207')).toBe('0044207');
    expect(normalizeListNumber('+864008001234')).toBe('4008001234');
    expect(normalizeListNumber('+8695588')).toBe('95588');
    const idx = new NumberListIndex([e({ number: '+8613800138000' })]);
    expect(idx.lookup('013800138000', 'inbound', now).black).toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import { PortAllocator } from './port-allocator.ts';

describe('PortAllocator', () => {
  it('hands out even ports with room for RTCP, round-robin, until exhausted', () => {
    const a = new PortAllocator({ min: 40001, max: 40008 });
    expect(a.capacity).toBe(3);
    expect([a.allocate(), a.allocate(), a.allocate()]).toEqual([40002, 40004, 40006]);
    expect(a.allocate()).toBeUndefined();
    a.release(40004);
    expect(a.allocated).toBe(2);
    expect(a.allocate()).toBe(40004);
  });

  it('does not reuse a released port before the others', () => {
    const a = new PortAllocator({ min: 40000, max: 40009 });
    const p1 = a.allocate();
    if (p1 === undefined) throw new Error('exhausted');
    a.release(p1);
    expect(a.allocate()).toBe(40002);
    expect(a.isAllocated(40000)).toBe(false);
  });

  it('rejects bad ranges', () => {
    expect(() => new PortAllocator({ min: 40000, max: 40000 })).toThrow(RangeError);
    expect(() => new PortAllocator({ min: 80, max: 1000 })).toThrow(RangeError);
    expect(() => new PortAllocator({ min: 65000, max: 70000 })).toThrow(RangeError);
  });
});

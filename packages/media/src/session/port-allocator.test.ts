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

  it('hands out the port released longest ago, and ignores ports it does not own', () => {
    const a = new PortAllocator({ min: 40000, max: 40009 });
    const ports = [a.allocate(), a.allocate(), a.allocate(), a.allocate(), a.allocate()];
    expect(ports).toEqual([40000, 40002, 40004, 40006, 40008]);
    a.release(40006);
    a.release(40002);
    a.release(40002);
    a.release(40003);
    a.release(50000);
    expect(a.allocated).toBe(3);
    expect([a.allocate(), a.allocate(), a.allocate()]).toEqual([40006, 40002, undefined]);
  });

  it('stays first-in first-out over many cycles of a nearly full range', () => {
    const a = new PortAllocator({ min: 40000, max: 40199 });
    const held: number[] = [];
    for (let i = 0; i < 95; i++) held.push(a.allocate() as number);
    const seen: number[] = [];
    for (let i = 0; i < 1000; i++) {
      a.release(held.shift() as number);
      const p = a.allocate() as number;
      expect(p).toBeDefined();
      expect(held.includes(p)).toBe(false);
      held.push(p);
      seen.push(p);
    }
    // Each released port waits behind the 5 never-used ones and the ones released before it.
    expect(new Set(seen.slice(0, 100)).size).toBe(100);
  });

  it('rejects bad ranges', () => {
    expect(() => new PortAllocator({ min: 40000, max: 40000 })).toThrow(RangeError);
    expect(() => new PortAllocator({ min: 80, max: 1000 })).toThrow(RangeError);
    expect(() => new PortAllocator({ min: 65000, max: 70000 })).toThrow(RangeError);
  });
});

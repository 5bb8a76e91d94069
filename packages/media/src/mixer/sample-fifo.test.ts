import { describe, expect, it } from 'vitest';
import { decodePcma, decodePcmu, G711Law } from '../codec/g711.ts';
import { SampleFifo } from './sample-fifo.ts';

const codes = (from: number, n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('SampleFifo', () => {
  it('decodes in, reads out in order across the ring wrap, zero-fills a short read', () => {
    const fifo = new SampleFifo(10);
    const out = new Int16Array(4);
    fifo.writeG711(G711Law.PCMU, codes(0, 6));
    expect(fifo.read(out)).toBe(4);
    expect(Array.from(out)).toEqual(Array.from(decodePcmu(codes(0, 4))));
    fifo.writeG711(G711Law.PCMA, codes(100, 7)); // wraps
    expect(fifo.length).toBe(9);
    expect(fifo.read(out)).toBe(4);
    expect(Array.from(out)).toEqual([...decodePcmu(codes(4, 2)), ...decodePcma(codes(100, 2))]);
    expect(fifo.read(out)).toBe(4);
    expect(fifo.read(out)).toBe(1);
    expect(Array.from(out)).toEqual([decodePcma(codes(106, 1))[0], 0, 0, 0]);
    expect(fifo.length).toBe(0);
    expect(fifo.dropped).toBe(0);
    expect(fifo.received).toBe(13);
  });

  it('drops the oldest samples beyond its capacity', () => {
    const fifo = new SampleFifo(8);
    fifo.writeG711(G711Law.PCMU, codes(0, 6));
    fifo.writeG711(G711Law.PCMU, codes(6, 6)); // 4 oldest dropped
    expect(fifo.dropped).toBe(4);
    const out = new Int16Array(8);
    expect(fifo.read(out)).toBe(8);
    expect(Array.from(out)).toEqual(Array.from(decodePcmu(codes(4, 8))));
    fifo.writeG711(G711Law.PCMU, codes(50, 20)); // larger than the ring: the newest 8
    expect(fifo.dropped).toBe(16);
    fifo.read(out);
    expect(Array.from(out)).toEqual(Array.from(decodePcmu(codes(62, 8))));
    fifo.writeG711(G711Law.PCMU, codes(0, 3));
    fifo.clear();
    expect(fifo.length).toBe(0);
    expect(() => new SampleFifo(0)).toThrow(RangeError);
  });
});

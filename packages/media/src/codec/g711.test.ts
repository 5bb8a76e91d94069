import { describe, expect, it } from 'vitest';
import {
  decodePcma,
  decodePcmu,
  encodePcma,
  encodePcmu,
  pcmaDecodeSample,
  pcmaEncodeSample,
  pcmaToPcmu,
  pcmuDecodeSample,
  pcmuEncodeSample,
  pcmuToPcma,
} from './g711.ts';

describe('G.711 µ-law', () => {
  it('matches reference values', () => {
    expect(pcmuEncodeSample(0)).toBe(0xff);
    expect(pcmuDecodeSample(0xff)).toBe(0);
    expect(pcmuDecodeSample(0x7f)).toBe(0);
    expect(pcmuDecodeSample(0x00)).toBe(-32124);
    expect(pcmuDecodeSample(0x80)).toBe(32124);
    expect(pcmuEncodeSample(32767)).toBe(0x80);
    expect(pcmuEncodeSample(-32768)).toBe(0x00);
    expect(pcmuDecodeSample(0xfe)).toBe(8);
    expect(pcmuDecodeSample(0x7e)).toBe(-8);
    expect(pcmuEncodeSample(1000)).toBe(0xce);
    expect(pcmuDecodeSample(0xce)).toBe(988);
  });

  it('round-trips all 256 codes (0x7F is negative zero and re-encodes as 0xFF)', () => {
    for (let c = 0; c < 256; c++) {
      const back = pcmuEncodeSample(pcmuDecodeSample(c));
      expect(back).toBe(c === 0x7f ? 0xff : c);
    }
  });

  it('is monotonic over the whole 16-bit range', () => {
    let prev = -Infinity;
    for (let s = -32768; s <= 32767; s += 7) {
      const d = pcmuDecodeSample(pcmuEncodeSample(s));
      expect(d).toBeGreaterThanOrEqual(prev);
      prev = d;
    }
  });
});

describe('G.711 A-law', () => {
  it('matches reference values', () => {
    expect(pcmaEncodeSample(0)).toBe(0xd5);
    expect(pcmaDecodeSample(0xd5)).toBe(8);
    expect(pcmaDecodeSample(0x55)).toBe(-8);
    expect(pcmaDecodeSample(0xaa)).toBe(32256);
    expect(pcmaDecodeSample(0x2a)).toBe(-32256);
    expect(pcmaEncodeSample(32767)).toBe(0xaa);
    expect(pcmaEncodeSample(-32768)).toBe(0x2a);
    expect(pcmaEncodeSample(1000)).toBe(0xfa);
    expect(pcmaDecodeSample(0xfa)).toBe(1008);
  });

  it('round-trips all 256 codes', () => {
    for (let c = 0; c < 256; c++) expect(pcmaEncodeSample(pcmaDecodeSample(c))).toBe(c);
  });

  it('keeps the quantization error within half a step', () => {
    for (let s = -32768; s <= 32767; s += 13) {
      const d = pcmaDecodeSample(pcmaEncodeSample(s));
      const step = Math.abs(s) < 512 ? 16 : 2 ** (Math.floor(Math.log2(Math.abs(s))) - 4);
      expect(Math.abs(d - s)).toBeLessThanOrEqual(step);
    }
  });
});

describe('G.711 blocks and transcoding', () => {
  const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));

  it('encodes and decodes 20 ms frames, reusing output buffers', () => {
    const out = Buffer.alloc(200);
    const u = encodePcmu(pcm, out);
    expect(u.length).toBe(160);
    expect(u.buffer).toBe(out.buffer);
    const back = decodePcmu(u);
    for (let i = 0; i < 160; i++) expect(Math.abs((back[i] as number) - (pcm[i] as number))).toBeLessThan(300);
    const a = encodePcma(pcm);
    const backA = decodePcma(a, new Int16Array(160));
    for (let i = 0; i < 160; i++) expect(Math.abs((backA[i] as number) - (pcm[i] as number))).toBeLessThan(300);
  });

  it('transcodes PCMU↔PCMA to what decode+encode gives', () => {
    expect(pcmuToPcma(Buffer.from([0xff]))[0]).toBe(0xd5);
    // A-law 0xD5 is +8, whose nearest µ-law code is 0xFE (+8), as in the Sun reference's _a2u table.
    expect(pcmaToPcmu(Buffer.from([0xd5]))[0]).toBe(0xfe);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const a = pcmuToPcma(all);
    const u = pcmaToPcmu(all);
    for (let c = 0; c < 256; c++) {
      expect(a[c]).toBe(pcmaEncodeSample(pcmuDecodeSample(c)));
      expect(u[c]).toBe(pcmuEncodeSample(pcmaDecodeSample(c)));
    }
    // A-law -> µ-law -> A-law: µ-law is coarser only near zero and at the top, so most codes survive and the
    // rest land on a neighbouring code.
    const back = pcmuToPcma(pcmaToPcmu(all));
    let same = 0;
    for (let c = 0; c < 256; c++) {
      if (back[c] === c) same++;
      else expect(Math.abs(((back[c] as number) ^ 0x55) - (c ^ 0x55))).toBe(1);
    }
    expect(same).toBeGreaterThanOrEqual(240);
  });

  it('transcodes in place', () => {
    const buf = Buffer.from([0xff, 0x80, 0x00]);
    pcmuToPcma(buf, buf);
    expect([...buf]).toEqual([0xd5, pcmaEncodeSample(32124), pcmaEncodeSample(-32124)]);
  });
});

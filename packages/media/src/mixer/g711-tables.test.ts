import { describe, expect, it } from 'vitest';
import { pcmaDecodeSample, pcmaEncodeSample, pcmuDecodeSample, pcmuEncodeSample } from '../codec/g711.ts';
import { ALAW_DECODE, ALAW_ENCODE, ULAW_DECODE, ULAW_ENCODE } from './g711-tables.ts';

describe('mixer G.711 tables', () => {
  it('encode every 16-bit sample exactly as g711.ts does', () => {
    let mismatches = 0;
    for (let s = -32768; s <= 32767; s++) {
      if (ULAW_ENCODE[(s >> 2) & 0x3fff] !== pcmuEncodeSample(s)) mismatches++;
      if (ALAW_ENCODE[(s >> 3) & 0x1fff] !== pcmaEncodeSample(s)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('decode every octet exactly as g711.ts does', () => {
    for (let c = 0; c < 256; c++) {
      expect(ULAW_DECODE[c]).toBe(pcmuDecodeSample(c));
      expect(ALAW_DECODE[c]).toBe(pcmaDecodeSample(c));
    }
  });
});

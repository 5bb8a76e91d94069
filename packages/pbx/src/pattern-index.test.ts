import { describe, expect, it } from 'vitest';
import { compilePattern } from './dial-pattern.ts';
import { type IndexEntry, PatternIndex } from './pattern-index.ts';
import { mulberry32 } from './random.ts';

const entry = (source: string, rank: number): IndexEntry<string> => ({
  pattern: compilePattern(source),
  rank,
  value: source,
});

describe('pattern index', () => {
  it('yields exact numbers and patterns together in rank order', () => {
    const idx = new PatternIndex([entry('X.', 5), entry('4008001234', 3), entry('400800XXXX', 1), entry('4!', 4)]);
    expect([...idx.matches('4008001234')].map((e) => e.value)).toEqual(['400800XXXX', '4008001234', '4!', 'X.']);
    expect(idx.first('4008001234', (v) => v !== '400800XXXX')?.value).toBe('4008001234');
    expect(idx.first('56')?.value).toBe('X.');
    expect(idx.first('5')).toBeUndefined(); // X. needs two digits or more
    expect(idx.first('')).toBeUndefined();
  });

  it('finds patterns whose literal prefix is shorter or longer than the bucket key', () => {
    const idx = new PatternIndex([entry('0755NXXXXXXX', 1), entry('07X.', 2), entry('N.', 3)], 4);
    expect(idx.first('075526881234')?.value).toBe('0755NXXXXXXX');
    expect(idx.first('0712')?.value).toBe('07X.');
    expect(idx.first('0756')?.value).toBe('07X.');
    expect(idx.first('075')).toBeUndefined();
    expect(idx.first('25')?.value).toBe('N.');
  });

  it('agrees with a naive scan on random patterns and numbers (property test, fixed seed)', () => {
    const rng = mulberry32(12345);
    const pick = (s: string) => s.charAt(Math.floor(rng() * s.length));
    const randomPattern = () => {
      const length = 1 + Math.floor(rng() * 6);
      let p = '';
      for (let i = 0; i < length; i++) {
        const r = rng();
        p += r < 0.6 ? pick('0123') : r < 0.7 ? 'X' : r < 0.8 ? 'N' : r < 0.9 ? 'Z' : '[1-2]';
      }
      const w = rng();
      return w < 0.2 ? `${p}.` : w < 0.3 ? `${p}!` : p;
    };
    const randomNumber = () => {
      const length = 1 + Math.floor(rng() * 8);
      let n = '';
      for (let i = 0; i < length; i++) n += pick('0123456789'.slice(0, rng() < 0.8 ? 4 : 10));
      return n;
    };
    for (let round = 0; round < 20; round++) {
      const entries = Array.from({ length: 300 }, (_, i) => entry(randomPattern(), i * 7 + Math.floor(rng() * 7)));
      const index = new PatternIndex(entries, 1 + (round % 5));
      const naive = [...entries].sort((a, b) => a.rank - b.rank);
      for (let q = 0; q < 300; q++) {
        const n = randomNumber();
        const expected = naive.filter((e) => e.pattern.test(n)).map((e) => e.rank);
        expect([...index.matches(n)].map((e) => e.rank)).toEqual(expected);
      }
    }
  });
});

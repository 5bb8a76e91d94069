import { describe, expect, it } from 'vitest';
import { digitPromptNames, numberPromptNames, SAY_PROMPTS } from './say-number.ts';

const ZH: Record<string, string> = {
  ...Object.fromEntries([...'零一二三四五六七八九'].map((c, i) => [`digits/${i}`, c])),
  'numbers/10': '十',
  'numbers/hundred': '百',
  'numbers/thousand': '千',
  'numbers/ten-thousand': '万',
  'numbers/hundred-million': '亿',
  'numbers/liang': '两',
};
const EN_WORDS = 'zero one two three four five six seven eight nine'.split(' ');
const EN_TEENS = 'ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(' ');
const EN_TENS = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');
const EN: Record<string, string> = {
  ...Object.fromEntries(EN_WORDS.map((w, i) => [`digits/${i}`, w])),
  ...Object.fromEntries(EN_TEENS.map((w, i) => [`numbers/${10 + i}`, w])),
  ...Object.fromEntries(EN_TENS.map((w, i) => [`numbers/${20 + 10 * i}`, w])),
  'numbers/hundred': 'hundred',
  'numbers/thousand': 'thousand',
  'numbers/million': 'million',
};

const zh = (n: number) =>
  numberPromptNames(n, 'zh-CN')
    .map((p) => ZH[p] ?? `?${p}`)
    .join('');
const en = (n: number) =>
  numberPromptNames(n, 'en-US')
    .map((p) => EN[p] ?? `?${p}`)
    .join(' ');

describe('numberPromptNames zh-CN', () => {
  it.each([
    [0, '零'],
    [2, '二'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [22, '二十二'],
    [100, '一百'],
    [110, '一百一十'],
    [115, '一百一十五'],
    [200, '两百'],
    [222, '两百二十二'],
    [101, '一百零一'],
    [1000, '一千'],
    [1002, '一千零二'],
    [1020, '一千零二十'],
    [1200, '一千两百'],
    [2222, '两千两百二十二'],
    [10_000, '一万'],
    [10_020, '一万零二十'],
    [20_000, '两万'],
    [20_002, '两万零二'],
    [22_000, '两万两千'],
    [100_000, '十万'],
    [110_000, '十一万'],
    [120_000, '十二万'],
    [200_500, '二十万零五百'],
    [1_101_000, '一百一十万一千'],
    [10_000_020, '一千万零二十'],
    [100_000_000, '一亿'],
    [200_000_000, '两亿'],
    [100_001_000, '一亿零一千'],
    [101_000_005, '一亿零一百万零五'],
    [999_999_999, '九亿九千九百九十九万九千九百九十九'],
  ])('%i → %s', (n, text) => {
    expect(zh(n)).toBe(text);
  });
});

describe('numberPromptNames en-US', () => {
  it.each([
    [0, 'zero'],
    [7, 'seven'],
    [13, 'thirteen'],
    [20, 'twenty'],
    [45, 'forty five'],
    [100, 'one hundred'],
    [115, 'one hundred fifteen'],
    [1020, 'one thousand twenty'],
    [1_000_001, 'one million one'],
    [12_345_678, 'twelve million three hundred forty five thousand six hundred seventy eight'],
    [999_999_999, 'nine hundred ninety nine million nine hundred ninety nine thousand nine hundred ninety nine'],
  ])('%i → %s', (n, text) => {
    expect(en(n)).toBe(text);
  });

  it('refuses what it cannot say', () => {
    expect(() => numberPromptNames(-1, 'zh-CN')).toThrow(RangeError);
    expect(() => numberPromptNames(1.5, 'en-US')).toThrow(RangeError);
    expect(() => numberPromptNames(1_000_000_000, 'zh-CN')).toThrow(RangeError);
  });

  it('uses only the names the prompt script generates', () => {
    for (const lang of ['zh-CN', 'en-US'] as const) {
      const known = new Set<string>([...SAY_PROMPTS.common, ...SAY_PROMPTS[lang]]);
      const unknown = new Set<string>();
      for (let n = 0; n < 1_000_000_000; n = n * 3 + 7) {
        for (const p of numberPromptNames(n, lang)) if (!known.has(p)) unknown.add(p);
      }
      for (let n = 0; n < 20_000; n++) {
        for (const p of numberPromptNames(n, lang)) if (!known.has(p)) unknown.add(p);
      }
      expect([...unknown]).toEqual([]);
    }
  });
});

describe('digitPromptNames', () => {
  it('reads each digit, star and pound', () => {
    expect(digitPromptNames('10*#')).toEqual(['digits/1', 'digits/0', 'digits/star', 'digits/pound']);
    expect(() => digitPromptNames('12a')).toThrow("cannot say 'a' as a digit");
  });
});

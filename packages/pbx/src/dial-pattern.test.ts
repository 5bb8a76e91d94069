import { describe, expect, it } from 'vitest';
import {
  compareSpecificity,
  compileDialRule,
  compilePattern,
  PatternError,
  tryCompilePattern,
} from './dial-pattern.ts';

describe('dial patterns', () => {
  it('X Z N, sets and ranges match one digit each, the whole number only', () => {
    const p = compilePattern('_1[3-9]XZN');
    expect(p.test('13012')).toBe(true);
    expect(p.test('19999')).toBe(true);
    expect(p.test('12012')).toBe(false); // [3-9]
    expect(p.test('13002')).toBe(false); // Z
    expect(p.test('13011')).toBe(false); // N
    expect(p.test('130123')).toBe(false); // whole number
    expect(compilePattern('nxx').test('200')).toBe(true); // case-insensitive
    expect(compilePattern('[137]').test('7')).toBe(true);
    expect(compilePattern('[137]').test('2')).toBe(false);
  });

  it('. is one or more, ! is zero or more', () => {
    expect(compilePattern('00.').test('00')).toBe(false);
    expect(compilePattern('00.').test('0044')).toBe(true);
    expect(compilePattern('00!').test('00')).toBe(true);
    expect(compilePattern('00!').test('00123')).toBe(true);
  });

  it('*, # and + are literals', () => {
    expect(compilePattern('*8').test('*8')).toBe(true);
    expect(compilePattern('+86X.').test('+8613800138000')).toBe(true);
    expect(compilePattern('+86X.').test('8613800138000')).toBe(false);
    expect(compilePattern('#1').exact).toBe('#1');
  });

  it('an all-literal pattern is exact; literal prefix and specificity are reported', () => {
    expect(compilePattern('4008001234').exact).toBe('4008001234');
    expect(compilePattern('_4008001234').exact).toBe('4008001234');
    const p = compilePattern('0755NXXXXXXX');
    expect(p.exact).toBeNull();
    expect(p.literalPrefix).toBe('0755');
    expect(p.specificity.slice(0, 5)).toEqual([1, 1, 1, 1, 8]);
  });

  it('orders by specificity the way Asterisk does: narrower elements first, wildcards last', () => {
    const sorted = ['X.', '1XX', '1NX', '1[23]X', '123', '1!'].map(compilePattern).sort(compareSpecificity);
    expect(sorted.map((p) => p.source)).toEqual(['123', '1[23]X', '1NX', '1XX', '1!', 'X.']);
  });

  it('refuses invalid patterns with a message key', () => {
    const errors = ['9.1', '5!!', '[5-1]', '[]', '[1-]', '[a]', '12a', '9[12'].map((p) => tryCompilePattern(p));
    expect(errors.map((e) => (e.ok ? 'ok' : e.error))).toEqual([
      'dialPattern.wildcard',
      'dialPattern.wildcard',
      'dialPattern.range',
      'dialPattern.set',
      'dialPattern.set',
      'dialPattern.set',
      'dialPattern.char',
      'dialPattern.set',
    ]);
    expect(() => compilePattern('1.2')).toThrow(PatternError);
  });

  it('the empty pattern matches anything (a catch-all DID)', () => {
    const any = compilePattern('');
    expect(any.test('4008001234')).toBe(true);
    expect(any.test('')).toBe(true);
  });
});

describe('FreePBX dial rules (prepend + prefix | match)', () => {
  it('strips the prefix and adds the prepend', () => {
    const r = compileDialRule({ prepend: '', prefix: '9', match: '1[3-9]XXXXXXXXX' });
    expect(r.apply('913800138000')).toBe('13800138000');
    expect(r.apply('13800138000')).toBeNull(); // the prefix is required
    expect(r.strip('913800138000')).toBe('13800138000');
    const add = compileDialRule({ prepend: '0755', match: 'NXXXXXXX' });
    expect(add.apply('26881234')).toBe('075526881234');
    const both = compileDialRule({ prepend: '+', prefix: '00', match: 'X.' });
    expect(both.apply('0044207')).toBe('+44207');
  });

  it('a pattern prefix strips as many digits as it has elements', () => {
    const r = compileDialRule({ prefix: '[89]', match: 'X.' });
    expect(r.apply('8123')).toBe('123');
    expect(r.apply('9123')).toBe('123');
    expect(r.apply('7123')).toBeNull();
  });

  it('a caller pattern must match the calling extension; an unknown caller does not match', () => {
    const r = compileDialRule({ match: 'X.', callerPattern: '10XX' });
    expect(r.apply('123', '1001')).toBe('123');
    expect(r.apply('123', '2001')).toBeNull();
    expect(r.apply('123')).toBeNull();
  });

  it('refuses a wildcard in the prefix, an empty rule and a bad prepend', () => {
    expect(() => compileDialRule({ prefix: '9.', match: 'X' })).toThrow(PatternError);
    expect(() => compileDialRule({})).toThrow(PatternError);
    expect(() => compileDialRule({ prepend: '9a', match: 'X' })).toThrow(PatternError);
  });
});

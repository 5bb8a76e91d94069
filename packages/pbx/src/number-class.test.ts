import { describe, expect, it } from 'vitest';
import { classifyNumber } from './number-class.ts';

const cls = (n: string, ctx?: Parameters<typeof classifyNumber>[1]) => classifyNumber(n, ctx).callClass;

describe('number classes (CN by default)', () => {
  it('an extension is internal, when the enterprise says it is one', () => {
    const isExtension = (n: string) => /^1\d{3}$/.test(n);
    expect(cls('1001', { isExtension })).toBe('internal');
    expect(cls('1001')).toBe('local'); // without the predicate: a 4-digit 1xxx service number
  });

  it('mobiles, with or without the leading 0 or +86', () => {
    for (const n of ['13800138000', '013800138000', '+8613800138000', '008613800138000', '19912345678']) {
      expect(classifyNumber(n)).toMatchObject({ callClass: 'mobile', e164: `+86${n.slice(-11)}` });
    }
  });

  it('fixed lines: local in the caller’s area, national elsewhere or when the area is unknown', () => {
    expect(cls('075526881234', { callerAreaCode: '0755' })).toBe('local');
    expect(cls('075526881234', { callerAreaCode: '755' })).toBe('local');
    expect(cls('01062345678', { callerAreaCode: '0755' })).toBe('national');
    expect(classifyNumber('02161234567')).toMatchObject({
      callClass: 'national',
      areaCode: '021',
      e164: '+862161234567',
    });
    expect(classifyNumber('26881234', { callerAreaCode: '0755' })).toMatchObject({
      callClass: 'local',
      e164: '+8675526881234',
    });
    expect(cls('+8675526881234', { callerAreaCode: '0755' })).toBe('local');
  });

  it('international: 00 or + with a foreign country code; foreign premium rate is premium', () => {
    expect(classifyNumber('00442079460000')).toMatchObject({
      callClass: 'international',
      international: true,
      e164: '+442079460000',
    });
    expect(classifyNumber('+12025550143')).toMatchObject({ callClass: 'international', international: true });
    expect(classifyNumber('+449098790000')).toMatchObject({ callClass: 'premium', international: true, premium: true });
    expect(classifyNumber('0019005550123')).toMatchObject({ callClass: 'premium', international: true });
  });

  it('CN premium: 168/160x information lines and 1259x SP services, also behind an area code', () => {
    expect(cls('16812345')).toBe('premium');
    expect(cls('160912345')).toBe('premium');
    expect(cls('125901234')).toBe('premium');
    expect(cls('075516812345', { callerAreaCode: '0755' })).toBe('premium');
  });

  it('service numbers: 95xxx national, 96xxx and carrier 1xxxx local, 400/800 national; emergency flagged', () => {
    expect(cls('95588')).toBe('national');
    expect(cls('96166')).toBe('local');
    expect(cls('10086')).toBe('local');
    expect(cls('4008001234')).toBe('national');
    expect(cls('8008101234')).toBe('national');
    expect(classifyNumber('+864008001234')).toMatchObject({ callClass: 'national', e164: '+864008001234' });
    expect(classifyNumber('+8695588')).toMatchObject({ callClass: 'national' });
    expect(classifyNumber('110')).toMatchObject({ callClass: 'local', emergency: true });
    expect(classifyNumber('120')).toMatchObject({ emergency: true });
  });

  it('other countries use the metadata and their own international prefix (US 011, 911)', () => {
    expect(cls('01144207946000', { country: 'US' })).toBe('international');
    expect(cls('2025550143', { country: 'US', callerAreaCode: '202' })).toBe('local');
    expect(cls('3125550143', { country: 'US', callerAreaCode: '202' })).toBe('national');
    expect(cls('9005550123', { country: 'US' })).toBe('premium');
    expect(classifyNumber('911', { country: 'US' })).toMatchObject({ emergency: true });
    expect(cls('+8613800138000', { country: 'US' })).toBe('international');
    expect(cls('07400123456', { country: 'GB' })).toBe('mobile');
  });
});

import { describe, expect, it } from 'vitest';
import { formatCallerId } from './caller-id.ts';

const e164 = { callerIdFormat: 'e164' as const, countryCode: '86' };
const national = { callerIdFormat: 'national' as const, countryCode: '86' };

describe('formatCallerId', () => {
  it.each([
    ['02588886666', '+862588886666'],
    ['+862588886666', '+862588886666'],
    ['00862588886666', '+862588886666'],
    ['13800138000', '+8613800138000'],
    ['+14155550100', '+14155550100'],
  ])('E.164: %s → %s', (input, out) => {
    expect(formatCallerId(input, e164)).toBe(out);
  });

  it.each([
    ['+862588886666', '02588886666'],
    ['02588886666', '02588886666'],
    ['+8613800138000', '13800138000'],
    ['13800138000', '13800138000'],
    ['+14155550100', '0014155550100'],
  ])('national: %s → %s', (input, out) => {
    expect(formatCallerId(input, national)).toBe(out);
  });

  it('leaves internal numbers and names alone, and defaults the country code to 86', () => {
    expect(formatCallerId('1001', e164)).toBe('1001');
    expect(formatCallerId('anonymous', national)).toBe('anonymous');
    expect(formatCallerId('02588886666', { callerIdFormat: 'e164' })).toBe('+862588886666');
    expect(formatCallerId('02012345678', { callerIdFormat: 'e164', countryCode: '44' })).toBe('+442012345678');
  });
});

import type { TrunkInfo } from './trunk-types.ts';

/** Shorter than this (after stripping '+'), a caller ID is an internal number and goes out as is. */
const MIN_PHONE_DIGITS = 7;

/**
 * A caller ID in the trunk's format (ADR 0009). Input may be E.164 ('+8625…'), international ('0086…'), national
 * with trunk prefix ('025…') or a mobile ('138…'). E.164 out: '+<cc><national significant number>'. National out:
 * '0' + the national significant number, except Chinese mobiles (cc 86, 1[3-9] and 11 digits), which carry no
 * trunk prefix. Anything not a phone number (short, non-digits) is returned unchanged.
 */
export function formatCallerId(callerId: string, trunk: Pick<TrunkInfo, 'callerIdFormat' | 'countryCode'>): string {
  const cc = trunk.countryCode || '86';
  const digits = callerId.replace(/[\s()-]/g, '');
  if (!/^\+?\d+$/.test(digits) || digits.replace('+', '').length < MIN_PHONE_DIGITS) return callerId;
  let nsn: string;
  let foreign: string | null = null;
  if (digits.startsWith('+') || digits.startsWith('00')) {
    const international = digits.startsWith('+') ? digits.slice(1) : digits.slice(2);
    if (international.startsWith(cc)) nsn = international.slice(cc.length);
    else {
      foreign = international;
      nsn = '';
    }
  } else if (digits.startsWith('0')) nsn = digits.slice(1);
  else nsn = digits;
  if (foreign !== null) return trunk.callerIdFormat === 'e164' ? `+${foreign}` : `00${foreign}`;
  if (trunk.callerIdFormat === 'e164') return `+${cc}${nsn}`;
  const mobile = cc === '86' && /^1[3-9]\d{9}$/.test(nsn);
  return mobile ? nsn : `0${nsn}`;
}

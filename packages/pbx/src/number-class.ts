/**
 * Classifies a dialled number into a permission class (internal, local, national, mobile, international,
 * premium) for the enterprise's country (default CN), with libphonenumber-js metadata for the types and
 * data tables below for what the metadata does not know. See docs/adr/0010-pbx-engine.md for the sources.
 */
import type { CallClass } from '@hujiao/shared';
import { type CountryCode, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface NumberPlan {
  /** The international access prefix dialled before a country code (besides '+'). */
  internationalPrefix: string;
  /** Numbers that are always allowed (emergency); classified 'local' with emergency: true. */
  emergency: readonly string[];
  /** National-number prefixes that are premium-rate beyond what libphonenumber marks PREMIUM_RATE. */
  premiumPrefixes: readonly string[];
}

/**
 * CN: 110 police, 119 fire, 120 ambulance, 122 traffic accident (and 112, which mobiles route to 110).
 * Premium: 168/160x 声讯台 information lines (libphonenumber also marks 16x as premium), 1259x SP voice
 * value-added services billed on top of the call. 95xxx (enterprise service numbers nationwide, e.g. 95588) are
 * 'national' and 96xxx (local service numbers) 'local', at ordinary rates; 400 (shared cost) and 800 (free) are
 * 'national'.
 */
export const NUMBER_PLANS: Partial<Record<CountryCode, NumberPlan>> & { default: NumberPlan } = {
  default: { internationalPrefix: '00', emergency: ['112'], premiumPrefixes: [] },
  CN: {
    internationalPrefix: '00',
    emergency: ['110', '119', '120', '122', '112'],
    premiumPrefixes: ['168', '1600', '1609', '1259'],
  },
  US: { internationalPrefix: '011', emergency: ['911'], premiumPrefixes: ['900', '976'] },
  CA: { internationalPrefix: '011', emergency: ['911'], premiumPrefixes: ['900', '976'] },
  GB: { internationalPrefix: '00', emergency: ['999', '112'], premiumPrefixes: ['909', '908', '98'] },
};

export interface ClassifyContext {
  /** ISO 3166 country of the enterprise (default CN). */
  country?: CountryCode;
  /** Is this number one of the enterprise's extensions (分机)? */
  isExtension?: (digits: string) => boolean;
  /** The caller's area code (CN: '755' or '0755'); without it a fixed line with an area code is 'national'. */
  callerAreaCode?: string;
  plan?: NumberPlan;
}

export interface NumberClassification {
  callClass: CallClass;
  /** To another country (also set for a foreign premium-rate number, whose class is 'premium'). */
  international: boolean;
  premium: boolean;
  emergency: boolean;
  /** E.164 when it can be told (a local number needs the caller's area code). */
  e164?: string;
  /** The callee's area code with the trunk prefix (CN '0755') for fixed lines, when known. */
  areaCode?: string;
}

const base = { international: false, premium: false, emergency: false };

export function classifyNumber(dialled: string, ctx: ClassifyContext = {}): NumberClassification {
  const country = ctx.country ?? 'CN';
  const plan = ctx.plan ?? NUMBER_PLANS[country] ?? NUMBER_PLANS.default;
  const digits = dialled.replace(/[\s()-]/g, '');
  if (ctx.isExtension?.(digits)) return { ...base, callClass: 'internal' };
  if (plan.emergency.includes(digits)) return { ...base, callClass: 'local', emergency: true };

  const ownCode = getCountryCallingCode(country);
  let national = digits;
  const intl = digits.startsWith('+')
    ? digits.slice(1)
    : digits.startsWith(plan.internationalPrefix)
      ? digits.slice(plan.internationalPrefix.length)
      : null;
  if (intl !== null) {
    const parsed = parsePhoneNumberFromString(`+${intl}`);
    const code = parsed?.countryCallingCode ?? intl.slice(0, 3);
    if (code !== ownCode) {
      const premium = parsed?.getType() === 'PREMIUM_RATE';
      return {
        ...base,
        callClass: premium ? 'premium' : 'international',
        international: true,
        premium,
        e164: parsed ? parsed.number : `+${intl}`,
      };
    }
    // Our own country written internationally: back to the national form with the trunk prefix.
    const rest = intl.slice(ownCode.length);
    national = country === 'CN' && !/^(1[3-9]\d{9}$|[48]00\d{7}$|9[56])/.test(rest) ? `0${rest}` : rest;
  }
  return country === 'CN' ? classifyCn(national, ctx, plan) : classifyOther(national, country, ctx, plan);
}

const isPremium = (nsn: string, plan: NumberPlan) => plan.premiumPrefixes.some((p) => nsn.startsWith(p));

function classifyCn(n: string, ctx: ClassifyContext, plan: NumberPlan): NumberClassification {
  const mobile = /^0?(1[3-9]\d{9})$/.exec(n);
  if (mobile) return { ...base, callClass: 'mobile', e164: `+86${mobile[1]}` };
  if (/^[48]00\d{7}$/.test(n)) return { ...base, callClass: 'national', e164: `+86${n}` };
  if (isPremium(n, plan)) return { ...base, callClass: 'premium', premium: true };
  if (/^95\d{3,6}$/.test(n)) return { ...base, callClass: 'national' };
  if (/^(96\d{3,6}|1\d{2,4})$/.test(n)) return { ...base, callClass: 'local' };
  const callerArea = ctx.callerAreaCode?.replace(/^0/, '');
  const fixed = /^0((?:10|2\d)|[3-9]\d{2})(\d{7,8})$/.exec(n);
  if (fixed) {
    const area = fixed[1] as string;
    const subscriber = fixed[2] as string;
    const e164 = `+86${area}${subscriber}`;
    if (isPremium(subscriber, plan))
      return { ...base, callClass: 'premium', premium: true, e164, areaCode: `0${area}` };
    return { ...base, callClass: area === callerArea ? 'local' : 'national', e164, areaCode: `0${area}` };
  }
  if (/^[2-9]\d{6,7}$/.test(n)) {
    return {
      ...base,
      callClass: 'local',
      ...(callerArea ? { e164: `+86${callerArea}${n}`, areaCode: `0${callerArea}` } : {}),
    };
  }
  return { ...base, callClass: 'national' };
}

function classifyOther(n: string, country: CountryCode, ctx: ClassifyContext, plan: NumberPlan): NumberClassification {
  const parsed = parsePhoneNumberFromString(n, country);
  const nsn = parsed?.nationalNumber ?? n.replace(/^0/, '');
  const type = parsed?.getType();
  const e164 = parsed?.isValid() ? { e164: parsed.number } : {};
  if (type === 'PREMIUM_RATE' || isPremium(nsn, plan)) return { ...base, callClass: 'premium', premium: true, ...e164 };
  if (type === 'MOBILE') return { ...base, callClass: 'mobile', ...e164 };
  const area = ctx.callerAreaCode?.replace(/^0/, '');
  return { ...base, callClass: area && nsn.startsWith(area) ? 'local' : 'national', ...e164 };
}

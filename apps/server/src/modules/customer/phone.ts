import type { Locale } from '@hujiao/shared';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { cnPlace } from './phone-geo.ts';

export interface NormalisedPhone {
  raw: string;
  /** E.164 for valid numbers; the bare digits for short service numbers (10086, 95588); null if invalid. */
  e164: string | null;
  kind: PhoneKind;
  /** 归属地 in zh-CN (stored with the number; readers get it in their language from `describePhone`). */
  region: string | null;
  carrier: string | null;
}

/** 中国大陆手机号段 → carrier (three-digit prefixes; 1740x/1349 satellite ranges are ignored). */
const CN_CARRIERS: Array<[string, string[]]> = [
  [
    '中国移动',
    [
      '134',
      '135',
      '136',
      '137',
      '138',
      '139',
      '147',
      '148',
      '150',
      '151',
      '152',
      '157',
      '158',
      '159',
      '165',
      '172',
      '178',
      '182',
      '183',
      '184',
      '187',
      '188',
      '195',
      '197',
      '198',
    ],
  ],
  [
    '中国联通',
    ['130', '131', '132', '145', '146', '155', '156', '166', '167', '171', '175', '176', '185', '186', '196'],
  ],
  ['中国电信', ['133', '149', '153', '162', '173', '174', '177', '180', '181', '189', '190', '191', '193', '199']],
  ['中国广电', ['192']],
];
const carrierByPrefix = new Map(CN_CARRIERS.flatMap(([name, prefixes]) => prefixes.map((p) => [p, name] as const)));

const CARRIER_EN: Record<string, string> = {
  中国移动: 'China Mobile',
  中国联通: 'China Unicom',
  中国电信: 'China Telecom',
  中国广电: 'China Broadnet',
};

const regionNames = {
  'zh-CN': new Intl.DisplayNames(['zh-CN'], { type: 'region' }),
  'en-US': new Intl.DisplayNames(['en-US'], { type: 'region' }),
};

/**
 * Kinds of number: `mobile`, `fixedLine` (a landline with its area code), `service` (400/800 and other numbers
 * libphonenumber knows as valid non-geographic ones), `foreign` (valid, outside mainland China), `short` (3–8 bare
 * digits that are no valid number: 10086, 95588, 12345 — a key for caller id and the blacklist, never a customer's
 * number) and `invalid`.
 */
export type PhoneKind = 'mobile' | 'fixedLine' | 'service' | 'foreign' | 'short' | 'invalid';

/**
 * The 归属地 of a normalised number for a reader: province and city of Chinese mobiles and landlines (libphonenumber's
 * geocoding data, `phone-geo.ts`), else the country; the carrier of Chinese mobiles.
 */
export function describePhone(
  e164: string | null,
  locale: Locale = 'zh-CN',
): { region: string | null; carrier: string | null } {
  if (!e164?.startsWith('+')) return { region: null, carrier: null };
  if (e164.startsWith('+86')) {
    const national = e164.slice(3);
    const place = cnPlace(national);
    const mobile = /^1[3-9]\d{9}$/.test(national);
    const carrier = mobile ? (carrierByPrefix.get(national.slice(0, 3)) ?? null) : null;
    return {
      region: place ? place[locale === 'zh-CN' ? 'zh' : 'en'] : (regionNames[locale].of('CN') ?? 'CN'),
      carrier: carrier && locale !== 'zh-CN' ? (CARRIER_EN[carrier] ?? carrier) : carrier,
    };
  }
  const country = parsePhoneNumberFromString(e164)?.country;
  return { region: country ? (regionNames[locale].of(country) ?? country) : null, carrier: null };
}

/**
 * Normalises a number as typed or imported (Chinese numbers without country code are assumed; full-width digits,
 * spaces, dashes and brackets are allowed) to its E.164 key, and tells its kind and 归属地 (zh-CN).
 * Valid means valid for libphonenumber with the default region CN: 12345, 1234567 or a landline without its area
 * code (88888888) are not; mobiles, landlines with area code (010-12345678, 0755 1234 5678) and 400/800 numbers are.
 */
export function normalisePhone(input: string, defaultCountry: 'CN' = 'CN'): NormalisedPhone {
  const raw = input.trim();
  let text = raw.normalize('NFKC').replace(/[\s().-]/g, '');
  // Fast path for the common case (a bare mainland mobile of an allocated range): imports normalise millions.
  const mobile = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(text)?.[1];
  if (mobile && carrierByPrefix.has(mobile.slice(0, 3))) {
    const e164 = `+86${mobile}`;
    return { raw, e164, kind: 'mobile', ...describePhone(e164) };
  }
  if (/^00\d/.test(text)) text = `+${text.slice(2)}`;
  else if (/^86\d{11}$/.test(text)) text = `+${text}`;
  const parsed = /^\+?\d{3,20}$/.test(text) ? parsePhoneNumberFromString(text, defaultCountry) : undefined;
  if (parsed?.isValid()) {
    const type = parsed.getType();
    const kind: PhoneKind =
      parsed.country !== 'CN'
        ? 'foreign'
        : type === 'MOBILE'
          ? 'mobile'
          : type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE'
            ? 'fixedLine'
            : 'service';
    return { raw, e164: parsed.number, kind, ...describePhone(parsed.number) };
  }
  if (/^\d{3,8}$/.test(text)) return { raw, e164: text, kind: 'short', region: null, carrier: null };
  return { raw, e164: null, kind: 'invalid', region: null, carrier: null };
}

/** A customer's number: a valid one (see `normalisePhone`); short codes and invalid input give null. */
export function customerPhone(input: string): (NormalisedPhone & { e164: string }) | null {
  const p = normalisePhone(input);
  return p.e164 && p.kind !== 'short' && p.kind !== 'invalid' ? { ...p, e164: p.e164 } : null;
}

/** The look-up key of a number typed in a search box or arriving as caller id. */
export function phoneKey(input: string): string | null {
  return normalisePhone(input).e164;
}

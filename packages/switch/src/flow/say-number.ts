/**
 * Numbers and digit strings as lists of prompt names (files under prompts/<lang>/). Names:
 * - both languages: `digits/0` … `digits/9`, `digits/star`, `digits/pound`;
 * - zh-CN: `numbers/10` 十, `numbers/hundred` 百, `numbers/thousand` 千, `numbers/ten-thousand` 万,
 *   `numbers/hundred-million` 亿, `numbers/liang` 两 (零 is `digits/0`);
 * - en-US: `numbers/10` … `numbers/19`, `numbers/20` … `numbers/90` (tens), `numbers/hundred`,
 *   `numbers/thousand`, `numbers/million`.
 */
export const MAX_SAY_NUMBER = 999_999_999;

/** Every prompt name `say` may use, per language (the prompt script generates these). */
export const SAY_PROMPTS = {
  common: [...'0123456789'.split('').map((d) => `digits/${d}`), 'digits/star', 'digits/pound'],
  'zh-CN': [
    'numbers/10',
    'numbers/hundred',
    'numbers/thousand',
    'numbers/ten-thousand',
    'numbers/hundred-million',
    'numbers/liang',
  ],
  'en-US': [
    ...Array.from({ length: 10 }, (_, i) => `numbers/${10 + i}`),
    ...[20, 30, 40, 50, 60, 70, 80, 90].map((n) => `numbers/${n}`),
    'numbers/hundred',
    'numbers/thousand',
    'numbers/million',
  ],
} as const;

/** Each character read on its own: `1002#` → digits/1, digits/0, digits/0, digits/2, digits/pound. */
export function digitPromptNames(digits: string): string[] {
  const out: string[] = [];
  for (const c of digits) {
    if (c >= '0' && c <= '9') out.push(`digits/${c}`);
    else if (c === '*') out.push('digits/star');
    else if (c === '#') out.push('digits/pound');
    else throw new RangeError(`cannot say '${c}' as a digit`);
  }
  return out;
}

/** A whole number 0 … 999 999 999 read in the language (zh-CN: 一千零二十; en-US: one thousand twenty). */
export function numberPromptNames(n: number, lang: string): string[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_SAY_NUMBER) {
    throw new RangeError(`cannot say ${n}: a whole number from 0 to ${MAX_SAY_NUMBER}`);
  }
  if (n === 0) return ['digits/0'];
  return lang === 'en-US' ? english(n) : chinese(n);
}

const ZH_GROUP_UNITS = ['', 'numbers/ten-thousand', 'numbers/hundred-million'] as const;

/**
 * Chinese reading in groups of four digits (个, 万, 亿):
 * - 十 without 一 when it leads the number (十五, 十万), 一十 inside (一百一十);
 * - 两 for 2 before 百 and 千 and for a 万/亿 group that is just 2 (两百, 两千, 两万), 二 elsewhere (二十, 十二万);
 * - one 零 for any run of zeros between non-zero digits (一千零二十, 一万零二), none for trailing zeros of a
 *   group (十一万一千), and one across an all-zero group (一亿零一千).
 */
function chinese(n: number): string[] {
  const s = String(n);
  const out: string[] = [];
  let pendingZero = false;
  let groupHasDigit = false;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    const pos = s.length - 1 - i;
    const inGroup = pos % 4;
    const group = (pos - inGroup) / 4;
    if (d === 0) {
      if (out.length > 0) pendingZero = true;
    } else {
      if (pendingZero) out.push('digits/0');
      pendingZero = false;
      groupHasDigit = true;
      if (inGroup === 1) {
        if (!(d === 1 && out.length === 0)) out.push(`digits/${d}`);
        out.push('numbers/10');
      } else if (inGroup === 0) {
        const groupValue = Math.floor(n / 10_000 ** group) % 10_000;
        out.push(d === 2 && group > 0 && groupValue === 2 ? 'numbers/liang' : `digits/${d}`);
      } else {
        out.push(d === 2 ? 'numbers/liang' : `digits/${d}`);
        out.push(inGroup === 2 ? 'numbers/hundred' : 'numbers/thousand');
      }
    }
    if (inGroup === 0 && group > 0) {
      if (groupHasDigit) {
        out.push(ZH_GROUP_UNITS[group] as string);
        // The group's own trailing zeros are not read (十一万一千).
        pendingZero = false;
      }
      groupHasDigit = false;
    }
  }
  return out;
}

/** US reading without "and": 1020 → one thousand twenty, 115 → one hundred fifteen. */
function english(n: number): string[] {
  const out: string[] = [];
  const below1000 = (v: number) => {
    const hundreds = Math.floor(v / 100);
    const rest = v % 100;
    if (hundreds > 0) out.push(`digits/${hundreds}`, 'numbers/hundred');
    if (rest >= 20) {
      out.push(`numbers/${rest - (rest % 10)}`);
      if (rest % 10 > 0) out.push(`digits/${rest % 10}`);
    } else if (rest >= 10) out.push(`numbers/${rest}`);
    else if (rest > 0) out.push(`digits/${rest}`);
  };
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor(n / 1000) % 1000;
  if (millions > 0) {
    below1000(millions);
    out.push('numbers/million');
  }
  if (thousands > 0) {
    below1000(thousands);
    out.push('numbers/thousand');
  }
  below1000(n % 1000);
  return out;
}

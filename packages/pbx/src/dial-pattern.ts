/**
 * Asterisk / FreePBX dial patterns, compiled once to a matcher.
 *
 * Elements: a literal digit or `*` `#` `+`; X (0-9), Z (1-9), N (2-9); a set `[1-5]` / `[137-9]`; and, last only,
 * `.` (one or more of anything) or `!` (zero or more). Letters are case-insensitive; a leading `_` (Asterisk's
 * pattern marker) is ignored. A pattern matches the whole number. Errors are message keys (validation.<key>).
 */

export type PatternErrorKey =
  | 'dialPattern.empty'
  | 'dialPattern.char'
  | 'dialPattern.range'
  | 'dialPattern.set'
  | 'dialPattern.wildcard';

export class PatternError extends Error {
  constructor(
    readonly key: PatternErrorKey,
    readonly pattern: string,
  ) {
    super(`${key}: '${pattern}'`);
    this.name = 'PatternError';
  }
}

/** Specificity of one element: how many characters it accepts (a wildcard counts as more than any set). */
const WILDCARD_ONE_OR_MORE = 100;
const WILDCARD_ZERO_OR_MORE = 101;

export interface CompiledPattern {
  readonly source: string;
  /** Set when the pattern is all literals: the one number it matches. */
  readonly exact: string | null;
  /** The literal characters it starts with (used to bucket patterns in an index). */
  readonly literalPrefix: string;
  /** Element sizes, left to right; smaller earlier = more specific (Asterisk's ordering). */
  readonly specificity: readonly number[];
  /** The number of characters before a trailing wildcard. */
  readonly fixedLength: number;
  test(value: string): boolean;
}

interface Parsed {
  regex: string;
  sizes: number[];
  literalPrefix: string;
  exact: boolean;
  fixedLength: number;
}

function parse(source: string, allowWildcard: boolean): Parsed {
  const p = source.startsWith('_') ? source.slice(1) : source;
  let regex = '';
  const sizes: number[] = [];
  let literalPrefix = '';
  let literalRun = true;
  let fixedLength = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charAt(i);
    if (c === '.' || c === '!') {
      if (!allowWildcard || i !== p.length - 1) throw new PatternError('dialPattern.wildcard', source);
      regex += c === '.' ? '.+' : '.*';
      sizes.push(c === '.' ? WILDCARD_ONE_OR_MORE : WILDCARD_ZERO_OR_MORE);
      literalRun = false;
      continue;
    }
    fixedLength++;
    if (/[0-9]/.test(c) || c === '*' || c === '#' || c === '+') {
      regex += c === '*' || c === '+' ? `\\${c}` : c;
      sizes.push(1);
      if (literalRun) literalPrefix += c;
      continue;
    }
    literalRun = false;
    const upper = c.toUpperCase();
    if (upper === 'X') {
      regex += '[0-9]';
      sizes.push(10);
    } else if (upper === 'Z') {
      regex += '[1-9]';
      sizes.push(9);
    } else if (upper === 'N') {
      regex += '[2-9]';
      sizes.push(8);
    } else if (c === '[') {
      const close = p.indexOf(']', i);
      if (close < 0) throw new PatternError('dialPattern.set', source);
      const digits = parseSet(p.slice(i + 1, close), source);
      regex += `[${[...digits].join('')}]`;
      sizes.push(digits.size);
      i = close;
    } else {
      throw new PatternError('dialPattern.char', source);
    }
  }
  const exact = sizes.every((s) => s === 1);
  return { regex, sizes, literalPrefix, exact, fixedLength };
}

function parseSet(body: string, source: string): Set<string> {
  if (body === '') throw new PatternError('dialPattern.set', source);
  const out = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    const from = body.charAt(i);
    if (!/[0-9]/.test(from)) throw new PatternError('dialPattern.set', source);
    if (body.charAt(i + 1) === '-') {
      const to = body.charAt(i + 2);
      if (!/[0-9]/.test(to)) throw new PatternError('dialPattern.set', source);
      if (to < from) throw new PatternError('dialPattern.range', source);
      for (let d = Number(from); d <= Number(to); d++) out.add(String(d));
      i += 2;
    } else {
      out.add(from);
    }
  }
  return out;
}

/** Compiles a pattern; '' compiles to "anything" (a catch-all). Throws PatternError. */
export function compilePattern(source: string): CompiledPattern {
  const trimmed = source.trim();
  if (trimmed === '' || trimmed === '_') {
    return {
      source: trimmed,
      exact: null,
      literalPrefix: '',
      specificity: [WILDCARD_ZERO_OR_MORE],
      fixedLength: 0,
      test: () => true,
    };
  }
  const parsed = parse(trimmed, true);
  if (parsed.sizes.length === 0) throw new PatternError('dialPattern.empty', source);
  const literal = parsed.exact ? trimmed.replace(/^_/, '') : null;
  const re = new RegExp(`^${parsed.regex}$`);
  return {
    source: trimmed,
    exact: literal,
    literalPrefix: parsed.literalPrefix,
    specificity: parsed.sizes,
    fixedLength: parsed.fixedLength,
    test: literal !== null ? (v) => v === literal : (v) => re.test(v),
  };
}

export type CompileResult<T> = { ok: true; value: T } | { ok: false; error: PatternErrorKey };

export function tryCompilePattern(source: string): CompileResult<CompiledPattern> {
  try {
    return { ok: true, value: compilePattern(source) };
  } catch (e) {
    if (e instanceof PatternError) return { ok: false, error: e.key };
    throw e;
  }
}

/** Negative when `a` is more specific than `b` (Asterisk: left to right, the narrower element first). */
export function compareSpecificity(a: CompiledPattern, b: CompiledPattern): number {
  const n = Math.min(a.specificity.length, b.specificity.length);
  for (let i = 0; i < n; i++) {
    const d = (a.specificity[i] ?? 0) - (b.specificity[i] ?? 0);
    if (d !== 0) return d;
  }
  return b.specificity.length - a.specificity.length;
}

/** One row of a FreePBX outbound route's dial patterns. */
export interface DialRuleInput {
  prepend?: string;
  prefix?: string;
  match?: string;
  callerPattern?: string;
}

export interface CompiledDialRule {
  /** prefix + match as one pattern (what the index buckets on). */
  readonly pattern: CompiledPattern;
  /**
   * The number to send to the trunk when `dialled` matches (prefix removed, prepend added), or null. With a
   * caller pattern, `caller` must match it too (a missing caller does not).
   */
  apply(dialled: string, caller?: string): string | null;
  /** The dialled number with the prefix removed, before prepend (what gets classified). */
  strip(dialled: string): string;
}

/** FreePBX semantics: match prefix+match against the whole number, remove the prefix, add prepend. */
export function compileDialRule(rule: DialRuleInput): CompiledDialRule {
  const prepend = (rule.prepend ?? '').trim();
  if (!/^\+?[0-9*#]*$/.test(prepend)) throw new PatternError('dialPattern.char', prepend);
  const prefix = (rule.prefix ?? '').trim().replace(/^_/, '');
  const match = (rule.match ?? '').trim().replace(/^_/, '');
  if (prefix === '' && match === '') throw new PatternError('dialPattern.empty', '');
  const prefixLength = prefix === '' ? 0 : parse(prefix, false).fixedLength;
  const pattern = compilePattern(prefix + match);
  const caller = rule.callerPattern?.trim() ? compilePattern(rule.callerPattern) : null;
  return {
    pattern,
    strip: (dialled) => dialled.slice(prefixLength),
    apply(dialled, callerNumber) {
      if (!pattern.test(dialled)) return null;
      if (caller && (callerNumber === undefined || !caller.test(callerNumber))) return null;
      return prepend + dialled.slice(prefixLength);
    },
  };
}

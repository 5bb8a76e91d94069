import {
  createNumberListEntryBody,
  FIELD_RULE_MESSAGES,
  type FieldRule,
  type Locale,
  type numberLists,
} from '@hujiao/shared';
import type { z } from 'zod';
import { DomainError } from '../../http/domain-error.ts';
import type { SheetRow } from '../customer/import-reader.ts';

export type NumberListInput = z.infer<typeof createNumberListEntryBody>;
export type ListName = (typeof numberLists)[number];

/** At most this many data rows per file. */
export const IMPORT_MAX_ROWS = 20_000;

type Column = 'number' | 'list' | 'direction' | 'match' | 'reason' | 'expiresAt';
/** Header names accepted per column (Chinese as in the template, English, the field name). */
const HEADERS: Record<Column, string[]> = {
  number: ['号码', '电话号码', '号码/号段', 'number', 'phone'],
  list: ['名单', '名单类型', '类型', 'list', 'type'],
  direction: ['方向', '呼叫方向', 'direction'],
  match: ['匹配', '匹配方式', 'match'],
  reason: ['原因', '备注', 'reason', 'remark'],
  expiresAt: ['有效期', '有效期至', '过期时间', 'expires', 'expiresat'],
};
const VALUES: Record<string, Record<string, string>> = {
  list: { 黑名单: 'black', 红名单: 'red', black: 'black', red: 'red' },
  direction: {
    呼入: 'inbound',
    呼出: 'outbound',
    双向: 'both',
    inbound: 'inbound',
    outbound: 'outbound',
    both: 'both',
  },
  match: { 精确: 'exact', 前缀: 'prefix', 号段: 'prefix', exact: 'exact', prefix: 'prefix' },
};
/** The template's header row (Chinese, as the manuals' screens name the fields). */
export const TEMPLATE_HEADER = ['号码', '名单类型', '方向', '匹配方式', '原因', '有效期'];
export const TEMPLATE_EXAMPLE = ['13800138000', '黑名单', '双向', '精确', '骚扰电话', '2027-12-31'];

const LABELS: Record<Column, Record<Locale, string>> = {
  number: { 'zh-CN': '号码', 'en-US': 'Number' },
  list: { 'zh-CN': '名单类型', 'en-US': 'List' },
  direction: { 'zh-CN': '方向', 'en-US': 'Direction' },
  match: { 'zh-CN': '匹配方式', 'en-US': 'Match' },
  reason: { 'zh-CN': '原因', 'en-US': 'Reason' },
  expiresAt: { 'zh-CN': '有效期', 'en-US': 'Expires' },
};
const MESSAGES = {
  invalidValue: { 'zh-CN': '无法识别的值“{{value}}”', 'en-US': 'Unknown value "{{value}}"' },
  duplicateInFile: { 'zh-CN': '与第 {{line}} 行重复', 'en-US': 'Same as line {{line}}' },
  exists: { 'zh-CN': '名单中已有此号码', 'en-US': 'Already in the list' },
  tooMany: { 'zh-CN': '最多 {{max}} 行', 'en-US': 'At most {{max}} rows' },
} satisfies Record<string, Record<Locale, string>>;

export interface RowProblem {
  line: number;
  message: string;
}

const normal = (s: string) =>
  s
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '');

/** Maps the header row to columns; the number column is required. */
export function mapColumns(header: string[]): Partial<Record<Column, number>> {
  const map: Partial<Record<Column, number>> = {};
  header.forEach((cell, i) => {
    const name = normal(cell);
    for (const [column, names] of Object.entries(HEADERS) as Array<[Column, string[]]>) {
      if (map[column] === undefined && names.some((n) => normal(n) === name)) map[column] = i;
    }
  });
  if (map.number === undefined) throw new DomainError('IMPORT_HEADER_MISSING', { columns: '号码 / number' });
  return map;
}

/** A date alone means the end of that day in China time; a full ISO datetime is taken as is. */
function expiry(cell: string): string | null | undefined {
  if (cell === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) return `${cell}T23:59:59+08:00`;
  if (/^\d{4}\/\d{1,2}\/\d{1,2}$/.test(cell)) {
    const [y, m, d] = cell.split('/');
    return `${y}-${m?.padStart(2, '0')}-${d?.padStart(2, '0')}T23:59:59+08:00`;
  }
  return cell;
}

function fill(template: string, params: Record<string, string | number>) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));
}

/**
 * Parses every row; returns the entries when all are good, else the problems with their line numbers (the file's
 * line, header = 1). `list` is the list chosen in the console, used when the file has no list column.
 */
export function parseRows(
  rows: SheetRow[],
  map: Partial<Record<Column, number>>,
  list: ListName,
  locale: Locale,
  existing: Set<string>,
): { entries: NumberListInput[]; problems: RowProblem[] } {
  const entries: NumberListInput[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  if (rows.length > IMPORT_MAX_ROWS) {
    return { entries, problems: [{ line: 1, message: fill(MESSAGES.tooMany[locale], { max: IMPORT_MAX_ROWS }) }] };
  }
  for (const row of rows) {
    const cell = (c: Column) => (map[c] === undefined ? '' : (row.cells[map[c]] ?? '').trim());
    if (row.cells.every((c) => c.trim() === '')) continue;
    const raw: Record<string, unknown> = { list, number: cell('number').replace(/[\s-]/g, '') };
    let bad: string | undefined;
    for (const c of ['list', 'direction', 'match'] as const) {
      const v = cell(c);
      if (v === '') continue;
      const mapped = VALUES[c]?.[v.toLowerCase()];
      if (!mapped) bad ??= `${LABELS[c][locale]}: ${fill(MESSAGES.invalidValue[locale], { value: v })}`;
      else raw[c] = mapped;
    }
    if (cell('reason')) raw.reason = cell('reason');
    const exp = expiry(cell('expiresAt'));
    if (exp) raw.expiresAt = exp;
    if (bad) {
      problems.push({ line: row.line, message: bad });
      continue;
    }
    const parsed = createNumberListEntryBody.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const column = (issue?.path[0] as Column | undefined) ?? 'number';
      const rule = issue?.message && issue.message in FIELD_RULE_MESSAGES ? (issue.message as FieldRule) : undefined;
      const text = rule
        ? FIELD_RULE_MESSAGES[rule][locale]
        : fill(MESSAGES.invalidValue[locale], { value: cell(column) });
      problems.push({ line: row.line, message: `${LABELS[column]?.[locale] ?? column}: ${text}` });
      continue;
    }
    const e = parsed.data;
    const key = `${e.list}|${e.direction}|${e.number}|${e.match}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line: row.line, message: fill(MESSAGES.duplicateInFile[locale], { line: first }) });
      continue;
    }
    seen.set(key, row.line);
    if (existing.has(key)) {
      problems.push({ line: row.line, message: `${LABELS.number[locale]}: ${MESSAGES.exists[locale]}` });
      continue;
    }
    entries.push(e);
  }
  return { entries, problems };
}

import type { ErrorCode } from '@hujiao/shared';
import { type CustomFieldService, choiceValue } from './custom-field.service.ts';
import type { CustomerInsert } from './customer.repository.ts';
import type { Candidate, RowContext, RowIssue } from './import-batch.ts';
import { SYSTEM_COLUMNS } from './import-columns.ts';
import type { SheetRow } from './import-reader.ts';
import { customerPhone } from './phone.ts';

const TEXT_LIMITS: Record<string, number> = { name: 80, company: 120, address: 200, remark: 2000 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export class RowError extends Error {
  constructor(readonly issue: RowIssue) {
    super(issue.code);
  }
}
export const rowError = (code: ErrorCode, params: Record<string, string | number> = {}) =>
  new RowError({ code, params });

/** Parses and validates one row into a candidate customer, or throws a RowError naming the problem. */
export function parseRow(ctx: RowContext, row: SheetRow, fields: CustomFieldService): Candidate {
  const { viewer, job } = ctx;
  const values: CustomerInsert = {
    tenantId: viewer.tenantId,
    name: '',
    importBatch: job.batch,
    ownerId: job.ownerId,
    publicPool: job.publicPool,
    assignedAt: job.ownerId ? new Date() : null,
    createdBy: viewer.userId,
  };
  const phones: Candidate['phones'] = [];
  const incoming: Record<string, unknown> = {};
  let tags: string[] = [];
  ctx.columns.forEach((col, i) => {
    const cell = (row.cells[i] ?? '').trim();
    if (!cell || col.kind === 'ignore') return;
    if (col.kind === 'phone') {
      for (const part of cell
        .split(/[/,;，；、|]/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const p = customerPhone(part);
        if (!p) throw rowError('PHONE_INVALID', { phone: part });
        if (!phones.some((x) => x.e164 === p.e164)) phones.push(p);
      }
      return;
    }
    if (col.kind === 'custom') {
      incoming[col.key] = cell;
      return;
    }
    // Errors name the column as the file does.
    const header = ctx.header[i] || (SYSTEM_COLUMNS.find((c) => c.field === col.field)?.header ?? col.field);
    switch (col.field) {
      case 'gender':
        values.gender = /^(男|male|m|先生)$/i.test(cell)
          ? 'male'
          : /^(女|female|f|女士)$/i.test(cell)
            ? 'female'
            : 'unknown';
        return;
      case 'email':
        if (!EMAIL.test(cell)) throw rowError('IMPORT_EMAIL_INVALID', { field: header, value: cell });
        values.email = cell;
        return;
      case 'tags':
        tags = [
          ...new Set(
            cell
              .split(/[,，;；、|]/)
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ].map((t) => t.slice(0, 30));
        return;
      case 'source': {
        const v = choiceValue(ctx.sources, cell);
        if (!v) throw rowError('DICTIONARY_VALUE_INVALID', { field: header, value: cell });
        values.source = v;
        return;
      }
      case 'followUpStatus': {
        const v = choiceValue(ctx.statuses, cell);
        if (!v) throw rowError('DICTIONARY_VALUE_INVALID', { field: header, value: cell });
        values.followUpStatus = v;
        return;
      }
      default: {
        const limit = TEXT_LIMITS[col.field] ?? 200;
        if (cell.length > limit) throw rowError('IMPORT_TEXT_TOO_LONG', { field: header, max: limit });
        (values as Record<string, unknown>)[col.field] = cell;
      }
    }
  });
  if (phones.length === 0) throw rowError('IMPORT_PHONE_MISSING');
  if (phones.length > 10) throw rowError('IMPORT_TOO_MANY_PHONES', { max: 10 });
  const named = !!values.name;
  if (!values.name) values.name = phones[0]?.raw ?? '';
  const customFields = fields.validate(ctx.set, viewer, incoming, {}, { checkRequired: true });
  return { line: row.line, cells: row.cells, named, values, phones, customFields, tags };
}

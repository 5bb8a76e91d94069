import type { Locale, NumberListEntry, reviewNumberListEntryBody, updateNumberListEntryBody } from '@hujiao/shared';
import type { z } from 'zod';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import { ByteCounter, readSheet, type SheetRow } from '../customer/import-reader.ts';
import type { NumberListFilter, NumberListRepository, NumberListRow } from './number-list.repository.ts';
import { type ListName, mapColumns, type NumberListInput, parseRows } from './number-list-import.ts';

type Patch = z.infer<typeof updateNumberListEntryBody>;
type Review = z.infer<typeof reviewNumberListEntryBody>;

export interface NumberListView extends NumberListEntry {
  reviewComment: string | null;
  reviewedAt: string | null;
  /** Past `expiresAt`: no longer in effect. */
  expired: boolean;
}

function toEntry(row: NumberListRow, now = Date.now()): NumberListView {
  return {
    id: row.id,
    list: row.list as NumberListEntry['list'],
    direction: row.direction as NumberListEntry['direction'],
    number: row.number,
    match: row.match as NumberListEntry['match'],
    reason: row.reason,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    action: row.action as NumberListEntry['action'],
    status: row.status as NumberListEntry['status'],
    reviewComment: row.reviewComment,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now,
    createdAt: row.createdAt.toISOString(),
  };
}

function dbValues<T extends Partial<NumberListInput>>(input: T) {
  const { expiresAt, ...rest } = input;
  return { ...rest, ...(expiresAt !== undefined ? { expiresAt: expiresAt ? new Date(expiresAt) : null } : {}) };
}

export class NumberListService {
  constructor(
    private readonly repo: NumberListRepository,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: string, f: NumberListFilter & { page: number; pageSize: number }) {
    const { items, total } = await this.repo.page(tenantId, f);
    return { items: items.map((r) => toEntry(r)), total };
  }

  async get(tenantId: string, id: string): Promise<NumberListView> {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    return toEntry(row);
  }

  async create(ctx: AuditContext, input: NumberListInput): Promise<NumberListView> {
    const row = await this.repo.insert({
      ...dbValues(input),
      tenantId: ctx.tenantId,
      status: 'pending',
      createdBy: ctx.userId,
    });
    await this.audit.record(ctx, 'numberList', 'create', {
      id: row.id,
      detail: { number: row.number, list: row.list },
    });
    return toEntry(row);
  }

  /** An edit needs a new review (待审核). */
  async update(ctx: AuditContext, id: string, input: Patch): Promise<NumberListView> {
    const row = await this.repo.update(ctx.tenantId, id, {
      ...dbValues(input),
      status: 'pending',
      reviewComment: null,
      reviewedBy: null,
      reviewedAt: null,
    });
    if (!row) throw notFound();
    await this.audit.record(ctx, 'numberList', 'update', { id, detail: { number: row.number, ...input } });
    return toEntry(row);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current || !(await this.repo.delete(ctx.tenantId, id))) throw notFound();
    await this.audit.record(ctx, 'numberList', 'delete', { id, detail: { number: current.number } });
  }

  /** 审核: pending → approved or rejected, once. */
  async review(ctx: AuditContext, id: string, input: Review): Promise<NumberListView> {
    if (!(await this.repo.findById(ctx.tenantId, id))) throw notFound();
    const row = await this.repo.review(ctx.tenantId, id, {
      status: input.status,
      reviewComment: input.comment ?? null,
      reviewedBy: ctx.userId,
      reviewedAt: new Date(),
    });
    if (!row) throw new DomainError('NUMBER_LIST_ALREADY_REVIEWED');
    await this.audit.record(ctx, 'numberList', input.status === 'approved' ? 'approve' : 'reject', {
      id,
      detail: { number: row.number, comment: input.comment ?? null },
    });
    return toEntry(row);
  }

  /**
   * Imports a CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16) or XLSX file: every row good, or nothing stored
   * and NUMBER_LIST_IMPORT_INVALID with each bad row's line number in `details`.
   */
  async import(ctx: AuditContext, file: string, format: 'csv' | 'xlsx', list: ListName, locale: Locale) {
    const rows: SheetRow[] = [];
    for await (const row of readSheet(file, format, new ByteCounter())) rows.push(row);
    const [header, ...data] = rows;
    if (!header) throw new DomainError('IMPORT_EMPTY');
    const map = mapColumns(header.cells);
    const dataRows = data.filter((r) => r.cells.some((c) => c.trim() !== ''));
    if (dataRows.length === 0) throw new DomainError('IMPORT_EMPTY');
    const numbers =
      map.number === undefined ? [] : dataRows.map((r) => (r.cells[map.number ?? 0] ?? '').replace(/[\s-]/g, ''));
    const existing = await this.repo.existingKeys(ctx.tenantId, [...new Set(numbers.filter(Boolean))]);
    const { entries, problems } = parseRows(dataRows, map, list, locale, existing);
    if (problems.length > 0) {
      throw new DomainError(
        'NUMBER_LIST_IMPORT_INVALID',
        { count: problems.length },
        problems.slice(0, 200).map((p) => ({ path: String(p.line), message: p.message })),
      );
    }
    const created = await this.repo.insertAll(
      entries.map((e) => ({ ...dbValues(e), tenantId: ctx.tenantId, status: 'pending', createdBy: ctx.userId })),
    );
    await this.audit.record(ctx, 'numberList', 'import', { detail: { list, created } });
    return { created };
  }

  /**
   * The switch's look-up: the approved, unexpired entry of a list that covers `number` in `direction` (exact
   * beats prefix, then the longest prefix), or null.
   */
  async match(tenantId: string, list: ListName, number: string, direction: 'inbound' | 'outbound') {
    const digits = number.replace(/[^\d+]/g, '');
    const prefixes = Array.from({ length: digits.length }, (_, i) => digits.slice(0, i + 1));
    const now = Date.now();
    const rows = (await this.repo.approvedFor(tenantId, list, prefixes)).filter(
      (r) =>
        (r.direction === 'both' || r.direction === direction) &&
        (r.expiresAt === null || r.expiresAt.getTime() > now) &&
        (r.match === 'prefix' || r.number === digits),
    );
    rows.sort(
      (a, b) =>
        Number(b.number === digits && b.match === 'exact') - Number(a.number === digits && a.match === 'exact') ||
        b.number.length - a.number.length,
    );
    const [best] = rows;
    return best ? toEntry(best, now) : null;
  }
}

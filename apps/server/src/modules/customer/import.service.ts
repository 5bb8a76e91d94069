import { rm, stat } from 'node:fs/promises';
import {
  type BlacklistPolicy,
  type ErrorCode,
  errorMessage,
  type ImportColumnMap,
  type ImportDedupPolicy,
  type ImportJob,
  type Locale,
} from '@hujiao/shared';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../../db/client.ts';
import { DomainError, forbidden, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { DictionaryService } from '../dictionary/index.ts';
import { type CustomFieldService, canWrite, type FieldSet } from './custom-field.service.ts';
import type { BulkPhone, CustomerRepository, PhoneInsert } from './customer.repository.ts';
import type { ImportErrorInsert, ImportJobRow, ImportRepository } from './import.repository.ts';
import {
  BatchWriter,
  type Candidate,
  dbReason,
  type InflightKey,
  type InflightKeys,
  type LineIssue,
  mergeCandidate,
  type Plan,
  type Prepared,
  type RowContext,
  type Stats,
  WRITERS,
} from './import-batch.ts';
import { type ColumnTarget, mapHeader } from './import-columns.ts';
import { ByteCounter, readSheet, type SheetRow } from './import-reader.ts';
import { parseRow, RowError } from './import-row.ts';
import type { Viewer } from './viewer.ts';

export interface ImportOptions {
  dedup: ImportDedupPolicy;
  blacklist: BlacklistPolicy;
  batch?: string;
  ownerId?: string;
  publicPool?: boolean;
  /** Columns that match no field by name: header → `cf:<key>`, `new` (a text custom field is created) or `ignore`. */
  columns?: ImportColumnMap;
}

const MAX_ERRORS = 100_000;

export function toImportJob(r: ImportJobRow): ImportJob {
  const done = r.status === 'succeeded' || r.status === 'failed';
  return {
    id: r.id,
    fileName: r.fileName,
    format: r.format,
    status: r.status,
    dedup: r.dedup,
    blacklist: r.blacklist,
    batch: r.batch,
    total: r.total,
    progress:
      r.status === 'succeeded' ? 100 : done || !r.size ? 0 : Math.min(99, Math.floor((r.bytesRead / r.size) * 100)),
    processed: r.processed,
    created: r.created,
    updated: r.updated,
    skipped: r.skipped,
    failed: r.failed,
    flagged: r.flagged,
    error: r.error,
    ignoredColumns: r.ignoredColumns ?? [],
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

function batchName(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

/** A key for a custom field made from an import column (`col_` + 8 hex digits). */
const newFieldKey = () => `col_${uuidv7().replaceAll('-', '').slice(-8)}`;

interface Deps {
  repo: ImportRepository;
  customers: CustomerRepository;
  fields: CustomFieldService;
  dictionaries: DictionaryService;
  audit: AuditService;
  logger?: Logger;
  batchSize?: number;
}

/** 导入: CSV/XLSX streamed from disk in a background job, row problems collected, batches in transactions. */
export class ImportService {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(private readonly d: Deps) {}

  /** Creates the job for an uploaded file (already on disk) and starts it in the background. */
  async start(
    viewer: Viewer,
    file: { path: string; fileName: string; format: 'csv' | 'xlsx' },
    options: ImportOptions,
  ): Promise<ImportJob> {
    const size = (await stat(file.path)).size;
    if (size === 0) {
      await rm(file.path, { force: true });
      throw new DomainError('IMPORT_EMPTY');
    }
    let columns: ImportColumnMap;
    try {
      columns = await this.resolveColumns(viewer, options.columns ?? {});
    } catch (err) {
      await rm(file.path, { force: true });
      throw err;
    }
    const now = new Date();
    const job = await this.d.repo.insert({
      tenantId: viewer.tenantId,
      fileName: file.fileName.slice(0, 200),
      format: file.format,
      dedup: options.dedup,
      blacklist: options.blacklist,
      batch: options.batch || batchName(now),
      ownerId: options.ownerId ?? null,
      publicPool: options.publicPool ?? false,
      size,
      createdBy: viewer.userId,
    });
    await this.d.audit.record(viewer.ctx, 'customer', 'import', {
      id: job.id,
      detail: { fileName: job.fileName, batch: job.batch, dedup: job.dedup },
    });
    const run = this.run(viewer, job, file.path, columns)
      .catch((err) => this.d.logger?.error({ err, jobId: job.id }, 'import crashed'))
      .finally(() => {
        this.running.delete(job.id);
        void rm(file.path, { force: true });
      });
    this.running.set(job.id, run);
    return toImportJob(job);
  }

  /**
   * Creates the custom fields asked for with `new` (a text field labelled like the column; an existing field of
   * that label is reused) and checks the `cf:` targets: the result maps each column to `cf:<key>` or `ignore`.
   */
  private async resolveColumns(viewer: Viewer, columns: ImportColumnMap): Promise<ImportColumnMap> {
    const out: ImportColumnMap = {};
    const entries = Object.entries(columns);
    if (entries.length === 0) return out;
    const set = await this.d.fields.fieldSet(viewer.tenantId);
    for (const [header, target] of entries) {
      const label = header.trim().slice(0, 40);
      if (!label || target === 'ignore') {
        out[header.trim()] = 'ignore';
        continue;
      }
      if (target === 'new') {
        const existing = set.defs.find((d) => d.label === label);
        if (existing) {
          out[header.trim()] = `cf:${existing.key}`;
          continue;
        }
        if (!viewer.fieldAdmin) throw forbidden();
        const field = await this.d.fields.create(viewer.ctx, viewer, {
          key: newFieldKey(),
          label,
          type: 'text',
          required: false,
          sort: 0,
          readRoleIds: [],
          writeRoleIds: [],
          enabled: true,
        });
        out[header.trim()] = `cf:${field.key}`;
        continue;
      }
      const def = set.defs.find((d) => `cf:${d.key}` === target);
      if (!def || !canWrite(def, viewer)) throw new DomainError('CUSTOM_FIELD_UNKNOWN', { field: target.slice(3) });
      out[header.trim()] = target;
    }
    return out;
  }

  /** What the file's columns map to by name, which match nothing, and its first rows (header + 5 rows read). */
  async preview(
    viewer: Viewer,
    file: { path: string; format: 'csv' | 'xlsx' },
  ): Promise<{ columns: Array<{ header: string; target: string }>; unknown: string[]; sample: string[][] }> {
    const set = await this.d.fields.fieldSet(viewer.tenantId);
    let header: string[] | undefined;
    const sample: string[][] = [];
    for await (const row of readSheet(file.path, file.format, new ByteCounter())) {
      if (!header) header = row.cells.map((c) => c.trim());
      else if (row.cells.some((c) => c.trim())) sample.push(row.cells);
      if (sample.length >= 5) break;
    }
    if (!header) throw new DomainError('IMPORT_EMPTY');
    const columns = mapHeader(header, set.defs).map((c, i) => {
      const def = c.kind === 'custom' ? set.defs.find((d) => d.key === c.key) : undefined;
      const writable = c.kind !== 'custom' || (def && canWrite(def, viewer));
      const target =
        c.kind === 'phone'
          ? 'phone'
          : c.kind === 'system'
            ? `system:${c.field}`
            : c.kind === 'custom' && writable
              ? `cf:${c.key}`
              : 'ignore';
      return { header: header?.[i] ?? '', target };
    });
    return { columns, unknown: columns.filter((c) => c.header && c.target === 'ignore').map((c) => c.header), sample };
  }

  /** Resolves when every running import has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  recoverInterrupted(): Promise<number> {
    return this.d.repo.failInterrupted('服务重启,导入中断;本批次已导入的客户可按导入批次筛选');
  }

  async get(tenantId: string, id: string): Promise<ImportJob> {
    const row = await this.d.repo.find(tenantId, id);
    if (!row) throw notFound();
    return toImportJob(row);
  }

  async list(tenantId: string, q: { page: number; pageSize: number }) {
    const { rows, total } = await this.d.repo.list(tenantId, q);
    return { items: rows.map(toImportJob), total };
  }

  async errors(tenantId: string, id: string, locale: Locale, q: { page: number; pageSize: number }) {
    await this.get(tenantId, id);
    const [rows, total] = await Promise.all([
      this.d.repo.errors(id, q.pageSize, (q.page - 1) * q.pageSize),
      this.d.repo.errorCount(id),
    ]);
    const job = await this.d.repo.find(tenantId, id);
    return {
      total,
      header: job?.header ?? [],
      items: rows.map((r) => ({
        row: r.row,
        code: r.code,
        message: errorMessage(r.code as ErrorCode, locale, r.params),
        cells: r.cells ?? [],
      })),
    };
  }

  /**
   * The error report for download, in the reader's language: the file's own columns with the row as it was read,
   * then the line number and the error (so the rows can be corrected and imported again).
   */
  async *errorRows(tenantId: string, id: string, locale: Locale): AsyncGenerator<string[]> {
    const job = await this.d.repo.find(tenantId, id);
    if (!job) throw notFound();
    const header = job.header ?? [];
    yield [...header, locale === 'zh-CN' ? '行号' : 'Row', locale === 'zh-CN' ? '错误说明' : 'Error'];
    for (let offset = 0; ; offset += 5000) {
      const rows = await this.d.repo.errors(id, 5000, offset);
      for (const r of rows) {
        const cells = header.map((_, i) => r.cells?.[i] ?? '');
        yield [...cells, String(r.row), errorMessage(r.code as ErrorCode, locale, r.params)];
      }
      if (rows.length < 5000) return;
    }
  }

  private async run(viewer: Viewer, job: ImportJobRow, path: string, columnMap: ImportColumnMap): Promise<void> {
    const counter = new ByteCounter();
    const stats = { total: 0, processed: 0, created: 0, updated: 0, skipped: 0, failed: 0, flagged: 0 };
    let errorsKept = 0;
    const saveErrors = async (issues: LineIssue[]) => {
      const keep = issues.slice(0, Math.max(0, MAX_ERRORS - errorsKept));
      errorsKept += keep.length;
      await this.d.repo.insertErrors(
        keep.map(
          (i): ImportErrorInsert => ({
            jobId: job.id,
            row: i.line,
            code: i.code,
            params: i.params,
            cells: i.cells.map((c) => c.slice(0, 2000)),
          }),
        ),
      );
    };
    const writer = new BatchWriter(WRITERS);
    try {
      await this.d.repo.update(job.id, { status: 'running' });
      await this.d.dictionaries.ensureDefaults(viewer.tenantId);
      const set = await this.d.fields.fieldSet(viewer.tenantId);
      const ctx: RowContext = {
        viewer,
        job,
        set,
        sources: await this.d.dictionaries.choices(viewer.tenantId, 'customerSource'),
        statuses: await this.d.dictionaries.choices(viewer.tenantId, 'followUpStatus'),
        columns: [],
        header: [],
      };
      let header: string[] | undefined;
      let batch: SheetRow[] = [];
      const size = this.d.batchSize ?? 2500;
      // Batches are parsed and checked for duplicates in file order, then written by up to WRITERS transactions at
      // once (PostgreSQL runs each on its own core); a failed write surfaces at the next flush or at the end.
      const flush = async (rows: SheetRow[]) => {
        const prepared = this.prepare(ctx, rows, stats);
        await writer.slot();
        const plan = await this.classify(ctx, prepared, stats, writer.inflight);
        writer.start(plan, (done) =>
          this.write(ctx, plan, stats, saveErrors, done).then(() =>
            this.d.repo.update(job.id, { ...stats, bytesRead: counter.bytes }),
          ),
        );
      };
      for await (const row of readSheet(path, job.format, counter)) {
        if (this.stopping) throw new DomainError('IMPORT_FILE_INVALID', { reason: '服务正在停止' });
        if (!header) {
          header = row.cells.map((c) => c.trim());
          ctx.header = header;
          ctx.columns = this.checkHeader(header, set, viewer, columnMap);
          await this.d.repo.update(job.id, {
            header: header.map((h) => h.slice(0, 200)),
            ignoredColumns: header.filter((h, i) => h && ctx.columns[i]?.kind === 'ignore'),
          });
          continue;
        }
        if (row.cells.every((c) => !c.trim())) continue;
        batch.push(row);
        if (batch.length >= size) {
          await flush(batch);
          batch = [];
        }
      }
      if (!header) throw new DomainError('IMPORT_EMPTY');
      if (batch.length) await flush(batch);
      await writer.drain();
      if (stats.total === 0) throw new DomainError('IMPORT_EMPTY');
      await this.d.repo.update(job.id, {
        ...stats,
        bytesRead: counter.bytes,
        status: 'succeeded',
        finishedAt: new Date(),
      });
    } catch (err) {
      await writer.drain().catch(() => {}); // the batches already started finish before the job is closed
      const message =
        err instanceof DomainError
          ? errorMessage(err.code, 'zh-CN', err.params)
          : `导入失败:${(err as Error).message?.slice(0, 200)}`;
      if (!(err instanceof DomainError)) this.d.logger?.error({ err, jobId: job.id }, 'import failed');
      await this.d.repo.update(job.id, {
        ...stats,
        bytesRead: counter.bytes,
        status: 'failed',
        error: stats.created || stats.updated ? `${message}(已导入的客户属于批次 ${job.batch})` : message,
        finishedAt: new Date(),
      });
    }
  }

  private checkHeader(header: string[], set: FieldSet, viewer: Viewer, columnMap: ImportColumnMap): ColumnTarget[] {
    const columns = mapHeader(header, set.defs).map((c, i): ColumnTarget => {
      const target = c.kind === 'ignore' ? columnMap[header[i]?.trim() ?? ''] : undefined;
      return target?.startsWith('cf:') ? { kind: 'custom', key: target.slice(3) } : c;
    });
    const missing: string[] = [];
    if (!columns.some((c) => c.kind === 'phone')) missing.push('电话');
    for (const d of set.defs) {
      const present = columns.some((c) => c.kind === 'custom' && c.key === d.key);
      if (d.required && !present && canWrite(d, viewer)) missing.push(d.label);
    }
    if (missing.length) throw new DomainError('IMPORT_HEADER_MISSING', { columns: missing.join('、') });
    // Columns of fields the importer may not write are ignored, like unknown columns.
    return columns.map((c): ColumnTarget => {
      if (c.kind !== 'custom') return c;
      const def = set.defs.find((d) => d.key === c.key);
      return def && canWrite(def, viewer) ? c : { kind: 'ignore' };
    });
  }

  /** Parses and validates a batch (CPU only): runs while the previous batch is written. */
  private prepare(ctx: RowContext, rows: SheetRow[], stats: Stats): Prepared {
    const issues: LineIssue[] = [];
    const candidates: Candidate[] = [];
    stats.total += rows.length;
    for (const row of rows) {
      try {
        candidates.push(parseRow(ctx, row, this.d.fields));
      } catch (err) {
        const issue =
          err instanceof RowError
            ? err.issue
            : err instanceof DomainError
              ? { code: err.code, params: err.params }
              : { code: 'IMPORT_ROW_INVALID' as const, params: { field: '', reason: String(err) } };
        issues.push({ line: row.line, cells: row.cells, ...issue });
        stats.failed++;
      }
    }
    return { rows: rows.length, issues, candidates };
  }

  /**
   * Sorts a batch into inserts (ids assigned here), updates and skips: against the database and against batches
   * still being written. The in-flight numbers are read before the query starts, so a batch that commits meanwhile
   * is seen by one of the two.
   */
  private async classify(ctx: RowContext, prepared: Prepared, stats: Stats, inflight: InflightKeys): Promise<Plan> {
    const { tenantId } = ctx.viewer;
    const { issues, candidates } = prepared;
    const keys = [...new Set(candidates.flatMap((c) => c.phones.map((p) => p.e164)))];
    const writing = new Map<string, InflightKey>();
    if (ctx.job.dedup !== 'keepBoth') {
      for (const k of keys) {
        const hit = inflight.get(k);
        if (hit) writing.set(k, hit);
      }
    }
    const [existing, black] = await Promise.all([
      ctx.job.dedup === 'keepBoth' ? Promise.resolve(new Map()) : this.d.customers.byPhoneKeys(tenantId, keys),
      this.d.customers.blacklistedKeys(tenantId, keys),
    ]);
    const plan: Plan = { rows: prepared.rows, issues, inserts: [], updates: [], black, after: [] };
    const pending = new Map<string, Candidate>();
    for (const c of candidates) {
      const isBlack = c.phones.some((p) => black.has(p.e164));
      if (isBlack && ctx.job.blacklist === 'skip') {
        issues.push({
          line: c.line,
          cells: c.cells,
          code: 'IMPORT_BLACKLISTED',
          params: { phone: c.phones[0]?.raw ?? '' },
        });
        stats.skipped++;
        continue;
      }
      if (isBlack) c.values.blacklisted = true;
      if (ctx.job.dedup !== 'keepBoth') {
        const dupKey = c.phones.find((p) => existing.has(p.e164) || pending.has(p.e164) || writing.has(p.e164));
        if (dupKey) {
          if (ctx.job.dedup === 'skip') {
            issues.push({ line: c.line, cells: c.cells, code: 'IMPORT_DUPLICATE', params: { phone: dupKey.raw } });
            stats.skipped++;
            continue;
          }
          const earlier = pending.get(dupKey.e164);
          const other = writing.get(dupKey.e164);
          if (earlier) mergeCandidate(earlier, c);
          else if (other) {
            plan.updates.push({ id: other.customerId, c });
            plan.after.push(other.done);
          } else plan.updates.push({ id: (existing.get(dupKey.e164) as Array<{ id: string }>)[0]?.id as string, c });
          if (isBlack) stats.flagged++;
          stats.updated++;
          continue;
        }
        for (const p of c.phones) pending.set(p.e164, c);
      }
      if (isBlack) stats.flagged++;
      c.id = uuidv7();
      plan.inserts.push(c);
    }
    return plan;
  }

  /** One transaction for the batch; if the database refuses it, row by row so the good rows still go in. */
  private async write(
    ctx: RowContext,
    { rows, issues, inserts, updates, black, after }: Plan,
    stats: Stats,
    saveErrors: (issues: LineIssue[]) => Promise<void>,
    inserted: () => void,
  ): Promise<void> {
    const { tenantId } = ctx.viewer;
    // Updates of customers that an earlier batch is still inserting wait for it.
    await Promise.all(after);
    const phoneRows = (c: Candidate, customerId: string): Array<PhoneInsert & BulkPhone> =>
      c.phones.map((p, i) => ({
        tenantId,
        customerId,
        raw: p.raw,
        e164: p.e164,
        region: p.region,
        carrier: p.carrier,
        sort: i,
        blacklisted: black.has(p.e164),
      }));
    const common = {
      ownerId: ctx.job.ownerId,
      publicPool: ctx.job.publicPool,
      importBatch: ctx.job.batch,
      createdBy: ctx.viewer.userId,
    };
    const write = async (tx: Tx, ins: Candidate[], ups: Array<{ id: string; c: Candidate }>) => {
      const rows = ins.map((c) => ({
        id: c.id as string,
        name: c.values.name,
        company: c.values.company ?? null,
        gender: c.values.gender ?? null,
        email: c.values.email ?? null,
        address: c.values.address ?? null,
        remark: c.values.remark ?? null,
        source: c.values.source ?? null,
        tags: c.tags,
        followUpStatus: c.values.followUpStatus ?? null,
        blacklisted: c.values.blacklisted ?? false,
        customFields: c.customFields,
      }));
      await this.d.customers.bulkInsert(
        tenantId,
        common,
        rows,
        ins.flatMap((c) => phoneRows(c, c.id as string)),
        tx,
      );
      for (const u of ups) {
        // Every mapped column with a value replaces the stored one, the name too when the file has it.
        const { tenantId: _t, createdBy: _c, importBatch: _b, ownerId: _o, publicPool: _p, ...rest } = u.c.values;
        const values = Object.fromEntries(
          Object.entries(rest).filter(
            ([k, v]) => v !== null && v !== undefined && v !== '' && (k !== 'name' || u.c.named),
          ),
        );
        await this.d.repo.mergeInto(tenantId, u.id, values, u.c.customFields, u.c.tags, phoneRows(u.c, u.id), tx);
      }
      await this.d.repo.recordBatch(
        tenantId,
        ups.map((u) => u.id),
        ctx.job.batch,
        tx,
      );
    };
    try {
      await this.d.customers.transaction(async (tx) => {
        // A lost tail after a crash is reported by the job (failed on restart), so skip the WAL flush wait.
        await this.d.customers.fastCommit(tx);
        await write(tx, inserts, updates);
      });
      stats.created += inserts.length;
    } catch (err) {
      this.d.logger?.warn({ err, jobId: ctx.job.id }, 'import batch failed; retrying row by row');
      stats.updated -= updates.length;
      for (const c of inserts) {
        try {
          await this.d.customers.transaction((tx) => write(tx, [c], []));
          stats.created++;
        } catch (rowErr) {
          stats.failed++;
          issues.push({
            line: c.line,
            cells: c.cells,
            code: 'IMPORT_ROW_INVALID',
            params: { field: '', reason: dbReason(rowErr) },
          });
        }
      }
      for (const u of updates) {
        try {
          await this.d.customers.transaction((tx) => write(tx, [], [u]));
          stats.updated++;
        } catch (rowErr) {
          stats.failed++;
          issues.push({
            line: u.c.line,
            cells: u.c.cells,
            code: 'IMPORT_ROW_INVALID',
            params: { field: '', reason: dbReason(rowErr) },
          });
        }
      }
    } finally {
      inserted();
    }
    stats.processed += rows;
    await saveErrors(issues);
  }
}

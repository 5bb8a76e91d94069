import type { ErrorCode } from '@hujiao/shared';
import type { Choices } from '../dictionary/index.ts';
import type { FieldSet } from './custom-field.service.ts';
import type { CustomerInsert } from './customer.repository.ts';
import type { ImportJobRow } from './import.repository.ts';
import type { ColumnTarget } from './import-columns.ts';
import type { NormalisedPhone } from './phone.ts';
import type { Viewer } from './viewer.ts';

/** The parts of an import job between reading rows and writing batches (import.service.ts). */
export interface RowIssue {
  code: ErrorCode;
  params: Record<string, string | number>;
}
export interface Candidate {
  line: number;
  cells: string[];
  /** The file gave a name (else the name is the first number, and an update keeps the stored name). */
  named: boolean;
  /** Set when the candidate is to be inserted (time-ordered, see ADR 0006). */
  id?: string;
  values: CustomerInsert;
  phones: Array<NormalisedPhone & { e164: string }>;
  customFields: Record<string, unknown>;
  tags: string[];
}

export type Stats = Record<'total' | 'processed' | 'created' | 'updated' | 'skipped' | 'failed' | 'flagged', number>;
export type LineIssue = { line: number; cells: string[] } & RowIssue;
export interface Prepared {
  rows: number;
  issues: LineIssue[];
  candidates: Candidate[];
}

/** A classified batch, ready for its transaction. */
export interface Plan {
  rows: number;
  issues: LineIssue[];
  inserts: Candidate[];
  updates: Array<{ id: string; c: Candidate }>;
  black: Set<string>;
  /** Batches whose customers this one updates: written first. */
  after: Array<Promise<void>>;
}

/** A number being inserted by a batch that has not committed yet. */
export interface InflightKey {
  customerId: string;
  done: Promise<void>;
}
export type InflightKeys = Map<string, InflightKey>;

/** How many batch transactions of one import run at once. */
export const WRITERS = 2;

/**
 * Runs batch writes with bounded concurrency and remembers, until each commits, the numbers it inserts (so the
 * next batches' duplicate check sees them before the database does).
 */
export class BatchWriter {
  readonly inflight: InflightKeys = new Map();
  private readonly running = new Set<Promise<void>>();
  private error: unknown;

  constructor(private readonly limit: number) {}

  /** Waits until a write may start; throws the first failed write's error. */
  async slot(): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.error !== undefined) throw this.error;
  }

  start(plan: Plan, write: (inserted: () => void) => Promise<void>): void {
    let release = () => {};
    const done = new Promise<void>((r) => {
      release = r;
    });
    const mine: string[] = [];
    for (const c of plan.inserts)
      for (const p of c.phones) {
        this.inflight.set(p.e164, { customerId: c.id as string, done });
        mine.push(p.e164);
      }
    const inserted = () => {
      for (const k of mine) if (this.inflight.get(k)?.done === done) this.inflight.delete(k);
      release();
    };
    const run: Promise<void> = write(inserted)
      .catch((err: unknown) => {
        this.error ??= err;
      })
      .finally(() => {
        inserted();
        this.running.delete(run);
      });
    this.running.add(run);
  }

  /** Waits for every write; throws the first failed write's error. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.race(this.running);
    if (this.error !== undefined) throw this.error;
  }
}

export interface RowContext {
  viewer: Viewer;
  job: ImportJobRow;
  set: FieldSet;
  sources: Choices;
  statuses: Choices;
  columns: ColumnTarget[];
  header: string[];
}

/** A later row of the same file with the same number, under the update policy: its values win. */
export function mergeCandidate(into: Candidate, from: Candidate) {
  for (const [k, v] of Object.entries(from.values)) {
    if (k === 'name' && !from.named) continue;
    if (v !== null && v !== undefined && v !== '') (into.values as Record<string, unknown>)[k] = v;
  }
  into.named ||= from.named;
  Object.assign(into.customFields, from.customFields);
  into.tags = [...new Set([...into.tags, ...from.tags])];
  for (const p of from.phones) if (!into.phones.some((x) => x.e164 === p.e164)) into.phones.push(p);
}

export function dbReason(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const m = (e as { message?: string; cause?: unknown }).cause;
    if (!m) break;
    e = m;
  }
  return String((e as Error)?.message ?? err).slice(0, 200);
}

import { and, count, desc, eq, gte, ilike, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client.ts';
import { pgArray } from '../../db/pg-array.ts';
import { callRecords } from './call-record.table.ts';

export type CallRecordRow = typeof callRecords.$inferSelect;
export type CallRecordInsert = typeof callRecords.$inferInsert;

export interface CallRecordFilter {
  page: number;
  pageSize: number;
  keyword?: string;
  from?: string;
  to?: string;
  caller?: string;
  callee?: string;
  direction?: 'internal' | 'inbound' | 'outbound';
  answered?: boolean;
  minDurationSec?: number;
}

export class CallRecordRepository {
  constructor(private readonly db: Db) {}

  async list(tenantId: string, f: CallRecordFilter) {
    const where: SQL[] = [eq(callRecords.tenantId, tenantId)];
    if (f.from) where.push(gte(callRecords.startedAt, new Date(f.from)));
    if (f.to) where.push(lte(callRecords.startedAt, new Date(f.to)));
    if (f.caller) where.push(ilike(callRecords.caller, `%${f.caller}%`));
    if (f.callee) where.push(ilike(callRecords.callee, `%${f.callee}%`));
    if (f.direction) where.push(eq(callRecords.direction, f.direction));
    if (f.answered !== undefined)
      where.push(f.answered ? isNotNull(callRecords.answeredAt) : isNull(callRecords.answeredAt));
    if (f.minDurationSec !== undefined) where.push(gte(callRecords.billedSec, f.minDurationSec));
    if (f.keyword) {
      const match = or(ilike(callRecords.caller, `%${f.keyword}%`), ilike(callRecords.callee, `%${f.keyword}%`));
      if (match) where.push(match);
    }
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(callRecords)
        .where(cond)
        .orderBy(desc(callRecords.startedAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(callRecords).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async findById(tenantId: string, id: string): Promise<CallRecordRow | undefined> {
    const [row] = await this.db
      .select()
      .from(callRecords)
      .where(and(eq(callRecords.tenantId, tenantId), eq(callRecords.id, id)));
    return row;
  }

  /**
   * The switch's batched call records: one statement with a parameter per column (at hundreds of calls/s the ORM's
   * per-value statement building cost more than the insert), time-ordered ids.
   */
  async insertMany(values: CallRecordInsert[]): Promise<void> {
    if (values.length === 0) return;
    const col = (f: (r: CallRecordInsert) => string | number | null | undefined) =>
      pgArray(values.map((r) => f(r) ?? null));
    const time = (d: Date | null | undefined) => d?.toISOString() ?? null;
    await this.db.execute(sql`insert into call_records (id, tenant_id, call_id, caller, callee, direction, started_at,
        answered_at, ended_at, duration_sec, billed_sec, hangup_cause, hangup_side, recording_path, legs, customer_id)
      select * from unnest(${col(() => uuidv7())}::uuid[], ${col((r) => r.tenantId)}::uuid[],
        ${col((r) => r.callId)}::text[], ${col((r) => r.caller)}::text[], ${col((r) => r.callee)}::text[],
        ${col((r) => r.direction)}::text[], ${col((r) => time(r.startedAt))}::timestamptz[],
        ${col((r) => time(r.answeredAt))}::timestamptz[], ${col((r) => time(r.endedAt))}::timestamptz[],
        ${col((r) => r.durationSec)}::int[], ${col((r) => r.billedSec)}::int[], ${col((r) => r.hangupCause)}::text[],
        ${col((r) => r.hangupSide)}::text[], ${col((r) => r.recordingPath)}::text[],
        ${col((r) => JSON.stringify(r.legs ?? []))}::jsonb[], ${col((r) => r.customerId)}::uuid[])`);
  }

  async insert(values: CallRecordInsert): Promise<CallRecordRow> {
    const [row] = await this.db.insert(callRecords).values(values).returning();
    if (!row) throw new Error('call record insert returned nothing');
    return row;
  }
}

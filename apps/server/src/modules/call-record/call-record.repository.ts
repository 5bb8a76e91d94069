import { and, count, desc, eq, gte, ilike, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client.ts';
import { pgArray } from '../../db/pg-array.ts';
import { CallRecordState, callRecords } from './call-record.table.ts';
import { CallRecordScope } from './call-record-scope.ts';

export type CallRecordRow = typeof callRecords.$inferSelect;
export type CallRecordInsert = typeof callRecords.$inferInsert;
export type OpenCallRecordInsert = Pick<
  CallRecordInsert,
  'tenantId' | 'callId' | 'caller' | 'callee' | 'direction' | 'startedAt' | 'recordingPath'
> & { answeredAt?: Date | null };
export interface ClosedOpenRecord {
  id: string;
  endedAt: Date;
  /** Kept when the row has one already. */
  answeredAt: Date | null;
  /** Null when the recording the call was to write does not exist. */
  recordingPath: string | null;
  durationSec: number;
  billedSec: number;
  hangupCause: string;
  hangupSide: string;
}

const time = (d: Date | null | undefined) => d?.toISOString() ?? null;
/** One column of a batch as an array parameter (see pgArray). */
const columnOf =
  <R>(rows: R[]) =>
  (f: (r: R) => string | number | null | undefined) =>
    pgArray(rows.map((r) => f(r) ?? null));

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
  /** Only 呼损 (unanswered inbound calls, see lostStage) or only the others. */
  lost?: boolean;
  /** Only calls that visited this queue / were answered by this agent. */
  queueId?: string;
  agentId?: string;
  /** Only calls of these extensions (see CallRecordScope); null or absent: all. */
  extensions?: string[] | null;
}

/** 呼损: an ended inbound call that never bridged (call-record.service lostStage says where it was lost). */
const lostCondition = sql`(${callRecords.direction} = 'inbound' and ${callRecords.state} = 'ended'
  and not (${callRecords.segments} @> '[{"kind":"bridge"}]'::jsonb))`;
/** The call has a queue visit (排队记录) matching the condition on `q`. */
const visited = (cond: SQL) =>
  sql`exists (select 1 from queue_calls q where q.tenant_id = ${callRecords.tenantId}
    and q.call_id = ${callRecords.callId} and ${cond})`;

export class CallRecordRepository {
  constructor(private readonly db: Db) {}

  async list(tenantId: string, f: CallRecordFilter) {
    const where: SQL[] = [eq(callRecords.tenantId, tenantId)];
    const scope = CallRecordScope.condition(f.extensions ?? null);
    if (scope) where.push(scope);
    if (f.from) where.push(gte(callRecords.startedAt, new Date(f.from)));
    if (f.to) where.push(lte(callRecords.startedAt, new Date(f.to)));
    if (f.caller) where.push(ilike(callRecords.caller, `%${f.caller}%`));
    if (f.callee) where.push(ilike(callRecords.callee, `%${f.callee}%`));
    if (f.direction) where.push(eq(callRecords.direction, f.direction));
    if (f.answered !== undefined)
      where.push(f.answered ? isNotNull(callRecords.answeredAt) : isNull(callRecords.answeredAt));
    if (f.minDurationSec !== undefined) where.push(gte(callRecords.billedSec, f.minDurationSec));
    if (f.lost !== undefined) where.push(f.lost ? lostCondition : sql`not (${lostCondition})`);
    if (f.queueId) where.push(visited(sql`q.queue_id = ${f.queueId}`));
    if (f.agentId) where.push(visited(sql`q.agent_id = ${f.agentId}`));
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
   * The switch's final records, batched: one statement with a parameter per column (at hundreds of calls/s the
   * ORM's per-value statement building cost more than the insert), time-ordered ids. The row the call opened is
   * completed (same tenant and call id); a call whose open row was never written is inserted whole.
   */
  async upsertMany(values: CallRecordInsert[]): Promise<void> {
    if (values.length === 0) return;
    const col = columnOf(values);
    await this.db.execute(sql`insert into call_records (id, tenant_id, call_id, caller, callee, direction, started_at,
        answered_at, ended_at, duration_sec, billed_sec, hangup_cause, hangup_side, recording_path, legs, segments,
        customer_id, satisfaction, state)
      select u.*, 'ended' from unnest(${col(() => uuidv7())}::uuid[], ${col((r) => r.tenantId)}::uuid[],
        ${col((r) => r.callId)}::text[], ${col((r) => r.caller)}::text[], ${col((r) => r.callee)}::text[],
        ${col((r) => r.direction)}::text[], ${col((r) => time(r.startedAt))}::timestamptz[],
        ${col((r) => time(r.answeredAt))}::timestamptz[], ${col((r) => time(r.endedAt))}::timestamptz[],
        ${col((r) => r.durationSec)}::int[], ${col((r) => r.billedSec)}::int[], ${col((r) => r.hangupCause)}::text[],
        ${col((r) => r.hangupSide)}::text[], ${col((r) => r.recordingPath)}::text[],
        ${col((r) => JSON.stringify(r.legs ?? []))}::jsonb[], ${col((r) => JSON.stringify(r.segments ?? []))}::jsonb[],
        ${col((r) => r.customerId)}::uuid[], ${col((r) => r.satisfaction)}::smallint[]) as u
      on conflict (tenant_id, call_id) do update set caller = excluded.caller, callee = excluded.callee,
        direction = excluded.direction, started_at = excluded.started_at, answered_at = excluded.answered_at,
        ended_at = excluded.ended_at, duration_sec = excluded.duration_sec, billed_sec = excluded.billed_sec,
        hangup_cause = excluded.hangup_cause, hangup_side = excluded.hangup_side,
        recording_path = excluded.recording_path, legs = excluded.legs, segments = excluded.segments,
        customer_id = coalesce(excluded.customer_id, call_records.customer_id),
        satisfaction = coalesce(excluded.satisfaction, call_records.satisfaction), state = 'ended'`);
  }

  /** Rows of calls that have just started (state open), batched like the final records. */
  async openMany(values: OpenCallRecordInsert[]): Promise<void> {
    if (values.length === 0) return;
    const col = columnOf(values);
    await this.db.execute(sql`insert into call_records (id, tenant_id, call_id, caller, callee, direction, started_at,
        recording_path, answered_at, state)
      select u.*, 'open' from unnest(${col(() => uuidv7())}::uuid[], ${col((r) => r.tenantId)}::uuid[],
        ${col((r) => r.callId)}::text[], ${col((r) => r.caller)}::text[], ${col((r) => r.callee)}::text[],
        ${col((r) => r.direction)}::text[], ${col((r) => time(r.startedAt))}::timestamptz[],
        ${col((r) => r.recordingPath)}::text[],
        ${col((r) => time(r.answeredAt))}::timestamptz[]) as u
      on conflict (tenant_id, call_id) do nothing`);
  }

  /** Open calls answered meanwhile: what a crash would otherwise lose of them (the first answer counts). */
  async markAnswered(values: Array<{ tenantId: string; callId: string; answeredAt: Date }>): Promise<void> {
    if (values.length === 0) return;
    const col = columnOf(values);
    await this.db.execute(sql`update call_records c set answered_at = coalesce(c.answered_at, u.answered_at)
      from unnest(${col((r) => r.tenantId)}::uuid[], ${col((r) => r.callId)}::text[],
        ${col((r) => time(r.answeredAt))}::timestamptz[]) as u(tenant_id, call_id, answered_at)
      where c.tenant_id = u.tenant_id and c.call_id = u.call_id and c.state = 'open'`);
  }

  /** Rows still open, oldest first (after a crash: calls that were up). */
  async listOpen(limit: number): Promise<CallRecordRow[]> {
    return this.db
      .select()
      .from(callRecords)
      .where(eq(callRecords.state, CallRecordState.Open))
      .orderBy(callRecords.startedAt)
      .limit(limit);
  }

  /** Closes open rows with what start-up worked out for them; rows meanwhile ended are left alone. */
  async closeOpen(values: ClosedOpenRecord[]): Promise<void> {
    if (values.length === 0) return;
    const col = columnOf(values);
    await this.db.execute(sql`update call_records c set state = 'ended', ended_at = u.ended_at,
        answered_at = coalesce(c.answered_at, u.answered_at), duration_sec = u.duration_sec,
        billed_sec = u.billed_sec, hangup_cause = u.hangup_cause, hangup_side = u.hangup_side,
        recording_path = u.recording_path
      from unnest(${col((r) => r.id)}::uuid[], ${col((r) => time(r.endedAt))}::timestamptz[],
        ${col((r) => time(r.answeredAt))}::timestamptz[], ${col((r) => r.durationSec)}::int[],
        ${col((r) => r.billedSec)}::int[], ${col((r) => r.hangupCause)}::text[], ${col((r) => r.hangupSide)}::text[],
        ${col((r) => r.recordingPath)}::text[])
        as u(id, ended_at, answered_at, duration_sec, billed_sec, hangup_cause, hangup_side, recording_path)
      where c.id = u.id and c.state = 'open'`);
  }

  async insert(values: CallRecordInsert): Promise<CallRecordRow> {
    const [row] = await this.db.insert(callRecords).values(values).returning();
    if (!row) throw new Error('call record insert returned nothing');
    return row;
  }
}

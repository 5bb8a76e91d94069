import { and, count, desc, eq, gte, ilike, isNotNull, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
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

  async insertMany(values: CallRecordInsert[]): Promise<void> {
    if (values.length) await this.db.insert(callRecords).values(values);
  }

  async insert(values: CallRecordInsert): Promise<CallRecordRow> {
    const [row] = await this.db.insert(callRecords).values(values).returning();
    if (!row) throw new Error('call record insert returned nothing');
    return row;
  }
}

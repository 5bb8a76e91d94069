import type { RefusedCallView } from '@hujiao/shared';
import { and, count, desc, eq, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { refusedCalls } from './refused-call.table.ts';

/** A refusal as the router reports it (the shape of telephony/pbx-router.ts RefusedCall). */
export interface RefusedCallEvent {
  tenantId: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  reason: string;
  routeId?: string;
  /** ISO 8601. */
  at: string;
}

export interface RefusedCallFilter {
  page: number;
  pageSize: number;
  keyword?: string;
  direction?: string;
  reason?: string;
  from?: string;
  to?: string;
}

/** 拦截记录: writes every refused call and lists them per tenant. */
export class RefusedCallLog {
  constructor(
    private readonly db: Db,
    private readonly logger?: Logger,
  ) {}

  /** Never throws: a refusal is already answered to the caller; a failed write is only logged. */
  async record(e: RefusedCallEvent): Promise<void> {
    try {
      await this.db.insert(refusedCalls).values({
        tenantId: e.tenantId,
        direction: e.direction,
        fromNumber: e.from,
        toNumber: e.to,
        reason: e.reason,
        routeId: e.routeId ?? null,
        at: new Date(e.at),
      });
    } catch (err) {
      this.logger?.warn({ err, refused: e }, 'refused call not logged');
    }
  }

  async list(tenantId: string, f: RefusedCallFilter): Promise<{ items: RefusedCallView[]; total: number }> {
    const where: SQL[] = [eq(refusedCalls.tenantId, tenantId)];
    if (f.direction) where.push(eq(refusedCalls.direction, f.direction));
    if (f.reason) where.push(eq(refusedCalls.reason, f.reason));
    if (f.from) where.push(gte(refusedCalls.at, new Date(f.from)));
    if (f.to) where.push(lte(refusedCalls.at, new Date(f.to)));
    if (f.keyword) {
      const match = or(
        ilike(refusedCalls.fromNumber, `%${f.keyword}%`),
        ilike(refusedCalls.toNumber, `%${f.keyword}%`),
      );
      if (match) where.push(match);
    }
    const condition = and(...where);
    const rows = await this.db
      .select()
      .from(refusedCalls)
      .where(condition)
      .orderBy(desc(refusedCalls.at), desc(refusedCalls.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    const [total] = await this.db.select({ n: count() }).from(refusedCalls).where(condition);
    return {
      items: rows.map((r) => ({
        id: r.id,
        direction: r.direction as RefusedCallView['direction'],
        from: r.fromNumber,
        to: r.toNumber,
        reason: r.reason,
        routeId: r.routeId,
        at: r.at.toISOString(),
      })),
      total: total?.n ?? 0,
    };
  }
}

import type { BlacklistEntry } from '@hujiao/shared';
import { and, count, desc, eq, ilike, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomerRepository } from './customer.repository.ts';
import { blacklist } from './customer.table.ts';
import { normalisePhone } from './phone.ts';
import type { Viewer } from './viewer.ts';

type Row = typeof blacklist.$inferSelect;
const toEntry = (r: Row): BlacklistEntry => ({
  id: r.id,
  number: r.number,
  e164: r.e164,
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
});

/** 黑名单: numbers flagged on customers and on import; changes re-flag the tenant's phones. */
export class BlacklistService {
  constructor(
    private readonly db: Db,
    private readonly customers: CustomerRepository,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: string, q: { page: number; pageSize: number; keyword?: string }) {
    const where = [eq(blacklist.tenantId, tenantId)];
    if (q.keyword) {
      const m = or(ilike(blacklist.number, `%${q.keyword}%`), ilike(blacklist.reason, `%${q.keyword}%`));
      if (m) where.push(m);
    }
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(blacklist)
        .where(cond)
        .orderBy(desc(blacklist.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db.select({ n: count() }).from(blacklist).where(cond),
    ]);
    return { items: rows.map(toEntry), total: total?.n ?? 0 };
  }

  async create(viewer: Viewer, input: { number: string; reason?: string | null }): Promise<BlacklistEntry> {
    const p = normalisePhone(input.number);
    if (!p.e164) throw new DomainError('PHONE_INVALID', { phone: input.number });
    const e164 = p.e164;
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(blacklist)
        .values({ tenantId: viewer.tenantId, number: p.raw, e164, reason: input.reason ?? null })
        .returning();
      if (!row) throw notFound();
      await this.customers.refreshBlacklistFlags(viewer.tenantId, tx);
      await this.audit.record(viewer.ctx, 'blacklist', 'create', { id: row.id, detail: { number: e164 } }, tx);
      return toEntry(row);
    });
  }

  async delete(viewer: Viewer, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .delete(blacklist)
        .where(and(eq(blacklist.tenantId, viewer.tenantId), eq(blacklist.id, id)))
        .returning();
      if (!row) throw notFound();
      await this.customers.refreshBlacklistFlags(viewer.tenantId, tx);
      await this.audit.record(viewer.ctx, 'blacklist', 'delete', { id, detail: { number: row.e164 } }, tx);
    });
  }
}

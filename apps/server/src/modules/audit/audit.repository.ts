import { and, count, desc, eq, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { auditLogs } from './audit.table.ts';
import { type AuditEntry as LoggedEntry, resolveNames } from './audit-sentence.ts';

export interface AuditEntry {
  tenantId: string;
  userId: string | null;
  userName: string | null;
  ip: string | null;
  module: string;
  action: string;
  targetId?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditFilter {
  page: number;
  pageSize: number;
  keyword?: string;
  module?: string;
  action?: string;
  from?: string;
  to?: string;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(entry: AuditEntry, tx?: Tx): Promise<void> {
    await (tx ?? this.db).insert(auditLogs).values({ ...entry, targetId: entry.targetId ?? null });
  }

  /** Names of the ids a page of entries mentions. */
  names(entries: LoggedEntry[]): Promise<Map<string, string>> {
    return resolveNames(this.db, entries);
  }

  async list(tenantId: string, f: AuditFilter) {
    const where: SQL[] = [eq(auditLogs.tenantId, tenantId)];
    if (f.module) where.push(eq(auditLogs.module, f.module));
    if (f.action) where.push(eq(auditLogs.action, f.action));
    if (f.from) where.push(gte(auditLogs.createdAt, new Date(f.from)));
    if (f.to) where.push(lte(auditLogs.createdAt, new Date(f.to)));
    if (f.keyword) {
      const like = `%${f.keyword}%`;
      const match = or(ilike(auditLogs.userName, like), ilike(auditLogs.targetId, like), ilike(auditLogs.ip, like));
      if (match) where.push(match);
    }
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(auditLogs)
        .where(cond)
        .orderBy(desc(auditLogs.seq))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(auditLogs).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }
}

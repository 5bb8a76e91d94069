import type { AuditLog, Locale } from '@hujiao/shared';
import type { Tx } from '../../db/client.ts';
import type { AuditContext } from '../../http/actor.ts';
import type { AuditFilter, AuditRepository } from './audit.repository.ts';
import { auditSentence } from './audit-sentence.ts';

export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /** Records an administrative action; pass the transaction so the entry commits with the change. */
  record(
    ctx: AuditContext,
    module: string,
    action: string,
    target?: { id?: string | null; detail?: Record<string, unknown> },
    tx?: Tx,
  ): Promise<void> {
    return this.repo.insert(
      { ...ctx, module, action, targetId: target?.id ?? null, detail: target?.detail ?? null },
      tx,
    );
  }

  /** A page of the log; each entry with its sentence in the reader's language (audit-sentence.ts). */
  async list(
    tenantId: string,
    filter: AuditFilter,
    locale: Locale = 'zh-CN',
  ): Promise<{ items: AuditLog[]; total: number }> {
    const { rows, total } = await this.repo.list(tenantId, filter);
    const names = await this.repo.names(rows);
    return {
      total,
      items: rows.map((r) => ({
        summary: auditSentence(r, names, locale),
        id: r.id,
        userId: r.userId,
        userName: r.userName,
        action: r.action,
        module: r.module,
        targetId: r.targetId,
        detail: r.detail,
        ip: r.ip,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }
}

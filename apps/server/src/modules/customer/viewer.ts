import type { Locale } from '@hujiao/shared';
import type { Actor, AuditContext } from '../../http/actor.ts';
import { auditContext } from '../../http/actor.ts';
import type { CustomerRepository } from './customer.repository.ts';
import type { Scope } from './customer-query.ts';

/** A caller as the CRM sees them: whose customers they see and which roles open custom fields to them. */
export interface Viewer {
  tenantId: string;
  userId: string;
  ctx: AuditContext;
  permissions: ReadonlySet<string>;
  scope: Scope;
  roleIds: string[];
  /** customField:manage holders read and write every field. */
  fieldAdmin: boolean;
  /** The reader's language (Accept-Language), for texts the server makes such as 归属地. */
  locale?: Locale;
}

export class Viewers {
  constructor(private readonly repo: CustomerRepository) {}

  async of(actor: Actor, locale?: Locale): Promise<Viewer> {
    const all = actor.permissions.has('customer:viewAll');
    const [ownerIds, roleIds] = await Promise.all([
      all ? Promise.resolve([]) : this.repo.scopeOwnerIds(actor.tenantId, actor.userId),
      this.repo.roleIdsOf(actor.tenantId, actor.userId),
    ]);
    return {
      tenantId: actor.tenantId,
      userId: actor.userId,
      ctx: auditContext(actor),
      permissions: actor.permissions,
      scope: all ? { all: true } : { all: false, ownerIds },
      roleIds,
      fieldAdmin: actor.permissions.has('customField:manage'),
      locale,
    };
  }
}

import type { RouteAccess } from '@hujiao/shared';

/** Who is calling: resolved from the session cookie or an API token on every /api request. */
export interface Actor {
  userId: string;
  tenantId: string;
  isPlatform: boolean;
  name: string;
  permissions: ReadonlySet<string>;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  ip: string;
}

/** What an audit entry needs to know about the caller. */
export interface AuditContext {
  tenantId: string;
  userId: string | null;
  userName: string | null;
  ip: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /api route: a permission, 'authenticated' or 'public'. */
    permission?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function auditContext(actor: Actor): AuditContext {
  return { tenantId: actor.tenantId, userId: actor.userId, userName: actor.name, ip: actor.ip };
}

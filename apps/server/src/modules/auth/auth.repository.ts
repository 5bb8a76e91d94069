import { and, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';
import { apiTokens, sessions } from './auth.table.ts';

export type SessionInsert = typeof sessions.$inferInsert;
export type ApiTokenInsert = typeof apiTokens.$inferInsert;

export class AuthRepository {
  constructor(private readonly db: Db) {}

  async insertSession(values: SessionInsert): Promise<void> {
    await this.db.insert(sessions).values(values);
  }

  /** The live session with its user and tenant, or nothing when expired. */
  async findSession(id: string, now: Date) {
    const [row] = await this.db
      .select({ session: sessions, user: users, tenant: tenants })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
      .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
    return row;
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, id));
  }

  /** Ends every other session of a user (after a password change). */
  async deleteOtherSessions(userId: string, keepId: string | undefined): Promise<void> {
    await this.db
      .delete(sessions)
      .where(
        and(eq(sessions.userId, userId), keepId ? or(lt(sessions.id, keepId), gt(sessions.id, keepId)) : undefined),
      );
  }

  async deleteExpiredSessions(now: Date): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, now));
  }

  async findToken(hash: string, now: Date) {
    const [row] = await this.db
      .select({ token: apiTokens, user: users, tenant: tenants })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(tenants, eq(tenants.id, apiTokens.tenantId))
      .where(and(eq(apiTokens.tokenHash, hash), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))));
    return row;
  }

  async touchToken(id: string, now: Date): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
  }

  listTokens(tenantId: string, userId: string) {
    return this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.userId, userId)))
      .orderBy(desc(apiTokens.createdAt));
  }

  async insertToken(values: ApiTokenInsert) {
    const [row] = await this.db.insert(apiTokens).values(values).returning();
    if (!row) throw new Error('token insert returned nothing');
    return row;
  }

  async deleteToken(tenantId: string, userId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(apiTokens)
      .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.userId, userId), eq(apiTokens.id, id)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }
}

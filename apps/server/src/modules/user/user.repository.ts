import { and, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { departments } from '../department/department.table.ts';
import { roles } from '../role/role.table.ts';
import { teams } from '../team/team.table.ts';
import { userRoles, users } from './user.table.ts';

export type UserRow = typeof users.$inferSelect;
export type UserInsert = typeof users.$inferInsert;

export interface UserFilter {
  page: number;
  pageSize: number;
  keyword?: string;
  departmentId?: string;
  teamId?: string;
  roleId?: string;
  agentType?: 'agent' | 'teamLeader';
  enabled?: boolean;
}

/** Built on first use, not at import: modules import each other's tables. */
const detailColumns = () => ({
  user: users,
  departmentName: departments.name,
  teamName: teams.name,
  roles: sql<Array<{ id: string; name: string; code: string | null }>>`coalesce((
    select json_agg(json_build_object('id', r.id, 'name', r.name, 'code', r.code) order by r.name)
    from ${userRoles} ur join ${roles} r on r.id = ur.role_id where ur.user_id = ${users.id}), '[]'::json)`,
});

export type UserDetailRow = {
  user: UserRow;
  departmentName: string | null;
  teamName: string | null;
  roles: Array<{ id: string; name: string; code: string | null }>;
};

export class UserRepository {
  private readonly columns = detailColumns();
  constructor(private readonly db: Db) {}

  private detailQuery(db: Db | Tx = this.db) {
    return db
      .select(this.columns)
      .from(users)
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .leftJoin(teams, eq(teams.id, users.teamId));
  }

  async list(tenantId: string, f: UserFilter): Promise<{ rows: UserDetailRow[]; total: number }> {
    const where: SQL[] = [eq(users.tenantId, tenantId)];
    if (f.departmentId) where.push(eq(users.departmentId, f.departmentId));
    if (f.teamId) where.push(eq(users.teamId, f.teamId));
    if (f.agentType) where.push(eq(users.agentType, f.agentType));
    if (f.enabled !== undefined) where.push(eq(users.enabled, f.enabled));
    if (f.roleId) {
      where.push(
        sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.roleId} = ${f.roleId})`,
      );
    }
    if (f.keyword) {
      const like = `%${f.keyword}%`;
      const match = or(
        ilike(users.name, like),
        ilike(users.username, like),
        ilike(users.agentNo, like),
        ilike(users.mobile, like),
      );
      if (match) where.push(match);
    }
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.detailQuery()
        .where(cond)
        .orderBy(desc(users.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(users).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async findDetail(tenantId: string, id: string, tx?: Tx): Promise<UserDetailRow | undefined> {
    const [row] = await this.detailQuery(tx).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
    return row;
  }

  async findById(tenantId: string, id: string): Promise<UserRow | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
    return row;
  }

  /** Login look-ups: the three ways a person names themselves. */
  async findForLogin(by: { username: string } | { tenantId: string; agentNo: string } | { mobile: string }) {
    const cond =
      'username' in by
        ? eq(users.username, by.username)
        : 'mobile' in by
          ? eq(users.mobile, by.mobile)
          : and(eq(users.tenantId, by.tenantId), eq(users.agentNo, by.agentNo));
    const [row] = await this.db.select().from(users).where(cond);
    return row;
  }

  async countAgents(tenantId: string, tx?: Tx): Promise<number> {
    const [row] = await (tx ?? this.db)
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), sql`${users.agentNo} is not null`));
    return row?.n ?? 0;
  }

  /** 工号 and name of the tenant's users among `ids`. */
  async namesOf(tenantId: string, ids: string[]): Promise<Array<{ id: string; agentNo: string | null; name: string }>> {
    if (ids.length === 0) return [];
    return this.db
      .select({ id: users.id, agentNo: users.agentNo, name: users.name })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  }

  /** Ids among `ids` that are users of the tenant. */
  async existingIds(tenantId: string, ids: string[], tx?: Tx): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await (tx ?? this.db)
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
    return rows.map((r) => r.id);
  }

  async insert(values: UserInsert, tx: Tx): Promise<UserRow> {
    const [row] = await tx.insert(users).values(values).returning();
    if (!row) throw new Error('user insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<UserInsert>, tx?: Tx): Promise<UserRow | undefined> {
    const [row] = await (tx ?? this.db)
      .update(users)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string, tx: Tx): Promise<void> {
    await tx.delete(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  }

  async setRoles(tenantId: string, userId: string, roleIds: string[], tx: Tx): Promise<void> {
    await tx.delete(userRoles).where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId)));
    if (roleIds.length) await tx.insert(userRoles).values(roleIds.map((roleId) => ({ tenantId, userId, roleId })));
  }

  /** Enabled permissions of the user's enabled roles. */
  async permissionsOf(tenantId: string, userId: string): Promise<{ names: string[]; permissions: string[] }> {
    const rows = await this.db
      .select({ name: roles.name, permissions: roles.permissions })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId), eq(roles.enabled, true)));
    return { names: rows.map((r) => r.name), permissions: [...new Set(rows.flatMap((r) => r.permissions))] };
  }

  /** Moves the given users into a team, and out of it the team's members not listed. */
  async setTeamMembers(tenantId: string, teamId: string, memberIds: string[], tx: Tx): Promise<void> {
    await tx
      .update(users)
      .set({ teamId: null })
      .where(and(eq(users.tenantId, tenantId), eq(users.teamId, teamId)));
    if (memberIds.length) {
      await tx
        .update(users)
        .set({ teamId })
        .where(and(eq(users.tenantId, tenantId), inArray(users.id, memberIds)));
    }
  }

  async teamMemberIds(tenantId: string, teamIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (teamIds.length === 0) return map;
    const rows = await this.db
      .select({ id: users.id, teamId: users.teamId })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.teamId, teamIds)));
    for (const r of rows) if (r.teamId) map.set(r.teamId, [...(map.get(r.teamId) ?? []), r.id]);
    return map;
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}

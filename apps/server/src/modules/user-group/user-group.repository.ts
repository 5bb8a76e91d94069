import { and, count, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { userGroupMembers, userGroups } from './user-group.table.ts';

export type UserGroupRow = typeof userGroups.$inferSelect;
export type UserGroupInsert = typeof userGroups.$inferInsert;

export class UserGroupRepository {
  constructor(private readonly db: Db) {}

  async list(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    const where: SQL[] = [eq(userGroups.tenantId, tenantId)];
    if (f.keyword) where.push(ilike(userGroups.name, `%${f.keyword}%`));
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(userGroups)
        .where(cond)
        .orderBy(desc(userGroups.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(userGroups).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async findById(tenantId: string, id: string, tx?: Tx): Promise<UserGroupRow | undefined> {
    const [row] = await (tx ?? this.db)
      .select()
      .from(userGroups)
      .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, id)));
    return row;
  }

  async memberIds(tenantId: string, groupIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (groupIds.length === 0) return map;
    const rows = await this.db
      .select()
      .from(userGroupMembers)
      .where(and(eq(userGroupMembers.tenantId, tenantId), inArray(userGroupMembers.groupId, groupIds)));
    for (const r of rows) map.set(r.groupId, [...(map.get(r.groupId) ?? []), r.userId]);
    return map;
  }

  async insert(values: UserGroupInsert, tx: Tx): Promise<UserGroupRow> {
    const [row] = await tx.insert(userGroups).values(values).returning();
    if (!row) throw new Error('user group insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<UserGroupInsert>, tx: Tx) {
    await tx
      .update(userGroups)
      .set(values)
      .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, id)));
  }

  async setMembers(tenantId: string, groupId: string, userIds: string[], tx: Tx): Promise<void> {
    await tx
      .delete(userGroupMembers)
      .where(and(eq(userGroupMembers.tenantId, tenantId), eq(userGroupMembers.groupId, groupId)));
    if (userIds.length) {
      await tx.insert(userGroupMembers).values([...new Set(userIds)].map((userId) => ({ tenantId, groupId, userId })));
    }
  }

  async delete(tenantId: string, id: string, tx: Tx): Promise<void> {
    await tx.delete(userGroups).where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, id)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}

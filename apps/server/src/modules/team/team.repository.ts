import { and, count, desc, eq, ilike, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/client.ts';
import { users } from '../user/user.table.ts';
import { teams } from './team.table.ts';

export type TeamRow = typeof teams.$inferSelect;
export type TeamInsert = typeof teams.$inferInsert;

export class TeamRepository {
  /** Aliased users table for the leader's name (built here, not at import, because modules import each other). */
  private readonly leader = alias(users, 'leader');
  constructor(private readonly db: Db) {}

  async list(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    const where: SQL[] = [eq(teams.tenantId, tenantId)];
    if (f.keyword) where.push(ilike(teams.name, `%${f.keyword}%`));
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ team: teams, leaderName: this.leader.name })
        .from(teams)
        .leftJoin(this.leader, eq(this.leader.id, teams.leaderId))
        .where(cond)
        .orderBy(desc(teams.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(teams).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async findById(tenantId: string, id: string, tx?: Tx) {
    const [row] = await (tx ?? this.db)
      .select({ team: teams, leaderName: this.leader.name })
      .from(teams)
      .leftJoin(this.leader, eq(this.leader.id, teams.leaderId))
      .where(and(eq(teams.tenantId, tenantId), eq(teams.id, id)));
    return row;
  }

  async exists(tenantId: string, id: string, tx?: Tx): Promise<boolean> {
    return !!(await this.findById(tenantId, id, tx));
  }

  async insert(values: TeamInsert, tx: Tx): Promise<TeamRow> {
    const [row] = await tx.insert(teams).values(values).returning();
    if (!row) throw new Error('team insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<TeamInsert>, tx: Tx) {
    const [row] = await tx
      .update(teams)
      .set(values)
      .where(and(eq(teams.tenantId, tenantId), eq(teams.id, id)))
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string, tx: Tx): Promise<void> {
    await tx.delete(teams).where(and(eq(teams.tenantId, tenantId), eq(teams.id, id)));
  }

  async clearLeader(tenantId: string, userId: string, tx: Tx): Promise<void> {
    await tx
      .update(teams)
      .set({ leaderId: null })
      .where(and(eq(teams.tenantId, tenantId), eq(teams.leaderId, userId)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { users } from '../user/user.table.ts';
import { departments } from './department.table.ts';

export type DepartmentRow = typeof departments.$inferSelect;
export type DepartmentInsert = typeof departments.$inferInsert;

export class DepartmentRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: string) {
    const userCount = sql<number>`(select count(*)::int from "users" u where u."department_id" = "departments"."id")`;
    return this.db
      .select({ department: departments, userCount })
      .from(departments)
      .where(eq(departments.tenantId, tenantId))
      .orderBy(asc(departments.sort), asc(departments.name));
  }

  async findById(tenantId: string, id: string, tx?: Tx): Promise<DepartmentRow | undefined> {
    const [row] = await (tx ?? this.db)
      .select()
      .from(departments)
      .where(and(eq(departments.tenantId, tenantId), eq(departments.id, id)));
    return row;
  }

  async exists(tenantId: string, id: string, tx?: Tx): Promise<boolean> {
    return !!(await this.findById(tenantId, id, tx));
  }

  /** True when the department has sub-departments or users. */
  async inUse(tenantId: string, id: string, tx: Tx): Promise<boolean> {
    const [child] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, tenantId), eq(departments.parentId, id)))
      .limit(1);
    const [member] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.departmentId, id)))
      .limit(1);
    return !!(child || member);
  }

  async insert(values: DepartmentInsert, tx: Tx): Promise<DepartmentRow> {
    const [row] = await tx.insert(departments).values(values).returning();
    if (!row) throw new Error('department insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<DepartmentInsert>, tx: Tx) {
    const [row] = await tx
      .update(departments)
      .set(values)
      .where(and(eq(departments.tenantId, tenantId), eq(departments.id, id)))
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string, tx: Tx): Promise<void> {
    await tx.delete(departments).where(and(eq(departments.tenantId, tenantId), eq(departments.id, id)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}

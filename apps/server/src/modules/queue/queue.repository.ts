import type { QueueMember } from '@hujiao/shared';
import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { extensions } from '../extension/extension.table.ts';
import { ivrMenus, ivrMenuVersions } from '../ivr/ivr.table.ts';
import { inboundRoutes } from '../routing/routing.table.ts';
import { users } from '../user/user.table.ts';
import { mohClasses } from '../voice-file/voice-file.table.ts';
import { queueMembers, queues } from './queue.table.ts';

export type QueueRow = typeof queues.$inferSelect;
export type QueueInsert = Omit<typeof queues.$inferInsert, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>;
export interface MemberRow extends QueueMember {
  queueId: string;
  name: string;
  agentNo: string | null;
}

/** JSON text that names this queue as a destination (`"queueId":"<id>"` as PostgreSQL prints jsonb). */
const namesQueue = (id: string) => `%"queueId": "${id}"%`;

export class QueueRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: string, f: { keyword?: string; enabled?: boolean } = {}): Promise<QueueRow[]> {
    const where: SQL[] = [eq(queues.tenantId, tenantId)];
    if (f.keyword) {
      const match = or(ilike(queues.name, `%${f.keyword}%`), ilike(queues.description, `%${f.keyword}%`));
      if (match) where.push(match);
    }
    if (f.enabled !== undefined) where.push(eq(queues.enabled, f.enabled));
    return this.db
      .select()
      .from(queues)
      .where(and(...where))
      .orderBy(asc(queues.name));
  }

  /** Every enabled queue of every enterprise (the ACD's start-up). */
  allEnabled(): Promise<QueueRow[]> {
    return this.db.select().from(queues).where(eq(queues.enabled, true)).orderBy(asc(queues.tenantId));
  }

  async find(tenantId: string, id: string): Promise<QueueRow | undefined> {
    const [row] = await this.db
      .select()
      .from(queues)
      .where(and(eq(queues.tenantId, tenantId), eq(queues.id, id)));
    return row;
  }

  /** Members of the queues, by level then order (with the user's name and 工号). */
  async members(tenantId: string, queueIds: string[]): Promise<MemberRow[]> {
    if (queueIds.length === 0) return [];
    return this.db
      .select({
        queueId: queueMembers.queueId,
        agentId: queueMembers.userId,
        level: queueMembers.level,
        order: queueMembers.order,
        name: users.name,
        agentNo: users.agentNo,
      })
      .from(queueMembers)
      .innerJoin(users, and(eq(users.id, queueMembers.userId), eq(users.tenantId, tenantId)))
      .where(and(eq(queueMembers.tenantId, tenantId), inArray(queueMembers.queueId, queueIds)))
      .orderBy(asc(queueMembers.level), asc(queueMembers.order), asc(users.agentNo));
  }

  /** The queue and (when given) its whole member list, in one transaction. */
  async save(
    tenantId: string,
    id: string | null,
    values: Partial<QueueInsert>,
    members?: QueueMember[],
  ): Promise<QueueRow | undefined> {
    return this.db.transaction(async (tx) => {
      let row: QueueRow | undefined;
      if (id === null) {
        [row] = await tx
          .insert(queues)
          .values({ ...(values as QueueInsert), tenantId })
          .returning();
      } else {
        [row] = await tx
          .update(queues)
          .set({ ...values, updatedAt: new Date() })
          .where(and(eq(queues.tenantId, tenantId), eq(queues.id, id)))
          .returning();
      }
      if (!row || !members) return row;
      await tx.delete(queueMembers).where(and(eq(queueMembers.tenantId, tenantId), eq(queueMembers.queueId, row.id)));
      if (members.length > 0) {
        await tx.insert(queueMembers).values(
          members.map((m) => ({
            tenantId,
            queueId: (row as QueueRow).id,
            userId: m.agentId,
            level: m.level,
            order: m.order,
          })),
        );
      }
      return row;
    });
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(queues)
      .where(and(eq(queues.tenantId, tenantId), eq(queues.id, id)))
      .returning({ id: queues.id });
    return rows.length > 0;
  }

  async existing(tenantId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: queues.id })
      .from(queues)
      .where(and(eq(queues.tenantId, tenantId), inArray(queues.id, ids)));
    return new Set(rows.map((r) => r.id));
  }

  /** The ids among `ids` that are users of the tenant. */
  async usersOf(tenantId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
    return new Set(rows.map((r) => r.id));
  }

  async mohClassExists(tenantId: string, id: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: mohClasses.id })
      .from(mohClasses)
      .where(and(eq(mohClasses.tenantId, tenantId), eq(mohClasses.id, id)));
    return !!row;
  }

  async extensionNumbers(tenantId: string): Promise<Set<string>> {
    const rows = await this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(eq(extensions.tenantId, tenantId));
    return new Set(rows.map((r) => r.number));
  }

  /** Names of what leads to the queue: inbound routes, IVR menus (current version), other queues' overflow. */
  async usedBy(tenantId: string, id: string): Promise<{ routes: string[]; menus: string[]; queues: string[] }> {
    const like = namesQueue(id);
    const routes = await this.db
      .select({ name: inboundRoutes.name })
      .from(inboundRoutes)
      .where(
        and(
          eq(inboundRoutes.tenantId, tenantId),
          or(
            sql`${inboundRoutes.destination}::text like ${like}`,
            sql`${inboundRoutes.closedDestination}::text like ${like}`,
          ),
        ),
      );
    const menus = await this.db
      .select({ name: ivrMenus.name })
      .from(ivrMenus)
      .innerJoin(
        ivrMenuVersions,
        and(eq(ivrMenuVersions.menuId, ivrMenus.id), eq(ivrMenuVersions.version, ivrMenus.version)),
      )
      .where(and(eq(ivrMenus.tenantId, tenantId), sql`${ivrMenuVersions.tree}::text like ${like}`));
    const others = await this.db
      .select({ name: queues.name })
      .from(queues)
      .where(
        and(eq(queues.tenantId, tenantId), sql`${queues.id} <> ${id}`, sql`${queues.overflow}::text like ${like}`),
      );
    return { routes: routes.map((r) => r.name), menus: menus.map((r) => r.name), queues: others.map((r) => r.name) };
  }
}

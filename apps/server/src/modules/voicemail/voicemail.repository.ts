import { and, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client.ts';
import { extensions } from '../extension/extension.table.ts';
import { voicemailBoxes, voicemailMessages } from './voicemail.table.ts';

export type VoicemailMessageRow = typeof voicemailMessages.$inferSelect;
export type VoicemailBoxRow = typeof voicemailBoxes.$inferSelect;

export interface MessageFilter {
  page: number;
  pageSize: number;
  box?: string;
  state?: 'read' | 'unread';
  caller?: string;
  from?: string;
  to?: string;
  /** Only these boxes; null: every box of the tenant. */
  boxes: string[] | null;
}

const live = (tenantId: string) => and(eq(voicemailMessages.tenantId, tenantId), isNull(voicemailMessages.deletedAt));

export class VoicemailRepository {
  constructor(private readonly db: Db) {}

  async insertMessage(m: Omit<typeof voicemailMessages.$inferInsert, 'id'>): Promise<VoicemailMessageRow> {
    const [row] = await this.db
      .insert(voicemailMessages)
      .values({ id: uuidv7(), ...m })
      .returning();
    if (!row) throw new Error('voicemail message not inserted');
    return row;
  }

  async listMessages(tenantId: string, f: MessageFilter) {
    const where: SQL[] = [live(tenantId) as SQL];
    if (f.boxes) where.push(f.boxes.length ? inArray(voicemailMessages.box, f.boxes) : sql`false`);
    if (f.box) where.push(eq(voicemailMessages.box, f.box));
    if (f.state === 'read') where.push(isNotNull(voicemailMessages.readAt));
    if (f.state === 'unread') where.push(isNull(voicemailMessages.readAt));
    if (f.caller) where.push(ilike(voicemailMessages.caller, `%${f.caller.replace(/[%_\\]/g, '\\$&')}%`));
    if (f.from) where.push(gte(voicemailMessages.createdAt, new Date(f.from)));
    if (f.to) where.push(lte(voicemailMessages.createdAt, new Date(f.to)));
    const cond = and(...where);
    const [items, [total]] = await Promise.all([
      this.db
        .select()
        .from(voicemailMessages)
        .where(cond)
        .orderBy(desc(voicemailMessages.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(voicemailMessages).where(cond),
    ]);
    return { items, total: total?.n ?? 0 };
  }

  /** Messages of one box not deleted: unread first, newest first within each (the phone's listen order). */
  async boxMessages(tenantId: string, box: string): Promise<VoicemailMessageRow[]> {
    return this.db
      .select()
      .from(voicemailMessages)
      .where(and(live(tenantId), eq(voicemailMessages.box, box)))
      .orderBy(sql`${voicemailMessages.readAt} is not null`, desc(voicemailMessages.createdAt))
      .limit(200);
  }

  async findMessage(tenantId: string, id: string): Promise<VoicemailMessageRow | null> {
    const [row] = await this.db
      .select()
      .from(voicemailMessages)
      .where(and(live(tenantId), eq(voicemailMessages.id, id)));
    return row ?? null;
  }

  async setRead(tenantId: string, id: string, readAt: Date | null): Promise<void> {
    await this.db
      .update(voicemailMessages)
      .set({ readAt })
      .where(and(eq(voicemailMessages.tenantId, tenantId), eq(voicemailMessages.id, id)));
  }

  async markDeleted(tenantId: string, id: string): Promise<void> {
    await this.db
      .update(voicemailMessages)
      .set({ deletedAt: new Date() })
      .where(and(eq(voicemailMessages.tenantId, tenantId), eq(voicemailMessages.id, id)));
  }

  /** New and old messages per box (only `boxes` when given). */
  async counts(tenantId: string, boxes: string[] | null): Promise<Array<{ box: string; new: number; old: number }>> {
    const where: SQL[] = [live(tenantId) as SQL];
    if (boxes) where.push(boxes.length ? inArray(voicemailMessages.box, boxes) : sql`false`);
    const rows = await this.db
      .select({
        box: voicemailMessages.box,
        unread: sql<number>`count(*) filter (where ${voicemailMessages.readAt} is null)`.mapWith(Number),
        read: sql<number>`count(*) filter (where ${voicemailMessages.readAt} is not null)`.mapWith(Number),
      })
      .from(voicemailMessages)
      .where(and(...where))
      .groupBy(voicemailMessages.box);
    return rows.map((r) => ({ box: r.box, new: r.unread, old: r.read }));
  }

  /** Extension numbers of a tenant's users (or of one), by user. */
  async extensionsByUser(tenantId: string, userId?: string): Promise<Map<string, string[]>> {
    const rows = await this.db
      .select({ userId: extensions.userId, number: extensions.number })
      .from(extensions)
      .where(
        and(eq(extensions.tenantId, tenantId), userId ? eq(extensions.userId, userId) : isNotNull(extensions.userId)),
      )
      .orderBy(extensions.number);
    const out = new Map<string, string[]>();
    for (const r of rows) if (r.userId) out.set(r.userId, [...(out.get(r.userId) ?? []), r.number]);
    return out;
  }

  async extensionNumbers(tenantId: string): Promise<string[]> {
    const rows = await this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(eq(extensions.tenantId, tenantId))
      .orderBy(extensions.number)
      .limit(2000);
    return rows.map((r) => r.number);
  }

  async extensionExists(tenantId: string, number: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: extensions.id })
      .from(extensions)
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.number, number)));
    return row !== undefined;
  }

  async boxes(tenantId: string): Promise<VoicemailBoxRow[]> {
    return this.db
      .select()
      .from(voicemailBoxes)
      .where(eq(voicemailBoxes.tenantId, tenantId))
      .orderBy(voicemailBoxes.box);
  }

  async findBox(tenantId: string, box: string): Promise<VoicemailBoxRow | null> {
    const [row] = await this.db
      .select()
      .from(voicemailBoxes)
      .where(and(eq(voicemailBoxes.tenantId, tenantId), eq(voicemailBoxes.box, box)));
    return row ?? null;
  }

  async findBoxById(tenantId: string, id: string): Promise<VoicemailBoxRow | null> {
    const [row] = await this.db
      .select()
      .from(voicemailBoxes)
      .where(and(eq(voicemailBoxes.tenantId, tenantId), eq(voicemailBoxes.id, id)));
    return row ?? null;
  }

  async insertBox(b: Omit<typeof voicemailBoxes.$inferInsert, 'id'>): Promise<VoicemailBoxRow> {
    const [row] = await this.db
      .insert(voicemailBoxes)
      .values({ id: uuidv7(), ...b })
      .returning();
    if (!row) throw new Error('voicemail box not inserted');
    return row;
  }

  async updateBox(tenantId: string, id: string, set: Partial<typeof voicemailBoxes.$inferInsert>): Promise<void> {
    await this.db
      .update(voicemailBoxes)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(voicemailBoxes.tenantId, tenantId), eq(voicemailBoxes.id, id)));
  }

  async deleteBox(tenantId: string, id: string): Promise<void> {
    await this.db.delete(voicemailBoxes).where(and(eq(voicemailBoxes.tenantId, tenantId), eq(voicemailBoxes.id, id)));
  }
}

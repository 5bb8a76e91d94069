import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { extensions } from '../extension/extension.table.ts';
import { callForwardings } from './call-forwarding.table.ts';

export type CallForwardingRow = typeof callForwardings.$inferSelect;
export type CallForwardingFields = Pick<
  CallForwardingRow,
  'unconditionalTarget' | 'busyTarget' | 'noAnswerTarget' | 'noAnswerSec'
>;

/** Forwarding rows; every query takes the tenant. */
export class CallForwardingRepository {
  constructor(private readonly db: Db) {}

  async find(tenantId: string, extensionId: string): Promise<CallForwardingRow | undefined> {
    const [row] = await this.db
      .select()
      .from(callForwardings)
      .where(and(eq(callForwardings.tenantId, tenantId), eq(callForwardings.extensionId, extensionId)));
    return row;
  }

  /** The forwarding of the enabled-or-not extension with this number (the router's look-up). */
  async findByNumber(tenantId: string, number: string): Promise<CallForwardingRow | undefined> {
    const [row] = await this.db
      .select({ forwarding: callForwardings })
      .from(callForwardings)
      .innerJoin(extensions, eq(extensions.id, callForwardings.extensionId))
      .where(
        and(eq(callForwardings.tenantId, tenantId), eq(extensions.tenantId, tenantId), eq(extensions.number, number)),
      );
    return row?.forwarding;
  }

  async upsert(tenantId: string, extensionId: string, f: CallForwardingFields): Promise<CallForwardingRow> {
    const now = new Date();
    const [row] = await this.db
      .insert(callForwardings)
      .values({ extensionId, tenantId, ...f, updatedAt: now })
      .onConflictDoUpdate({
        target: callForwardings.extensionId,
        set: { ...f, updatedAt: now },
        where: eq(callForwardings.tenantId, tenantId),
      })
      .returning();
    if (!row) throw new Error('call forwarding not saved');
    return row;
  }
}

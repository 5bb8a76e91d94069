import type { QueueCallView } from '@hujiao/shared';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { queues } from '../queue/queue.table.ts';
import { users } from '../user/user.table.ts';
import { queueCalls } from './queue-call.table.ts';

export type QueueCallInsert = typeof queueCalls.$inferInsert;
/** What changes on a visit after it was opened. */
export type QueueCallPatch = Partial<Omit<QueueCallInsert, 'id' | 'tenantId' | 'callId' | 'queueId' | 'caller'>>;

/** 排队记录: the ACD runtime writes a visit as it goes; call records read the visits of their calls. */
export class QueueCallRepository {
  constructor(private readonly db: Db) {}

  async open(values: QueueCallInsert): Promise<void> {
    await this.db.insert(queueCalls).values(values).onConflictDoNothing();
  }

  async update(tenantId: string, id: string, patch: QueueCallPatch): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db
      .update(queueCalls)
      .set(patch)
      .where(and(eq(queueCalls.tenantId, tenantId), eq(queueCalls.id, id)));
  }

  /**
   * Each queue's visits that entered since `since` (技能组监控's 今日): offered, answered, answered within the queue's
   * service-level threshold, abandoned (by the caller; overflows are neither).
   */
  async countsSince(
    tenantId: string,
    since: Date,
  ): Promise<Map<string, { offered: number; answered: number; answeredInSl: number; abandoned: number }>> {
    const rows = await this.db
      .select({
        queueId: queueCalls.queueId,
        offered: sql<number>`count(*)::int`,
        answered: sql<number>`(count(*) filter (where ${queueCalls.outcome} = 'answered'))::int`,
        answeredInSl: sql<number>`(count(*) filter (where ${queueCalls.outcome} = 'answered' and ${queueCalls.waitSec} <= ${queues.serviceLevelSec}))::int`,
        abandoned: sql<number>`(count(*) filter (where ${queueCalls.outcome} = 'abandoned'))::int`,
      })
      .from(queueCalls)
      .innerJoin(queues, eq(queues.id, queueCalls.queueId))
      .where(and(eq(queueCalls.tenantId, tenantId), sql`${queueCalls.enteredAt} >= ${since.toISOString()}`))
      .groupBy(queueCalls.queueId);
    return new Map(rows.flatMap((r) => (r.queueId ? [[r.queueId, r] as const] : [])));
  }

  /** The visits of these calls of the tenant, in order, with the queue's and the agent's names. */
  async forCalls(tenantId: string, callIds: string[]): Promise<Map<string, QueueCallView[]>> {
    const out = new Map<string, QueueCallView[]>();
    if (callIds.length === 0) return out;
    const rows = await this.db
      .select({ visit: queueCalls, queueName: queues.name, agentName: users.name })
      .from(queueCalls)
      .leftJoin(queues, eq(queues.id, queueCalls.queueId))
      .leftJoin(users, eq(users.id, queueCalls.agentId))
      .where(and(eq(queueCalls.tenantId, tenantId), inArray(queueCalls.callId, callIds)))
      .orderBy(asc(queueCalls.enteredAt));
    for (const { visit: v, queueName, agentName } of rows) {
      const list = out.get(v.callId) ?? [];
      list.push({
        queueId: v.queueId,
        queueName,
        enteredAt: v.enteredAt.toISOString(),
        outcome: v.outcome,
        overflowReason: v.overflowReason,
        lostStage: v.lostStage,
        agentId: v.agentId,
        agentName,
        offers: v.offers,
        waitSec: v.waitSec,
        ringSec: v.ringSec,
        talkSec: v.talkSec,
        wrapUpSec: v.wrapUpSec,
      });
      out.set(v.callId, list);
    }
    return out;
  }

  /**
   * At start-up (after the call records were closed): visits the process left open. A caller still waiting was
   * abandoned by the system when their call ended; an answered call ended with its call record; times come from
   * the call record (its recording's last write, else its answer), or the visit's own when it has none — so the
   * wait and talk count up to the last evidence of the call, never past the crash.
   */
  async closeInterrupted(): Promise<number> {
    // When the call ended by its record (closed as interrupted just before), else when the visit last moved.
    const ended = sql`(select c.ended_at from call_records c where c.tenant_id = q.tenant_id and c.call_id = q.call_id)`;
    const waiting = await this.db.execute(sql`update queue_calls q set outcome = 'abandoned-by-system',
        lost_stage = 'queue', left_at = greatest(q.entered_at, coalesce(${ended}, q.entered_at)),
        wait_sec = floor(extract(epoch from greatest(q.entered_at, coalesce(${ended}, q.entered_at)) - q.entered_at))
      where q.outcome is null returning q.id`);
    const talking = await this.db.execute(sql`update queue_calls q set
        ended_at = greatest(q.left_at, coalesce(${ended}, q.left_at)),
        talk_sec = floor(extract(epoch from greatest(q.left_at, coalesce(${ended}, q.left_at)) - q.left_at))
      where q.outcome = 'answered' and q.ended_at is null and q.left_at is not null returning q.id`);
    return rowCount(waiting) + rowCount(talking);
  }
}

const rowCount = (r: unknown) => (r as { rows?: unknown[] }).rows?.length ?? 0;

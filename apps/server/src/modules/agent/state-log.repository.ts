import type { AgentStateRecord } from '@hujiao/acd';
import type { AgentStateLogEntry, AgentStateLogQuery } from '@hujiao/shared';
import { and, count, desc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArray } from '../../db/pg-array.ts';
import { users } from '../user/user.table.ts';
import { agentStateLog } from './state-log.table.ts';

/** The filter of a listing or an export; `agents` null: every agent of the tenant, else only these. */
export type AgentStateLogFilter = Omit<AgentStateLogQuery, 'page' | 'pageSize'> & { agents: string[] | null };

/** Seconds from `at` to `end`, whole, never negative. */
const secondsSince = (end: string) =>
  sql`greatest(0, round(extract(epoch from (${end}::timestamptz - ${agentStateLog.at}))))::int`;

/** 示忙示闲记录: appended by the ACD's state changes, read by the report. */
export class AgentStateLogRepository {
  constructor(private readonly db: Db) {}

  /**
   * One state change: ends the agent's open row (its duration from its start to this change) and opens the row of
   * the new state, in one statement (no change can slip between the two).
   */
  /**
   * Changes in the order they happened, in two statements whatever their number (a burst of 500 agents changing at
   * once was 500 round trips on PGlite's thread): each agent's first change ends the row the log has open for them;
   * every change is inserted, ended by that agent's next change in the batch, the last one open.
   */
  async appendMany(changes: ReadonlyArray<{ tenantId: string; record: AgentStateRecord }>): Promise<void> {
    if (changes.length === 0) return;
    const rows = changes.map(({ tenantId, record: r }) => ({
      tenantId,
      r,
      key: `${tenantId}|${r.agentId}`,
      endedAt: null as number | null,
    }));
    const firsts = new Map<string, (typeof rows)[number]>();
    const next = new Map<string, number>();
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows[i] as (typeof rows)[number];
      const later = next.get(row.key);
      if (later !== undefined) row.endedAt = later;
      next.set(row.key, row.r.at);
    }
    for (const row of rows) if (!firsts.has(row.key)) firsts.set(row.key, row);
    const time = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const col = <R>(list: R[], f: (r: R) => string | number | null) => pgArray(list.map(f));
    const first = [...firsts.values()];
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`update agent_state_log l set ended_at = u.at,
          duration_sec = greatest(0, round(extract(epoch from (u.at - l.at))))::int
        from unnest(${col(first, (f) => f.tenantId)}::uuid[], ${col(first, (f) => f.r.agentId)}::uuid[],
          ${col(first, (f) => time(f.r.at))}::timestamptz[]) as u(tenant_id, agent_id, at)
        where l.tenant_id = u.tenant_id and l.agent_id = u.agent_id and l.ended_at is null`);
      await tx.execute(sql`insert into agent_state_log (tenant_id, agent_id, from_state, to_state, reason, call_id,
          queue_id, at, version, ended_at, duration_sec)
        select u.*, case when u.ended_at is null then null
            else greatest(0, round(extract(epoch from (u.ended_at - u.at))))::int end
        from unnest(${col(rows, (x) => x.tenantId)}::uuid[], ${col(rows, (x) => x.r.agentId)}::uuid[],
          ${col(rows, (x) => x.r.from)}::text[], ${col(rows, (x) => x.r.to)}::text[],
          ${col(rows, (x) => (x.r.to === 'busy' ? (x.r.reason ?? null) : null))}::text[],
          ${col(rows, (x) => x.r.callId ?? null)}::text[], ${col(rows, (x) => x.r.queueId ?? null)}::uuid[],
          ${col(rows, (x) => time(x.r.at))}::timestamptz[], ${col(rows, (x) => x.r.version)}::int[],
          ${col(rows, (x) => time(x.endedAt))}::timestamptz[])
          as u(tenant_id, agent_id, from_state, to_state, reason, call_id, queue_id, at, version, ended_at)`);
    });
  }

  /**
   * At start-up: the states the previous process left open end now (the engine starts with every agent signed out),
   * each followed by an open signed-out row, so the next sign-in continues the agent's log. Returns how many.
   */
  async closeInterrupted(now = new Date()): Promise<number> {
    const open = await this.db
      .update(agentStateLog)
      .set({ endedAt: now, durationSec: secondsSince(now.toISOString()) })
      .where(and(sql`${agentStateLog.endedAt} is null`, sql`${agentStateLog.toState} <> 'logged-out'`))
      .returning({
        tenantId: agentStateLog.tenantId,
        agentId: agentStateLog.agentId,
        toState: agentStateLog.toState,
        version: agentStateLog.version,
      });
    if (open.length === 0) return 0;
    await this.db.insert(agentStateLog).values(
      open.map((o) => ({
        tenantId: o.tenantId,
        agentId: o.agentId,
        fromState: o.toState,
        toState: 'logged-out' as const,
        at: now,
        version: o.version + 1,
      })),
    );
    return open.length;
  }

  private where(tenantId: string, f: AgentStateLogFilter): SQL | undefined {
    const where: SQL[] = [eq(agentStateLog.tenantId, tenantId)];
    if (f.agents !== null) {
      if (f.agents.length === 0) return sql`false`;
      where.push(inArray(agentStateLog.agentId, f.agents));
    }
    if (f.agentId) where.push(eq(agentStateLog.agentId, f.agentId));
    if (f.state) where.push(eq(agentStateLog.toState, f.state));
    if (f.reason) where.push(eq(agentStateLog.reason, f.reason));
    if (f.from) where.push(gte(agentStateLog.at, new Date(f.from)));
    if (f.to) where.push(lte(agentStateLog.at, new Date(f.to)));
    if (f.keyword) {
      const match = or(ilike(users.name, `%${f.keyword}%`), ilike(users.agentNo, `%${f.keyword}%`));
      if (match) where.push(match);
    }
    return and(...where);
  }

  private select() {
    return this.db
      .select({ row: agentStateLog, agentName: users.name, agentNo: users.agentNo })
      .from(agentStateLog)
      .innerJoin(users, eq(users.id, agentStateLog.agentId));
  }

  /** A page, newest first. */
  async list(
    tenantId: string,
    f: AgentStateLogFilter & { page: number; pageSize: number },
  ): Promise<{ items: AgentStateLogEntry[]; total: number }> {
    const cond = this.where(tenantId, f);
    const [rows, [total]] = await Promise.all([
      this.select()
        .where(cond)
        .orderBy(desc(agentStateLog.at), desc(agentStateLog.version))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db
        .select({ n: count() })
        .from(agentStateLog)
        .innerJoin(users, eq(users.id, agentStateLog.agentId))
        .where(cond),
    ]);
    return { items: rows.map(toEntry), total: total?.n ?? 0 };
  }

  /** Every matching row, newest first, in pages of `size` (the export). */
  async *all(tenantId: string, f: AgentStateLogFilter, size = 1000): AsyncGenerator<AgentStateLogEntry> {
    const cond = this.where(tenantId, f);
    for (let offset = 0; ; offset += size) {
      const rows = await this.select()
        .where(cond)
        .orderBy(desc(agentStateLog.at), desc(agentStateLog.version), desc(agentStateLog.id))
        .limit(size)
        .offset(offset);
      for (const r of rows) yield toEntry(r);
      if (rows.length < size) return;
    }
  }
}

function toEntry(r: {
  row: typeof agentStateLog.$inferSelect;
  agentName: string;
  agentNo: string | null;
}): AgentStateLogEntry {
  const x = r.row;
  return {
    id: x.id,
    agentId: x.agentId,
    agentName: r.agentName,
    agentNo: r.agentNo,
    fromState: x.fromState,
    state: x.toState,
    reason: x.reason,
    callId: x.callId,
    queueId: x.queueId,
    startedAt: x.at.toISOString(),
    endedAt: x.endedAt?.toISOString() ?? null,
    durationSec: x.durationSec,
  };
}

import type { AgentDay } from '@hujiao/shared';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

interface DayRow {
  inbound: number | string;
  outbound: number | string;
  missed: number | string;
  last_number: string | null;
  last_out: boolean | null;
  last_talk: number | null;
  last_ended: Date | string | null;
  missed_calls: string | Array<{ recordId: string; number: string; at: string }>;
}

/**
 * One agent's day from the call records: the calls in which an extension bound to them took part since `since`.
 * Outbound: one of their extensions is the caller. Inbound: a leg of theirs answered. Missed: ended, rang a leg of
 * theirs, and none of theirs answered.
 */
export class AgentDayRepository {
  constructor(private readonly db: Db) {}

  async day(tenantId: string, userId: string, since: Date): Promise<AgentDay> {
    const result = await this.db.execute(sql`
      with mine as (select number from extensions where tenant_id = ${tenantId} and user_id = ${userId}),
      calls as (
        select c.id, c.caller, c.callee, c.started_at, c.ended_at, c.billed_sec, c.state,
          c.caller in (select number from mine) as out,
          exists (select 1 from jsonb_array_elements(c.legs) l
            where l->>'extension' in (select number from mine) and l->>'answeredAt' is not null) as took
        from call_records c
        where c.tenant_id = ${tenantId} and c.started_at >= ${since.toISOString()}::timestamptz
          and (c.caller in (select number from mine) or c.callee in (select number from mine)
            or exists (select 1 from jsonb_array_elements(c.legs) l where l->>'extension' in (select number from mine)))
      ),
      last as (select * from calls where state = 'ended' order by ended_at desc limit 1)
      select
        (select count(*) from calls where out) as outbound,
        (select count(*) from calls where not out and took) as inbound,
        (select count(*) from calls where not out and not took and state = 'ended') as missed,
        (select case when out then callee else caller end from last) as last_number,
        (select out from last) as last_out,
        (select billed_sec from last) as last_talk,
        (select ended_at from last) as last_ended,
        (select coalesce(json_agg(json_build_object('recordId', m.id, 'number', m.caller, 'at', m.started_at)
          order by m.started_at desc), '[]'::json) from (select * from calls where not out and not took
          and state = 'ended' order by started_at desc limit 20) m) as missed_calls`);
    const row = (result as unknown as { rows: DayRow[] }).rows[0];
    const ended = row?.last_ended ? new Date(row.last_ended).toISOString() : null;
    return {
      inbound: Number(row?.inbound ?? 0),
      outbound: Number(row?.outbound ?? 0),
      missed: Number(row?.missed ?? 0),
      lastCall:
        row?.last_number != null && ended
          ? {
              number: row.last_number,
              direction: row.last_out ? 'out' : 'in',
              talkSec: Number(row.last_talk ?? 0),
              endedAt: ended,
            }
          : null,
      missedCalls: (typeof row?.missed_calls === 'string'
        ? JSON.parse(row.missed_calls)
        : (row?.missed_calls ?? [])
      ).map((m: { recordId: string; number: string; at: string }) => ({ ...m, at: new Date(m.at).toISOString() })),
    };
  }
}

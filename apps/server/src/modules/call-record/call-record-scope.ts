import type { Permission } from '@hujiao/shared';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArray } from '../../db/pg-array.ts';
import type { Actor } from '../../http/actor.ts';
import { callRecords } from './call-record.table.ts';

/** The users of the tenant `me` sees without a viewAll permission: themself and the teams they lead. */
function visibleUsers(t: string, me: string): SQL {
  return sql`select u.id from users u where u.tenant_id = ${t} and (
    u.id = ${me}
    or u.team_id in (select tm.id from teams tm where tm.tenant_id = ${t} and tm.leader_id = ${me})
    or (u.team_id is not null and u.team_id = (
      select m.team_id from users m where m.id = ${me} and m.agent_type = 'teamLeader')))`;
}

/**
 * Whose calls a caller sees. `callRecord:viewAll` (企业管理员, 质检): every call of the tenant. Otherwise the calls
 * in which an extension of a visible user took part (caller, callee or any leg): an agent's own extensions, and
 * for a team leader those of the team(s) they lead (`teams.leaderId`, or their own team when their agentType is
 * `teamLeader`) — the same circle as the customers they see.
 */
export class CallRecordScope {
  constructor(private readonly db: Db) {}

  /** null: every call; else the extension numbers whose calls are visible. */
  async extensionsOf(actor: Actor): Promise<string[] | null> {
    if (actor.permissions.has('callRecord:viewAll')) return null;
    const t = actor.tenantId;
    const result = await this.db.execute(sql`
      select e.number from extensions e where e.tenant_id = ${t} and e.user_id in (${visibleUsers(t, actor.userId)})`);
    return (result as unknown as { rows: Array<{ number: string }> }).rows.map((r) => r.number);
  }

  /**
   * The same circle as users (示忙示闲记录 and other per-agent lists): null with `viewAll`, else the actor and, for a
   * team leader, the users of the team(s) they lead.
   */
  async usersOf(actor: Actor, viewAll: Permission): Promise<string[] | null> {
    if (actor.permissions.has(viewAll)) return null;
    const result = await this.db.execute(visibleUsers(actor.tenantId, actor.userId));
    return (result as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
  }

  /** The where condition of a scope (undefined: no restriction). */
  static condition(extensions: string[] | null): SQL | undefined {
    if (extensions === null) return undefined;
    if (extensions.length === 0) return sql`false`;
    const list = sql`${pgArray(extensions)}::text[]`;
    return sql`(${callRecords.caller} = any(${list}) or ${callRecords.callee} = any(${list})
      or exists (select 1 from jsonb_array_elements(${callRecords.legs}) l where l->>'extension' = any(${list})))`;
  }

  /** Whether a record is in the scope. */
  static covers(
    extensions: string[] | null,
    r: { caller: string; callee: string; legs: Array<{ extension?: string | null }> },
  ): boolean {
    if (extensions === null) return true;
    const set = new Set(extensions);
    return set.has(r.caller) || set.has(r.callee) || r.legs.some((l) => !!l.extension && set.has(l.extension));
  }
}

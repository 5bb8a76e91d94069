import type { AgentCall, MonitoredAgent } from '@hujiao/shared';
import type { EventBus, Unsubscribe } from '../../events/event-bus.ts';
import type { Actor } from '../../http/actor.ts';
import type { LiveHub } from '../live/index.ts';

/** Call events of one tenant within this long become one round of monitor pushes. */
const CALL_PUSH_DELAY_MS = 100;

export interface MonitorAgentsDeps {
  hub: LiveHub;
  events?: EventBus;
  /** The queues' members of the tenant (the agents the monitor shows), with 工号 and name. */
  members(tenantId: string): Promise<Array<{ id: string; agentNo: string | null; name: string }>>;
  liveState(
    tenantId: string,
    agentId: string,
  ): Promise<{ state: MonitoredAgent['state']; reason: string | null; since: string | null }>;
  callView(tenantId: string, agentId: string): Promise<AgentCall | null>;
  /** The users the actor may act on; null: all (the same circle as the supervision routes). */
  scope(actor: Actor): Promise<string[] | null>;
  onAgentStateChange(listener: (tenantId: string, agentId: string) => void): Unsubscribe;
}

/**
 * 坐席监控 on the live channel: the `monitor-agents` topic gives a supervisor every agent they may act on (their
 * teams', or all with interveneAll) with state and call, and pushes an agent's row when their state or call moves
 * — state changes at once, call events gathered per tenant and sent only for the rows that changed.
 */
export function startMonitorAgents(d: MonitorAgentsDeps): Unsubscribe {
  const { hub } = d;
  /** The rows last sent, by tenant/agent, so that a call event pushes only the rows it moved. */
  const last = new Map<string, string>();
  const row = async (tenantId: string, m: { id: string; agentNo: string | null; name: string }) => {
    const [s, call] = await Promise.all([d.liveState(tenantId, m.id), d.callView(tenantId, m.id)]);
    const r: MonitoredAgent = {
      agentId: m.id,
      agentNo: m.agentNo,
      name: m.name,
      state: s.state,
      reason: s.reason,
      since: s.since,
      call: call
        ? {
            callId: call.callId,
            direction: call.direction,
            number: call.number,
            state: call.state,
            answeredAt: call.answeredAt,
            queueName: call.queueName,
          }
        : null,
    };
    last.set(`${tenantId}/${m.id}`, JSON.stringify(r));
    return r;
  };
  hub.addSource({
    topic: 'monitor-agents',
    permission: 'supervision:intervene',
    snapshot: async (actor) => {
      const [members, scope] = await Promise.all([d.members(actor.tenantId), d.scope(actor)]);
      const shown = scope === null ? members : members.filter((m) => scope.includes(m.id));
      return Promise.all(shown.map((m) => row(actor.tenantId, m)));
    },
  });
  /** Sends the rows of `agentIds` (all members when null) that changed to the supervisors who may see them. */
  const push = async (tenantId: string, agentIds: string[] | null) => {
    if (!hub.hasSubscribers(tenantId, 'monitor-agents')) return;
    const members = await d.members(tenantId);
    // Each supervisor's circle read once per round.
    const scopes = new Map<Actor, Promise<string[] | null>>();
    const visible = async (actor: Actor, agentId: string) => {
      let scope = scopes.get(actor);
      if (!scope) {
        scope = d.scope(actor);
        scopes.set(actor, scope);
      }
      const s = await scope;
      return s === null || s.includes(agentId);
    };
    for (const m of members) {
      if (agentIds && !agentIds.includes(m.id)) continue;
      const before = last.get(`${tenantId}/${m.id}`);
      const r = await row(tenantId, m);
      if (agentIds === null && JSON.stringify(r) === before) continue;
      await hub.update(tenantId, 'monitor-agents', async (actor) => ((await visible(actor, m.id)) ? r : null));
    }
  };
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const offs = [d.onAgentStateChange((tenantId, agentId) => void push(tenantId, [agentId]))];
  if (d.events) {
    offs.push(
      d.events.subscribeAll((e) => {
        if (!('tenantId' in e) || typeof e.tenantId !== 'string') return;
        if (!e.type.startsWith('call.') && !e.type.startsWith('leg.')) return;
        const tenantId = e.tenantId;
        if (pending.has(tenantId) || !hub.hasSubscribers(tenantId, 'monitor-agents')) return;
        pending.set(
          tenantId,
          setTimeout(() => {
            pending.delete(tenantId);
            void push(tenantId, null);
          }, CALL_PUSH_DELAY_MS),
        );
      }),
    );
  }
  return () => {
    for (const off of offs) off();
    for (const t of pending.values()) clearTimeout(t);
  };
}

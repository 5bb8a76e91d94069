import type { AgentCall } from '@hujiao/shared';
import type { EventBus } from '../../events/event-bus.ts';
import type { Actor } from '../../http/actor.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { LiveHub } from '../live/index.ts';
import type { AcdRuntime } from './acd-runtime.ts';
import type { AgentCalls } from './agent-calls.ts';
import { setOwnAgentState } from './agent-state-command.ts';

/** Call events of one tenant within this long become one `agent-call` push. */
const CALL_PUSH_DELAY_MS = 30;

/**
 * The CTI on the live channel: the `agent-state` topic (the signed-in agent's own state, pushed on every change:
 * 置闲, 置忙, 振铃, 通话, 话后 …) and the `agent` command that sets it; the `agent-call` topic (the agent's call,
 * pushed when the switch's events of the tenant move it) and the `call` commands; `queue-waiting` (callers
 * waiting in the agent's queues, pushed when a queue's callers change).
 */
export function startAgentLive(hub: LiveHub, acd: AcdRuntime, calls?: AgentCalls, events?: EventBus): () => void {
  hub.addSource({
    topic: 'agent-state',
    permission: null,
    snapshot: (actor) => acd.liveState(actor.tenantId, actor.userId),
  });
  hub.addSource({
    topic: 'queue-waiting',
    permission: null,
    snapshot: (actor) => acd.waiting(actor.tenantId, actor.userId),
  });
  /** What each agent was last sent, so that a push goes only to those whose call changed. */
  const lastCall = new Map<string, string>();
  const key = (actor: Actor) => `${actor.tenantId}/${actor.userId}`;
  hub.addSource({
    topic: 'agent-call',
    permission: null,
    // One workstation per agent: a second session's takes the call bar over.
    onePerUser: true,
    snapshot: async (actor) => {
      const call = calls ? await calls.view(actor.tenantId, actor.userId) : null;
      lastCall.set(key(actor), JSON.stringify(call));
      return { call };
    },
  });
  hub.onAgentCommand(async (actor: Actor, command) => {
    if (actor.isPlatform) throw new DomainError('FORBIDDEN');
    if (command.type === 'call') {
      if (!calls) throw new DomainError('TELEPHONY_OFF');
      try {
        await calls.run(actor.tenantId, actor.userId, command.command);
      } finally {
        // Some changes raise no switch event (mute): the bar is told after every command.
        pushCalls(actor.tenantId);
      }
      return;
    }
    await setOwnAgentState(acd, actor, command);
  });

  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const pushCalls = (tenantId: string) => {
    if (!calls || pending.has(tenantId) || !hub.hasSubscribers(tenantId, 'agent-call')) return;
    pending.set(
      tenantId,
      setTimeout(() => {
        pending.delete(tenantId);
        // One reading per agent, shared by their tabs; nothing sent when it did not change.
        const views = new Map<string, Promise<{ call: AgentCall | null } | null>>();
        void hub.update(tenantId, 'agent-call', (actor) => {
          const k = key(actor);
          let v = views.get(k);
          if (!v) {
            v = calls.view(tenantId, actor.userId).then((call) => {
              const json = JSON.stringify(call);
              if (lastCall.get(k) === json) return null;
              lastCall.set(k, json);
              return { call };
            });
            views.set(k, v);
          }
          return v;
        });
      }, CALL_PUSH_DELAY_MS),
    );
  };
  const offs = [
    acd.onAgentStateChange((tenantId, record) => {
      pushCalls(tenantId);
      void hub.updateUser(tenantId, record.agentId, 'agent-state', () => acd.liveState(tenantId, record.agentId));
    }),
    acd.onQueueChange((tenantId, queueId) => {
      if (!hub.hasSubscribers(tenantId, 'queue-waiting')) return;
      void hub.update(tenantId, 'queue-waiting', async (actor) => {
        const [mine] = await acd.waiting(tenantId, actor.userId, queueId);
        return mine ?? null;
      });
    }),
  ];
  if (events) {
    offs.push(
      events.subscribeAll((e) => {
        if (!('tenantId' in e) || typeof e.tenantId !== 'string') return;
        if (e.type.startsWith('call.') || e.type.startsWith('leg.')) pushCalls(e.tenantId);
      }),
    );
  }
  return () => {
    for (const off of offs) off();
    for (const t of pending.values()) clearTimeout(t);
  };
}

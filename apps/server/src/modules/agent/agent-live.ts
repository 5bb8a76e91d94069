import type { Actor } from '../../http/actor.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { LiveHub } from '../live/index.ts';
import type { AcdRuntime } from './acd-runtime.ts';

/**
 * The CTI on the live channel: the `agent-state` topic (the signed-in agent's own state, pushed on every change:
 * 置闲, 置忙, 振铃, 通话, 话后 …) and the `agent` command that sets it.
 */
export function startAgentLive(hub: LiveHub, acd: AcdRuntime): () => void {
  hub.addSource({
    topic: 'agent-state',
    permission: null,
    snapshot: (actor) => acd.liveState(actor.tenantId, actor.userId),
  });
  hub.onAgentCommand(async (actor: Actor, command) => {
    if (actor.isPlatform) throw new DomainError('FORBIDDEN');
    const done = await acd.setState(actor.tenantId, actor.userId, command.state, command.reason);
    if (!done.ok) throw new DomainError('AGENT_STATE_REFUSED', { reason: done.error ?? 'state' });
  });
  return acd.onAgentStateChange((tenantId, record) => {
    if (!hub.hasSubscribers(tenantId, 'agent-state')) return;
    void hub.update(tenantId, 'agent-state', (actor) =>
      actor.userId === record.agentId ? acd.liveState(tenantId, record.agentId) : null,
    );
  });
}

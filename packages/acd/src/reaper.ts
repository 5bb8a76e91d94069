/**
 * Stuck states and the restart. The reaper is the safety net for events that never came (a lost BYE, a
 * crashed phone, a bug): given now() and, optionally, the caller's word on which calls still exist, it finds
 * agents ringing past their ring time plus a grace, in wrap-up past its time plus a grace, or holding a call
 * that no longer exists, and queued calls that no longer exist, and fixes each one. The restart (after a crash,
 * when every call died with the process) leaves no agent ringing, talking, on hold or in wrap-up, and ends every
 * queued call as abandoned by the system.
 */
import { changes } from './agents.ts';
import type { AcdCore } from './core.ts';
import type { AcdAction, AgentRecord, QueueCall } from './types.ts';

export interface ReapOptions {
  /** Seconds past a deadline before a state counts as stuck (default 5). */
  graceSec?: number;
  /** Whether the switch still has this call; without it only deadlines count. */
  callExists?: (callId: string) => boolean;
}

export interface StuckState {
  kind: 'ringing' | 'wrap-up' | 'in-call' | 'call';
  agentId?: string;
  callId?: string;
  /** Since when (ms): the state's start, or the call's join. */
  since: number;
}

export interface ReapResult {
  stuck: StuckState[];
  actions: AcdAction[];
}

export async function reap(core: AcdCore, options: ReapOptions): Promise<ReapResult> {
  const { store, now } = core;
  const at = now();
  const grace = (options.graceSec ?? 5) * 1000;
  const exists = (callId: string) => options.callExists?.(callId) ?? true;
  const stuck: StuckState[] = [];
  const out: AcdAction[] = [];
  const freed = new Set<string>();

  // Queued calls the switch no longer has: ended by the system (their rings stop).
  for (const call of await store.allCalls()) {
    if (!core.queues.has(call.queueId) || call.status === 'connected' || exists(call.callId)) continue;
    stuck.push({ kind: 'call', callId: call.callId, since: call.joinedAt });
    for (const q of await core.finish(call, 'abandoned-by-system', out)) freed.add(q);
  }

  for (const agent of await store.allAgents()) {
    // An agent busy with another engine's call is that engine's to reap.
    if (agent.queueId !== undefined && !core.owns(agent.queueId)) continue;
    const call = agent.callId ? await store.getCall(agent.callId) : undefined;
    const found = stuckOf(agent, call, at, grace, exists);
    if (!found) continue;
    stuck.push(found);
    const callId = agent.callId as string;
    if (found.kind === 'ringing') {
      if (call) out.push({ type: 'cancel-offer', callId, agentIds: [agent.agentId], reason: 'system' });
      await core.releaseOffer(callId, agent.agentId, false, out);
    } else if (found.kind === 'in-call' && agent.ownCall) {
      await core.change(agent.agentId, changes.ownCallEnd(callId), out);
    } else if (found.kind === 'in-call' && call?.status === 'connected') {
      await core.endCall(call, undefined, out);
    } else {
      if (call?.status === 'connected') await store.deleteCall(callId);
      const notOut = (a: AgentRecord) => a.state !== 'logged-out';
      await core.change(agent.agentId, changes.force('ready', notOut), out);
    }
    for (const q of core.queuesOf(await store.getAgent(agent.agentId))) freed.add(q);
  }
  await core.dispatch(freed, out);
  return { stuck, actions: out };
}

function stuckOf(
  agent: AgentRecord,
  call: QueueCall | undefined,
  at: number,
  grace: number,
  exists: (callId: string) => boolean,
): StuckState | undefined {
  const base = { agentId: agent.agentId, since: agent.since, ...(agent.callId ? { callId: agent.callId } : {}) };
  switch (agent.state) {
    case 'ringing': {
      const offered = call?.status === 'offering' && call.offeredTo.includes(agent.agentId);
      const late = at > (agent.ringUntil ?? agent.since) + grace;
      return !offered || late || !exists(agent.callId ?? '') ? { kind: 'ringing', ...base } : undefined;
    }
    case 'talking':
    case 'hold': {
      // The agent's own call (外呼) is no queue's: stuck only once the switch no longer has it.
      if (agent.ownCall) return exists(agent.callId ?? '') ? undefined : { kind: 'in-call', ...base };
      const connected = call?.status === 'connected' && call.agentId === agent.agentId;
      return !connected || !exists(agent.callId ?? '') ? { kind: 'in-call', ...base } : undefined;
    }
    case 'wrap-up':
      return at > (agent.wrapUpUntil ?? agent.since) + grace ? { kind: 'wrap-up', ...base } : undefined;
    default:
      return agent.callId !== undefined ? { kind: 'in-call', ...base } : undefined;
  }
}

export interface RestartOptions {
  /**
   * Where agents go: 'ready' (those ringing, talking, on hold or in wrap-up become ready; busy and ready stay)
   * or 'logged-out' (every signed-in agent signs in again). Default 'ready'.
   */
  agents?: 'ready' | 'logged-out';
}

export async function restart(core: AcdCore, options: RestartOptions): Promise<AcdAction[]> {
  const { store } = core;
  const out: AcdAction[] = [];
  for (const call of await store.allCalls()) {
    if (!core.queues.has(call.queueId)) continue;
    if (call.status === 'connected') await store.deleteCall(call.callId);
    else await core.finish({ ...call, offeredTo: [] }, 'abandoned-by-system', out);
  }
  const mode = options.agents ?? 'ready';
  for (const agent of await store.allAgents()) {
    if (agent.state === 'logged-out' || (agent.queueId !== undefined && !core.owns(agent.queueId))) continue;
    const unsafe = agent.state !== 'ready' && agent.state !== 'busy';
    if (mode === 'ready' && !unsafe && agent.callId === undefined) continue;
    await core.change(agent.agentId, changes.force(mode), out);
  }
  return out;
}

/**
 * 回呼模式 / 远端客服: an agent signed in with a mobile or landline number is rung there instead of at their
 * extension, through the enterprise's outbound routes and trunks (caller ID, call classes, toll-fraud guard). The
 * guard's place a ring takes is given back when the ring ends unanswered, or with the talk time when the call ends.
 * See docs/adr/0020-agent-callback-device.md.
 */
import type { AgentDevice } from '@hujiao/shared';
import type { DialTarget } from '@hujiao/switch';
import type { Logger } from 'pino';

/** A number the routes take: the trunk target, and what to do once the ring or call is over. */
export type OutsideDevice =
  | { ok: true; target: DialTarget; done(talkSec: number): void }
  | { ok: false; reason: string };

export interface AgentDeviceDeps {
  /** The extension number that reaches an agent (the user's bound extension); null: the agent has none. */
  extension(tenantId: string, agentId: string): Promise<string | null>;
  /**
   * A number through the routes as the agent's device; `check`: only whether the routes take it now (sign-in), no
   * place kept and no refusal logged. Absent: no mobile device can be used.
   */
  outside?(tenantId: string, agentId: string, number: string, check: boolean): Promise<OutsideDevice>;
  logger?: Logger;
}

export class AgentDevices {
  /** The guard places of mobile rings under way (and of the calls they became), per call and agent. */
  private readonly held = new Map<string, Map<string, { number: string; done: (talkSec: number) => void }>>();

  constructor(private readonly d: AgentDeviceDeps) {}

  /** Whether the routes can reach the device now (an extension always can: the switch's own routing). */
  async usable(tenantId: string, agentId: string, device: AgentDevice | undefined): Promise<boolean> {
    if (device?.kind !== 'mobile') return true;
    if (!this.d.outside) return false;
    const r = await this.d.outside(tenantId, agentId, device.number, true).catch(() => null);
    if (r?.ok) r.done(0);
    return r?.ok === true;
  }

  /** What the offer dials for the agent; null: nothing reaches them (the offer is refused, counted as missed). */
  async target(
    tenantId: string,
    callId: string,
    agentId: string,
    device: AgentDevice | undefined,
  ): Promise<DialTarget | null> {
    if (device?.kind !== 'mobile') {
      const extension = await this.d.extension(tenantId, agentId);
      if (!extension) this.d.logger?.warn({ tenantId, agentId }, 'acd: agent without an extension; offer refused');
      return extension ? { extension } : null;
    }
    const r = await this.d.outside?.(tenantId, agentId, device.number, false).catch(() => null);
    if (!r?.ok) {
      const reason = r ? r.reason : 'unavailable';
      this.d.logger?.warn({ tenantId, agentId, reason }, 'acd: the routes refuse the agent’s number; offer refused');
      return null;
    }
    let calls = this.held.get(callId);
    if (!calls) {
      calls = new Map();
      this.held.set(callId, calls);
    }
    // A second ring of the same agent for the same call gives the first place back first.
    calls.get(agentId)?.done(0);
    calls.set(agentId, {
      number: 'trunk' in r.target ? r.target.trunk.number : device.number,
      done: (talkSec) => r.done(talkSec),
    });
    return r.target;
  }

  /** The ring (or the call) with the agent is over: the guard's place goes back, the talk time is counted. */
  ended(callId: string, agentId: string, talkSec = 0): void {
    const calls = this.held.get(callId);
    const held = calls?.get(agentId);
    if (!calls || !held) return;
    calls.delete(agentId);
    if (calls.size === 0) this.held.delete(callId);
    held.done(talkSec);
  }

  /** The call left the queue or ended: every place it still holds goes back. */
  callOver(callId: string): void {
    const calls = this.held.get(callId);
    if (!calls) return;
    this.held.delete(callId);
    for (const held of calls.values()) held.done(0);
  }

  /** The queue call ringing the agent's mobile (or answered there), and the number the trunk dials. */
  mobileCall(agentId: string): { callId: string; number: string } | null {
    for (const [callId, calls] of this.held) {
      const held = calls.get(agentId);
      if (held) return { callId, number: held.number };
    }
    return null;
  }

  /** Places held now (tests). */
  get holding(): number {
    let n = 0;
    for (const c of this.held.values()) n += c.size;
    return n;
  }
}

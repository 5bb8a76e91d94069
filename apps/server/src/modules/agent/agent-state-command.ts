import type { AgentStateInput } from '@hujiao/shared';
import type { Actor } from '../../http/actor.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { AcdRuntime } from './acd-runtime.ts';

/**
 * The agent sets their own state (置闲 / 置忙 / 签出), optionally with the device to be rung at (回呼模式): the one
 * path of PUT /api/agent/state and of the CTI's `agent` command. Refusals become worded errors.
 */
export async function setOwnAgentState(acd: AcdRuntime, actor: Actor, body: AgentStateInput): Promise<void> {
  if (actor.isPlatform) throw new DomainError('FORBIDDEN');
  const done = await acd.setState(actor.tenantId, actor.userId, body.state, body.reason, body.device);
  if (done.ok) return;
  if (done.error === 'device-no-route')
    throw new DomainError('AGENT_DEVICE_NO_ROUTE', {
      number: body.device?.kind === 'mobile' ? body.device.number : '',
    });
  throw new DomainError('AGENT_STATE_REFUSED', { reason: done.error ?? 'state' });
}

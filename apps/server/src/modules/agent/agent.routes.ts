import { AUTHENTICATED, agentStateBody, agentStateView } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { AcdRuntime } from './acd-runtime.ts';
import { setOwnAgentState } from './agent-state-command.ts';

/**
 * The signed-in agent's own state (置闲 / 置忙 / 签出) in the queues they are a member of, and the device they are
 * rung at (extension, or a mobile number: 回呼模式). The workstation's CTI WebSocket sends the same changes; this is
 * its plain HTTP form.
 */
export function registerAgentRoutes(app: FastifyInstance, acd: AcdRuntime) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['agent'];
  const own = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    if (actor.isPlatform) throw new DomainError('FORBIDDEN');
    return actor;
  };
  r.get(
    '/api/agent/state',
    { config: { permission: AUTHENTICATED }, schema: { tags, response: { 200: agentStateView } } },
    (req) => {
      const actor = own(req);
      return acd.liveState(actor.tenantId, actor.userId);
    },
  );
  r.put(
    '/api/agent/state',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, body: agentStateBody, response: { 200: agentStateView } },
    },
    async (req) => {
      const actor = own(req);
      await setOwnAgentState(acd, actor, req.body);
      return acd.liveState(actor.tenantId, actor.userId);
    },
  );
}

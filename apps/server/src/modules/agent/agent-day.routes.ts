import { AUTHENTICATED, agentDay, agentDayQuery } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { AgentDayRepository } from '../call-record/agent-day.repository.ts';

/** The workstation's status bar: the signed-in agent's own calls today (their data only, so no permission). */
export function registerAgentDayRoutes(app: FastifyInstance, days: AgentDayRepository) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/agent/today',
    {
      config: { permission: AUTHENTICATED },
      schema: {
        tags: ['agent'],
        summary: '坐席今日通话(状态条)',
        querystring: agentDayQuery,
        response: { 200: agentDay },
      },
    },
    (req) => {
      const actor = actorOf(req);
      if (actor.isPlatform) throw new DomainError('FORBIDDEN');
      return days.day(actor.tenantId, actor.userId, new Date(req.query.since));
    },
  );
}

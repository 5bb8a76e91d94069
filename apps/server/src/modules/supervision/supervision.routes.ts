import { supervisionAction } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import type { Supervision } from './supervision.ts';

/** POST /api/supervision/agents/:agentId — 班长强制操作 on one agent (see Supervision). */
export function registerSupervisionRoutes(app: FastifyInstance, supervision: Supervision) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/supervision/agents/:agentId',
    {
      config: { permission: 'supervision:intervene' },
      schema: {
        tags: ['supervision'],
        summary: '班长强制操作:监听/密语/强插/强拆/强制转接/强制示闲示忙签出',
        params: z.object({ agentId: z.uuid() }),
        body: supervisionAction,
        response: { 200: z.object({ legId: z.string().nullable() }) },
      },
    },
    async (req) => {
      const r = await supervision.act(actorOf(req), req.params.agentId, req.body);
      return { legId: r.legId ?? null };
    },
  );
}

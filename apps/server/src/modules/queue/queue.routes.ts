import { createQueueBody, idParams, okResponse, page, queue, queueQuery, updateQueueBody } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { QueueService } from './queue.service.ts';

/** 技能组管理: queues (接听组) with strategy, members and levels, overflow, announcements, 播放工号. */
export function registerQueueRoutes(app: FastifyInstance, queues: QueueService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['queue'];
  const view = { permission: 'queue:view' as const };
  const manage = { permission: 'queue:manage' as const };
  r.get(
    '/api/queues',
    {
      config: view,
      schema: { tags, summary: 'Queues (技能组)', querystring: queueQuery, response: { 200: page(queue) } },
    },
    (req) => queues.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/queues',
    { config: manage, schema: { tags, summary: 'New queue', body: createQueueBody, response: { 200: queue } } },
    (req) => queues.create(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/queues/:id',
    { config: view, schema: { tags, summary: 'A queue with its members', params: idParams, response: { 200: queue } } },
    (req) => queues.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/queues/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a queue; members, when given, replace the list',
        params: idParams,
        body: updateQueueBody,
        response: { 200: queue },
      },
    },
    (req) => queues.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/queues/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete a queue no inbound route, IVR menu or other queue leads to',
        params: idParams,
        response: { 200: okResponse },
      },
    },
    async (req) => {
      await queues.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}

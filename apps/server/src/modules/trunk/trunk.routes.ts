import {
  createTrunkBody,
  createTrunkGroupBody,
  idParams,
  okResponse,
  page,
  pageQuery,
  trunk,
  trunkGroup,
  trunkQuery,
  trunkStatus,
  updateTrunkBody,
  updateTrunkGroupBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { TrunkService } from './trunk.service.ts';

export function registerTrunkRoutes(app: FastifyInstance, trunks: TrunkService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['trunks'];
  const view = { permission: 'trunk:view' as const };
  const manage = { permission: 'trunk:manage' as const };
  r.get(
    '/api/trunks',
    { config: view, schema: { tags, summary: '中继列表', querystring: trunkQuery, response: { 200: page(trunk) } } },
    (req) => trunks.list(actorOf(req).tenantId, req.query),
  );
  r.get(
    '/api/trunks/status',
    {
      config: view,
      schema: {
        tags,
        summary: 'Live registration state of every trunk (unknown until the switch reports it)',
        response: { 200: z.array(trunkStatus) },
      },
    },
    (req) => trunks.statuses(actorOf(req).tenantId),
  );
  r.post('/api/trunks', { config: manage, schema: { tags, body: createTrunkBody, response: { 200: trunk } } }, (req) =>
    trunks.create(auditContext(actorOf(req)), req.body),
  );
  r.get('/api/trunks/:id', { config: view, schema: { tags, params: idParams, response: { 200: trunk } } }, (req) =>
    trunks.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/trunks/:id',
    { config: manage, schema: { tags, params: idParams, body: updateTrunkBody, response: { 200: trunk } } },
    (req) => trunks.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/trunks/:id',
    { config: manage, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await trunks.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );

  const groupTags = ['trunk-groups'];
  r.get(
    '/api/trunk-groups',
    {
      config: view,
      schema: { tags: groupTags, summary: '智能中继列表', querystring: pageQuery, response: { 200: page(trunkGroup) } },
    },
    (req) => trunks.listGroups(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/trunk-groups',
    { config: manage, schema: { tags: groupTags, body: createTrunkGroupBody, response: { 200: trunkGroup } } },
    (req) => trunks.createGroup(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/trunk-groups/:id',
    { config: view, schema: { tags: groupTags, params: idParams, response: { 200: trunkGroup } } },
    (req) => trunks.getGroup(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/trunk-groups/:id',
    {
      config: manage,
      schema: { tags: groupTags, params: idParams, body: updateTrunkGroupBody, response: { 200: trunkGroup } },
    },
    (req) => trunks.updateGroup(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/trunk-groups/:id',
    { config: manage, schema: { tags: groupTags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await trunks.deleteGroup(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}

import { idParams, okResponse, page, pageQuery, updateUserGroupBody, userGroup, userGroupBody } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { UserGroupService } from './user-group.service.ts';

export function registerUserGroupRoutes(app: FastifyInstance, groups: UserGroupService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['user-groups'];
  r.get(
    '/api/user-groups',
    {
      config: { permission: 'userGroup:view' },
      schema: { tags, summary: '用户组列表', querystring: pageQuery, response: { 200: page(userGroup) } },
    },
    (req) => groups.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/user-groups',
    { config: { permission: 'userGroup:manage' }, schema: { tags, body: userGroupBody, response: { 200: userGroup } } },
    (req) => groups.create(auditContext(actorOf(req)), req.body),
  );
  r.patch(
    '/api/user-groups/:id',
    {
      config: { permission: 'userGroup:manage' },
      schema: { tags, params: idParams, body: updateUserGroupBody, response: { 200: userGroup } },
    },
    (req) => groups.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/user-groups/:id',
    {
      config: { permission: 'userGroup:manage' },
      schema: { tags, params: idParams, response: { 200: okResponse } },
    },
    async (req) => {
      await groups.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}

import {
  createUserBody,
  idParams,
  okResponse,
  page,
  resetPasswordBody,
  updateUserBody,
  user,
  userQuery,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { UserService } from './user.service.ts';

export function registerUserRoutes(app: FastifyInstance, users: UserService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  const ok = { 200: okResponse };

  r.get(
    '/api/users',
    {
      config: { permission: 'user:view' },
      schema: { tags, summary: '用户/坐席列表', querystring: userQuery, response: { 200: page(user) } },
    },
    (req) => users.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/users',
    { config: { permission: 'user:create' }, schema: { tags, body: createUserBody, response: { 200: user } } },
    (req) => users.create(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/users/:id',
    { config: { permission: 'user:view' }, schema: { tags, params: idParams, response: { 200: user } } },
    (req) => users.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/users/:id',
    {
      config: { permission: 'user:update' },
      schema: { tags, params: idParams, body: updateUserBody, response: { 200: user } },
    },
    (req) => users.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/users/:id',
    { config: { permission: 'user:delete' }, schema: { tags, params: idParams, response: ok } },
    async (req) => {
      await users.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/users/:id/reset-password',
    {
      config: { permission: 'user:update' },
      schema: { tags, params: idParams, body: resetPasswordBody, response: ok },
    },
    async (req) => {
      await users.resetPassword(auditContext(actorOf(req)), req.params.id, req.body.password);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/users/:id/unlock',
    { config: { permission: 'user:update' }, schema: { tags, params: idParams, response: ok } },
    async (req) => {
      await users.unlock(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}

import {
  AUTHENTICATED,
  idParams,
  okResponse,
  PERMISSION_MODULES,
  permissionCatalogue,
  permissionCountsIn,
  role,
  roleBody,
  updateRoleBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { RoleService } from './role.service.ts';

export function registerRoleRoutes(app: FastifyInstance, roles: RoleService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['roles'];
  const ctx = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    return { ...auditContext(actor), isPlatform: actor.isPlatform };
  };

  r.get(
    '/api/permissions',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, summary: 'Permissions the caller may grant', response: { 200: permissionCatalogue } },
    },
    (req) => {
      const isPlatform = actorOf(req).isPlatform;
      const modules = Object.fromEntries(
        Object.entries(PERMISSION_MODULES)
          .filter(([m, actions]) => permissionCountsIn(`${m}:${actions[0]}`, isPlatform))
          .map(([m, actions]) => [m, [...actions]]),
      );
      return { modules };
    },
  );
  r.get(
    '/api/roles',
    { config: { permission: 'role:view' }, schema: { tags, summary: '角色列表', response: { 200: z.array(role) } } },
    (req) => roles.list(actorOf(req).tenantId),
  );
  r.post(
    '/api/roles',
    { config: { permission: 'role:manage' }, schema: { tags, body: roleBody, response: { 200: role } } },
    (req) => roles.create(ctx(req), req.body),
  );
  r.patch(
    '/api/roles/:id',
    {
      config: { permission: 'role:manage' },
      schema: { tags, params: idParams, body: updateRoleBody, response: { 200: role } },
    },
    (req) => roles.update(ctx(req), req.params.id, req.body),
  );
  r.delete(
    '/api/roles/:id',
    { config: { permission: 'role:manage' }, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await roles.delete(ctx(req), req.params.id);
      return { ok: true as const };
    },
  );
}

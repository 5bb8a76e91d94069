import {
  createTenantBody,
  idParams,
  okResponse,
  page,
  resetPasswordBody,
  tenant,
  tenantQuery,
  updateTenantBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { TenantService } from './tenant.service.ts';

export function registerTenantRoutes(app: FastifyInstance, tenants: TenantService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tenants'];
  const ok = { 200: okResponse };
  r.get(
    '/api/tenants',
    {
      config: { permission: 'tenant:view' },
      schema: {
        tags,
        summary: '企业列表 (platform operator)',
        querystring: tenantQuery,
        response: { 200: page(tenant) },
      },
    },
    (req) => tenants.list(req.query),
  );
  r.post(
    '/api/tenants',
    {
      config: { permission: 'tenant:create' },
      schema: {
        tags,
        summary: 'Create an enterprise with its admin',
        body: createTenantBody,
        response: { 200: tenant },
      },
    },
    (req) => tenants.create(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/tenants/:id',
    { config: { permission: 'tenant:view' }, schema: { tags, params: idParams, response: { 200: tenant } } },
    (req) => tenants.get(req.params.id),
  );
  r.patch(
    '/api/tenants/:id',
    {
      config: { permission: 'tenant:update' },
      schema: { tags, params: idParams, body: updateTenantBody, response: { 200: tenant } },
    },
    (req) => tenants.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/tenants/:id',
    { config: { permission: 'tenant:delete' }, schema: { tags, params: idParams, response: ok } },
    async (req) => {
      await tenants.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/tenants/:id/reset-admin-password',
    {
      config: { permission: 'tenant:update' },
      schema: { tags, params: idParams, body: resetPasswordBody, response: ok },
    },
    async (req) => {
      await tenants.resetAdminPassword(auditContext(actorOf(req)), req.params.id, req.body.password);
      return { ok: true as const };
    },
  );
}

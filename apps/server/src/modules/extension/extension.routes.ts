import {
  createExtensionBody,
  extension,
  extensionQuery,
  idParams,
  okResponse,
  page,
  sipSettings,
  updateExtensionBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { ExtensionService } from './extension.service.ts';

export function registerExtensionRoutes(app: FastifyInstance, extensions: ExtensionService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['extensions'];
  r.get(
    '/api/extensions',
    {
      config: { permission: 'extension:view' },
      schema: {
        tags,
        summary: '分机列表 with live registration',
        querystring: extensionQuery,
        response: { 200: page(extension) },
      },
    },
    (req) => extensions.list(actorOf(req).tenantId, req.query),
  );
  r.get(
    '/api/sip-settings',
    {
      config: { permission: 'extension:view' },
      schema: { tags, summary: 'What a phone needs to register', response: { 200: sipSettings } },
    },
    (req) => extensions.settings(actorOf(req).tenantId),
  );
  r.post(
    '/api/extensions',
    {
      config: { permission: 'extension:manage' },
      schema: { tags, body: createExtensionBody, response: { 200: extension } },
    },
    (req) => extensions.create(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/extensions/:id',
    { config: { permission: 'extension:view' }, schema: { tags, params: idParams, response: { 200: extension } } },
    (req) => extensions.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/extensions/:id',
    {
      config: { permission: 'extension:manage' },
      schema: { tags, params: idParams, body: updateExtensionBody, response: { 200: extension } },
    },
    (req) => extensions.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/extensions/:id',
    {
      config: { permission: 'extension:manage' },
      schema: { tags, params: idParams, response: { 200: okResponse } },
    },
    async (req) => {
      await extensions.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}

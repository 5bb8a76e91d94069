import { AUTHENTICATED, callForwarding, callForwardingBody, idParams } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { CallForwardingService } from './call-forwarding.service.ts';

/**
 * 转移设置: managers read it with extension:view and set it with extension:manage; any signed-in user reads and
 * sets the forwarding of the extensions linked to them (/api/me/forwarding).
 */
export function registerCallForwardingRoutes(app: FastifyInstance, forwarding: CallForwardingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['extensions'];
  r.get(
    '/api/extensions/:id/forwarding',
    {
      config: { permission: 'extension:view' },
      schema: { tags, summary: '转移设置 of an extension', params: idParams, response: { 200: callForwarding } },
    },
    (req) => forwarding.get(actorOf(req).tenantId, req.params.id),
  );
  r.put(
    '/api/extensions/:id/forwarding',
    {
      config: { permission: 'extension:manage' },
      schema: { tags, params: idParams, body: callForwardingBody, response: { 200: callForwarding } },
    },
    (req) => forwarding.set(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.get(
    '/api/me/forwarding',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, summary: 'My extensions’ 转移设置', response: { 200: z.array(callForwarding) } },
    },
    (req) => forwarding.listOwn(actorOf(req).tenantId, actorOf(req).userId),
  );
  r.put(
    '/api/me/forwarding/:id',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, params: idParams, body: callForwardingBody, response: { 200: callForwarding } },
    },
    (req) => {
      const actor = actorOf(req);
      return forwarding.setOwn({ ...auditContext(actor), userId: actor.userId }, req.params.id, req.body);
    },
  );
}

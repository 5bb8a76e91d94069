import {
  createInboundRouteBody,
  createOutboundRouteBody,
  createTimeGroupBody,
  extensionCallClassesItem,
  fraudLimits,
  idParams,
  inboundRoute,
  okResponse,
  outboundRoute,
  page,
  pageQuery,
  refusedCallQuery,
  refusedCallView,
  reorderRoutesBody,
  setCallClassesBody,
  timeGroup,
  updateFraudLimitsBody,
  updateInboundRouteBody,
  updateOutboundRouteBody,
  updateTimeGroupBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { RefusedCallLog } from './refused-call.log.ts';
import type { RoutingService } from './routing.service.ts';

const view = { permission: 'routing:view' as const };
const manage = { permission: 'routing:manage' as const };
const ok = { ok: true as const };

export function registerRoutingRoutes(app: FastifyInstance, routing: RoutingService, refused: RefusedCallLog) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (req: Parameters<typeof actorOf>[0]) => auditContext(actorOf(req));
  const tenant = (req: Parameters<typeof actorOf>[0]) => actorOf(req).tenantId;

  // ---- time groups ----
  let tags = ['time-groups'];
  r.get(
    '/api/time-groups',
    { config: view, schema: { tags, summary: '时间小组', querystring: pageQuery, response: { 200: page(timeGroup) } } },
    (req) => routing.listTimeGroups(tenant(req), req.query),
  );
  r.post(
    '/api/time-groups',
    { config: manage, schema: { tags, body: createTimeGroupBody, response: { 200: timeGroup } } },
    (req) => routing.createTimeGroup(ctx(req), req.body),
  );
  r.get(
    '/api/time-groups/:id',
    { config: view, schema: { tags, params: idParams, response: { 200: timeGroup } } },
    (req) => routing.getTimeGroup(tenant(req), req.params.id),
  );
  r.patch(
    '/api/time-groups/:id',
    { config: manage, schema: { tags, params: idParams, body: updateTimeGroupBody, response: { 200: timeGroup } } },
    (req) => routing.updateTimeGroup(ctx(req), req.params.id, req.body),
  );
  r.delete(
    '/api/time-groups/:id',
    { config: manage, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await routing.deleteTimeGroup(ctx(req), req.params.id);
      return ok;
    },
  );

  // ---- inbound routes ----
  tags = ['inbound-routes'];
  r.get(
    '/api/inbound-routes',
    {
      config: view,
      schema: { tags, summary: '呼入路由 by priority', querystring: pageQuery, response: { 200: page(inboundRoute) } },
    },
    (req) => routing.listInbound(tenant(req), req.query),
  );
  r.post(
    '/api/inbound-routes',
    { config: manage, schema: { tags, body: createInboundRouteBody, response: { 200: inboundRoute } } },
    (req) => routing.createInbound(ctx(req), req.body),
  );
  r.post(
    '/api/inbound-routes/reorder',
    { config: manage, schema: { tags, body: reorderRoutesBody, response: { 200: okResponse } } },
    async (req) => {
      await routing.reorder(ctx(req), 'inbound', req.body.ids);
      return ok;
    },
  );
  r.get(
    '/api/inbound-routes/:id',
    { config: view, schema: { tags, params: idParams, response: { 200: inboundRoute } } },
    (req) => routing.getInbound(tenant(req), req.params.id),
  );
  r.patch(
    '/api/inbound-routes/:id',
    {
      config: manage,
      schema: { tags, params: idParams, body: updateInboundRouteBody, response: { 200: inboundRoute } },
    },
    (req) => routing.updateInbound(ctx(req), req.params.id, req.body),
  );
  r.delete(
    '/api/inbound-routes/:id',
    { config: manage, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await routing.deleteInbound(ctx(req), req.params.id);
      return ok;
    },
  );

  // ---- outbound routes ----
  tags = ['outbound-routes'];
  r.get(
    '/api/outbound-routes',
    {
      config: view,
      schema: { tags, summary: '呼出路由 by priority', querystring: pageQuery, response: { 200: page(outboundRoute) } },
    },
    (req) => routing.listOutbound(tenant(req), req.query),
  );
  r.post(
    '/api/outbound-routes',
    { config: manage, schema: { tags, body: createOutboundRouteBody, response: { 200: outboundRoute } } },
    (req) => routing.createOutbound(ctx(req), req.body),
  );
  r.post(
    '/api/outbound-routes/reorder',
    { config: manage, schema: { tags, body: reorderRoutesBody, response: { 200: okResponse } } },
    async (req) => {
      await routing.reorder(ctx(req), 'outbound', req.body.ids);
      return ok;
    },
  );
  r.get(
    '/api/outbound-routes/:id',
    { config: view, schema: { tags, params: idParams, response: { 200: outboundRoute } } },
    (req) => routing.getOutbound(tenant(req), req.params.id),
  );
  r.patch(
    '/api/outbound-routes/:id',
    {
      config: manage,
      schema: { tags, params: idParams, body: updateOutboundRouteBody, response: { 200: outboundRoute } },
    },
    (req) => routing.updateOutbound(ctx(req), req.params.id, req.body),
  );
  r.delete(
    '/api/outbound-routes/:id',
    { config: manage, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await routing.deleteOutbound(ctx(req), req.params.id);
      return ok;
    },
  );

  // ---- call classes and fraud limits ----
  tags = ['call-classes'];
  r.get(
    '/api/call-classes',
    {
      config: view,
      schema: {
        tags,
        summary: "Every extension's call classes (呼叫权限)",
        response: { 200: z.array(extensionCallClassesItem) },
      },
    },
    (req) => routing.listCallClasses(tenant(req)),
  );
  r.put(
    '/api/call-classes/:id',
    {
      config: manage,
      schema: { tags, params: idParams, body: setCallClassesBody, response: { 200: extensionCallClassesItem } },
    },
    (req) => routing.setCallClasses(ctx(req), req.params.id, req.body.classes),
  );
  tags = ['fraud-limits'];
  r.get('/api/fraud-limits', { config: view, schema: { tags, response: { 200: fraudLimits } } }, (req) =>
    routing.getFraudLimits(tenant(req)),
  );
  r.patch(
    '/api/fraud-limits',
    { config: manage, schema: { tags, body: updateFraudLimitsBody, response: { 200: fraudLimits } } },
    (req) => routing.updateFraudLimits(ctx(req), req.body),
  );

  tags = ['refused-calls'];
  r.get(
    '/api/refused-calls',
    {
      config: view,
      schema: {
        tags,
        summary: '拦截记录: calls the routing refused, newest first',
        querystring: refusedCallQuery,
        response: { 200: page(refusedCallView) },
      },
    },
    (req) => refused.list(tenant(req), req.query),
  );
}

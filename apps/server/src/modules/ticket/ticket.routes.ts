import {
  idParams,
  okResponse,
  orderDecisionBody,
  orderVerification,
  orderVerificationBody,
  orderVerificationQuery,
  page,
  ticket,
  ticketBody,
  ticketCommentBody,
  ticketDetail,
  ticketQuery,
  updateTicketBody,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import type { Viewers } from '../customer/index.ts';
import type { TicketService } from './ticket.service.ts';

export function registerTicketRoutes(app: FastifyInstance, d: { viewers: Viewers; tickets: TicketService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const viewer = (req: FastifyRequest) => d.viewers.of(actorOf(req));
  const tags = ['tickets'];
  const view = { permission: 'ticket:view' as const };
  const manage = { permission: 'ticket:manage' as const };
  const s = d.tickets;

  r.get(
    '/api/tickets',
    { config: view, schema: { tags, summary: '工单', querystring: ticketQuery, response: { 200: page(ticket) } } },
    async (req) => s.list(await viewer(req), req.query),
  );
  r.post(
    '/api/tickets',
    { config: manage, schema: { tags, body: ticketBody, response: { 200: ticketDetail } } },
    async (req) => s.create(await viewer(req), req.body),
  );
  r.get(
    '/api/tickets/:id',
    { config: view, schema: { tags, params: idParams, response: { 200: ticketDetail } } },
    async (req) => s.get(await viewer(req), req.params.id),
  );
  r.patch(
    '/api/tickets/:id',
    { config: manage, schema: { tags, params: idParams, body: updateTicketBody, response: { 200: ticketDetail } } },
    async (req) => s.update(await viewer(req), req.params.id, req.body),
  );
  r.post(
    '/api/tickets/:id/comments',
    { config: manage, schema: { tags, params: idParams, body: ticketCommentBody, response: { 200: ticketDetail } } },
    async (req) => s.comment(await viewer(req), req.params.id, req.body.comment),
  );
  r.delete(
    '/api/tickets/:id',
    { config: manage, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await s.delete(await viewer(req), req.params.id);
      return { ok: true as const };
    },
  );

  const otags = ['orderVerification'];
  r.get(
    '/api/order-verifications',
    {
      config: { permission: 'orderVerify:view' },
      schema: {
        tags: otags,
        summary: '核单',
        querystring: orderVerificationQuery,
        response: { 200: page(orderVerification) },
      },
    },
    async (req) => s.listOrders(await viewer(req), req.query),
  );
  r.post(
    '/api/order-verifications',
    {
      config: { permission: 'orderVerify:create' },
      schema: { tags: otags, body: orderVerificationBody, response: { 200: orderVerification } },
    },
    async (req) => s.createOrder(await viewer(req), req.body),
  );
  r.get(
    '/api/order-verifications/:id',
    {
      config: { permission: 'orderVerify:view' },
      schema: { tags: otags, params: idParams, response: { 200: orderVerification } },
    },
    async (req) => s.getOrder(await viewer(req), req.params.id),
  );
  r.post(
    '/api/order-verifications/:id/decision',
    {
      config: { permission: 'orderVerify:verify' },
      schema: { tags: otags, params: idParams, body: orderDecisionBody, response: { 200: orderVerification } },
    },
    async (req) => s.decide(await viewer(req), req.params.id, req.body),
  );
}

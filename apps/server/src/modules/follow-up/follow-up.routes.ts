import {
  appointment,
  appointmentBody,
  appointmentQuery,
  dueAppointmentsQuery,
  followUp,
  followUpBody,
  followUpQuery,
  idParams,
  okResponse,
  opportunity,
  opportunityBody,
  opportunityQuery,
  page,
  updateAppointmentBody,
  updateOpportunityBody,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import type { Viewers } from '../customer/index.ts';
import type { FollowUpService } from './follow-up.service.ts';

export function registerFollowUpRoutes(app: FastifyInstance, d: { viewers: Viewers; followUps: FollowUpService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const viewer = (req: FastifyRequest) => d.viewers.of(actorOf(req));
  const ok = { 200: okResponse };
  const view = { permission: 'followUp:view' as const };
  const manage = { permission: 'followUp:manage' as const };
  const fu = d.followUps;

  r.get(
    '/api/follow-ups',
    {
      config: view,
      schema: {
        tags: ['followUps'],
        summary: '跟进记录',
        querystring: followUpQuery,
        response: { 200: page(followUp) },
      },
    },
    async (req) => fu.listFollowUps(await viewer(req), req.query),
  );
  r.post(
    '/api/customers/:id/follow-ups',
    {
      config: manage,
      schema: { tags: ['followUps'], params: idParams, body: followUpBody, response: { 200: followUp } },
    },
    async (req) => fu.createFollowUp(await viewer(req), req.params.id, req.body),
  );
  r.delete(
    '/api/follow-ups/:id',
    { config: manage, schema: { tags: ['followUps'], params: idParams, response: ok } },
    async (req) => {
      await fu.deleteFollowUp(await viewer(req), req.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/appointments',
    {
      config: view,
      schema: {
        tags: ['appointments'],
        summary: '预约',
        querystring: appointmentQuery,
        response: { 200: page(appointment) },
      },
    },
    async (req) => fu.listAppointments(await viewer(req), req.query),
  );
  r.get(
    '/api/appointments/due',
    {
      config: view,
      schema: {
        tags: ['appointments'],
        summary: '到期预约提醒',
        querystring: dueAppointmentsQuery,
        response: { 200: z.array(appointment) },
      },
    },
    async (req) => fu.due(await viewer(req), req.query.until),
  );
  r.post(
    '/api/appointments',
    { config: manage, schema: { tags: ['appointments'], body: appointmentBody, response: { 200: appointment } } },
    async (req) => fu.createAppointment(await viewer(req), req.body),
  );
  r.patch(
    '/api/appointments/:id',
    {
      config: manage,
      schema: { tags: ['appointments'], params: idParams, body: updateAppointmentBody, response: { 200: appointment } },
    },
    async (req) => fu.updateAppointment(await viewer(req), req.params.id, req.body),
  );
  r.delete(
    '/api/appointments/:id',
    { config: manage, schema: { tags: ['appointments'], params: idParams, response: ok } },
    async (req) => {
      await fu.deleteAppointment(await viewer(req), req.params.id);
      return { ok: true as const };
    },
  );

  const oppView = { permission: 'opportunity:view' as const };
  const oppManage = { permission: 'opportunity:manage' as const };
  r.get(
    '/api/opportunities',
    {
      config: oppView,
      schema: {
        tags: ['opportunities'],
        summary: '业务机会',
        querystring: opportunityQuery,
        response: { 200: page(opportunity) },
      },
    },
    async (req) => fu.listOpportunities(await viewer(req), req.query),
  );
  r.post(
    '/api/opportunities',
    { config: oppManage, schema: { tags: ['opportunities'], body: opportunityBody, response: { 200: opportunity } } },
    async (req) => fu.createOpportunity(await viewer(req), req.body),
  );
  r.patch(
    '/api/opportunities/:id',
    {
      config: oppManage,
      schema: {
        tags: ['opportunities'],
        params: idParams,
        body: updateOpportunityBody,
        response: { 200: opportunity },
      },
    },
    async (req) => fu.updateOpportunity(await viewer(req), req.params.id, req.body),
  );
  r.delete(
    '/api/opportunities/:id',
    { config: oppManage, schema: { tags: ['opportunities'], params: idParams, response: ok } },
    async (req) => {
      await fu.deleteOpportunity(await viewer(req), req.params.id);
      return { ok: true as const };
    },
  );
}

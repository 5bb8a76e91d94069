import {
  createIvrBody,
  idParams,
  ivrDetail,
  ivrQuery,
  ivrSummary,
  ivrTestCallBody,
  ivrTestCallResult,
  ivrVersion,
  ivrVersionDetail,
  ivrVersionParams,
  okResponse,
  page,
  rollbackIvrBody,
  updateIvrBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { IvrService } from './ivr.service.ts';

/** IVR管理: menus (versioned trees), their history, roll-back, the compiled flow and the test call (拨测). */
export function registerIvrRoutes(app: FastifyInstance, ivr: IvrService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ivr'];
  const view = { permission: 'ivr:view' as const };
  const manage = { permission: 'ivr:manage' as const };
  r.get(
    '/api/ivr',
    {
      config: view,
      schema: { tags, summary: 'IVR menus', querystring: ivrQuery, response: { 200: page(ivrSummary) } },
    },
    (req) => ivr.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/ivr',
    {
      config: manage,
      schema: { tags, summary: 'New IVR menu (version 1)', body: createIvrBody, response: { 200: ivrDetail } },
    },
    (req) => ivr.create(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/ivr/:id',
    {
      config: view,
      schema: { tags, summary: 'An IVR menu with its current tree', params: idParams, response: { 200: ivrDetail } },
    },
    (req) => ivr.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/ivr/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Save an IVR menu: a tree makes a new version; name and description change in place',
        params: idParams,
        body: updateIvrBody,
        response: { 200: ivrDetail },
      },
    },
    (req) => ivr.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/ivr/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete an IVR menu no inbound route uses',
        params: idParams,
        response: { 200: okResponse },
      },
    },
    async (req) => {
      await ivr.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/ivr/:id/versions',
    {
      config: view,
      schema: {
        tags,
        summary: 'Version history, newest first',
        params: idParams,
        response: { 200: z.array(ivrVersion) },
      },
    },
    (req) => ivr.versions(actorOf(req).tenantId, req.params.id),
  );
  r.get(
    '/api/ivr/:id/versions/:version',
    {
      config: view,
      schema: {
        tags,
        summary: 'One version with its tree',
        params: ivrVersionParams,
        response: { 200: ivrVersionDetail },
      },
    },
    (req) => ivr.version(actorOf(req).tenantId, req.params.id, req.params.version),
  );
  r.post(
    '/api/ivr/:id/rollback',
    {
      config: manage,
      schema: {
        tags,
        summary: "Roll back: an old version's tree becomes a new version",
        params: idParams,
        body: rollbackIvrBody,
        response: { 200: ivrDetail },
      },
    },
    (req) => ivr.rollback(auditContext(actorOf(req)), req.params.id, req.body.version),
  );
  r.get(
    '/api/ivr/:id/flow',
    {
      config: view,
      schema: {
        tags,
        summary: 'The call flow the menu compiles to (flow JSON)',
        params: idParams,
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    (req) => ivr.flow(actorOf(req).tenantId, req.params.id),
  );
  r.post(
    '/api/ivr/:id/test-call',
    {
      config: manage,
      schema: {
        tags,
        summary: "拨测: ring the user's own extension (or the one given) and run the menu when it answers",
        params: idParams,
        body: ivrTestCallBody,
        response: { 200: ivrTestCallResult },
      },
    },
    (req) => ivr.testCall(auditContext(actorOf(req)), req.params.id, req.body),
  );
}

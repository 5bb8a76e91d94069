import {
  callerIdQuery,
  callerIdReviewItem,
  callerIdReviewQuery,
  callerIdView,
  createCallerIdNumberBody,
  idParams,
  okResponse,
  page,
  reviewCallerIdBody,
  updateCallerIdNumberBody,
  verifyCallerIdNumberBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { CallerIdService } from './caller-id.service.ts';

export function registerCallerIdRoutes(app: FastifyInstance, callerIds: CallerIdService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['caller-ids'];
  const view = { permission: 'callerId:view' as const };
  const manage = { permission: 'callerId:manage' as const };
  r.get(
    '/api/caller-ids',
    {
      config: view,
      schema: { tags, summary: '主叫号码', querystring: callerIdQuery, response: { 200: page(callerIdView) } },
    },
    (req) => callerIds.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/caller-ids',
    { config: manage, schema: { tags, body: createCallerIdNumberBody, response: { 200: callerIdView } } },
    (req) => callerIds.create(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/caller-ids/:id',
    { config: view, schema: { tags, params: idParams, response: { 200: callerIdView } } },
    (req) => callerIds.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/caller-ids/:id',
    {
      config: manage,
      schema: { tags, params: idParams, body: updateCallerIdNumberBody, response: { 200: callerIdView } },
    },
    (req) => callerIds.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/caller-ids/:id',
    { config: manage, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await callerIds.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/caller-ids/:id/voice-verification',
    {
      config: manage,
      schema: {
        tags,
        summary: '语音审核: the system calls the number and reads a six-digit code',
        params: idParams,
        response: { 200: callerIdView },
      },
    },
    (req) => callerIds.startVoiceVerification(auditContext(actorOf(req)), req.params.id),
  );
  r.post(
    '/api/caller-ids/:id/verify',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The code heard on the verification call',
        params: idParams,
        body: verifyCallerIdNumberBody,
        response: { 200: callerIdView },
      },
    },
    (req) => callerIds.verifyCode(auditContext(actorOf(req)), req.params.id, req.body.code),
  );

  const reviewTags = ['caller-id-reviews'];
  r.get(
    '/api/caller-id-reviews',
    {
      config: { permission: 'callerIdReview:view' },
      schema: {
        tags: reviewTags,
        summary: "Every enterprise's caller IDs (platform operator)",
        querystring: callerIdReviewQuery,
        response: { 200: page(callerIdReviewItem) },
      },
    },
    (req) => callerIds.reviewList(req.query),
  );
  r.post(
    '/api/caller-id-reviews/:id',
    {
      config: { permission: 'callerIdReview:approve' },
      schema: {
        tags: reviewTags,
        summary: '人工审核: verified or rejected',
        params: idParams,
        body: reviewCallerIdBody,
        response: { 200: callerIdView },
      },
    },
    (req) => callerIds.review(auditContext(actorOf(req)), req.params.id, req.body),
  );
}

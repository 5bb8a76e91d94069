import { callRecord, callRecordQuery, idParams, page } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { CallRecordService } from './call-record.service.ts';
import { CallRecordScope } from './call-record-scope.ts';

/** Routes of 通话记录; each answers within the caller's scope (CallRecordScope: own, team or all). */
export function registerCallRecordRoutes(app: FastifyInstance, records: CallRecordService, scope: CallRecordScope) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['call-records'];
  /** A record outside the caller's scope answers 404, like another tenant's. */
  const visible = async (actor: ReturnType<typeof actorOf>, id: string) => {
    const rec = await records.get(actor.tenantId, id);
    if (!CallRecordScope.covers(await scope.extensionsOf(actor), rec)) throw notFound();
    return rec;
  };
  r.get(
    '/api/call-records',
    {
      config: { permission: 'callRecord:view' },
      schema: { tags, summary: '通话记录', querystring: callRecordQuery, response: { 200: page(callRecord) } },
    },
    async (req) => {
      const actor = actorOf(req);
      return records.list(actor.tenantId, { ...req.query, extensions: await scope.extensionsOf(actor) });
    },
  );
  r.get(
    '/api/call-records/:id',
    { config: { permission: 'callRecord:view' }, schema: { tags, params: idParams, response: { 200: callRecord } } },
    (req) => visible(actorOf(req), req.params.id),
  );
  r.get(
    '/api/call-records/:id/recording',
    {
      config: { permission: 'callRecord:listen' },
      schema: {
        tags,
        summary: 'Stream the stereo WAV recording (caller left, callee right); ?download=1 needs callRecord:download',
        params: idParams,
        querystring: z.object({ download: z.enum(['0', '1']).optional() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const download = req.query.download === '1';
      if (download && !actor.permissions.has('callRecord:download')) throw new DomainError('FORBIDDEN');
      await visible(actor, req.params.id);
      const rec = await records.recording(actor.tenantId, req.params.id);
      reply
        .header('content-type', 'audio/wav')
        .header('content-length', rec.size)
        .header('cache-control', 'private, no-store');
      if (download) reply.header('content-disposition', `attachment; filename="${encodeURIComponent(rec.fileName)}"`);
      return reply.send(rec.stream());
    },
  );
}

import { callRecord, callRecordQuery, idParams, page } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { CallRecordService } from './call-record.service.ts';

export function registerCallRecordRoutes(app: FastifyInstance, records: CallRecordService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['call-records'];
  r.get(
    '/api/call-records',
    {
      config: { permission: 'callRecord:view' },
      schema: { tags, summary: '通话记录', querystring: callRecordQuery, response: { 200: page(callRecord) } },
    },
    (req) => records.list(actorOf(req).tenantId, req.query),
  );
  r.get(
    '/api/call-records/:id',
    { config: { permission: 'callRecord:view' }, schema: { tags, params: idParams, response: { 200: callRecord } } },
    (req) => records.get(actorOf(req).tenantId, req.params.id),
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

import { auditLog, auditQuery, page, pickLocale } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import type { AuditService } from './audit.service.ts';

export function registerAuditRoutes(app: FastifyInstance, audit: AuditService) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit-logs',
    {
      config: { permission: 'audit:view' },
      schema: {
        tags: ['audit'],
        summary: '操作日志 Audit log',
        querystring: auditQuery,
        response: { 200: page(auditLog) },
      },
    },
    (req) => audit.list(actorOf(req).tenantId, req.query, pickLocale(req.headers['accept-language'])),
  );
}

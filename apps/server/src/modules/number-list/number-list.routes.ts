import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  createNumberListEntryBody,
  idParams,
  numberListImportQuery,
  numberListImportResult,
  numberListQuery,
  numberListView,
  okResponse,
  page,
  pickLocale,
  reviewNumberListEntryBody,
  updateNumberListEntryBody,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { NumberListService } from './number-list.service.ts';
import { TEMPLATE_EXAMPLE, TEMPLATE_HEADER } from './number-list-import.ts';

/** A black/red list file is small: 5 MB holds far more than the 20,000 rows allowed. */
export const NUMBER_LIST_MAX_BYTES = 5 * 1024 * 1024;
const uploadDir = path.join(tmpdir(), 'hujiao-number-lists');

/** The one file part of a multipart upload, to a temp file (removed by the caller). */
async function receiveFile(req: FastifyRequest): Promise<{ file: string; format: 'csv' | 'xlsx' }> {
  if (!req.isMultipart()) throw new DomainError('IMPORT_FILE_MISSING');
  const part = await req.file({ limits: { fileSize: NUMBER_LIST_MAX_BYTES, files: 1 } });
  if (!part) throw new DomainError('IMPORT_FILE_MISSING');
  const ext = path.extname(part.filename ?? '').toLowerCase();
  const format = ext === '.csv' || ext === '.txt' ? 'csv' : ext === '.xlsx' ? 'xlsx' : undefined;
  if (!format) {
    part.file.resume();
    throw new DomainError('IMPORT_FILE_TYPE');
  }
  await mkdir(uploadDir, { recursive: true });
  const file = path.join(uploadDir, `${randomUUID()}.${format}`);
  await pipeline(part.file, createWriteStream(file));
  if (part.file.truncated) {
    await rm(file, { force: true });
    throw new DomainError('IMPORT_FILE_INVALID', { reason: `> ${NUMBER_LIST_MAX_BYTES / 1024 / 1024} MB` });
  }
  return { file, format };
}

export function registerNumberListRoutes(app: FastifyInstance, lists: NumberListService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['number-lists'];
  const view = { permission: 'numberList:view' as const };
  const manage = { permission: 'numberList:manage' as const };
  r.get(
    '/api/number-lists',
    {
      config: view,
      schema: { tags, summary: '黑名单/红名单', querystring: numberListQuery, response: { 200: page(numberListView) } },
    },
    (req) => lists.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/number-lists',
    { config: manage, schema: { tags, body: createNumberListEntryBody, response: { 200: numberListView } } },
    (req) => lists.create(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/number-lists/template',
    { config: view, schema: { tags, summary: 'Import template (CSV, UTF-8 with BOM for Excel)' } },
    (_req, reply) => {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header(
        'content-disposition',
        `attachment; filename="number-list.csv"; filename*=UTF-8''${encodeURIComponent('黑红名单导入模板')}.csv`,
      );
      return `\uFEFF${TEMPLATE_HEADER.join(',')}\r\n${TEMPLATE_EXAMPLE.join(',')}\r\n`;
    },
  );
  r.post(
    '/api/number-lists/import',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Import CSV/XLSX (multipart: file): all rows or none',
        consumes: ['multipart/form-data'],
        querystring: numberListImportQuery,
        response: { 200: numberListImportResult },
      },
    },
    async (req) => {
      const { file, format } = await receiveFile(req);
      try {
        return await lists.import(
          auditContext(actorOf(req)),
          file,
          format,
          req.query.list,
          pickLocale(req.headers['accept-language']),
        );
      } finally {
        await rm(file, { force: true });
      }
    },
  );
  r.get(
    '/api/number-lists/:id',
    { config: view, schema: { tags, params: idParams, response: { 200: numberListView } } },
    (req) => lists.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/number-lists/:id',
    {
      config: manage,
      schema: { tags, params: idParams, body: updateNumberListEntryBody, response: { 200: numberListView } },
    },
    (req) => lists.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.post(
    '/api/number-lists/:id/review',
    {
      config: { permission: 'numberList:approve' },
      schema: {
        tags,
        summary: '审核',
        params: idParams,
        body: reviewNumberListEntryBody,
        response: { 200: numberListView },
      },
    },
    (req) => lists.review(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/number-lists/:id',
    { config: manage, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await lists.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}

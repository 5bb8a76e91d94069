import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  exportQuery,
  fileFormatQuery,
  idParams,
  importErrorReportQuery,
  importErrors,
  importJob,
  importJobQuery,
  importOptions,
  importPreview,
  page,
  pageQuery,
  pickLocale,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { CustomerService } from './customer.service.ts';
import type { ExportService } from './export.service.ts';
import type { ImportService } from './import.service.ts';
import type { Viewers } from './viewer.ts';

export const IMPORT_MAX_BYTES = 500 * 1024 * 1024;
const uploadDir = path.join(tmpdir(), 'hujiao-imports');
/** How long a previewed upload waits for its import. */
const UPLOAD_TTL_MS = 60 * 60 * 1000;

interface UploadedFile {
  path: string;
  fileName: string;
  format: 'csv' | 'xlsx';
}
interface KeptUpload extends UploadedFile {
  tenantId: string;
  userId: string;
  at: number;
}

/**
 * Reads a multipart upload: the file part goes to a temp file, the other parts are returned as fields. Refuses a
 * second file, another extension, or more than IMPORT_MAX_BYTES.
 */
async function receive(req: FastifyRequest): Promise<{ file?: UploadedFile; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new DomainError('IMPORT_FILE_MISSING');
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  let refused: DomainError | undefined;
  await mkdir(uploadDir, { recursive: true });
  for await (const part of req.parts({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 20 } })) {
    if (part.type !== 'file') {
      fields[part.fieldname] = String(part.value ?? '');
      continue;
    }
    const ext = path.extname(part.filename ?? '').toLowerCase();
    const format = ext === '.csv' || ext === '.txt' ? 'csv' : ext === '.xlsx' ? 'xlsx' : undefined;
    if (!format || file) {
      refused ??= new DomainError('IMPORT_FILE_TYPE');
      part.file.resume();
      continue;
    }
    const target = path.join(uploadDir, `${randomUUID()}.${format}`);
    await pipeline(part.file, createWriteStream(target));
    if (part.file.truncated) {
      await rm(target, { force: true });
      refused = new DomainError('IMPORT_FILE_INVALID', { reason: `文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB` });
      continue;
    }
    file = { path: target, fileName: part.filename, format };
  }
  if (refused) {
    if (file) await rm(file.path, { force: true });
    throw refused;
  }
  return { file, fields };
}

/** Sets the download headers; `name` may be Chinese (RFC 6266 filename*), with an ASCII fallback. */
function download(reply: FastifyReply, name: string, format: 'csv' | 'xlsx') {
  const ascii = name.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'customers';
  const type =
    format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  reply.header('content-type', type);
  reply.header(
    'content-disposition',
    `attachment; filename="${ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}.${format}`,
  );
}

export function registerImportRoutes(
  app: FastifyInstance,
  d: { viewers: Viewers; imports: ImportService; exports: ExportService; customers: CustomerService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const viewer = (req: FastifyRequest) => d.viewers.of(actorOf(req));
  /** Files sent to the preview, by upload id, until imported or expired. */
  const uploads = new Map<string, KeptUpload>();
  const sweep = () => {
    for (const [uploadId, u] of uploads) {
      if (Date.now() - u.at < UPLOAD_TTL_MS) continue;
      uploads.delete(uploadId);
      void rm(u.path, { force: true });
    }
  };
  // Files a previous run left (previewed, never imported): the map that knew them is gone.
  void readdir(uploadDir)
    .then(async (names) => {
      for (const name of names) {
        const file = path.join(uploadDir, name);
        if (Date.now() - (await stat(file)).mtimeMs > UPLOAD_TTL_MS) await rm(file, { force: true });
      }
    })
    .catch(() => undefined);

  r.post(
    '/api/customers/import/preview',
    {
      config: { permission: 'customer:import' },
      schema: {
        tags,
        summary: '导入预览:列映射、未识别的列、前 5 行(multipart: file)',
        consumes: ['multipart/form-data'],
        response: { 200: importPreview },
      },
    },
    async (req) => {
      sweep();
      const v = await viewer(req);
      const { file } = await receive(req);
      if (!file) throw new DomainError('IMPORT_FILE_MISSING');
      try {
        const preview = await d.imports.preview(v, file);
        const uploadId = randomUUID();
        uploads.set(uploadId, { ...file, tenantId: v.tenantId, userId: v.userId, at: Date.now() });
        return { uploadId, fileName: file.fileName, format: file.format, ...preview };
      } catch (err) {
        await rm(file.path, { force: true });
        throw err;
      }
    },
  );

  r.post(
    '/api/customers/import',
    {
      config: { permission: 'customer:import' },
      schema: {
        tags,
        summary: '导入客户(multipart: file + 选项)',
        consumes: ['multipart/form-data'],
        response: { 200: importJob },
      },
    },
    async (req) => {
      sweep();
      const v = await viewer(req);
      const received = await receive(req);
      const { fields } = received;
      let file = received.file;
      if (!file && fields.uploadId) {
        const kept = uploads.get(fields.uploadId);
        if (!kept || kept.tenantId !== v.tenantId || kept.userId !== v.userId) {
          throw new DomainError('IMPORT_UPLOAD_EXPIRED');
        }
        uploads.delete(fields.uploadId);
        file = kept;
      }
      if (!file) throw new DomainError('IMPORT_FILE_MISSING');
      const parsed = importOptions.safeParse(fields);
      if (!parsed.success) {
        await rm(file.path, { force: true });
        throw new DomainError(
          'VALIDATION_FAILED',
          {},
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
      if (parsed.data.ownerId) await d.customers.checkOwner(v, parsed.data.ownerId);
      return d.imports.start(v, file, parsed.data);
    },
  );
  r.get(
    '/api/customers/import',
    {
      config: { permission: 'customer:import' },
      schema: { tags, summary: '导入任务', querystring: importJobQuery, response: { 200: page(importJob) } },
    },
    (req) => d.imports.list(actorOf(req).tenantId, req.query),
  );
  r.get(
    '/api/customers/import/:id',
    { config: { permission: 'customer:import' }, schema: { tags, params: idParams, response: { 200: importJob } } },
    (req) => d.imports.get(actorOf(req).tenantId, req.params.id),
  );
  r.get(
    '/api/customers/import/:id/errors',
    {
      config: { permission: 'customer:import' },
      schema: { tags, params: idParams, querystring: pageQuery, response: { 200: importErrors } },
    },
    (req) =>
      d.imports.errors(actorOf(req).tenantId, req.params.id, pickLocale(req.headers['accept-language']), req.query),
  );
  r.get(
    '/api/customers/import/:id/errors.csv',
    {
      config: { permission: 'customer:import' },
      schema: {
        tags,
        summary: '导入错误报告(原始行 + 错误说明)',
        params: idParams,
        querystring: importErrorReportQuery,
      },
    },
    async (req, reply) => {
      const locale = req.query.lang ?? pickLocale(req.headers['accept-language']);
      const tenantId = actorOf(req).tenantId;
      await d.imports.get(tenantId, req.params.id);
      const name = locale === 'zh-CN' ? '导入错误报告' : 'import-errors';
      download(reply, `${name}-${req.params.id.slice(0, 8)}`, req.query.format);
      return reply.send(d.exports.stream(d.imports.errorRows(tenantId, req.params.id, locale), req.query.format));
    },
  );
  r.get(
    '/api/customers/import-template',
    { config: { permission: 'customer:import' }, schema: { tags, summary: '导入模板', querystring: fileFormatQuery } },
    async (req, reply) => {
      const v = await viewer(req);
      download(reply, 'customer-import-template 客户导入模板', req.query.format);
      return reply.send(d.exports.stream(d.exports.templateRows(v), req.query.format));
    },
  );
  r.get(
    '/api/customers/export',
    { config: { permission: 'customer:export' }, schema: { tags, summary: '导出客户', querystring: exportQuery } },
    async (req, reply) => {
      const v = await viewer(req);
      const { format, ...q } = req.query;
      // Fail before the download starts when the filter is wrong.
      await d.customers.filterOf(v, q);
      const stamp = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      download(reply, `customers-${stamp}`, format);
      return reply.send(d.exports.stream(d.exports.rows(v, q), format));
    },
  );
}

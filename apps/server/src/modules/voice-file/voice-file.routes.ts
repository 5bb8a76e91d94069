import {
  createMohClassBody,
  idParams,
  mohClass,
  okResponse,
  page,
  pickLocale,
  reviewVoiceFileBody,
  updateMohClassBody,
  updateVoiceFileBody,
  uploadVoiceFileFields,
  VOICE_FILE_MAX_BYTES,
  voiceFile,
  voiceFileQuery,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import { DomainError } from '../../http/domain-error.ts';
import { validationDetails } from '../../http/error-handler.ts';
import type { MohClassService } from './moh-class.service.ts';
import type { VoiceAudio, VoiceFileService, VoiceUpload } from './voice-file.service.ts';

const tooLarge = () => new DomainError('VOICE_FILE_TOO_LARGE', { mb: VOICE_FILE_MAX_BYTES / 1024 / 1024 });

/** Reads the multipart upload into memory (at most VOICE_FILE_MAX_BYTES): one file part and the text fields. */
async function receive(req: FastifyRequest): Promise<VoiceUpload> {
  if (!req.isMultipart()) throw new DomainError('VOICE_FILE_MISSING');
  const fields: Record<string, string> = {};
  let file: { fileName: string; data: Buffer } | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: VOICE_FILE_MAX_BYTES, files: 1, fields: 10 } })) {
      if (part.type !== 'file') {
        fields[part.fieldname] = String(part.value ?? '');
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      file = { fileName: part.filename ?? '', data: Buffer.concat(chunks) };
    }
  } catch (e) {
    // @fastify/multipart throws when the file passes the size limit.
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw e;
  }
  if (!file || file.data.length === 0) throw new DomainError('VOICE_FILE_MISSING');
  const parsed = uploadVoiceFileFields.safeParse(fields);
  if (!parsed.success) {
    const locale = pickLocale(req.headers['accept-language']);
    throw new DomainError('VALIDATION_FAILED', {}, validationDetails(parsed.error.issues, locale));
  }
  return { ...parsed.data, ...file };
}

function sendAudio(reply: FastifyReply, audio: VoiceAudio, download: boolean) {
  reply
    .header('content-type', audio.contentType)
    .header('content-length', audio.size)
    .header('cache-control', 'private, no-store');
  if (download) {
    const ascii = audio.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '');
    reply.header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(audio.fileName)}`,
    );
  }
  return reply.send(audio.stream());
}

/** 语音文件 and 保持音乐 routes; every query is the caller's tenant's. */
export function registerVoiceFileRoutes(app: FastifyInstance, files: VoiceFileService, moh: MohClassService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['voice-files'];
  r.get(
    '/api/voice-files',
    {
      config: { permission: 'voiceFile:view' },
      schema: { tags, summary: '语音文件列表', querystring: voiceFileQuery, response: { 200: page(voiceFile) } },
    },
    (req) => files.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/voice-files',
    {
      config: { permission: 'voiceFile:manage' },
      schema: {
        tags,
        summary: '上传语音文件 (multipart: file = WAV or MP3, name, usage); converted to 8 kHz mono, 待审核',
        consumes: ['multipart/form-data'],
        response: { 200: voiceFile },
      },
    },
    async (req) => files.upload(auditContext(actorOf(req)), await receive(req)),
  );
  r.get(
    '/api/voice-files/:id',
    { config: { permission: 'voiceFile:view' }, schema: { tags, params: idParams, response: { 200: voiceFile } } },
    (req) => files.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/voice-files/:id',
    {
      config: { permission: 'voiceFile:manage' },
      schema: { tags, params: idParams, body: updateVoiceFileBody, response: { 200: voiceFile } },
    },
    (req) => files.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/voice-files/:id',
    { config: { permission: 'voiceFile:manage' }, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await files.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/voice-files/:id/review',
    {
      config: { permission: 'voiceFile:approve' },
      schema: {
        tags,
        summary: '审核: approve, or reject with a reason',
        params: idParams,
        body: reviewVoiceFileBody,
        response: { 200: voiceFile },
      },
    },
    (req) => files.review(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.get(
    '/api/voice-files/:id/audio',
    {
      config: { permission: 'voiceFile:view' },
      schema: {
        tags,
        summary: 'The converted 8 kHz WAV (?original=1: the file as uploaded; ?download=1: as an attachment)',
        params: idParams,
        querystring: z.object({ original: z.enum(['0', '1']).optional(), download: z.enum(['0', '1']).optional() }),
      },
    },
    async (req, reply) => {
      const which = req.query.original === '1' ? 'original' : 'converted';
      const audio = await files.audio(actorOf(req).tenantId, req.params.id, which);
      return sendAudio(reply, audio, req.query.download === '1');
    },
  );

  const mohTags = ['music-on-hold'];
  r.get(
    '/api/moh-classes',
    {
      config: { permission: 'musicOnHold:view' },
      schema: { tags: mohTags, summary: '保持音乐分类', response: { 200: z.array(mohClass) } },
    },
    (req) => moh.list(actorOf(req).tenantId),
  );
  r.post(
    '/api/moh-classes',
    {
      config: { permission: 'musicOnHold:manage' },
      schema: { tags: mohTags, body: createMohClassBody, response: { 200: mohClass } },
    },
    (req) => moh.create(auditContext(actorOf(req)), req.body),
  );
  r.get(
    '/api/moh-classes/:id',
    {
      config: { permission: 'musicOnHold:view' },
      schema: { tags: mohTags, params: idParams, response: { 200: mohClass } },
    },
    (req) => moh.get(actorOf(req).tenantId, req.params.id),
  );
  r.patch(
    '/api/moh-classes/:id',
    {
      config: { permission: 'musicOnHold:manage' },
      schema: { tags: mohTags, params: idParams, body: updateMohClassBody, response: { 200: mohClass } },
    },
    (req) => moh.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/moh-classes/:id',
    {
      config: { permission: 'musicOnHold:manage' },
      schema: { tags: mohTags, params: idParams, response: { 200: okResponse } },
    },
    async (req) => {
      await moh.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}

import {
  AUTHENTICATED,
  idParams,
  okResponse,
  page,
  voicemailBox,
  voicemailBoxParams,
  voicemailGroupBox,
  voicemailGroupBoxBody,
  voicemailMarkBody,
  voicemailMessage,
  voicemailMessageQuery,
  voicemailUnread,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { VoicemailService } from './voicemail.service.ts';

/** Largest greeting upload (a 2-minute 16 kHz WAV is under 4 MB). */
const GREETING_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Routes of 语音留言. Messages: any signed-in user reads the boxes they own (the service scopes the query),
 * voicemail:manage every box of the enterprise. Group boxes: voicemail:manage.
 */
export async function registerVoicemailRoutes(app: FastifyInstance, voicemail: VoicemailService) {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['audio/wav', 'audio/x-wav', 'audio/wave'],
      { parseAs: 'buffer', bodyLimit: GREETING_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
    routes(scope, voicemail);
  });
}

/** The greeting's bytes: the raw audio/wav body, or the one file of a multipart form. */
async function greetingBody(req: FastifyRequest): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) return req.body;
  if (!req.isMultipart()) throw new DomainError('VOICEMAIL_GREETING_INVALID');
  const file = await req.file({ limits: { fileSize: GREETING_MAX_BYTES, files: 1 } });
  if (!file) throw new DomainError('VOICEMAIL_GREETING_INVALID');
  const chunks: Buffer[] = [];
  for await (const chunk of file.file) chunks.push(chunk as Buffer);
  if (file.file.truncated) throw new DomainError('VOICEMAIL_GREETING_INVALID');
  return Buffer.concat(chunks);
}

function routes(app: FastifyInstance, voicemail: VoicemailService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['voicemail'];
  r.get(
    '/api/voicemail/messages',
    {
      config: { permission: AUTHENTICATED },
      schema: {
        tags,
        summary: '语音留言',
        querystring: voicemailMessageQuery,
        response: { 200: page(voicemailMessage) },
      },
    },
    (req) => voicemail.list(actorOf(req), req.query),
  );
  r.get(
    '/api/voicemail/unread',
    { config: { permission: AUTHENTICATED }, schema: { tags, response: { 200: voicemailUnread } } },
    (req) => voicemail.unread(actorOf(req)),
  );
  r.get(
    '/api/voicemail/messages/:id/audio',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, summary: 'Stream the message (WAV, 8 kHz mono)', params: idParams },
    },
    async (req, reply) => {
      const file = await voicemail.audio(actorOf(req), req.params.id);
      reply
        .header('content-type', 'audio/wav')
        .header('content-length', file.size)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `inline; filename="${encodeURIComponent(file.fileName)}"`);
      return reply.send(file.stream());
    },
  );
  r.put(
    '/api/voicemail/messages/:id/read',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, params: idParams, body: voicemailMarkBody, response: { 200: voicemailMessage } },
    },
    (req) => voicemail.mark(actorOf(req), req.params.id, req.body.read),
  );
  r.delete(
    '/api/voicemail/messages/:id',
    { config: { permission: AUTHENTICATED }, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await voicemail.remove(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
  const greeting = {
    config: { permission: AUTHENTICATED },
    schema: {
      tags,
      summary: "Set a box's greeting: a WAV (8/16 kHz mono) as the body (audio/wav, PUT) or one multipart file (POST)",
      params: voicemailBoxParams,
      response: { 200: okResponse },
    },
  } as const;
  const setGreeting = async (req: FastifyRequest, box: string) => {
    await voicemail.setGreeting(actorOf(req), box, await greetingBody(req));
    return { ok: true as const };
  };
  r.put('/api/voicemail/boxes/:box/greeting', greeting, (req) => setGreeting(req, req.params.box));
  r.post('/api/voicemail/boxes/:box/greeting', greeting, (req) => setGreeting(req, req.params.box));
  r.get(
    '/api/voicemail/boxes',
    { config: { permission: AUTHENTICATED }, schema: { tags, response: { 200: z.array(voicemailBox) } } },
    (req) => voicemail.boxList(actorOf(req)),
  );
  r.delete(
    '/api/voicemail/boxes/:box/greeting',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, params: voicemailBoxParams, response: { 200: okResponse } },
    },
    async (req) => {
      await voicemail.clearGreeting(actorOf(req), req.params.box);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/voicemail/groups',
    { config: { permission: 'voicemail:manage' }, schema: { tags, response: { 200: z.array(voicemailGroupBox) } } },
    (req) => voicemail.groups(actorOf(req).tenantId),
  );
  r.post(
    '/api/voicemail/groups',
    {
      config: { permission: 'voicemail:manage' },
      schema: { tags, body: voicemailGroupBoxBody, response: { 200: voicemailGroupBox } },
    },
    (req) => voicemail.createGroup(actorOf(req).tenantId, req.body),
  );
  r.put(
    '/api/voicemail/groups/:id',
    {
      config: { permission: 'voicemail:manage' },
      schema: { tags, params: idParams, body: voicemailGroupBoxBody, response: { 200: voicemailGroupBox } },
    },
    (req) => voicemail.updateGroup(actorOf(req).tenantId, req.params.id, req.body),
  );
  r.delete(
    '/api/voicemail/groups/:id',
    { config: { permission: 'voicemail:manage' }, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await voicemail.deleteGroup(actorOf(req).tenantId, req.params.id);
      return { ok: true as const };
    },
  );
}

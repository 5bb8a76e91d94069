import {
  type CommandResult,
  callCommandRequest,
  commandResultSchema,
  liveCallSchema,
  originateRequest,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { CallControlService } from './call-control.service.ts';

/** A refused command as the API answers it: 404 for an unknown call or party, 409 for the wrong state. */
function check(result: CommandResult): CommandResult {
  if (result.ok) return result;
  if (result.error === 'callNotFound') throw new DomainError('CALL_NOT_FOUND');
  if (result.error === 'legNotFound') throw new DomainError('CALL_LEG_NOT_FOUND');
  throw new DomainError('CALL_COMMAND_REFUSED', { reason: result.message });
}

/** 通话控制: start calls from the server and control calls in progress (the switch's command API over HTTP). */
export function registerCallControlRoutes(app: FastifyInstance, calls: CallControlService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['call-control'];
  r.post(
    '/api/calls/originate',
    {
      config: { permission: 'callControl:originate' },
      schema: {
        tags,
        summary: 'Start a call: ring an extension and, when it answers, run a flow on it; answers with the outcome',
        body: originateRequest,
        response: { 200: commandResultSchema },
      },
    },
    async (req) => check(await calls.originate(actorOf(req).tenantId, req.body)),
  );
  r.get(
    '/api/calls',
    {
      config: { permission: 'callControl:manage' },
      schema: { tags, summary: 'Calls in progress', response: { 200: z.array(liveCallSchema) } },
    },
    (req) => calls.live(actorOf(req).tenantId),
  );
  r.post(
    '/api/calls/:callId/commands',
    {
      config: { permission: 'callControl:manage' },
      schema: {
        tags,
        summary: 'Hang up, transfer, consult, hold, conference, mute or send DTMF on a call in progress',
        params: z.object({ callId: z.string().min(1).max(128) }),
        body: callCommandRequest,
        response: { 200: commandResultSchema },
      },
    },
    async (req) => check(await calls.command(actorOf(req).tenantId, req.params.callId, req.body)),
  );
}

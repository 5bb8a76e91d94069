import {
  dictionaryItem,
  dictionaryItemBody,
  dictionaryType,
  dictionaryTypeBody,
  idParams,
  okResponse,
  updateDictionaryItemBody,
  updateDictionaryTypeBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { DictionaryService } from './dictionary.service.ts';

export function registerDictionaryRoutes(app: FastifyInstance, dict: DictionaryService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['dictionary'];
  const ok = { 200: okResponse };
  const manage = { permission: 'dictionary:manage' as const };

  r.get(
    '/api/dictionaries',
    {
      config: { permission: 'dictionary:view' },
      schema: { tags, summary: '数据字典', response: { 200: z.array(dictionaryType) } },
    },
    (req) => dict.list(actorOf(req).tenantId),
  );
  r.post(
    '/api/dictionaries',
    { config: manage, schema: { tags, body: dictionaryTypeBody, response: { 200: dictionaryType } } },
    (req) => dict.createType(auditContext(actorOf(req)), req.body),
  );
  r.patch(
    '/api/dictionaries/:id',
    {
      config: manage,
      schema: { tags, params: idParams, body: updateDictionaryTypeBody, response: { 200: dictionaryType } },
    },
    (req) => dict.updateType(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/dictionaries/:id',
    { config: manage, schema: { tags, params: idParams, response: ok } },
    async (req) => {
      await dict.deleteType(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/dictionaries/:id/items',
    {
      config: manage,
      schema: { tags, params: idParams, body: dictionaryItemBody, response: { 200: dictionaryItem } },
    },
    (req) => dict.createItem(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.patch(
    '/api/dictionary-items/:id',
    {
      config: manage,
      schema: { tags, params: idParams, body: updateDictionaryItemBody, response: { 200: dictionaryItem } },
    },
    (req) => dict.updateItem(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/dictionary-items/:id',
    { config: manage, schema: { tags, params: idParams, response: ok } },
    async (req) => {
      await dict.deleteItem(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}

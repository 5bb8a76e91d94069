import {
  type AgentStateLogQuery,
  agentStateLogEntry,
  agentStateLogExportQuery,
  agentStateLogQuery,
  page,
  pickLocale,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { actorOf } from '../../http/access.ts';
import type { Actor } from '../../http/actor.ts';
import type { CallRecordScope } from '../call-record/call-record-scope.ts';
import type { DictionaryService } from '../dictionary/index.ts';
import { stateLogRows, streamRows } from './state-log.export.ts';
import type { AgentStateLogFilter, AgentStateLogRepository } from './state-log.repository.ts';

export interface AgentStateLogRouteDeps {
  repo: AgentStateLogRepository;
  /** Resolves when the changes made so far are written (the writer gathers them for a moment). */
  written: () => Promise<void>;
  /** Whose rows a caller sees: every agent with agentStateLog:viewAll, else own and the led teams' agents. */
  scope: CallRecordScope;
  dictionaries: DictionaryService;
  logger?: Logger;
}

/** 示忙示闲记录: the agents' state log, newest first, within the caller's scope; and its export. */
export function registerAgentStateLogRoutes(app: FastifyInstance, d: AgentStateLogRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['agent'];
  const filterOf = async (
    actor: Actor,
    q: Omit<AgentStateLogQuery, 'page' | 'pageSize'>,
  ): Promise<AgentStateLogFilter> => {
    // The list shows the change just made (ready a moment ago) as well.
    await d.written();
    return { ...q, agents: await d.scope.usersOf(actor, 'agentStateLog:viewAll') };
  };
  r.get(
    '/api/agent-state-log',
    {
      config: { permission: 'agentStateLog:view' },
      schema: {
        tags,
        summary: '示忙示闲记录',
        querystring: agentStateLogQuery,
        response: { 200: page(agentStateLogEntry) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { page: p, pageSize, ...q } = req.query;
      return d.repo.list(actor.tenantId, { ...(await filterOf(actor, q)), page: p, pageSize });
    },
  );
  r.get(
    '/api/agent-state-log/export',
    {
      config: { permission: 'agentStateLog:view' },
      schema: { tags, summary: '导出示忙示闲记录 (XLSX or CSV)', querystring: agentStateLogExportQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { format, lang, ...q } = req.query;
      const locale = lang ?? pickLocale(req.headers['accept-language']);
      const filter = await filterOf(actor, q);
      const reasons = await d.dictionaries.choices(actor.tenantId, 'busyReason');
      const stamp = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      const name = `${locale === 'zh-CN' ? '示忙示闲记录' : 'agent-state-log'}-${stamp}`;
      reply.header(
        'content-type',
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      reply.header(
        'content-disposition',
        `attachment; filename="agent-state-log-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}.${format}`,
      );
      const rows = stateLogRows(d.repo.all(actor.tenantId, filter), locale, (code) => reasons.get(code) ?? code);
      return reply.send(streamRows(rows, format, locale === 'zh-CN' ? '示忙示闲记录' : 'Agent state log', d.logger));
    },
  );
}

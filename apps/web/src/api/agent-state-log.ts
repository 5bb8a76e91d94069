import type { AgentStateLogEntry } from '@hujiao/shared';
import { buildQuery, type QueryParams } from './client.ts';
import { usePagedList } from './crud.ts';

/** 示忙示闲记录, newest first, in the caller's scope (own team for team leaders). */
export const useAgentStateLog = (params: QueryParams) => usePagedList<AgentStateLogEntry>('agent-state-log', params);

/** The same filter as a download (XLSX or CSV) with labels in `lang`. */
export const agentStateLogExportUrl = (format: 'csv' | 'xlsx', params: QueryParams, lang: string) =>
  `/api/agent-state-log/export${buildQuery({ ...params, page: undefined, pageSize: undefined, format, lang })}`;

import { z } from 'zod';
import { agentStates } from './acd.ts';
import { pageQuery } from './api.ts';

/**
 * 示忙示闲记录 (agent state log): one row per state an agent was in — the change that began it (from → to, the
 * busy reason, the queue call if any), when it began and ended, and how long it lasted. The row of the agent's
 * current state has no end yet (`endedAt`/`durationSec` null).
 */
export const agentStateLogEntry = z.object({
  id: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  agentNo: z.string().nullable(),
  fromState: z.enum(agentStates),
  state: z.enum(agentStates),
  /** A busy reason's code (the busyReason dictionary); only for busy. */
  reason: z.string().nullable(),
  callId: z.string().nullable(),
  queueId: z.uuid().nullable(),
  /** ISO 8601. */
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSec: z.number().int().nullable(),
});
export type AgentStateLogEntry = z.infer<typeof agentStateLogEntry>;

const agentStateLogFilter = {
  agentId: z.uuid().optional(),
  state: z.enum(agentStates).optional(),
  reason: z.string().trim().min(1).max(32).optional(),
  /** The state began at or after `from` and at or before `to` (ISO 8601 with offset). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

/** GET /api/agent-state-log: newest first. */
export const agentStateLogQuery = pageQuery.extend(agentStateLogFilter);
export type AgentStateLogQuery = z.infer<typeof agentStateLogQuery>;

/** GET /api/agent-state-log/export: the same filter, every matching row as CSV (UTF-8 BOM) or XLSX. */
export const agentStateLogExportQuery = z.object({
  ...agentStateLogFilter,
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  /** The language of the headers and labels; overrides Accept-Language (a download link cannot send it). */
  lang: z.enum(['zh-CN', 'en-US']).optional(),
});
export type AgentStateLogExportQuery = z.infer<typeof agentStateLogExportQuery>;

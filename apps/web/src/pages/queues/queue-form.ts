import type { AcdStrategy, AgentNoAnnouncement, CreateQueueBody, Destination, Queue } from '@hujiao/shared';
import { cleanDestination } from '../inbound-routes/destination-value.ts';

const DAY = 86_400;

/** The drawer's fields: the API body with nested parts (overflow, sticky, announcements) flattened. */
export interface QueueValues {
  name: string;
  description?: string;
  strategy: AcdStrategy;
  members: Array<{ agentId: string; level: number; order: number }>;
  ringTimeoutSec: number;
  maxWaitSec: number;
  maxLength: number;
  joinEmpty: boolean;
  leaveWhenEmpty: boolean;
  autoBusyAfter: number;
  wrapUpSec: number;
  serviceLevelSec: number;
  overflowTimeout?: Record<string, unknown> | null;
  overflowFull?: Record<string, unknown> | null;
  overflowEmpty?: Record<string, unknown> | null;
  stickyEnabled: boolean;
  stickyWindowDays: number;
  stickyWaitSec: number;
  positionEverySec: number;
  expectedWait: boolean;
  periodicEverySec: number;
  periodicPrompt?: string | null;
  mohClassId?: string | null;
  agentNoAnnouncement: AgentNoAnnouncement;
  agentNoPattern: string;
  redListPriority: boolean;
  enabled: boolean;
}

/** A new queue's form (the shared schema's defaults). */
export const NEW_QUEUE: QueueValues = {
  name: '',
  strategy: 'longest-idle',
  members: [],
  ringTimeoutSec: 20,
  maxWaitSec: 0,
  maxLength: 0,
  joinEmpty: false,
  leaveWhenEmpty: true,
  autoBusyAfter: 3,
  wrapUpSec: 0,
  serviceLevelSec: 20,
  stickyEnabled: false,
  stickyWindowDays: 7,
  stickyWaitSec: 0,
  positionEverySec: 0,
  expectedWait: true,
  periodicEverySec: 0,
  agentNoAnnouncement: 'off',
  agentNoPattern: '8??',
  redListPriority: false,
  enabled: true,
};

const asRecord = (d: Destination | null | undefined) => (d ? (d as unknown as Record<string, unknown>) : undefined);

export function toValues(q: Queue): QueueValues {
  return {
    name: q.name,
    description: q.description,
    strategy: q.strategy,
    members: q.members.map((m) => ({ agentId: m.agentId, level: m.level, order: m.order })),
    ringTimeoutSec: q.ringTimeoutSec,
    maxWaitSec: q.maxWaitSec,
    maxLength: q.maxLength,
    joinEmpty: q.joinEmpty,
    leaveWhenEmpty: q.leaveWhenEmpty,
    autoBusyAfter: q.autoBusyAfter,
    wrapUpSec: q.wrapUpSec,
    serviceLevelSec: q.serviceLevelSec,
    overflowTimeout: asRecord(q.overflow.timeout),
    overflowFull: asRecord(q.overflow.full),
    overflowEmpty: asRecord(q.overflow.empty),
    stickyEnabled: q.sticky.enabled,
    stickyWindowDays: Math.max(1, Math.round(q.sticky.windowSec / DAY)),
    stickyWaitSec: q.sticky.waitSec,
    positionEverySec: q.announcements.positionEverySec,
    expectedWait: q.announcements.expectedWait,
    periodicEverySec: q.announcements.periodicEverySec,
    periodicPrompt: q.announcements.periodicPrompt ?? null,
    mohClassId: q.mohClassId,
    agentNoAnnouncement: q.agentNoAnnouncement,
    agentNoPattern: q.agentNoPattern,
    redListPriority: q.redListPriority,
    enabled: q.enabled,
  };
}

/** The API body of the form (both for a new queue and a whole-form PATCH). */
export function toBody(v: QueueValues): CreateQueueBody {
  const overflow = {
    timeout: cleanDestination(v.overflowTimeout),
    full: cleanDestination(v.overflowFull),
    empty: cleanDestination(v.overflowEmpty),
  };
  return {
    name: v.name.trim(),
    description: v.description?.trim() ?? '',
    strategy: v.strategy,
    members: (v.members ?? []).map((m, i) => ({ agentId: m.agentId, level: m.level ?? 1, order: m.order ?? i })),
    ringTimeoutSec: v.ringTimeoutSec,
    maxWaitSec: v.maxWaitSec,
    maxLength: v.maxLength,
    joinEmpty: v.joinEmpty,
    leaveWhenEmpty: v.leaveWhenEmpty,
    autoBusyAfter: v.autoBusyAfter,
    wrapUpSec: v.wrapUpSec,
    serviceLevelSec: v.serviceLevelSec,
    overflow,
    sticky: { enabled: v.stickyEnabled, windowSec: v.stickyWindowDays * DAY, waitSec: v.stickyWaitSec },
    announcements: {
      positionEverySec: v.positionEverySec,
      expectedWait: v.expectedWait,
      periodicEverySec: v.periodicEverySec,
      ...(v.periodicPrompt ? { periodicPrompt: v.periodicPrompt } : {}),
    },
    mohClassId: v.mohClassId ?? null,
    agentNoAnnouncement: v.agentNoAnnouncement,
    agentNoPattern: v.agentNoPattern.trim(),
    redListPriority: v.redListPriority,
    enabled: v.enabled,
  };
}

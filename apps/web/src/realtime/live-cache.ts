import type {
  AgentCall,
  AgentLiveState,
  Extension,
  ExtensionRegistration,
  LiveServerMessage,
  MonitoredAgent,
  MonitoredQueue,
  Page,
  QueueWaiting,
  TrunkStatus,
  VoicemailUnread,
} from '@hujiao/shared';
import type { QueryClient } from '@tanstack/react-query';

/** The query keys the pages read (api/pbx.ts, api/telephony.ts, api/voicemail.ts). */
export const TRUNK_STATUS_KEY = ['trunks', 'status'] as const;
export const EXTENSION_LISTS_KEY = ['extensions', 'list'] as const;
export const VOICEMAIL_UNREAD_KEY = ['voicemail', 'unread'] as const;
export const VOICEMAIL_LISTS_KEY = ['voicemail', 'list'] as const;
export const AGENT_STATE_KEY = ['agent', 'state'] as const;
/** The agent's call (null: none) and the callers waiting in their queues: pushed only, never fetched. */
export const AGENT_CALL_KEY = ['agent', 'call'] as const;
export const QUEUE_WAITING_KEY = ['agent', 'queue-waiting'] as const;
/** 坐席监控: the agents a supervisor may act on, pushed only. */
export const MONITOR_AGENTS_KEY = ['monitor', 'agents'] as const;
/** 技能组监控: every queue of the enterprise, pushed only. */
export const MONITOR_QUEUES_KEY = ['monitor', 'queues'] as const;
/** The agent's day (api/agent.ts): read again when a call of theirs ends. */
export const AGENT_TODAY_KEY = ['agent', 'today'] as const;

/** How long after a call ends its record is surely written (the switch's records are written in batches). */
const RECORD_WRITE_MS = 3_000;

/** The agent's day is read from the call records: read it now, and again once the ended call's record is in. */
function refreshToday(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: AGENT_TODAY_KEY });
  setTimeout(() => void qc.invalidateQueries({ queryKey: AGENT_TODAY_KEY }), RECORD_WRITE_MS);
}

/** A pushed list's update: the item of the same id replaced in place, or added at the end. */
function upsert<T>(list: T[] | undefined, one: T, id: (x: T) => string): T[] {
  if (!list) return [one];
  const key = id(one);
  return list.some((x) => id(x) === key) ? list.map((x) => (id(x) === key ? one : x)) : [...list, one];
}

/** One extension row with its live registration. */
function withRegistration(row: Extension, reg: ExtensionRegistration | undefined): Extension {
  const contacts = reg?.contacts ?? [];
  return { ...row, registered: contacts.length > 0, contacts };
}

/** Every cached page of the extension list, rows rewritten by `rewrite`. */
function patchExtensionLists(qc: QueryClient, rewrite: (row: Extension) => Extension): void {
  qc.setQueriesData<Page<Extension>>({ queryKey: EXTENSION_LISTS_KEY }, (page) =>
    page ? { ...page, items: page.items.map(rewrite) } : page,
  );
}

/**
 * Writes a live message into the TanStack Query cache under the keys the pages already use: a snapshot replaces
 * the topic's state, an update replaces one item (one trunk, one extension) or the whole count.
 */
export function applyLiveMessage(qc: QueryClient, message: LiveServerMessage): void {
  if (message.type !== 'snapshot' && message.type !== 'update') return;
  switch (message.topic) {
    case 'trunk-status': {
      if (message.type === 'snapshot') {
        qc.setQueryData<TrunkStatus[]>(TRUNK_STATUS_KEY, message.data);
        return;
      }
      const one = message.data;
      qc.setQueryData<TrunkStatus[]>(TRUNK_STATUS_KEY, (list) =>
        list ? [...list.filter((s) => s.trunkId !== one.trunkId), one] : [one],
      );
      return;
    }
    case 'extension-registration': {
      if (message.type === 'snapshot') {
        const byNumber = new Map(message.data.map((r) => [r.extension, r]));
        patchExtensionLists(qc, (row) => withRegistration(row, byNumber.get(row.number)));
        return;
      }
      const reg = message.data;
      patchExtensionLists(qc, (row) => (row.number === reg.extension ? withRegistration(row, reg) : row));
      // A list filtered by registered / not registered may gain or lose the row: read it again.
      void qc.invalidateQueries({
        queryKey: EXTENSION_LISTS_KEY,
        predicate: (q) => {
          const params = q.queryKey[2];
          return typeof params === 'object' && params !== null && 'registered' in params && params.registered != null;
        },
      });
      return;
    }
    case 'agent-state': {
      const before = qc.getQueryData<AgentLiveState>(AGENT_STATE_KEY);
      qc.setQueryData<AgentLiveState>(AGENT_STATE_KEY, message.data);
      // Back to ready (置闲) after a call: a call the agent left (transferred) may have ended meanwhile.
      if (message.type === 'update' && before?.state !== message.data.state && message.data.state === 'ready') {
        refreshToday(qc);
      }
      return;
    }
    case 'agent-call': {
      const before = qc.getQueryData<AgentCall | null>(AGENT_CALL_KEY);
      qc.setQueryData<AgentCall | null>(AGENT_CALL_KEY, message.data.call);
      if (before && !message.data.call) refreshToday(qc);
      return;
    }
    case 'monitor-agents': {
      if (message.type === 'snapshot') qc.setQueryData<MonitoredAgent[]>(MONITOR_AGENTS_KEY, message.data);
      else {
        const one = message.data;
        qc.setQueryData<MonitoredAgent[]>(MONITOR_AGENTS_KEY, (list) => upsert(list, one, (a) => a.agentId));
      }
      return;
    }
    case 'monitor-queues': {
      if (message.type === 'snapshot') qc.setQueryData<MonitoredQueue[]>(MONITOR_QUEUES_KEY, message.data);
      else {
        const one = message.data;
        qc.setQueryData<MonitoredQueue[]>(MONITOR_QUEUES_KEY, (list) => upsert(list, one, (q) => q.queueId));
      }
      return;
    }
    case 'queue-waiting': {
      if (message.type === 'snapshot') qc.setQueryData<QueueWaiting[]>(QUEUE_WAITING_KEY, message.data);
      else {
        const one = message.data;
        qc.setQueryData<QueueWaiting[]>(QUEUE_WAITING_KEY, (list) => upsert(list, one, (q) => q.queueId));
      }
      return;
    }
    case 'voicemail-count': {
      const before = qc.getQueryData<VoicemailUnread>(VOICEMAIL_UNREAD_KEY);
      qc.setQueryData<VoicemailUnread>(VOICEMAIL_UNREAD_KEY, message.data);
      // A message left, read or deleted elsewhere: the open list shows it too.
      if (message.type === 'update' && JSON.stringify(before) !== JSON.stringify(message.data)) {
        void qc.invalidateQueries({ queryKey: VOICEMAIL_LISTS_KEY });
      }
      return;
    }
  }
}

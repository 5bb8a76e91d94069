import type { MonitoredQueue } from '@hujiao/shared';
import type { Unsubscribe } from '../../events/event-bus.ts';
import type { LiveHub } from '../live/index.ts';

/** Queue and agent changes of one tenant within this long become one round of pushes. */
const PUSH_DELAY_MS = 150;

function localMidnight(): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

type Board = Omit<MonitoredQueue, 'today'> & { serviceLevelSec: number };
type Counts = { offered: number; answered: number; answeredInSl: number; abandoned: number };

export interface MonitorQueuesDeps {
  hub: LiveHub;
  /** The live part of the tenant's queues (AcdRuntime.queueBoard). */
  board(tenantId: string): Promise<Board[]>;
  /** Today's visits by queue (QueueCallRepository.countsSince). */
  counts(tenantId: string, since: Date): Promise<Map<string, Counts>>;
  /** The start of today (the server's midnight; default: the process's local time zone). */
  todayStart?(): Date;
  onQueueChange(listener: (tenantId: string) => void): Unsubscribe;
  onAgentStateChange(listener: (tenantId: string) => void): Unsubscribe;
}

/**
 * 技能组监控 on the live channel: the `monitor-queues` topic (supervision:intervene) gives every queue of the
 * enterprise with its callers (waiting or ringing, since when, priority), its members by state and today's counts,
 * and pushes the queues whose row changed when a caller joins or leaves or a member's state moves.
 */
export function startMonitorQueues(d: MonitorQueuesDeps): Unsubscribe {
  const { hub } = d;
  const last = new Map<string, string>();
  const rows = async (tenantId: string): Promise<MonitoredQueue[]> => {
    const [board, counts] = await Promise.all([
      d.board(tenantId),
      d.counts(tenantId, d.todayStart?.() ?? localMidnight()),
    ]);
    return board.map(({ serviceLevelSec, ...q }) => {
      const c = counts.get(q.queueId) ?? { offered: 0, answered: 0, answeredInSl: 0, abandoned: 0 };
      return { ...q, today: { ...c, serviceLevelSec } };
    });
  };
  hub.addSource({
    topic: 'monitor-queues',
    permission: 'supervision:intervene',
    snapshot: async (actor) => {
      const list = await rows(actor.tenantId);
      for (const q of list) last.set(`${actor.tenantId}/${q.queueId}`, JSON.stringify(q));
      return list;
    },
  });
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const changed = (tenantId: string) => {
    if (pending.has(tenantId) || !hub.hasSubscribers(tenantId, 'monitor-queues')) return;
    pending.set(
      tenantId,
      setTimeout(async () => {
        pending.delete(tenantId);
        for (const q of await rows(tenantId)) {
          const key = `${tenantId}/${q.queueId}`;
          const json = JSON.stringify(q);
          if (last.get(key) === json) continue;
          last.set(key, json);
          await hub.update(tenantId, 'monitor-queues', q);
        }
      }, PUSH_DELAY_MS),
    );
  };
  const offs = [d.onQueueChange(changed), d.onAgentStateChange(changed)];
  return () => {
    for (const off of offs) off();
    for (const t of pending.values()) clearTimeout(t);
  };
}

/**
 * What a waiting caller hears and when: the position (and expected wait) every `positionEverySec`, a periodic
 * prompt every `periodicEverySec`. The first of each is due that long after the caller joined; one that is
 * late (no tick for a while) is said once and the next is scheduled from now. Not while agents are ringing.
 */
import type { AcdQueueConfig } from '@hujiao/shared';
import { positionOf } from './queue.ts';
import type { AcdAction, QueueCall } from './types.ts';

type Announcements = AcdQueueConfig['announcements'];

/** The first announcement times of a call that joins at `at`. */
export function firstAnnouncements(a: Announcements, at: number): Pick<QueueCall, 'nextPositionAt' | 'nextPeriodicAt'> {
  return {
    ...(a.positionEverySec > 0 ? { nextPositionAt: at + a.positionEverySec * 1000 } : {}),
    ...(a.periodicEverySec > 0 ? { nextPeriodicAt: at + a.periodicEverySec * 1000 } : {}),
  };
}

const next = (due: number, everySec: number, now: number): number => {
  const t = due + everySec * 1000;
  return t > now ? t : now + everySec * 1000;
};

/**
 * The announcements due at `now` for the queue's calls, and the calls with their next times (only those that
 * changed). `waitAvgSec`: the queue's moving average of waits, the expected wait (null: not known yet).
 */
export function dueAnnouncements(
  a: Announcements,
  calls: readonly QueueCall[],
  now: number,
  waitAvgSec: number | null,
): { actions: AcdAction[]; updated: QueueCall[] } {
  const actions: AcdAction[] = [];
  const updated: QueueCall[] = [];
  for (const call of calls) {
    if (call.status !== 'waiting') continue;
    let c = call;
    if (c.nextPositionAt !== undefined && c.nextPositionAt <= now) {
      actions.push({
        type: 'announce-position',
        callId: c.callId,
        queueId: c.queueId,
        position: positionOf(c, calls),
        expectedWaitSec: a.expectedWait && waitAvgSec !== null ? Math.round(waitAvgSec) : null,
      });
      c = { ...c, nextPositionAt: next(c.nextPositionAt, a.positionEverySec, now) };
    }
    if (c.nextPeriodicAt !== undefined && c.nextPeriodicAt <= now) {
      actions.push({
        type: 'announce-periodic',
        callId: c.callId,
        queueId: c.queueId,
        ...(a.periodicPrompt ? { prompt: a.periodicPrompt } : {}),
      });
      c = { ...c, nextPeriodicAt: next(c.nextPeriodicAt, a.periodicEverySec, now) };
    }
    if (c !== call) updated.push(c);
  }
  return { actions, updated };
}

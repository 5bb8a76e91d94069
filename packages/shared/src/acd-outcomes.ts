/**
 * How a caller leaves a queue: the enums the ACD (acd.ts) and the call records (api-telephony.ts) share, in a file of
 * their own (acd.ts imports pbx.ts, which imports api-telephony.ts).
 */
/** Why a caller left a queue for its overflow destination: max wait, max length, no agent signed in. */
export const acdOverflowReasons = ['timeout', 'full', 'empty'] as const;

/** How a queued call ended: exactly one of these per call. */
export const acdCallOutcomes = ['answered', 'abandoned', 'overflowed', 'abandoned-by-system'] as const;

/** Where a caller who left a queue unanswered was lost (呼损): waiting, or while an agent's phone rang. */
export const queueLostStages = ['queue', 'ringing'] as const;

export type AcdOverflowReason = (typeof acdOverflowReasons)[number];
export type AcdCallOutcome = (typeof acdCallOutcomes)[number];
export type QueueLostStage = (typeof queueLostStages)[number];

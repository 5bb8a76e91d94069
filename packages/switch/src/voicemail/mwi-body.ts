import type { VoicemailCounts } from './voicemail-types.ts';

export const MWI_EVENT = 'message-summary';
export const MWI_CONTENT_TYPE = 'application/simple-message-summary';

/**
 * The body of a message-summary NOTIFY (RFC 3842 §5.2): `Messages-Waiting` yes while a new message waits, the
 * account, and `Voice-Message: new/old (urgent new/urgent old)`.
 */
export function messageSummaryBody(account: string, counts: VoicemailCounts): string {
  const n = Math.max(0, Math.trunc(counts.new));
  const o = Math.max(0, Math.trunc(counts.old));
  return [
    `Messages-Waiting: ${n > 0 ? 'yes' : 'no'}`,
    `Message-Account: ${account}`,
    `Voice-Message: ${n}/${o} (0/0)`,
    '',
  ].join('\r\n');
}

/** Parses a message-summary body (for tests and peers' NOTIFYs). */
export function parseMessageSummary(body: string): {
  waiting: boolean;
  account: string | null;
  counts: VoicemailCounts;
} {
  const waiting = /^Messages-Waiting:\s*yes\s*$/im.test(body);
  const account = /^Message-Account:\s*(\S+)\s*$/im.exec(body)?.[1] ?? null;
  const m = /^Voice-Message:\s*(\d+)\/(\d+)/im.exec(body);
  return { waiting, account, counts: { new: Number(m?.[1] ?? 0), old: Number(m?.[2] ?? 0) } };
}

/** The Event header's package (RFC 6665 §8.2.1: the token before any parameter, case-insensitive). */
export function eventPackage(value: string | null | undefined): string | null {
  const token = value?.split(';')[0]?.trim().toLowerCase();
  return token ? token : null;
}

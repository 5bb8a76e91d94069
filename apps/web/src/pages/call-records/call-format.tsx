import type { CallRecord } from '@hujiao/shared';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';

/** Seconds as mm:ss (minutes keep counting past 59). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds < 0) return '-';
  const s = Math.floor(seconds);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const DIRECTION_COLORS: Record<string, string> = { internal: 'default', inbound: 'blue', outbound: 'purple' };
const CAUSE_COLORS: Record<string, string> = {
  normal: 'green',
  busy: 'orange',
  noAnswer: 'gold',
  cancelled: 'default',
  notFound: 'red',
  unavailable: 'volcano',
  rejected: 'orange',
  failed: 'red',
  interrupted: 'magenta',
};

export function DirectionTag({ value, t }: { value: CallRecord['direction']; t: TFunction }) {
  return (
    <Tag color={DIRECTION_COLORS[value] ?? 'default'}>
      {t(`callRecord.directions.${value}`, { defaultValue: value })}
    </Tag>
  );
}

/** The hang-up cause; a call that is still up (no cause yet) shows 通话中. */
export function HangupCauseTag({ value, t }: { value: string | null; t: TFunction }) {
  if (value === null) return <Tag color="processing">{t('callRecord.inProgress')}</Tag>;
  return (
    <Tag color={CAUSE_COLORS[value] ?? 'default'}>{t(`callRecord.hangupCauses.${value}`, { defaultValue: value })}</Tag>
  );
}

export const hangupSideName = (value: string | null, t: TFunction) =>
  value ? t(`callRecord.hangupSides.${value}`, { defaultValue: value }) : '-';

type Leg = CallRecord['legs'][number];

/** How a leg is named in the call path: its extension, else the user part of its URI. */
export function legName(leg: Leg | undefined, fallback: string): string {
  if (!leg) return fallback;
  return leg.extension ?? /^sips?:([^@;]+)@/.exec(leg.uri)?.[1] ?? leg.uri;
}

/**
 * The parties in the order they joined the call, from its segments (A→B→C after B transferred A to C);
 * caller → callee for records without segments.
 */
export function callPath(call: Pick<CallRecord, 'caller' | 'callee' | 'legs' | 'segments'>): string[] {
  const legs = new Map(call.legs.map((l) => [l.legId, l]));
  const parties: string[] = [];
  const talks = call.segments
    .filter((s) => s.kind !== 'hold' && s.kind !== 'flow')
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  for (const segment of talks) {
    for (const legId of segment.legIds) {
      const name = legName(legs.get(legId), legId);
      if (!parties.includes(name)) parties.push(name);
    }
  }
  return parties.length >= 2 ? parties : [call.caller, call.callee];
}

/** 呼损: where the caller of an unanswered inbound call was lost (IVR, queue, ringing). */
export function LostCallTag({ value, t }: { value: CallRecord['lostStage']; t: TFunction }) {
  if (value === null) return null;
  return <Tag color="volcano">{t(`callRecord.lostStages.${value}`)}</Tag>;
}

/** The queue the call reached last and the agent who answered (技能组 · 坐席), or '-'. */
export function queueSummary(call: Pick<CallRecord, 'queueCalls'>): string {
  const visit = call.queueCalls.at(-1);
  if (!visit) return '-';
  return [visit.queueName ?? '-', visit.agentName].filter(Boolean).join(' · ');
}

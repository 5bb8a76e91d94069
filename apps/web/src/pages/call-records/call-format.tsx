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
  failed: 'red',
};

export function DirectionTag({ value, t }: { value: CallRecord['direction']; t: TFunction }) {
  return (
    <Tag color={DIRECTION_COLORS[value] ?? 'default'}>
      {t(`callRecord.directions.${value}`, { defaultValue: value })}
    </Tag>
  );
}

export function HangupCauseTag({ value, t }: { value: string; t: TFunction }) {
  return (
    <Tag color={CAUSE_COLORS[value] ?? 'default'}>{t(`callRecord.hangupCauses.${value}`, { defaultValue: value })}</Tag>
  );
}

export const hangupSideName = (value: string, t: TFunction) =>
  value ? t(`callRecord.hangupSides.${value}`, { defaultValue: value }) : '-';

import { callDirections } from '@hujiao/shared';
import { DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQueueOptions } from '../../api/queues.ts';
import { useCan } from '../../utils/use-can.ts';

export interface CallRecordFilterValues {
  range: [Dayjs | null, Dayjs | null] | null;
  caller: string;
  callee: string;
  direction?: string;
  answered?: string;
  minDurationSec: number | null;
  /** 'true': only 呼损. */
  lost?: string;
  queueId?: string;
}

/** Today, 00:00:00 to 23:59:59. */
export function defaultCallRecordFilters(): CallRecordFilterValues {
  return {
    range: [dayjs().startOf('day'), dayjs().endOf('day')],
    caller: '',
    callee: '',
    minDurationSec: null,
  };
}

/** The filter values as GET /api/call-records query parameters. */
export function callRecordParams(v: CallRecordFilterValues) {
  return {
    from: v.range?.[0]?.format() ?? undefined,
    to: v.range?.[1]?.format() ?? undefined,
    caller: v.caller.trim(),
    callee: v.callee.trim(),
    direction: v.direction,
    answered: v.answered,
    minDurationSec: v.minDurationSec ?? undefined,
    lost: v.lost,
    queueId: v.queueId,
  };
}

interface Props {
  value: CallRecordFilterValues;
  onChange: (value: CallRecordFilterValues) => void;
}

/** Date range (default today), 主叫, 被叫, 方向, 是否接通, 呼损, 技能组, 最短时长. */
export function CallRecordFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const queues = useQueueOptions(can('queue:view'));
  const set = (patch: Partial<CallRecordFilterValues>) => onChange({ ...value, ...patch });
  return (
    <>
      <DatePicker.RangePicker
        showTime
        aria-label={t('callRecord.timeRange')}
        placeholder={[t('callRecord.startTime'), t('callRecord.endTime')]}
        value={value.range}
        onChange={(v) => set({ range: v })}
        data-testid="call-record-range"
      />
      <Input
        allowClear
        style={{ width: 130 }}
        placeholder={t('callRecord.caller')}
        aria-label={t('callRecord.caller')}
        value={value.caller}
        onChange={(e) => set({ caller: e.target.value })}
        maxLength={40}
      />
      <Input
        allowClear
        style={{ width: 130 }}
        placeholder={t('callRecord.callee')}
        aria-label={t('callRecord.callee')}
        value={value.callee}
        onChange={(e) => set({ callee: e.target.value })}
        maxLength={40}
      />
      <Select
        allowClear
        style={{ width: 110 }}
        placeholder={t('callRecord.direction')}
        aria-label={t('callRecord.direction')}
        value={value.direction}
        onChange={(v: string | undefined) => set({ direction: v })}
        options={callDirections.map((d) => ({ value: d, label: t(`callRecord.directions.${d}`) }))}
      />
      <Select
        allowClear
        style={{ width: 120 }}
        placeholder={t('callRecord.answered')}
        aria-label={t('callRecord.answered')}
        value={value.answered}
        onChange={(v: string | undefined) => set({ answered: v })}
        options={[
          { value: 'true', label: t('callRecord.answeredYes') },
          { value: 'false', label: t('callRecord.answeredNo') },
        ]}
      />
      <Select
        allowClear
        style={{ width: 120 }}
        placeholder={t('callRecord.lost')}
        aria-label={t('callRecord.lost')}
        value={value.lost}
        onChange={(v: string | undefined) => set({ lost: v })}
        options={[
          { value: 'true', label: t('callRecord.lostYes') },
          { value: 'false', label: t('callRecord.lostNo') },
        ]}
      />
      {can('queue:view') && (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 140 }}
          placeholder={t('callRecord.queue')}
          aria-label={t('callRecord.queue')}
          value={value.queueId}
          onChange={(v: string | undefined) => set({ queueId: v })}
          options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
        />
      )}
      <InputNumber
        style={{ width: 140 }}
        min={0}
        precision={0}
        placeholder={t('callRecord.minDuration')}
        aria-label={t('callRecord.minDuration')}
        value={value.minDurationSec}
        onChange={(v) => set({ minDurationSec: typeof v === 'number' ? v : null })}
      />
    </>
  );
}

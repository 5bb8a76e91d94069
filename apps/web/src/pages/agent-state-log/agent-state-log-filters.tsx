import { agentStates, type User } from '@hujiao/shared';
import { DatePicker, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useDictionary } from '../../api/crm.ts';
import { useUserOptions } from '../../api/resources.ts';
import { useCan } from '../../utils/use-can.ts';

export interface AgentStateLogFilterValues {
  range: [Dayjs | null, Dayjs | null] | null;
  agentId?: string;
  state?: string;
  reason?: string;
}

/** Today, 00:00:00 to 23:59:59. */
export function defaultAgentStateLogFilters(): AgentStateLogFilterValues {
  return { range: [dayjs().startOf('day'), dayjs().endOf('day')] };
}

/** The filter values as GET /api/agent-state-log query parameters. */
export function agentStateLogParams(v: AgentStateLogFilterValues) {
  return {
    from: v.range?.[0]?.format() ?? undefined,
    to: v.range?.[1]?.format() ?? undefined,
    agentId: v.agentId,
    state: v.state,
    reason: v.reason,
  };
}

interface Props {
  value: AgentStateLogFilterValues;
  onChange: (value: AgentStateLogFilterValues) => void;
}

/** Start-time range (default today), 坐席, 状态, 置忙原因 (the busyReason dictionary). */
export function AgentStateLogFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const users = useUserOptions(can('user:view'));
  const reasons = useDictionary('busyReason');
  const set = (patch: Partial<AgentStateLogFilterValues>) => onChange({ ...value, ...patch });
  const agentLabel = (u: User) => (u.agentNo ? `${u.name} (${u.agentNo})` : u.name);
  return (
    <>
      <DatePicker.RangePicker
        showTime
        aria-label={t('agentStateLog.timeRange')}
        placeholder={[t('agentStateLog.startTime'), t('agentStateLog.endTime')]}
        value={value.range}
        onChange={(v) => set({ range: v })}
        data-testid="state-log-range"
      />
      {can('user:view') && (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 160 }}
          placeholder={t('agentStateLog.agentPlaceholder')}
          aria-label={t('agentStateLog.agent')}
          value={value.agentId}
          onChange={(v: string | undefined) => set({ agentId: v })}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: agentLabel(u) }))}
          data-testid="state-log-agent"
        />
      )}
      <Select
        allowClear
        style={{ width: 120 }}
        placeholder={t('agentStateLog.state')}
        aria-label={t('agentStateLog.state')}
        value={value.state}
        onChange={(v: string | undefined) => set({ state: v })}
        options={agentStates.map((s) => ({ value: s, label: t(`agent.states.${s}`) }))}
        data-testid="state-log-state"
      />
      <Select
        allowClear
        style={{ width: 130 }}
        placeholder={t('agentStateLog.reason')}
        aria-label={t('agentStateLog.reason')}
        value={value.reason}
        onChange={(v: string | undefined) => set({ reason: v })}
        options={reasons.options}
        data-testid="state-log-reason"
      />
    </>
  );
}

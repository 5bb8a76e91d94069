import { DownOutlined } from '@ant-design/icons';
import type { AgentState, AgentStateLogEntry } from '@hujiao/shared';
import { Button, Card, Dropdown, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agentStateLogExportUrl, useAgentStateLog } from '../../api/agent-state-log.ts';
import { useDictionary } from '../../api/crm.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { currentLanguage } from '../../i18n/language.ts';
import { usePaging } from '../../utils/paging.ts';
import { formatDuration } from '../../utils/use-elapsed.ts';
import { download } from '../customers/crm-utils.ts';
import {
  AgentStateLogFilters,
  type AgentStateLogFilterValues,
  agentStateLogParams,
  defaultAgentStateLogFilters,
} from './agent-state-log-filters.tsx';

const COLORS: Record<AgentState, string> = {
  'logged-out': 'default',
  ready: 'green',
  busy: 'orange',
  ringing: 'gold',
  talking: 'blue',
  hold: 'purple',
  'wrap-up': 'cyan',
};

/** 01:02:03, or 02:03 under an hour. */
export function formatStateDuration(sec: number | null): string {
  return sec === null || sec < 0 ? '-' : formatDuration(sec);
}

/** 示忙示闲记录: each state an agent was in (置闲, 置忙 with its reason, 振铃, 通话, 话后 …), newest first. */
export function AgentStateLogPage() {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const [filters, setFilters] = useState<AgentStateLogFilterValues>(defaultAgentStateLogFilters);
  const paging = usePaging();
  const params = { keyword, ...agentStateLogParams(filters) };
  const { data, isFetching } = useAgentStateLog({ page: paging.page, pageSize: paging.pageSize, ...params });
  const reasons = useDictionary('busyReason');

  const columns: ColumnsType<AgentStateLogEntry> = [
    {
      title: t('agentStateLog.agent'),
      key: 'agent',
      render: (_, row) => (row.agentNo ? `${row.agentName} (${row.agentNo})` : row.agentName),
    },
    {
      title: t('agentStateLog.state'),
      dataIndex: 'state',
      render: (s: AgentState) => <Tag color={COLORS[s]}>{t(`agent.states.${s}`)}</Tag>,
    },
    {
      title: t('agentStateLog.reason'),
      dataIndex: 'reason',
      render: (v: string | null) => (v ? reasons.label(v) : '-'),
    },
    {
      title: t('agentStateLog.fromState'),
      dataIndex: 'fromState',
      render: (s: AgentState) => t(`agent.states.${s}`),
    },
    { title: t('agentStateLog.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatTime(v) },
    {
      title: t('agentStateLog.endedAt'),
      dataIndex: 'endedAt',
      render: (v: string | null) => (v ? formatTime(v) : <Tag>{t('agentStateLog.ongoing')}</Tag>),
    },
    {
      title: t('agentStateLog.duration'),
      dataIndex: 'durationSec',
      align: 'right',
      render: (v: number | null) => formatStateDuration(v),
    },
  ];

  const exportMenu = {
    items: [
      { key: 'xlsx', label: t('agentStateLog.exportXlsx') },
      { key: 'csv', label: t('agentStateLog.exportCsv') },
    ],
    onClick: ({ key }: { key: string }) =>
      download(agentStateLogExportUrl(key as 'csv' | 'xlsx', params, currentLanguage())),
  };

  return (
    <Card title={t('agentStateLog.title')}>
      <SearchBar
        placeholder={t('agentStateLog.keywordPlaceholder')}
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          <Dropdown menu={exportMenu}>
            <Button data-testid="state-log-export">
              {t('agentStateLog.export')} <DownOutlined />
            </Button>
          </Dropdown>
        }
      >
        <AgentStateLogFilters
          value={filters}
          onChange={(next) => {
            setFilters(next);
            paging.setPage(1);
          }}
        />
      </SearchBar>
      <DataTable<AgentStateLogEntry>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
        onRow={(row) => ({ 'data-testid': `state-log-${row.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

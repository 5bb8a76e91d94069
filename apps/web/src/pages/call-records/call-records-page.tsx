import { DownloadOutlined } from '@ant-design/icons';
import type { CallRecord } from '@hujiao/shared';
import { Button, Card, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordingUrl, useCallRecords } from '../../api/telephony.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';
import { useCan } from '../../utils/use-can.ts';
import {
  callPath,
  DirectionTag,
  formatDuration,
  HangupCauseTag,
  hangupSideName,
  LostCallTag,
  queueSummary,
} from './call-format.tsx';
import { CallRecordDrawer } from './call-record-drawer.tsx';
import {
  CallRecordFilters,
  type CallRecordFilterValues,
  callRecordParams,
  defaultCallRecordFilters,
} from './call-record-filters.tsx';
import { RecordingModal } from './recording-modal.tsx';

/** 通话记录: CDRs with filters, leg details and recording playback. */
export function CallRecordsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [keyword, setKeyword] = useState('');
  const [filters, setFilters] = useState<CallRecordFilterValues>(defaultCallRecordFilters);
  const paging = usePaging();
  const { data, isFetching } = useCallRecords({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    ...callRecordParams(filters),
  });
  const [detail, setDetail] = useState<CallRecord | null>(null);
  const [playing, setPlaying] = useState<CallRecord | null>(null);
  const mayListen = can('callRecord:listen');
  const mayDownload = can('callRecord:download');

  const columns: ColumnsType<CallRecord> = [
    { title: t('callRecord.caller'), dataIndex: 'caller' },
    { title: t('callRecord.callee'), dataIndex: 'callee' },
    {
      title: t('callRecord.path'),
      key: 'path',
      render: (_, row) => <span data-testid={`path-${row.id}`}>{callPath(row).join(' → ')}</span>,
    },
    {
      title: t('callRecord.direction'),
      dataIndex: 'direction',
      render: (v: CallRecord['direction'], row) => (
        <Space size={4}>
          <DirectionTag value={v} t={t} />
          <LostCallTag value={row.lostStage} t={t} />
        </Space>
      ),
    },
    {
      title: t('callRecord.queueAgent'),
      key: 'queue',
      render: (_, row) => <span data-testid={`queue-${row.id}`}>{queueSummary(row)}</span>,
    },
    {
      title: t('callRecord.waitSec'),
      key: 'wait',
      align: 'right',
      render: (_, row) =>
        row.queueCalls.length > 0 ? formatDuration(row.queueCalls.reduce((n, v) => n + v.waitSec, 0)) : '-',
    },
    { title: t('callRecord.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatTime(v) },
    { title: t('callRecord.answeredAt'), dataIndex: 'answeredAt', render: (v: string | null) => formatTime(v) },
    {
      title: t('callRecord.duration'),
      dataIndex: 'durationSec',
      align: 'right',
      render: (v: number) => formatDuration(v),
    },
    {
      title: t('callRecord.hangupCause'),
      dataIndex: 'hangupCause',
      render: (v: string | null) => <HangupCauseTag value={v} t={t} />,
    },
    {
      title: t('callRecord.hangupSide'),
      dataIndex: 'hangupSide',
      render: (v: string | null) => hangupSideName(v, t),
    },
    {
      title: t('callRecord.satisfaction'),
      dataIndex: 'satisfaction',
      render: (v: number | null, row) =>
        v === null ? (
          '-'
        ) : (
          <span data-testid={`satisfaction-${row.id}`} title={t(`callRecord.satisfactionScores.${v}`)}>
            {v} · {t(`callRecord.satisfactionScores.${v}`)}
          </span>
        ),
    },
    {
      title: t('callRecord.recording'),
      key: 'recording',
      render: (_, row) => {
        if (!row.hasRecording) return '-';
        if (!mayListen && !mayDownload) return t('common.yes');
        return (
          <Space size={0}>
            {mayListen && (
              <Button
                type="link"
                aria-label={`${t('callRecord.play')} ${row.caller} → ${row.callee}`}
                data-testid={`play-${row.id}`}
                onClick={() => setPlaying(row)}
              >
                ▶ {t('callRecord.play')}
              </Button>
            )}
            {mayDownload && (
              <Button
                type="link"
                icon={<DownloadOutlined />}
                href={recordingUrl(row.id, true)}
                download
                data-testid={`download-${row.id}`}
              >
                {t('callRecord.download')}
              </Button>
            )}
          </Space>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, row) => (
        <Button type="link" onClick={() => setDetail(row)} data-testid={`detail-${row.id}`}>
          {t('callRecord.detail')}
        </Button>
      ),
    },
  ];

  return (
    <Card title={t('callRecord.title')}>
      <SearchBar
        placeholder={t('callRecord.keywordPlaceholder')}
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
      >
        <CallRecordFilters
          value={filters}
          onChange={(next) => {
            setFilters(next);
            paging.setPage(1);
          }}
        />
      </SearchBar>
      <DataTable<CallRecord>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
        onRow={(row) => ({ 'data-testid': `call-record-${row.id}` }) as HTMLAttributes<HTMLElement>}
      />
      <CallRecordDrawer record={detail} onClose={() => setDetail(null)} onPlay={setPlaying} />
      <RecordingModal record={playing} onClose={() => setPlaying(null)} />
    </Card>
  );
}

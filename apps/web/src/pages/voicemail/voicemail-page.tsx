import type { VoicemailMessage } from '@hujiao/shared';
import { Badge, Button, Card, DatePicker, Input, Modal, Popconfirm, Select, Space, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useDeleteVoicemail,
  useMarkVoicemail,
  useVoicemailMessages,
  useVoicemailUnread,
  voicemailAudioUrl,
} from '../../api/voicemail.ts';
import { DataTable } from '../../components/data-table.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';
import { formatDuration } from '../call-records/call-format.tsx';
import { VoicemailBoxes } from './voicemail-boxes.tsx';

interface Filters {
  range: [Dayjs | null, Dayjs | null] | null;
  caller: string;
  box?: string;
  state?: 'read' | 'unread';
}

/** 语音留言: the messages of the user's boxes (all boxes with voicemail:manage), a player, read state, delete. */
export function VoicemailPage() {
  const { t } = useTranslation();
  const paging = usePaging();
  const [filters, setFilters] = useState<Filters>({ range: null, caller: '' });
  const set = (patch: Partial<Filters>) => {
    setFilters({ ...filters, ...patch });
    paging.setPage(1);
  };
  const { data, isFetching } = useVoicemailMessages({
    page: paging.page,
    pageSize: paging.pageSize,
    box: filters.box,
    state: filters.state,
    caller: filters.caller.trim(),
    from: filters.range?.[0]?.format() ?? undefined,
    to: filters.range?.[1]?.format() ?? undefined,
  });
  const unread = useVoicemailUnread();
  const mark = useMarkVoicemail();
  const remove = useDeleteVoicemail();
  const [playing, setPlaying] = useState<VoicemailMessage | null>(null);

  const play = (row: VoicemailMessage) => {
    setPlaying(row);
    if (!row.readAt) mark.mutate({ id: row.id, read: true });
  };

  const columns: ColumnsType<VoicemailMessage> = [
    {
      title: t('voicemail.state'),
      dataIndex: 'readAt',
      render: (v: string | null) =>
        v ? <Tag>{t('voicemail.read')}</Tag> : <Tag color="red">{t('voicemail.unread')}</Tag>,
    },
    {
      title: t('voicemail.caller'),
      dataIndex: 'caller',
      render: (v: string, row) => (row.callerName ? `${row.callerName} <${v}>` : v),
    },
    { title: t('voicemail.box'), dataIndex: 'box' },
    { title: t('voicemail.time'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    {
      title: t('voicemail.duration'),
      dataIndex: 'durationMs',
      align: 'right',
      render: (v: number) => formatDuration(Math.round(v / 1000)),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => play(row)} data-testid={`vm-play-${row.id}`}>
            ▶ {t('voicemail.play')}
          </Button>
          <Button
            type="link"
            onClick={() => mark.mutate({ id: row.id, read: !row.readAt })}
            data-testid={`vm-mark-${row.id}`}
          >
            {row.readAt ? t('voicemail.markUnread') : t('voicemail.markRead')}
          </Button>
          <Popconfirm title={t('voicemail.deleteConfirm')} onConfirm={() => remove.mutate(row.id)}>
            <Button type="link" danger data-testid={`vm-delete-${row.id}`}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const boxes = unread.data?.boxes ?? [];
  return (
    <Card
      title={
        <Space>
          {t('voicemail.title')}
          <Badge count={unread.data?.mine ?? 0} data-testid="vm-unread" />
        </Space>
      }
    >
      <Tabs
        items={[
          {
            key: 'messages',
            label: t('voicemail.messages'),
            children: (
              <>
                <Space wrap style={{ marginBottom: 16 }}>
                  <DatePicker.RangePicker
                    showTime
                    aria-label={t('voicemail.time')}
                    value={filters.range}
                    onChange={(v) => set({ range: v })}
                  />
                  <Input
                    allowClear
                    style={{ width: 150 }}
                    placeholder={t('voicemail.caller')}
                    aria-label={t('voicemail.caller')}
                    value={filters.caller}
                    onChange={(e) => set({ caller: e.target.value })}
                    maxLength={64}
                  />
                  <Select
                    allowClear
                    style={{ width: 140 }}
                    placeholder={t('voicemail.box')}
                    aria-label={t('voicemail.box')}
                    value={filters.box}
                    onChange={(v?: string) => set({ box: v })}
                    options={boxes.map((b) => ({ value: b.box, label: `${b.box} (${b.new})` }))}
                  />
                  <Select
                    allowClear
                    style={{ width: 110 }}
                    placeholder={t('voicemail.state')}
                    aria-label={t('voicemail.state')}
                    value={filters.state}
                    onChange={(v?: 'read' | 'unread') => set({ state: v })}
                    options={[
                      { value: 'unread', label: t('voicemail.unread') },
                      { value: 'read', label: t('voicemail.read') },
                    ]}
                  />
                </Space>
                <DataTable<VoicemailMessage>
                  rowKey="id"
                  columns={columns}
                  dataSource={data?.items}
                  loading={isFetching}
                  pagination={paging.pagination(data?.total, t)}
                  onRow={(row) => ({ 'data-testid': `vm-${row.id}` }) as HTMLAttributes<HTMLElement>}
                />
              </>
            ),
          },
          { key: 'boxes', label: t('voicemail.boxes'), children: <VoicemailBoxes /> },
        ]}
      />
      <Modal
        title={playing ? t('voicemail.playerTitle', { caller: playing.caller, box: playing.box }) : ''}
        open={playing !== null}
        onCancel={() => setPlaying(null)}
        footer={
          <Button type="primary" onClick={() => setPlaying(null)}>
            {t('common.confirm')}
          </Button>
        }
        destroyOnHidden
      >
        {playing && (
          <>
            <Typography.Paragraph type="secondary">
              {formatTime(playing.createdAt)} · {t('voicemail.duration')}{' '}
              {formatDuration(Math.round(playing.durationMs / 1000))}
            </Typography.Paragraph>
            {/* biome-ignore lint/a11y/useMediaCaption: voice messages have no captions */}
            <audio
              controls
              autoPlay
              preload="auto"
              src={voicemailAudioUrl(playing.id)}
              style={{ width: '100%' }}
              data-testid="voicemail-audio"
            />
          </>
        )}
      </Modal>
    </Card>
  );
}

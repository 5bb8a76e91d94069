import { PlusOutlined } from '@ant-design/icons';
import type { Queue } from '@hujiao/shared';
import { Button, Card, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptions } from '../../api/crud.ts';
import { useDeleteQueue, useQueueOptions, useQueues, useUpdateQueue } from '../../api/queues.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { usePaging } from '../../utils/paging.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { describeDestination } from '../inbound-routes/destination-value.ts';
import { QueueDrawer } from './queue-drawer.tsx';

/** 技能组管理: queues (接听组) with their strategy, members by level, overflow and what the caller hears. */
export function QueuesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('queue:manage');
  const [keyword, setKeyword] = useState('');
  const paging = usePaging();
  const { data, isLoading } = useQueues({ page: paging.page, pageSize: paging.pageSize, keyword });
  const remove = useDeleteQueue();
  const update = useUpdateQueue();
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; queue: Queue | null }>({ open: false, queue: null });
  // Names of the queues and IVR menus an overflow leads to.
  const queues = useQueueOptions();
  const menus = useOptions<{ id: string; name: string }>('ivr', can('ivr:view'));
  const targetName = (id: string) => [...(queues.data ?? []), ...(menus.data ?? [])].find((x) => x.id === id)?.name;

  const columns: ColumnsType<Queue> = [
    {
      title: t('queue.name'),
      dataIndex: 'name',
      render: (name: string, q) => (q.description ? <Tooltip title={q.description}>{name}</Tooltip> : name),
    },
    { title: t('queue.strategy'), dataIndex: 'strategy', render: (s: string) => t(`queue.strategies.${s}`) },
    {
      title: t('queue.members'),
      dataIndex: 'members',
      render: (members: Queue['members']) =>
        members.length === 0
          ? '-'
          : members.map((m) => (
              <Tooltip key={m.agentId} title={`${m.name} · ${t('queue.level')} ${m.level}`}>
                <Tag style={{ marginBottom: 2 }}>
                  {m.agentNo ?? m.name} · {m.level}
                </Tag>
              </Tooltip>
            )),
    },
    {
      title: t('queue.sectionOverflow'),
      key: 'overflow',
      render: (_: unknown, q) => {
        const parts = [
          [t('queue.overflowTimeout'), q.overflow.timeout],
          [t('queue.overflowFull'), q.overflow.full],
          [t('queue.overflowEmpty'), q.overflow.empty],
        ] as const;
        const set = parts.filter(([, d]) => d);
        return set.length === 0
          ? '-'
          : set.map(([label, d]) => <div key={label}>{`${label}: ${describeDestination(d, t, targetName)}`}</div>);
      },
    },
    {
      title: t('queue.agentNoColumn'),
      dataIndex: 'agentNoAnnouncement',
      render: (a: Queue['agentNoAnnouncement'], q) =>
        a === 'random'
          ? `${t('queue.agentNoAnnouncements.random')} ${q.agentNoPattern}`
          : t(`queue.agentNoAnnouncements.${a}`),
    },
    { title: t('common.status'), dataIndex: 'enabled', width: 90, render: (v: boolean) => <StatusTag enabled={v} /> },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<Queue>(t, (row) => [
        { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, queue: row }) },
        {
          key: 'toggle',
          label: row.enabled ? t('common.disable') : t('common.enable'),
          onClick: () =>
            update.mutate(
              { id: row.id, body: { enabled: !row.enabled } },
              feedback(row.enabled ? t('common.disabledDone') : t('common.enabledDone')),
            ),
        },
        {
          key: 'delete',
          label: t('common.delete'),
          danger: true,
          confirm: confirmDelete(t, row.name),
          onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
        },
      ]),
    );
  }
  return (
    <Card title={t('queue.title')}>
      <SearchBar
        placeholder={t('queue.keywordPlaceholder')}
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, queue: null })}>
              {t('queue.create')}
            </Button>
          )
        }
      />
      <DataTable<Queue>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
      <QueueDrawer open={drawer.open} queue={drawer.queue} onClose={() => setDrawer((d) => ({ ...d, open: false }))} />
    </Card>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import type { TimeGroup } from '@hujiao/shared';
import { Button, Card, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteTimeGroup, useTimeGroups, useUpdateTimeGroup } from '../../api/pbx.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { TimeGroupFormDrawer } from './time-group-form-drawer.tsx';

/** 时间小组: work hours, holidays and the "closed today" switch that inbound and outbound routes follow. */
export function TimeGroupsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('routing:manage');
  const [keyword, setKeyword] = useState('');
  const paging = usePaging();
  const { data, isLoading } = useTimeGroups({ page: paging.page, pageSize: paging.pageSize, keyword });
  const update = useUpdateTimeGroup();
  const remove = useDeleteTimeGroup();
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; group: TimeGroup | null }>({ open: false, group: null });
  const days = (list: number[]) => list.map((d) => t(`timeGroup.weekdays.${d}`)).join(' ');

  const columns: ColumnsType<TimeGroup> = [
    { title: t('timeGroup.name'), dataIndex: 'name' },
    {
      title: t('timeGroup.weekly'),
      dataIndex: 'weekly',
      render: (w: TimeGroup['weekly']) =>
        w.length === 0 ? '-' : w.map((x) => `${days(x.days)} ${x.start}-${x.end}`).join(';'),
    },
    {
      title: t('timeGroup.holidays'),
      dataIndex: 'holidays',
      render: (h: TimeGroup['holidays']) => (h.length === 0 ? '-' : h.map((x) => x.name).join('、')),
    },
    {
      title: t('timeGroup.override'),
      key: 'override',
      render: (_, g) =>
        g.override === 'none' ? (
          <Tag>{t('timeGroup.overrides.none')}</Tag>
        ) : (
          <Tag color={g.override === 'open' ? 'green' : 'red'}>
            {t(`timeGroup.overrides.${g.override}`)}
            {g.overrideUntil ? ` → ${formatTime(g.overrideUntil)}` : ''}
          </Tag>
        ),
    },
    { title: t('timeGroup.timezone'), dataIndex: 'timezone' },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<TimeGroup>(t, (row) => [
        { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, group: row }) },
        {
          key: 'closeToday',
          label: row.override === 'closed' ? t('timeGroup.resume') : t('timeGroup.closeNow'),
          onClick: () =>
            update.mutate(
              { id: row.id, body: { override: row.override === 'closed' ? 'none' : 'closed', overrideUntil: null } },
              feedback(t('common.saved')),
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
    <Card title={t('timeGroup.title')}>
      <SearchBar
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, group: null })}>
              {t('timeGroup.create')}
            </Button>
          )
        }
      />
      <DataTable<TimeGroup>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
      <TimeGroupFormDrawer
        open={drawer.open}
        group={drawer.group}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
      />
    </Card>
  );
}

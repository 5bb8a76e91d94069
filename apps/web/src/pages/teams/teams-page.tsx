import { PlusOutlined } from '@ant-design/icons';
import type { Team } from '@hujiao/shared';
import { App, Button, Card, Popconfirm, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteTeam, useTeams } from '../../api/resources.ts';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { TeamFormModal } from './team-form-modal.tsx';

export function TeamsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const onError = useApiError();
  const [keyword, setKeyword] = useState('');
  const paging = usePaging();
  const { data, isFetching } = useTeams({ page: paging.page, pageSize: paging.pageSize, keyword });
  const remove = useDeleteTeam();
  const [modal, setModal] = useState<{ open: boolean; team: Team | null }>({ open: false, team: null });
  const manage = can('team:manage');

  const columns: ColumnsType<Team> = [
    { title: t('team.name'), dataIndex: 'name' },
    { title: t('team.description'), dataIndex: 'description', render: (v: string | null) => v || '-' },
    { title: t('team.leader'), dataIndex: 'leaderName', render: (v: string | null) => v || '-' },
    { title: t('team.memberCount'), dataIndex: 'memberIds', render: (v: string[]) => v.length },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => setModal({ open: true, team: row })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: row.name })}
            onConfirm={() =>
              remove.mutate(row.id, {
                onSuccess: () => void message.success(t('common.deleted')),
                onError: (err) => onError(err),
              })
            }
          >
            <Button type="link" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('team.title')}>
      <SearchBar
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, team: null })}>
              {t('team.create')}
            </Button>
          )
        }
      />
      <Table<Team>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
      />
      <TeamFormModal open={modal.open} team={modal.team} onClose={() => setModal((m) => ({ ...m, open: false }))} />
    </Card>
  );
}

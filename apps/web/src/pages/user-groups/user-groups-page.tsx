import { PlusOutlined } from '@ant-design/icons';
import type { UserGroup } from '@hujiao/shared';
import { App, Button, Card, Popconfirm, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteUserGroup, useUserGroups } from '../../api/resources.ts';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { UserGroupFormModal } from './user-group-form-modal.tsx';

export function UserGroupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const onError = useApiError();
  const [keyword, setKeyword] = useState('');
  const paging = usePaging();
  const { data, isFetching } = useUserGroups({ page: paging.page, pageSize: paging.pageSize, keyword });
  const remove = useDeleteUserGroup();
  const [modal, setModal] = useState<{ open: boolean; group: UserGroup | null }>({ open: false, group: null });
  const manage = can('userGroup:manage');

  const columns: ColumnsType<UserGroup> = [
    { title: t('userGroup.name'), dataIndex: 'name' },
    { title: t('userGroup.description'), dataIndex: 'description', render: (v: string | null) => v || '-' },
    { title: t('userGroup.memberCount'), dataIndex: 'memberIds', render: (v: string[]) => v.length },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => setModal({ open: true, group: row })}>
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
    <Card title={t('userGroup.title')}>
      <SearchBar
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, group: null })}>
              {t('userGroup.create')}
            </Button>
          )
        }
      />
      <Table<UserGroup>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
      />
      <UserGroupFormModal
        open={modal.open}
        group={modal.group}
        onClose={() => setModal((m) => ({ ...m, open: false }))}
      />
    </Card>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import type { Role } from '@hujiao/shared';
import { Button, Card, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteRole, useRoles } from '../../api/resources.ts';
import { DeleteLink } from '../../components/delete-link.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { RoleFormDrawer } from './role-form-drawer.tsx';
import { roleName } from './role-name.ts';

export function RolesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const feedback = useMutationFeedback();
  const { data, isFetching } = useRoles();
  const remove = useDeleteRole();
  const [drawer, setDrawer] = useState<{ open: boolean; role: Role | null }>({ open: false, role: null });
  const manage = can('role:manage');

  const columns: ColumnsType<Role> = [
    { title: t('role.name'), key: 'name', render: (_, row) => roleName(row, t) },
    {
      title: t('role.type'),
      dataIndex: 'builtin',
      render: (v: boolean) => (v ? <Tag color="blue">{t('role.builtin')}</Tag> : <Tag>{t('role.custom')}</Tag>),
    },
    { title: t('role.description'), dataIndex: 'description', render: (v: string | null) => v || '-' },
    {
      title: t('role.permissions'),
      dataIndex: 'permissions',
      render: (v: string[]) => v.length,
    },
    { title: t('role.userCount'), dataIndex: 'userCount' },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => setDrawer({ open: true, role: row })}>
            {manage ? t('common.edit') : t('role.permissions')}
          </Button>
          {manage && !row.builtin && (
            <DeleteLink
              name={roleName(row, t)}
              onConfirm={() => remove.mutate(row.id, feedback(t('common.deleted')))}
            />
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('role.title')}
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, role: null })}>
            {t('role.create')}
          </Button>
        )
      }
    >
      <Table<Role> rowKey="id" columns={columns} dataSource={data} loading={isFetching} pagination={false} />
      <RoleFormDrawer
        open={drawer.open}
        role={drawer.role}
        readOnly={!manage}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
      />
    </Card>
  );
}

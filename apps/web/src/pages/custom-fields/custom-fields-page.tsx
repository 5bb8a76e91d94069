import { PlusOutlined } from '@ant-design/icons';
import type { CustomField } from '@hujiao/shared';
import { Button, Card, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomFields, useDeleteCustomField } from '../../api/crm.ts';
import { useRoles } from '../../api/resources.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteLink } from '../../components/delete-link.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { roleName } from '../roles/role-name.ts';
import { CustomFieldDrawer } from './custom-field-drawer.tsx';

/** 自定义字段: definitions of the customer's custom fields. */
export function CustomFieldsPage() {
  const { t } = useTranslation();
  const feedback = useMutationFeedback();
  const can = useCan();
  const { data, isFetching } = useCustomFields();
  const roles = useRoles(can('role:view'));
  const remove = useDeleteCustomField();
  const [drawer, setDrawer] = useState<{ open: boolean; field: CustomField | null }>({ open: false, field: null });
  const roleList = (ids: string[]) =>
    ids.length === 0
      ? t('customField.everyone')
      : ids.map((id) => {
          const r = roles.data?.find((x) => x.id === id);
          return <Tag key={id}>{r ? roleName(r, t) : id}</Tag>;
        });
  const columns: ColumnsType<CustomField> = [
    { title: t('customField.sort'), dataIndex: 'sort', width: 70 },
    { title: t('customField.label'), dataIndex: 'label' },
    { title: t('customField.key'), dataIndex: 'key' },
    {
      title: t('customField.type'),
      dataIndex: 'type',
      render: (v: CustomField['type']) => t(`customField.types.${v}`),
    },
    { title: t('customField.dictionaryType'), dataIndex: 'dictionaryType', render: (v: string | null) => v || '-' },
    {
      title: t('customField.required'),
      dataIndex: 'required',
      render: (v: boolean) => (v ? t('common.yes') : t('common.no')),
    },
    { title: t('customField.readRoles'), dataIndex: 'readRoleIds', render: roleList },
    { title: t('customField.writeRoles'), dataIndex: 'writeRoleIds', render: roleList },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => setDrawer({ open: true, field: row })}>
            {t('common.edit')}
          </Button>
          <DeleteLink
            name={row.label}
            irreversible
            onConfirm={() => remove.mutate(row.id, feedback(t('common.deleted')))}
          />
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={t('customField.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, field: null })}>
          {t('customField.create')}
        </Button>
      }
    >
      <DataTable<CustomField> rowKey="id" columns={columns} dataSource={data} loading={isFetching} pagination={false} />
      <CustomFieldDrawer state={drawer} onClose={() => setDrawer({ open: false, field: null })} />
    </Card>
  );
}

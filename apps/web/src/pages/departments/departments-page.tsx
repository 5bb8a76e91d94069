import { PlusOutlined } from '@ant-design/icons';
import type { Department } from '@hujiao/shared';
import { Button, Card, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteDepartment, useDepartments } from '../../api/resources.ts';
import { DeleteLink } from '../../components/delete-link.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { DepartmentFormModal } from './department-form-modal.tsx';
import { buildDepartmentTree, type DepartmentNode } from './department-tree.ts';

export function DepartmentsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const feedback = useMutationFeedback();
  const { data, isFetching } = useDepartments();
  const remove = useDeleteDepartment();
  const tree = useMemo(() => buildDepartmentTree(data ?? []), [data]);
  const [form, setForm] = useState<{ open: boolean; department: Department | null; parentId: string | null }>({
    open: false,
    department: null,
    parentId: null,
  });
  const manage = can('department:manage');

  const columns: ColumnsType<DepartmentNode> = [
    { title: t('department.name'), dataIndex: 'name' },
    { title: t('department.sort'), dataIndex: 'sort', width: 100 },
    { title: t('department.userCount'), dataIndex: 'userCount', width: 100 },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => setForm({ open: true, department: null, parentId: row.id })}>
            {t('department.createChild')}
          </Button>
          <Button type="link" onClick={() => setForm({ open: true, department: row, parentId: row.parentId })}>
            {t('common.edit')}
          </Button>
          <DeleteLink name={row.name} onConfirm={() => remove.mutate(row.id, feedback(t('common.deleted')))} />
        </Space>
      ),
    });
  }

  return (
    <Card
      title={t('department.title')}
      extra={
        manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setForm({ open: true, department: null, parentId: null })}
          >
            {t('department.create')}
          </Button>
        )
      }
    >
      {tree.length > 0 ? (
        <Table<DepartmentNode>
          rowKey="id"
          columns={columns}
          dataSource={tree}
          loading={isFetching}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
        />
      ) : (
        <Table<DepartmentNode> rowKey="id" columns={columns} dataSource={[]} loading={isFetching} pagination={false} />
      )}
      <DepartmentFormModal
        open={form.open}
        department={form.department}
        parentId={form.parentId}
        tree={tree}
        onClose={() => setForm((f) => ({ ...f, open: false }))}
      />
    </Card>
  );
}

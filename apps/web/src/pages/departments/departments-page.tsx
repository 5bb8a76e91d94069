import { PlusOutlined } from '@ant-design/icons';
import type { Department } from '@hujiao/shared';
import { Button, Card } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteDepartment, useDepartments } from '../../api/resources.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
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
    columns.push(
      actionsColumn<DepartmentNode>(t, (row) => [
        {
          key: 'child',
          label: t('department.createChild'),
          onClick: () => setForm({ open: true, department: null, parentId: row.id }),
        },
        {
          key: 'edit',
          label: t('common.edit'),
          onClick: () => setForm({ open: true, department: row, parentId: row.parentId }),
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
        <DataTable<DepartmentNode>
          rowKey="id"
          columns={columns}
          dataSource={tree}
          loading={isFetching}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
        />
      ) : (
        <DataTable<DepartmentNode>
          rowKey="id"
          columns={columns}
          dataSource={[]}
          loading={isFetching}
          pagination={false}
        />
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

import { type CallClass, callClasses, type ExtensionCallClasses } from '@hujiao/shared';
import { Checkbox, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useCallClasses, useSetCallClasses } from '../../api/pbx.ts';
import { DataTable } from '../../components/data-table.tsx';
import { useMutationFeedback } from '../../utils/use-api-error.ts';

/** 呼叫权限: which call classes each extension may dial; a box changes it at once. */
export function CallClassesTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const { data, isLoading } = useCallClasses();
  const set = useSetCallClasses();
  const feedback = useMutationFeedback();
  const columns: ColumnsType<ExtensionCallClasses> = [
    {
      title: t('extension.number'),
      dataIndex: 'number',
      render: (v: string, row) => (
        <>
          {v} {row.isDefault && <Tag>{t('callClass.default')}</Tag>}
        </>
      ),
    },
    ...callClasses.map((c) => ({
      title: t(`callClass.classes.${c}`),
      key: c,
      render: (_: unknown, row: ExtensionCallClasses) => (
        <Checkbox
          aria-label={`${row.number} ${t(`callClass.classes.${c}`)}`}
          checked={row.classes.includes(c)}
          disabled={!mayManage || set.isPending}
          onChange={(e) => {
            const classes: CallClass[] = e.target.checked ? [...row.classes, c] : row.classes.filter((x) => x !== c);
            set.mutate({ id: row.extensionId, classes }, feedback(t('common.saved')));
          }}
        />
      ),
    })),
  ];
  return (
    <DataTable<ExtensionCallClasses>
      rowKey="extensionId"
      columns={columns}
      dataSource={data}
      loading={isLoading}
      pagination={{ pageSize: 50, showTotal: (n) => t('common.total', { total: n }) }}
    />
  );
}

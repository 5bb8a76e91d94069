import { DownOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import type { Customer } from '@hujiao/shared';
import { App, Button, Card, Dropdown, Popconfirm, Space, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  exportUrl,
  useBulkDeleteCustomers,
  useCustomers,
  useCustomFields,
  useDeleteCustomer,
  useDictionary,
  useRelease,
} from '../../api/crm.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { FollowUpDrawer } from '../follow-ups/follow-up-drawer.tsx';
import { AssignModal } from './assign-modal.tsx';
import { BulkEditModal } from './bulk-edit-modal.tsx';
import { download } from './crm-utils.ts';
import { customerColumns } from './customer-columns.tsx';
import { CustomerFilters, type CustomerFilterValues, customerParams } from './customer-filters.tsx';
import { CustomerFormDrawer } from './customer-form-drawer.tsx';
import { ImportModal } from './import-modal.tsx';
import { DuplicatesModal, type MergeCandidate, MergeModal } from './merge-modal.tsx';
import { RecycleModal, TransferModal } from './recycle-transfer-modals.tsx';

type Dialog = 'import' | 'assign' | 'recycle' | 'transfer' | 'bulk' | 'duplicates' | null;

/** 客户列表: search, filters, sorting, paging; add/edit, follow-up, bulk actions, import/export and assignment. */
export function CustomersPage() {
  const { t } = useTranslation();
  const names = useSeededNames();
  const { message } = App.useApp();
  const can = useCan();
  const onError = useApiError();
  const feedback = useMutationFeedback();
  const [keyword, setKeyword] = useState('');
  const [filters, setFilters] = useState<CustomerFilterValues>({});
  const [sort, setSort] = useState<{ field: string; order: 'asc' | 'desc' }>({ field: 'createdAt', order: 'desc' });
  const paging = usePaging();
  const filterParams = { keyword, ...customerParams(filters) };
  const { data, isFetching } = useCustomers({
    page: paging.page,
    pageSize: paging.pageSize,
    ...filterParams,
    sort: sort.field,
    order: sort.order,
  });
  const fields = useCustomFields();
  const status = useDictionary('followUpStatus');
  const remove = useDeleteCustomer();
  const bulkDelete = useBulkDeleteCustomers();
  const release = useRelease();
  const [selected, setSelected] = useState<Customer[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form, setForm] = useState<{ open: boolean; id: string | null }>({ open: false, id: null });
  const [following, setFollowing] = useState<Customer | null>(null);
  const [merging, setMerging] = useState<MergeCandidate[] | null>(null);
  const ids = selected.map((c) => c.id);
  const mayAssign = can('customer:assign');
  const afterBulk = () => {
    setDialog(null);
    setSelected([]);
  };
  const changeFilters = (next: CustomerFilterValues) => {
    setFilters(next);
    paging.setPage(1);
    setSelected([]);
  };

  const columns = customerColumns({
    t,
    fields: fields.data ?? [],
    statusLabel: status.label,
    person: names.person,
    sort,
    actions: {
      followUp: can('followUp:manage') ? setFollowing : undefined,
      edit: can('customer:update') ? (c) => setForm({ open: true, id: c.id }) : undefined,
      remove: can('customer:delete') ? (c) => remove.mutate(c.id, feedback(t('common.deleted'))) : undefined,
    },
  });

  const exportMenu = {
    items: [
      { key: 'csv', label: t('customer.exportCsv') },
      { key: 'xlsx', label: t('customer.exportXlsx') },
    ],
    onClick: ({ key }: { key: string }) =>
      download(exportUrl(key as 'csv' | 'xlsx', { ...filterParams, sort: sort.field, order: sort.order })),
  };

  return (
    <Card title={t('customer.title')}>
      <SearchBar
        placeholder={t('customer.keywordPlaceholder')}
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          <Space wrap>
            {can('customer:create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true, id: null })}>
                {t('customer.create')}
              </Button>
            )}
            {can('customer:import') && (
              <Button icon={<ImportOutlined />} onClick={() => setDialog('import')} data-testid="import-open">
                {t('customerImport.button')}
              </Button>
            )}
            {can('customer:export') && (
              <Dropdown menu={exportMenu}>
                <Button data-testid="export">
                  {t('customer.export')} <DownOutlined />
                </Button>
              </Dropdown>
            )}
            {can('customer:delete') && (
              <Button onClick={() => setDialog('duplicates')}>{t('customer.duplicates')}</Button>
            )}
          </Space>
        }
      >
        <CustomerFilters value={filters} onChange={changeFilters} />
      </SearchBar>
      <div className="page-toolbar">
        <Typography.Text type="secondary">{t('customer.selected', { count: selected.length })}</Typography.Text>
        {mayAssign && (
          <>
            <Button type="primary" ghost onClick={() => setDialog('assign')} data-testid="assign-open">
              {t('customerAssign.assign')}
            </Button>
            <Button onClick={() => setDialog('recycle')}>{t('customerAssign.recycle')}</Button>
            <Button onClick={() => setDialog('transfer')}>{t('customerAssign.transfer')}</Button>
          </>
        )}
        {can('customer:update') && (
          <>
            <Popconfirm
              title={t('customer.confirmRelease', { count: ids.length })}
              disabled={ids.length === 0}
              onConfirm={() =>
                release.mutate(
                  { ids },
                  {
                    onSuccess: (r) => {
                      void message.success(t('customer.released', { count: r.count }));
                      setSelected([]);
                    },
                    onError: (e) => onError(e),
                  },
                )
              }
            >
              <Button disabled={ids.length === 0}>{t('customer.release')}</Button>
            </Popconfirm>
            <Button disabled={ids.length === 0} onClick={() => setDialog('bulk')}>
              {t('customer.bulkEdit')}
            </Button>
          </>
        )}
        {can('customer:delete') && (
          <>
            <Button disabled={ids.length < 2} onClick={() => setMerging(selected)}>
              {t('customer.merge')}
            </Button>
            <Popconfirm
              title={t('customer.confirmBulkDelete', { count: ids.length })}
              description={t('common.irreversible')}
              disabled={ids.length === 0}
              onConfirm={() =>
                bulkDelete.mutate(
                  { ids },
                  {
                    onSuccess: (r) => {
                      void message.success(t('customer.bulkDeleted', { count: r.count }));
                      setSelected([]);
                    },
                    onError: (e) => onError(e),
                  },
                )
              }
            >
              <Button danger disabled={ids.length === 0}>
                {t('customer.bulkDelete')}
              </Button>
            </Popconfirm>
          </>
        )}
        {ids.length > 0 && (
          <Button type="link" onClick={() => setSelected([])}>
            {t('customer.clearSelection')}
          </Button>
        )}
      </div>
      <DataTable<Customer>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t, data?.totalCapped)}
        rowSelection={{
          selectedRowKeys: ids,
          preserveSelectedRowKeys: true,
          onChange: (_keys, rows) => setSelected(rows.filter(Boolean)),
        }}
        onRow={(row) => ({ 'data-testid': `customer-row-${row.id}` }) as HTMLAttributes<HTMLElement>}
        onChange={(_p, _f, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Customer> | undefined;
          if (s?.order && typeof s.columnKey === 'string')
            setSort({ field: s.columnKey, order: s.order === 'ascend' ? 'asc' : 'desc' });
          else setSort({ field: 'createdAt', order: 'desc' });
        }}
      />
      <CustomerFormDrawer
        open={form.open}
        customerId={form.id}
        onClose={() => setForm((f) => ({ ...f, open: false }))}
      />
      <FollowUpDrawer customer={following} onClose={() => setFollowing(null)} />
      <ImportModal
        open={dialog === 'import'}
        onClose={() => setDialog(null)}
        onShowBatch={(importBatch) => changeFilters({ importBatch })}
      />
      <AssignModal
        open={dialog === 'assign'}
        customerIds={ids}
        filter={filterParams}
        onClose={() => setDialog(null)}
        onDone={afterBulk}
      />
      <RecycleModal open={dialog === 'recycle'} customerIds={ids} onClose={() => setDialog(null)} onDone={afterBulk} />
      <TransferModal
        open={dialog === 'transfer'}
        customerIds={ids}
        onClose={() => setDialog(null)}
        onDone={afterBulk}
      />
      <BulkEditModal open={dialog === 'bulk'} ids={ids} onClose={() => setDialog(null)} onDone={afterBulk} />
      <DuplicatesModal open={dialog === 'duplicates'} onClose={() => setDialog(null)} onMerge={setMerging} />
      <MergeModal
        candidates={merging}
        onClose={() => setMerging(null)}
        onDone={() => {
          setMerging(null);
          setDialog(null);
          setSelected([]);
        }}
      />
    </Card>
  );
}

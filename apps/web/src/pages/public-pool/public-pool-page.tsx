import type { Customer } from '@hujiao/shared';
import { App, Button, Card, Input, Select } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClaim, useCustomFields, useDictionary, usePublicPool } from '../../api/crm.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { usePaging } from '../../utils/paging.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { customerColumns } from '../customers/customer-columns.tsx';
import { PoolSettings } from './pool-settings.tsx';

/** 公海: customers without owner that agents claim; admins set the return rule. */
export function PublicPoolPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const onError = useApiError();
  const paging = usePaging();
  const [keyword, setKeyword] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [importBatch, setImportBatch] = useState('');
  const [sort, setSort] = useState<{ field: string; order: 'asc' | 'desc' }>({ field: 'createdAt', order: 'desc' });
  const { data, isFetching } = usePublicPool({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    tags: tags.join(',') || undefined,
    importBatch: importBatch.trim() || undefined,
    sort: sort.field,
    order: sort.order,
  });
  const fields = useCustomFields(can('customer:view'));
  const tagDict = useDictionary('customerTag');
  const claim = useClaim();
  const [selected, setSelected] = useState<string[]>([]);
  const doClaim = (ids: string[]) =>
    claim.mutate(
      { ids },
      {
        onSuccess: (r) => {
          void message.success(
            r.remainingToday === null
              ? t('publicPool.claimed', { count: r.claimed })
              : `${t('publicPool.claimed', { count: r.claimed })},${t('publicPool.remaining', { count: r.remainingToday })}`,
          );
          setSelected([]);
        },
        onError: (e) => onError(e),
      },
    );
  const columns = customerColumns({
    t,
    fields: fields.data ?? [],
    statusLabel: () => '-',
    person: (v) => v ?? '-',
    sort,
    actions: {},
    compact: true,
  });
  columns.push({
    title: t('common.actions'),
    key: 'claim',
    fixed: 'right',
    render: (_, row) => (
      <Button type="link" onClick={() => doClaim([row.id])} data-testid={`claim-${row.id}`}>
        {t('publicPool.claim')}
      </Button>
    ),
  });
  return (
    <Card title={t('publicPool.title')}>
      {can('publicPool:manage') && <PoolSettings />}
      <SearchBar
        placeholder={t('customer.keywordPlaceholder')}
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          <Button
            type="primary"
            disabled={selected.length === 0}
            loading={claim.isPending}
            onClick={() => doClaim(selected)}
          >
            {t('publicPool.claimSelected', { count: selected.length })}
          </Button>
        }
      >
        <Select
          mode="tags"
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('customer.tags')}
          aria-label={t('customer.tags')}
          value={tags}
          onChange={setTags}
          options={tagDict.options}
        />
        <Input
          allowClear
          style={{ width: 150 }}
          placeholder={t('customer.importBatch')}
          aria-label={t('customer.importBatch')}
          value={importBatch}
          onChange={(e) => setImportBatch(e.target.value)}
          maxLength={60}
        />
      </SearchBar>
      <DataTable<Customer>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        onRow={(row) => ({ 'data-testid': `pool-row-${row.id}` }) as HTMLAttributes<HTMLElement>}
        onChange={(_p, _f, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Customer> | undefined;
          if (s?.order && typeof s.columnKey === 'string')
            setSort({ field: s.columnKey, order: s.order === 'ascend' ? 'asc' : 'desc' });
          else setSort({ field: 'createdAt', order: 'desc' });
        }}
      />
    </Card>
  );
}

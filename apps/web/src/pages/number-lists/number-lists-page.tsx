import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { listDirections, type NumberListView, reviewStatuses } from '@hujiao/shared';
import { Button, Card, Select, Space, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteNumberListEntry, useNumberLists, useReviewNumberListEntry } from '../../api/pbx.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { NumberListFormDrawer } from './number-list-form-drawer.tsx';
import { NumberListImport } from './number-list-import.tsx';

const STATUS_COLORS: Record<string, string> = { pending: 'orange', approved: 'green', rejected: 'red' };

/** 黑名单 / 红名单: numbers and prefixes, direction, reason, expiry; entries take effect once approved (审核). */
export function NumberListsPage() {
  const { t } = useTranslation();
  const [list, setList] = useState<'black' | 'red'>('black');
  return (
    <Card title={t('numberList.title')}>
      <Tabs
        activeKey={list}
        onChange={(k) => setList(k as 'black' | 'red')}
        items={(['black', 'red'] as const).map((l) => ({
          key: l,
          label: t(`numberList.lists.${l}`),
          children: <ListTab list={l} />,
        }))}
      />
    </Card>
  );
}

function ListTab({ list }: { list: 'black' | 'red' }) {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('numberList:manage');
  const mayApprove = can('numberList:approve');
  const [keyword, setKeyword] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [direction, setDirection] = useState<string | undefined>();
  const paging = usePaging();
  const { data, isLoading } = useNumberLists({
    list,
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    status,
    direction,
  });
  const review = useReviewNumberListEntry();
  const remove = useDeleteNumberListEntry();
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; entry: NumberListView | null }>({ open: false, entry: null });
  const [importing, setImporting] = useState(false);

  const columns: ColumnsType<NumberListView> = [
    { title: t('numberList.number'), dataIndex: 'number' },
    { title: t('numberList.match'), dataIndex: 'match', render: (v: string) => t(`numberList.matches.${v}`) },
    {
      title: t('numberList.direction'),
      dataIndex: 'direction',
      render: (v: string) => t(`numberList.directions.${v}`),
    },
    { title: t('numberList.reason'), dataIndex: 'reason', render: (v: string) => v || '-' },
    {
      title: t('numberList.expiresAt'),
      dataIndex: 'expiresAt',
      render: (v: string | null, r) =>
        v ? (
          <Space size={4}>
            {formatTime(v)}
            {r.expired && <Tag>{t('numberList.expired')}</Tag>}
          </Space>
        ) : (
          t('numberList.never')
        ),
    },
    {
      title: t('numberList.status'),
      dataIndex: 'status',
      render: (v: string, r) => (
        <Tag color={STATUS_COLORS[v]} title={r.reviewComment ?? undefined}>
          {t(`numberList.statuses.${v}`)}
        </Tag>
      ),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (mayManage || mayApprove) {
    columns.push(
      actionsColumn<NumberListView>(t, (row) => [
        {
          key: 'approve',
          label: t('numberList.approve'),
          hidden: !mayApprove || row.status !== 'pending',
          onClick: () =>
            review.mutate({ id: row.id, body: { status: 'approved' } }, feedback(t('numberList.approved'))),
        },
        {
          key: 'reject',
          label: t('numberList.reject'),
          hidden: !mayApprove || row.status !== 'pending',
          confirm: { title: t('numberList.confirmReject', { number: row.number }) },
          onClick: () =>
            review.mutate({ id: row.id, body: { status: 'rejected' } }, feedback(t('numberList.rejected'))),
        },
        {
          key: 'edit',
          label: t('common.edit'),
          hidden: !mayManage,
          onClick: () => setDrawer({ open: true, entry: row }),
        },
        {
          key: 'delete',
          label: t('common.delete'),
          danger: true,
          hidden: !mayManage,
          confirm: confirmDelete(t, row.number),
          onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
        },
      ]),
    );
  }
  const reset = () => paging.setPage(1);
  return (
    <>
      <SearchBar
        placeholder={t('numberList.keywordPlaceholder')}
        onSearch={(v) => {
          setKeyword(v);
          reset();
        }}
        extra={
          mayManage && (
            <Space>
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
                {t('numberList.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, entry: null })}>
                {t('common.create')}
              </Button>
            </Space>
          )
        }
      >
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('numberList.status')}
          aria-label={t('numberList.status')}
          value={status}
          onChange={(v: string | undefined) => {
            setStatus(v);
            reset();
          }}
          options={reviewStatuses.map((s) => ({ value: s, label: t(`numberList.statuses.${s}`) }))}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('numberList.direction')}
          aria-label={t('numberList.direction')}
          value={direction}
          onChange={(v: string | undefined) => {
            setDirection(v);
            reset();
          }}
          options={listDirections.map((d) => ({ value: d, label: t(`numberList.directions.${d}`) }))}
        />
      </SearchBar>
      <DataTable<NumberListView>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
      <NumberListFormDrawer
        open={drawer.open}
        list={list}
        entry={drawer.entry}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
      />
      <NumberListImport list={list} open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

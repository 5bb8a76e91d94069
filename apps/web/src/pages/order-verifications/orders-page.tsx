import { PlusOutlined } from '@ant-design/icons';
import { type OrderVerification, orderVerifyStatuses } from '@hujiao/shared';
import { Button, Card, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useOrders } from '../../api/crm-activity.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { useCan } from '../../utils/use-can.ts';
import { DecisionModal, OrderFormModal } from './order-modals.tsx';

const STATUS_COLORS = { pending: 'orange', approved: 'green', rejected: 'red' } as const;

/** Order verifications (核单); embedded in a customer's detail with `customer`. */
export function OrderList({ customer }: { customer?: { id: string; name: string } }) {
  const { t } = useTranslation();
  const names = useSeededNames();
  const can = useCan();
  const paging = usePaging(customer ? 10 : 20);
  const [keyword, setKeyword] = useState('');
  const [status, setStatus] = useState<string | undefined>(customer ? undefined : 'pending');
  const { data, isFetching } = useOrders({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    status,
    customerId: customer?.id,
  });
  const [creating, setCreating] = useState(false);
  const [deciding, setDeciding] = useState<{ order: OrderVerification | null; decision: 'approved' | 'rejected' }>({
    order: null,
    decision: 'approved',
  });
  const columns: ColumnsType<OrderVerification> = [
    ...(customer
      ? []
      : [
          {
            title: t('order.customer'),
            dataIndex: 'customerName',
            render: (v: string, row: OrderVerification) => <Link to={`/customers/${row.customerId}`}>{v}</Link>,
          },
        ]),
    { title: t('order.orderNo'), dataIndex: 'orderNo', render: (v: string | null) => v || '-' },
    { title: t('order.product'), dataIndex: 'product', render: (v: string | null) => v || '-' },
    {
      title: t('order.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (v: number | null) => (v === null ? '-' : v.toFixed(2)),
    },
    { title: t('order.note'), dataIndex: 'note', render: (v: string | null) => v || '-' },
    {
      title: t('order.status'),
      dataIndex: 'status',
      render: (v: OrderVerification['status']) => <Tag color={STATUS_COLORS[v]}>{t(`order.statuses.${v}`)}</Tag>,
    },
    { title: t('order.requestedBy'), dataIndex: 'requestedByName', render: (v: string | null) => names.person(v) },
    { title: t('order.verifier'), dataIndex: 'verifierName', render: (v: string | null) => names.person(v) },
    { title: t('order.verifiedAt'), dataIndex: 'verifiedAt', render: (v: string | null) => formatTime(v) },
    { title: t('order.verifyNote'), dataIndex: 'verifyNote', render: (v: string | null) => v || '-' },
  ];
  if (can('orderVerify:verify')) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, row) =>
        row.status === 'pending' ? (
          <Space size={0}>
            <Button type="link" onClick={() => setDeciding({ order: row, decision: 'approved' })}>
              {t('order.approve')}
            </Button>
            <Button type="link" danger onClick={() => setDeciding({ order: row, decision: 'rejected' })}>
              {t('order.reject')}
            </Button>
          </Space>
        ) : null,
    });
  }
  return (
    <>
      <SearchBar
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          can('orderVerify:create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('order.create')}
            </Button>
          )
        }
      >
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('order.status')}
          aria-label={t('order.status')}
          value={status}
          onChange={(v?: string) => {
            setStatus(v);
            paging.setPage(1);
          }}
          options={orderVerifyStatuses.map((s) => ({ value: s, label: t(`order.statuses.${s}`) }))}
        />
      </SearchBar>
      <DataTable<OrderVerification>
        rowKey="id"
        size={customer ? 'small' : 'middle'}
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
      />
      <OrderFormModal open={creating} customer={customer} onClose={() => setCreating(false)} />
      <DecisionModal
        order={deciding.order}
        decision={deciding.decision}
        onClose={() => setDeciding((d) => ({ ...d, order: null }))}
      />
    </>
  );
}

/** 核单: pending → approved/rejected by a verifier. */
export function OrdersPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('order.title')}>
      <OrderList />
    </Card>
  );
}

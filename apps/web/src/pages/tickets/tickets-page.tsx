import { PlusOutlined } from '@ant-design/icons';
import { type Ticket, ticketPriorities } from '@hujiao/shared';
import { Button, Card, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDictionary } from '../../api/crm.ts';
import { useTickets } from '../../api/crm-activity.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { useCan } from '../../utils/use-can.ts';
import { TicketDrawer } from './ticket-drawer.tsx';
import { TicketFormModal } from './ticket-form-modal.tsx';

const PRIORITY_COLORS = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' } as const;

/** Ticket list (also embedded in a customer's detail with `customer`). */
export function TicketList({ customer }: { customer?: { id: string; name: string } }) {
  const { t } = useTranslation();
  const names = useSeededNames();
  const can = useCan();
  const types = useDictionary('ticketType');
  const statuses = useDictionary('ticketStatus');
  const paging = usePaging(customer ? 10 : 20);
  const [keyword, setKeyword] = useState('');
  const [filters, setFilters] = useState<{ type?: string; status?: string; priority?: string; assigneeId?: string }>(
    {},
  );
  const { data, isFetching } = useTickets({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    customerId: customer?.id,
    ...filters,
  });
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const set = (patch: typeof filters) => {
    setFilters({ ...filters, ...patch });
    paging.setPage(1);
  };
  const columns: ColumnsType<Ticket> = [
    {
      title: t('ticket.number'),
      dataIndex: 'number',
      render: (v: number, row) => (
        <Button type="link" onClick={() => setOpenId(row.id)}>
          #{v}
        </Button>
      ),
    },
    { title: t('ticket.subject'), dataIndex: 'title' },
    ...(customer
      ? []
      : [
          {
            title: t('ticket.customer'),
            dataIndex: 'customerName',
            render: (v: string | null, row: Ticket) =>
              row.customerId ? <Link to={`/customers/${row.customerId}`}>{v}</Link> : '-',
          },
        ]),
    { title: t('ticket.type'), dataIndex: 'type', render: (v: string) => types.label(v) },
    { title: t('ticket.status'), dataIndex: 'status', render: (v: string) => <Tag>{statuses.label(v)}</Tag> },
    {
      title: t('ticket.priority'),
      dataIndex: 'priority',
      render: (v: Ticket['priority']) => <Tag color={PRIORITY_COLORS[v]}>{t(`ticket.priorities.${v}`)}</Tag>,
    },
    {
      title: t('ticket.assignee'),
      dataIndex: 'assigneeName',
      render: (v: string | null) => (v ? names.person(v) : t('ticket.unassigned')),
    },
    { title: t('ticket.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatTime(v) },
  ];
  return (
    <>
      <SearchBar
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          can('ticket:manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('ticket.create')}
            </Button>
          )
        }
      >
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('ticket.type')}
          aria-label={t('ticket.type')}
          value={filters.type}
          onChange={(type?: string) => set({ type })}
          options={types.options}
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('ticket.status')}
          aria-label={t('ticket.status')}
          value={filters.status}
          onChange={(status?: string) => set({ status })}
          options={statuses.options}
        />
        <Select
          allowClear
          style={{ width: 110 }}
          placeholder={t('ticket.priority')}
          aria-label={t('ticket.priority')}
          value={filters.priority}
          onChange={(priority?: string) => set({ priority })}
          options={ticketPriorities.map((p) => ({ value: p, label: t(`ticket.priorities.${p}`) }))}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('ticket.assignee')}
          aria-label={t('ticket.assignee')}
          value={filters.assigneeId}
          onChange={(assigneeId?: string) => set({ assigneeId })}
          options={[
            { value: 'me', label: t('ticket.mine') },
            { value: 'none', label: t('ticket.unassigned') },
          ]}
        />
      </SearchBar>
      <DataTable<Ticket>
        rowKey="id"
        size={customer ? 'small' : 'middle'}
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
      />
      <TicketFormModal open={creating} customer={customer} onClose={() => setCreating(false)} />
      <TicketDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

/** 工单. */
export function TicketsPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('ticket.title')}>
      <TicketList />
    </Card>
  );
}

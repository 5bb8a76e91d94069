import type { Appointment, FollowUp } from '@hujiao/shared';
import { Button, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { QueryParams } from '../../api/client.ts';
import { useDictionary } from '../../api/crm.ts';
import {
  useAppointments,
  useDeleteAppointment,
  useDeleteFollowUp,
  useFollowUps,
  useUpdateAppointment,
} from '../../api/crm-activity.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteLink } from '../../components/delete-link.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { useCan } from '../../utils/use-can.ts';

/** Follow-up records; with `customerId` on a customer's detail (no customer column). */
export function FollowUpTable({ params, showCustomer }: { params: QueryParams; showCustomer?: boolean }) {
  const { t } = useTranslation();
  const names = useSeededNames();
  const can = useCan();
  const paging = usePaging(10);
  const types = useDictionary('followUpType');
  const statuses = useDictionary('followUpStatus');
  const remove = useDeleteFollowUp();
  const { data, isFetching } = useFollowUps({ page: paging.page, pageSize: paging.pageSize, ...params });
  const columns: ColumnsType<FollowUp> = [
    { title: t('followUp.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    ...(showCustomer
      ? [
          {
            title: t('followUp.customer'),
            dataIndex: 'customerName',
            render: (v: string, row: FollowUp) => <Link to={`/customers/${row.customerId}`}>{v}</Link>,
          },
        ]
      : []),
    { title: t('followUp.type'), dataIndex: 'type', render: (v: string) => types.label(v) },
    { title: t('followUp.status'), dataIndex: 'status', render: (v: string | null) => statuses.label(v) },
    { title: t('followUp.note'), dataIndex: 'note', render: (v: string) => v || '-' },
    { title: t('followUp.nextContactAt'), dataIndex: 'nextContactAt', render: (v: string | null) => formatTime(v) },
    { title: t('followUp.user'), dataIndex: 'userName', render: (v: string | null) => names.person(v) },
  ];
  if (can('followUp:manage')) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => <DeleteLink name={formatTime(row.createdAt)} onConfirm={() => remove.mutate(row.id)} />,
    });
  }
  return (
    <DataTable<FollowUp>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={data?.items}
      loading={isFetching}
      pagination={paging.pagination(data?.total, t)}
    />
  );
}

/** Appointments (预约): the caller's by default; done/reopen and delete. */
export function AppointmentTable({ params, showCustomer }: { params: QueryParams; showCustomer?: boolean }) {
  const { t } = useTranslation();
  const names = useSeededNames();
  const can = useCan();
  const paging = usePaging(10);
  const update = useUpdateAppointment();
  const remove = useDeleteAppointment();
  const { data, isFetching } = useAppointments({ page: paging.page, pageSize: paging.pageSize, ...params });
  const columns: ColumnsType<Appointment> = [
    { title: t('appointment.at'), dataIndex: 'at', render: (v: string) => formatTime(v) },
    ...(showCustomer
      ? [
          {
            title: t('appointment.customer'),
            dataIndex: 'customerName',
            render: (v: string, row: Appointment) => <Link to={`/customers/${row.customerId}`}>{v}</Link>,
          },
        ]
      : []),
    { title: t('appointment.note'), dataIndex: 'note', render: (v: string) => v || '-' },
    { title: t('appointment.user'), dataIndex: 'userName', render: (v: string | null) => names.person(v) },
    {
      title: t('appointment.status'),
      dataIndex: 'done',
      render: (v: boolean) => (
        <Tag color={v ? 'green' : 'orange'}>{v ? t('appointment.done') : t('appointment.open')}</Tag>
      ),
    },
  ];
  if (can('followUp:manage')) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => update.mutate({ id: row.id, body: { done: !row.done } })}>
            {row.done ? t('appointment.reopen') : t('appointment.markDone')}
          </Button>
          <DeleteLink name={formatTime(row.at)} onConfirm={() => remove.mutate(row.id)} />
        </Space>
      ),
    });
  }
  return (
    <DataTable<Appointment>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={data?.items}
      loading={isFetching}
      pagination={paging.pagination(data?.total, t)}
    />
  );
}

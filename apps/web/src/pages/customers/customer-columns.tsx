import type { Customer, CustomField } from '@hujiao/shared';
import { Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import { actionsColumn, confirmDelete } from '../../components/data-table.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { DialButton } from '../../workstation/dial-button.tsx';
import { PhoneRegion } from './customer-form-lists.tsx';

interface Options {
  t: TFunction;
  fields: CustomField[];
  statusLabel: (v: string | null) => string;
  /** A person's name as shown (seeded admin names translated). */
  person: (name: string | null) => string;
  sort: { field: string; order: 'asc' | 'desc' };
  actions: {
    followUp?: (c: Customer) => void;
    edit?: (c: Customer) => void;
    remove?: (c: Customer) => void;
  };
  /** Public pool rows have no owner/follow-up columns. */
  compact?: boolean;
}

function showCustomValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Columns of the customer list (also used by the public pool page). */
export function customerColumns({
  t,
  fields,
  statusLabel,
  person,
  sort,
  actions,
  compact,
}: Options): ColumnsType<Customer> {
  const sorter = (key: string) => ({
    key,
    sorter: true,
    sortOrder: sort.field === key ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  });
  const columns: ColumnsType<Customer> = [
    {
      title: t('customer.name'),
      dataIndex: 'name',
      ...sorter('name'),
      fixed: 'left',
      render: (v: string, row) => (
        <Space size={4}>
          <Link to={`/customers/${row.id}`} data-testid={`customer-name-${row.id}`}>
            {v}
          </Link>
          {row.blacklisted && <Tag color="red">{t('customer.blacklisted')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('customer.phones'),
      key: 'phones',
      render: (_, row) =>
        row.phones.length === 0 ? (
          '-'
        ) : (
          <Space direction="vertical" size={0}>
            {row.phones.map((p) => (
              <Space key={p.id} size={6}>
                <Typography.Text>{p.raw}</Typography.Text>
                <DialButton number={p.raw} />
                <PhoneRegion phone={p} />
              </Space>
            ))}
          </Space>
        ),
    },
    { title: t('customer.company'), dataIndex: 'company', render: (v: string | null) => v || '-' },
  ];
  if (!compact) {
    columns.push(
      {
        title: t('customer.owner'),
        dataIndex: 'ownerName',
        render: (v: string | null, row) =>
          row.publicPool ? <Tag>{t('customer.inPool')}</Tag> : v ? person(v) : t('customer.noOwner'),
      },
      {
        title: t('customer.followUpStatus'),
        dataIndex: 'followUpStatus',
        render: (v: string | null) => statusLabel(v),
      },
    );
  }
  columns.push(
    {
      title: t('customer.tags'),
      dataIndex: 'tags',
      render: (v: string[]) => (v.length ? v.map((tag) => <Tag key={tag}>{tag}</Tag>) : '-'),
    },
    { title: t('customer.importBatch'), dataIndex: 'importBatch', render: (v: string | null) => v || '-' },
  );
  for (const f of fields.filter((x) => x.enabled && x.readable)) {
    columns.push({ title: f.label, key: `cf-${f.key}`, render: (_, row) => showCustomValue(row.customFields[f.key]) });
  }
  if (!compact) {
    columns.push(
      {
        title: t('customer.lastFollowUpAt'),
        dataIndex: 'lastFollowUpAt',
        ...sorter('lastFollowUpAt'),
        render: (v: string | null) => formatTime(v),
      },
      {
        title: t('customer.nextFollowUpAt'),
        dataIndex: 'nextFollowUpAt',
        ...sorter('nextFollowUpAt'),
        render: (v: string | null) => formatTime(v),
      },
    );
  }
  columns.push({
    title: t('customer.createdAt'),
    dataIndex: 'createdAt',
    ...sorter('createdAt'),
    render: (v: string) => formatTime(v),
  });
  const { followUp, edit, remove } = actions;
  if (followUp || edit || remove) {
    columns.push(
      actionsColumn<Customer>(t, (row) => [
        {
          key: 'follow-up',
          label: t('customer.followUp'),
          onClick: () => followUp?.(row),
          hidden: !followUp,
          testId: `follow-up-${row.id}`,
        },
        { key: 'edit', label: t('common.edit'), onClick: () => edit?.(row), hidden: !edit },
        {
          key: 'delete',
          label: t('common.delete'),
          danger: true,
          confirm: confirmDelete(t, row.name, true),
          onClick: () => remove?.(row),
          hidden: !remove,
        },
      ]),
    );
  }
  return columns;
}

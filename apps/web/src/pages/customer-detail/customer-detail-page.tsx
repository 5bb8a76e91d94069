import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useCustomer, useCustomFields, useDictionary } from '../../api/crm.ts';
import { NotFoundResult } from '../../components/results.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useCan } from '../../utils/use-can.ts';
import { DialButton } from '../../workstation/dial-button.tsx';
import { CustomerFormDrawer } from '../customers/customer-form-drawer.tsx';
import { PhoneRegion } from '../customers/customer-form-lists.tsx';
import { AppointmentModal } from '../follow-ups/appointment-modal.tsx';
import { FollowUpDrawer } from '../follow-ups/follow-up-drawer.tsx';
import { AppointmentTable, FollowUpTable } from '../follow-ups/follow-up-tables.tsx';
import { OrderList } from '../order-verifications/orders-page.tsx';
import { TicketList } from '../tickets/tickets-page.tsx';
import { OpportunitiesTab } from './opportunities-tab.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** 客户详情: fields, phones with 归属地, contacts; follow-ups, appointments, opportunities, tickets, orders. */
export function CustomerDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  // Only a customer id opens a customer: `/customers/import` or a mistyped address is "not found", not a request.
  const validId = UUID.test(id);
  const { data: c, isPending, error } = useCustomer(validId ? id : null);
  const fields = useCustomFields();
  const status = useDictionary('followUpStatus');
  const source = useDictionary('customerSource');
  const [editing, setEditing] = useState(false);
  const [following, setFollowing] = useState(false);
  const [booking, setBooking] = useState(false);

  if (!validId) return <NotFoundResult />;
  if (isPending) return <Spin />;
  if (error || !c) return <Result status="404" title="404" subTitle={t('common.notFound')} />;
  const ref = { id: c.id, name: c.name };
  const tabs = [
    can('followUp:view') && {
      key: 'follow-ups',
      label: t('customer.tabs.followUps'),
      children: <FollowUpTable params={{ customerId: c.id }} />,
    },
    can('followUp:view') && {
      key: 'appointments',
      label: t('customer.tabs.appointments'),
      children: (
        <>
          {can('followUp:manage') && (
            <div className="page-toolbar">
              <Button onClick={() => setBooking(true)}>{t('appointment.create')}</Button>
            </div>
          )}
          <AppointmentTable params={{ customerId: c.id }} />
        </>
      ),
    },
    can('opportunity:view') && {
      key: 'opportunities',
      label: t('customer.tabs.opportunities'),
      children: <OpportunitiesTab customerId={c.id} />,
    },
    can('ticket:view') && {
      key: 'tickets',
      label: t('customer.tabs.tickets'),
      children: <TicketList customer={ref} />,
    },
    can('orderVerify:view') && {
      key: 'orders',
      label: t('customer.tabs.orders'),
      children: <OrderList customer={ref} />,
    },
  ].filter((x) => x !== false);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/customers')}
              aria-label={t('customer.backToList')}
            />
            <span data-testid="customer-detail-name">{c.name}</span>
            {c.blacklisted && <Tag color="red">{t('customer.blacklisted')}</Tag>}
            {c.publicPool && <Tag>{t('customer.inPool')}</Tag>}
          </Space>
        }
        extra={
          <Space>
            {can('followUp:manage') && (
              <Button type="primary" onClick={() => setFollowing(true)} data-testid="detail-follow-up">
                {t('customer.followUp')}
              </Button>
            )}
            {can('customer:update') && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label={t('customer.company')}>{show(c.company)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.gender')}>
            {c.gender ? t(`customer.genders.${c.gender}`) : '-'}
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.email')}>{show(c.email)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.owner')}>{c.ownerName ?? t('customer.noOwner')}</Descriptions.Item>
          <Descriptions.Item label={t('customer.followUpStatus')}>{status.label(c.followUpStatus)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.source')}>{source.label(c.source)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.tags')}>
            {c.tags.length ? c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '-'}
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.importBatch')}>{show(c.importBatch)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.lastFollowUpAt')}>{formatTime(c.lastFollowUpAt)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.nextFollowUpAt')}>{formatTime(c.nextFollowUpAt)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.createdAt')}>{formatTime(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.address')}>{show(c.address)}</Descriptions.Item>
          {(fields.data ?? [])
            .filter((f) => f.enabled && f.readable)
            .map((f) => (
              <Descriptions.Item key={f.key} label={f.label}>
                {show(c.customFields[f.key])}
              </Descriptions.Item>
            ))}
          <Descriptions.Item label={t('customer.remark')} span={3}>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{show(c.remark)}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        <Descriptions column={1} size="small" style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('customer.phones')}>
            <Space direction="vertical" size={0}>
              {c.phones.length === 0 && '-'}
              {c.phones.map((p) => (
                <Space key={p.id} size={8}>
                  <Typography.Text copyable>{p.raw}</Typography.Text>
                  <DialButton number={p.raw} />
                  {p.label && <Tag>{p.label}</Tag>}
                  <PhoneRegion phone={p} />
                </Space>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        {c.contacts.length > 0 && (
          <Table
            size="small"
            rowKey="id"
            title={() => t('customer.contacts')}
            pagination={false}
            dataSource={c.contacts}
            columns={[
              { title: t('customer.contactName'), dataIndex: 'name' },
              { title: t('customer.contactTitle'), dataIndex: 'title', render: show },
              { title: t('customer.contactPhone'), dataIndex: 'phone', render: show },
              { title: t('customer.contactEmail'), dataIndex: 'email', render: show },
            ]}
          />
        )}
      </Card>
      {tabs.length > 0 && (
        <Card>
          <Tabs items={tabs} />
        </Card>
      )}
      <CustomerFormDrawer open={editing} customerId={c.id} onClose={() => setEditing(false)} />
      <FollowUpDrawer customer={following ? c : null} onClose={() => setFollowing(false)} />
      <AppointmentModal customer={booking ? ref : null} onClose={() => setBooking(false)} />
    </Space>
  );
}

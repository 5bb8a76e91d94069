import type { AgentCall, CallRecord, Customer, PhoneLookup } from '@hujiao/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Segmented,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useCreateCustomer, useDictionary } from '../api/crm.ts';
import { useCallRecords } from '../api/telephony.ts';
import { formatTime } from '../i18n/antd-locale.ts';
import { FollowUpTable } from '../pages/follow-ups/follow-up-tables.tsx';
import { TicketList } from '../pages/tickets/tickets-page.tsx';
import { useApiError } from '../utils/use-api-error.ts';
import { useCan } from '../utils/use-can.ts';
import { formatDuration } from '../utils/use-elapsed.ts';

const lookupKey = (number: string) => ['customers', 'by-phone', number] as const;

/** The caller's last calls with this tenant (the agent's own scope of call records). */
function PastCalls({ number }: { number: string }) {
  const { t } = useTranslation();
  const { data, isLoading } = useCallRecords({ page: 1, pageSize: 5, keyword: number });
  return (
    <Table<CallRecord>
      size="small"
      rowKey="id"
      loading={isLoading}
      pagination={false}
      dataSource={data?.items ?? []}
      locale={{ emptyText: t('agent.pop.noCalls') }}
      data-testid="pop-past-calls"
      columns={[
        { title: t('callRecord.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatTime(v) },
        {
          title: t('callRecord.direction'),
          dataIndex: 'direction',
          render: (d: string) => t(`callRecord.directions.${d}`),
        },
        { title: t('callRecord.callee'), dataIndex: 'callee' },
        {
          title: t('callRecord.billed'),
          dataIndex: 'billedSec',
          render: (s: number, r) => (r.answeredAt ? formatDuration(s) : <Tag>{t('callRecord.answeredNo')}</Tag>),
        },
      ]}
    />
  );
}

/** 陌生来电: a quick new-customer form with the caller's number; saved, the pop shows the new customer. */
function NewCustomerForm({ number }: { number: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const create = useCreateCustomer();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; company?: string; remark?: string }>();
  const save = (v: { name: string; company?: string; remark?: string }) =>
    create.mutate(
      { name: v.name, company: v.company || null, remark: v.remark || null, phones: [{ number, label: null }] },
      {
        onSuccess: () => {
          void message.success(t('agent.pop.saved'));
          void queryClient.invalidateQueries({ queryKey: lookupKey(number) });
        },
        onError: (err) => onError(err, form),
      },
    );
  return (
    <Form form={form} layout="vertical" onFinish={save} data-testid="pop-new-customer" requiredMark={false}>
      <Form.Item
        name="name"
        label={t('agent.pop.name')}
        rules={[
          { required: true, whitespace: true, message: t('validation.required', { field: t('agent.pop.name') }) },
        ]}
      >
        <Input maxLength={80} />
      </Form.Item>
      <Form.Item name="company" label={t('agent.pop.company')}>
        <Input maxLength={120} />
      </Form.Item>
      <Form.Item name="remark" label={t('agent.pop.remark')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="pop-save-customer">
        {t('agent.pop.save')}
      </Button>
    </Form>
  );
}

/** A known caller: the customer's main fields, and their follow-ups, past calls and tickets. */
function KnownCustomer({ customer, number, onOpen }: { customer: Customer; number: string; onOpen(): void }) {
  const { t } = useTranslation();
  const can = useCan();
  const status = useDictionary('followUpStatus');
  const ref = { id: customer.id, name: customer.name };
  const tabs = [
    can('followUp:view') && {
      key: 'follow-ups',
      label: t('agent.pop.followUps'),
      children: <FollowUpTable params={{ customerId: customer.id }} />,
    },
    can('callRecord:view') && {
      key: 'calls',
      label: t('agent.pop.pastCalls'),
      children: <PastCalls number={number} />,
    },
    can('ticket:view') && { key: 'tickets', label: t('agent.pop.tickets'), children: <TicketList customer={ref} /> },
  ].filter((x) => x !== false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="pop-customer-name">
          {customer.name}
        </Typography.Title>
        <Button size="small" onClick={onOpen} data-testid="pop-open-customer">
          {t('agent.pop.openCustomer')}
        </Button>
      </Space>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('customer.company')}>{customer.company ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('customer.owner')}>{customer.ownerName ?? t('customer.noOwner')}</Descriptions.Item>
        <Descriptions.Item label={t('customer.followUpStatus')}>
          {status.label(customer.followUpStatus)}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.tags')}>
          {customer.tags.length ? customer.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '-'}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.lastFollowUpAt')}>
          {formatTime(customer.lastFollowUpAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.nextFollowUpAt')}>
          {formatTime(customer.nextFollowUpAt)}
        </Descriptions.Item>
      </Descriptions>
      {tabs.length > 0 && <Tabs size="small" items={tabs} />}
    </Space>
  );
}

/**
 * 来电弹屏: opened when a call rings the agent — the number with its region (归属地), the DID, the queue and wait, the
 * IVR path; a known customer with details, follow-ups, past calls and tickets; an unknown caller with a quick
 * new-customer form. Stays open after the call (for the notes) until the agent closes it.
 */
export function ScreenPop({ call, open, onClose }: { call: AgentCall | null; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const number = call?.number ?? '';
  const lookup = useQuery({
    queryKey: lookupKey(number),
    queryFn: () => api.get<PhoneLookup>(`/api/customers/by-phone/${encodeURIComponent(number)}`),
    enabled: open && number.length >= 3 && can('customer:view'),
  });
  const [picked, setPicked] = useState<string | null>(null);
  const found = lookup.data?.customers ?? [];
  const customer = found.find((c) => c.id === picked) ?? found[0];
  // The agent's own call out (外呼): the same customer card, worded for a number called.
  const outbound = call?.direction === 'outbound';
  const region = lookup.data ? [lookup.data.region, lookup.data.carrier].filter(Boolean).join(' ') : '';
  return (
    <Drawer
      open={open && call !== null}
      onClose={onClose}
      width={640}
      mask={false}
      // Over the page, under the header and the softphone bar: the bar's buttons stay in reach.
      getContainer={() => document.getElementById('app-stage') ?? document.body}
      rootStyle={{ position: 'absolute' }}
      title={t(outbound ? 'agent.pop.titleOutbound' : 'agent.pop.title')}
      data-testid="screen-pop"
      destroyOnHidden
    >
      {call && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t(outbound ? 'agent.pop.numberOutbound' : 'agent.pop.number')}>
              <Typography.Text strong copyable data-testid="pop-number">
                {call.number}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('agent.pop.region')}>
              <span data-testid="pop-region">{region || t('agent.pop.unknownRegion')}</span>
              {lookup.data?.blacklisted && (
                <Tag color="red" style={{ marginLeft: 8 }}>
                  {t('agent.pop.blacklisted')}
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('agent.pop.dialled')}>{call.dialled || '-'}</Descriptions.Item>
            <Descriptions.Item label={t('agent.pop.queue')}>
              {call.queueName ? `${call.queueName} · ${formatDuration(call.waitSec ?? 0)}` : '-'}
            </Descriptions.Item>
            {call.ivrPath.length > 0 && (
              <Descriptions.Item label={t('agent.pop.ivrPath')} span={2}>
                {call.ivrPath.join(' → ')}
              </Descriptions.Item>
            )}
          </Descriptions>
          {found.length > 1 && (
            <Space direction="vertical" size={4}>
              <Typography.Text type="secondary">{t('agent.pop.several', { count: found.length })}</Typography.Text>
              <Segmented
                value={customer?.id}
                onChange={(v) => setPicked(String(v))}
                options={found.map((c) => ({ value: c.id, label: c.name }))}
              />
            </Space>
          )}
          {customer ? (
            <KnownCustomer
              customer={customer}
              number={call.number}
              onOpen={() => {
                onClose();
                navigate(`/customers/${customer.id}`);
              }}
            />
          ) : lookup.isSuccess ? (
            <Space direction="vertical" style={{ width: '100%' }} data-testid="pop-unknown">
              <Tag color="gold">{t(outbound ? 'agent.pop.unknownOutbound' : 'agent.pop.unknown')}</Tag>
              {can('customer:create') ? <NewCustomerForm number={call.number} /> : <Empty />}
            </Space>
          ) : null}
        </Space>
      )}
    </Drawer>
  );
}

import { type TicketHistoryEntry, ticketPriorities } from '@hujiao/shared';
import { App, Button, Descriptions, Divider, Drawer, Form, Input, Select, Spin, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDictionary } from '../../api/crm.ts';
import { type UpdateTicketBody, useCommentTicket, useTicket, useUpdateTicket } from '../../api/crm-activity.ts';
import { formatTime } from '../../i18n/antd-locale.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { AgentSelect } from '../customers/agent-select.tsx';

function describeChange(entry: TicketHistoryEntry, t: TFunction, label: (field: string, v: unknown) => string): string {
  if (entry.action === 'comment') return entry.comment ?? '';
  if (!entry.changes) return t(`ticket.actions.${entry.action}`, { defaultValue: entry.action });
  return Object.entries(entry.changes)
    .map(
      ([field, c]) =>
        `${t(`ticket.fields.${field}`, { defaultValue: field })}: ${label(field, c.from)} → ${label(field, c.to)}`,
    )
    .join(';');
}

/** 工单详情: fields, status/assignee/priority changes, history and comments. */
export function TicketDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const can = useCan();
  const mayManage = can('ticket:manage');
  const { data: ticket, isPending } = useTicket(id);
  const update = useUpdateTicket();
  const comment = useCommentTicket();
  const types = useDictionary('ticketType');
  const statuses = useDictionary('ticketStatus');
  const [form] = Form.useForm<{ comment: string }>();
  const change = (body: UpdateTicketBody) => {
    if (!id) return;
    update.mutate(
      { id, body },
      { onSuccess: () => void message.success(t('common.saved')), onError: (e) => onError(e) },
    );
  };
  const valueLabel = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '-';
    if (field === 'type') return types.label(String(v));
    if (field === 'status') return statuses.label(String(v));
    if (field === 'priority') return t(`ticket.priorities.${String(v)}`, { defaultValue: String(v) });
    return String(v);
  };
  const addComment = async () => {
    if (!id) return;
    const v = await form.validateFields();
    try {
      await comment.mutateAsync({ id, comment: v.comment.trim() });
      form.resetFields();
      void message.success(t('ticket.commented'));
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <Drawer
      title={ticket ? `#${ticket.number} ${ticket.title}` : t('ticket.detail')}
      open={id !== null}
      onClose={onClose}
      size={640}
      destroyOnHidden
    >
      <Spin spinning={id !== null && isPending}>
        {ticket && (
          <>
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t('ticket.customer')}>
                {ticket.customerId ? <Link to={`/customers/${ticket.customerId}`}>{ticket.customerName}</Link> : '-'}
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.type')}>{types.label(ticket.type)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.status')}>
                {mayManage ? (
                  <Select
                    size="small"
                    style={{ width: 140 }}
                    aria-label={t('ticket.status')}
                    value={ticket.status}
                    options={statuses.options}
                    onChange={(status: string) => change({ status })}
                  />
                ) : (
                  statuses.label(ticket.status)
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.priority')}>
                {mayManage ? (
                  <Select
                    size="small"
                    style={{ width: 120 }}
                    aria-label={t('ticket.priority')}
                    value={ticket.priority}
                    options={ticketPriorities.map((p) => ({ value: p, label: t(`ticket.priorities.${p}`) }))}
                    onChange={(priority: (typeof ticketPriorities)[number]) => change({ priority })}
                  />
                ) : (
                  t(`ticket.priorities.${ticket.priority}`)
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.assignee')}>
                {mayManage && can('user:view') ? (
                  <AgentSelect
                    style={{ width: 180 }}
                    aria-label={t('ticket.assignee')}
                    placeholder={t('ticket.unassigned')}
                    value={ticket.assigneeId}
                    onChange={(v) => change({ assigneeId: (v as string | null) ?? null })}
                  />
                ) : (
                  (ticket.assigneeName ?? t('ticket.unassigned'))
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.creator')}>{ticket.createdByName ?? '-'}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.createdAt')}>{formatTime(ticket.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.updatedAt')}>{formatTime(ticket.updatedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.description')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {ticket.description || '-'}
                </Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
            <Divider titlePlacement="start">{t('ticket.history')}</Divider>
            <Timeline
              items={ticket.history.map((h) => ({
                key: h.id,
                color: h.action === 'comment' ? 'green' : 'blue',
                children: (
                  <>
                    <Typography.Text type="secondary">
                      {formatTime(h.createdAt)} · {h.userName ?? '-'} ·{' '}
                      {t(`ticket.actions.${h.action}`, { defaultValue: h.action })}
                    </Typography.Text>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{describeChange(h, t, valueLabel)}</div>
                  </>
                ),
              }))}
            />
            {mayManage && (
              <Form form={form} layout="vertical" name="ticket-comment">
                <Form.Item name="comment" label={t('ticket.comment')} rules={rules.text(t('ticket.comment'), 4000)}>
                  <Input.TextArea rows={3} placeholder={t('ticket.commentPlaceholder')} />
                </Form.Item>
                <Button
                  type="primary"
                  loading={comment.isPending}
                  onClick={() => void addComment().catch(() => undefined)}
                >
                  {t('ticket.addComment')}
                </Button>
              </Form>
            )}
          </>
        )}
      </Spin>
    </Drawer>
  );
}

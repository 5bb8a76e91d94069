import { ticketPriorities } from '@hujiao/shared';
import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDictionary } from '../../api/crm.ts';
import { useCreateTicket } from '../../api/crm-activity.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { AgentSelect } from '../customers/agent-select.tsx';
import { CustomerSelect } from '../customers/customer-select.tsx';

interface Values {
  customerId?: string | null;
  type: string;
  priority: (typeof ticketPriorities)[number];
  title: string;
  description?: string;
  assigneeId?: string | null;
}

interface Props {
  open: boolean;
  /** Fixed customer (from the customer's detail). */
  customer?: { id: string; name: string };
  onClose: () => void;
}

/** 新建工单: customer, type (dictionary), priority, title, description, assignee. */
export function TicketFormModal({ open, customer, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const types = useDictionary('ticketType');
  const create = useCreateTicket();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        customerId: customer?.id ?? v.customerId ?? null,
        type: v.type,
        priority: v.priority,
        title: v.title.trim(),
        description: v.description?.trim() ?? '',
        assigneeId: v.assigneeId ?? null,
      });
      void message.success(t('common.created'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={customer ? `${t('ticket.create')} - ${customer.name}` : t('ticket.create')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={create.isPending}
      width={600}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="ticket" initialValues={{ priority: 'normal' }}>
        {!customer && (
          <Form.Item name="customerId" label={t('ticket.customer')}>
            <CustomerSelect />
          </Form.Item>
        )}
        <Form.Item name="type" label={t('ticket.type')} rules={[rules.requiredSelect(t('ticket.type'))]}>
          <Select options={types.options} />
        </Form.Item>
        <Form.Item name="priority" label={t('ticket.priority')}>
          <Select options={ticketPriorities.map((p) => ({ value: p, label: t(`ticket.priorities.${p}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('ticket.subject')} rules={rules.text(t('ticket.subject'), 200)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('ticket.description')}
          rules={[rules.max(t('ticket.description'), 10000)]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        {can('user:view') && (
          <Form.Item name="assigneeId" label={t('ticket.assignee')}>
            <AgentSelect placeholder={t('ticket.unassigned')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

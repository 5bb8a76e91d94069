import type { OrderVerification } from '@hujiao/shared';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateOrder, useDecideOrder } from '../../api/crm-activity.ts';
import { makeRules, nullIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { CustomerSelect } from '../customers/customer-select.tsx';

/** 提交核单 for a customer. */
export function OrderFormModal({
  open,
  customer,
  onClose,
}: {
  open: boolean;
  customer?: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<{
    customerId?: string;
    orderNo?: string;
    product?: string;
    amount?: number | null;
    note?: string;
  }>();
  const create = useCreateOrder();
  const submit = async () => {
    const v = await form.validateFields();
    const customerId = customer?.id ?? v.customerId;
    if (!customerId) return;
    try {
      await create.mutateAsync({
        customerId,
        orderNo: nullIfEmpty(v.orderNo),
        product: nullIfEmpty(v.product),
        amount: v.amount ?? null,
        note: nullIfEmpty(v.note),
      });
      void message.success(t('order.submitted'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={t('order.create')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="order" preserve={false}>
        {!customer && (
          <Form.Item name="customerId" label={t('order.customer')} rules={[rules.requiredSelect(t('order.customer'))]}>
            <CustomerSelect />
          </Form.Item>
        )}
        <Form.Item name="orderNo" label={t('order.orderNo')} rules={[rules.max(t('order.orderNo'), 60)]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="product" label={t('order.product')} rules={[rules.max(t('order.product'), 200)]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="amount" label={t('order.amount')}>
          <InputNumber min={0} max={1e12} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('order.note')} rules={[rules.max(t('order.note'), 2000)]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 审核: approve or reject a pending order with a note; the verifier is the caller. */
export function DecisionModal({
  order,
  decision,
  onClose,
}: {
  order: OrderVerification | null;
  decision: 'approved' | 'rejected';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<{ note?: string }>();
  const decide = useDecideOrder();
  const action = decision === 'approved' ? t('order.approve') : t('order.reject');
  const submit = async () => {
    if (!order) return;
    const v = await form.validateFields();
    try {
      await decide.mutateAsync({ id: order.id, body: { decision, note: nullIfEmpty(v.note) } });
      void message.success(t('order.decided'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={t('order.decideTitle', { action, customer: order?.customerName ?? '' })}
      open={order !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={action}
      okButtonProps={{ danger: decision === 'rejected' }}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="order-decision" preserve={false}>
        <Form.Item name="note" label={t('order.verifyNote')} rules={[rules.max(t('order.verifyNote'), 2000)]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

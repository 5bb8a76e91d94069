import { App, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useCreateAppointment } from '../../api/crm-activity.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { DATE_TIME_FORMAT } from './follow-up-drawer.tsx';

interface Props {
  customer: { id: string; name: string } | null;
  onClose: () => void;
}

/** 新增预约 for a customer (the caller's own appointment). */
export function AppointmentModal({ customer, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<{ at: Dayjs; note?: string }>();
  const create = useCreateAppointment();
  const submit = async () => {
    if (!customer) return;
    const v = await form.validateFields();
    try {
      await create.mutateAsync({ customerId: customer.id, at: v.at.format(), note: v.note?.trim() ?? '' });
      void message.success(t('appointment.created'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={`${t('appointment.create')} - ${customer?.name ?? ''}`}
      open={customer !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="appointment" preserve={false}>
        <Form.Item name="at" label={t('appointment.at')} rules={[rules.requiredSelect(t('appointment.at'))]}>
          <DatePicker showTime needConfirm={false} format={DATE_TIME_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('appointment.note')} rules={[rules.max(t('appointment.note'), 1000)]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

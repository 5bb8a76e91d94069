import { App, Checkbox, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDictionary } from '../../api/crm.ts';
import { useCreateAppointment, useCreateFollowUp } from '../../api/crm-activity.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  type: string;
  status?: string | null;
  note?: string;
  nextContactAt?: Dayjs | null;
  remind?: boolean;
  remindAt?: Dayjs | null;
  remindNote?: string;
}

interface Props {
  customer: { id: string; name: string; followUpStatus?: string | null } | null;
  onClose: () => void;
}

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/**
 * 跟进: type and status from the dictionary, note, next contact time; optionally books an appointment (预约提醒)
 * at its own time, which the layout reminds about when due.
 */
export function FollowUpDrawer({ customer, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const types = useDictionary('followUpType');
  const statuses = useDictionary('followUpStatus');
  const create = useCreateFollowUp();
  const book = useCreateAppointment();
  const remind = Form.useWatch('remind', form);
  const open = customer !== null;

  // Only when another customer is opened; the dictionary arriving later fills the type below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (!customer) return;
    form.resetFields();
    form.setFieldsValue({ status: customer.followUpStatus ?? undefined, type: types.options[0]?.value });
  }, [customer, form]);
  useEffect(() => {
    if (open && !form.getFieldValue('type') && types.options[0]) form.setFieldValue('type', types.options[0].value);
  }, [open, types.options, form]);

  const submit = async () => {
    if (!customer) return;
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        customerId: customer.id,
        body: {
          type: v.type,
          status: v.status ?? null,
          note: v.note?.trim() ?? '',
          nextContactAt: v.nextContactAt ? v.nextContactAt.format() : null,
          remind: false,
        },
      });
      if (v.remind && v.remindAt) {
        await book.mutateAsync({
          customerId: customer.id,
          at: v.remindAt.format(),
          note: (v.remindNote?.trim() || v.note?.trim() || '').slice(0, 1000),
        });
        void message.success(t('followUp.savedWithAppointment'));
      } else {
        void message.success(t('followUp.saved'));
      }
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <FormDrawer
      title={t('followUp.drawerTitle', { name: customer?.name ?? '' })}
      open={open}
      onClose={onClose}
      size={520}
      data-testid="follow-up-drawer"
      saving={create.isPending || book.isPending}
      onSave={submit}
    >
      <Form
        form={form}
        layout="vertical"
        name="follow-up"
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.remind && !form.getFieldValue('remindAt'))
            form.setFieldValue('remindAt', form.getFieldValue('nextContactAt'));
        }}
      >
        <Form.Item name="type" label={t('followUp.type')} rules={[rules.requiredSelect(t('followUp.type'))]}>
          <Select options={types.options} />
        </Form.Item>
        <Form.Item name="status" label={t('followUp.status')}>
          <Select allowClear options={statuses.options} />
        </Form.Item>
        <Form.Item name="note" label={t('followUp.note')} rules={[rules.max(t('followUp.note'), 4000)]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="nextContactAt" label={t('followUp.nextContactAt')}>
          <DatePicker showTime needConfirm={false} format={DATE_TIME_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="remind" valuePropName="checked">
          <Checkbox data-testid="follow-up-remind">{t('followUp.remind')}</Checkbox>
        </Form.Item>
        {remind && (
          <>
            <Form.Item
              name="remindAt"
              label={t('followUp.remindAt')}
              rules={[rules.requiredSelect(t('followUp.remindAt'))]}
            >
              <DatePicker showTime needConfirm={false} format={DATE_TIME_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="remindNote"
              label={t('followUp.remindNote')}
              rules={[rules.max(t('followUp.remindNote'), 1000)]}
            >
              <Input.TextArea rows={2} placeholder={t('followUp.remindNotePlaceholder')} />
            </Form.Item>
          </>
        )}
      </Form>
    </FormDrawer>
  );
}

import { NO_ANSWER_SEC } from '@hujiao/shared';
import { Alert, App, Form, Input, InputNumber } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCallForwarding, useSaveCallForwarding } from '../../api/call-forwarding.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  unconditional?: string;
  busy?: string;
  noAnswer?: string;
  noAnswerSec: number;
}

interface Props {
  /** The extension whose forwarding is edited; null: closed. */
  extension: { id: string; number: string } | null;
  onClose: () => void;
}

const TARGET = /^\+?\d{2,24}$/;
const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** 转移设置: unconditional, busy and no-answer targets of one extension (empty = off). */
export function CallForwardingDrawer({ extension, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const { data, isLoading } = useCallForwarding(extension?.id ?? null);
  const save = useSaveCallForwarding();

  useEffect(() => {
    if (!extension || !data || data.extensionId !== extension.id) return;
    form.setFieldsValue({
      unconditional: data.unconditional ?? '',
      busy: data.busy ?? '',
      noAnswer: data.noAnswer ?? '',
      noAnswerSec: data.noAnswerSec,
    });
  }, [extension, data, form]);

  const targetRules = (self: string | undefined): Rule[] => [
    { pattern: TARGET, message: t('extension.forwardingTargetInvalid') },
    {
      validator: (_r, v: string | undefined) =>
        v?.trim() && v.trim() === self ? Promise.reject(new Error(t('extension.forwardingSelf'))) : Promise.resolve(),
    },
  ];

  const submit = async () => {
    if (!extension) return;
    const v = await form.validateFields();
    try {
      await save.mutateAsync({
        extensionId: extension.id,
        body: {
          unconditional: orNull(v.unconditional),
          busy: orNull(v.busy),
          noAnswer: orNull(v.noAnswer),
          noAnswerSec: v.noAnswerSec,
        },
      });
      void message.success(t('common.saved'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  const placeholder = t('extension.forwardingPlaceholder');
  return (
    <FormDrawer
      title={t('extension.forwardingTitle', { number: extension?.number ?? '' })}
      open={extension !== null}
      onClose={onClose}
      size={480}
      saving={save.isPending || isLoading}
      onSave={submit}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('extension.forwardingHint')} />
      <Form form={form} layout="vertical" name="call-forwarding" initialValues={{ noAnswerSec: NO_ANSWER_SEC.default }}>
        <Form.Item
          name="unconditional"
          label={t('extension.forwardUnconditional')}
          tooltip={t('extension.forwardUnconditionalHint')}
          rules={targetRules(extension?.number)}
        >
          <Input autoComplete="off" inputMode="tel" placeholder={placeholder} />
        </Form.Item>
        <Form.Item name="busy" label={t('extension.forwardBusy')} rules={targetRules(extension?.number)}>
          <Input autoComplete="off" inputMode="tel" placeholder={placeholder} />
        </Form.Item>
        <Form.Item
          name="noAnswer"
          label={t('extension.forwardNoAnswer')}
          tooltip={t('extension.forwardNoAnswerHint')}
          rules={targetRules(extension?.number)}
        >
          <Input autoComplete="off" inputMode="tel" placeholder={placeholder} />
        </Form.Item>
        <Form.Item
          name="noAnswerSec"
          label={t('extension.forwardNoAnswerSec')}
          rules={[
            {
              required: true,
              type: 'integer',
              min: NO_ANSWER_SEC.min,
              max: NO_ANSWER_SEC.max,
              message: t('extension.forwardNoAnswerSecRange', NO_ANSWER_SEC),
            },
          ]}
        >
          <InputNumber min={NO_ANSWER_SEC.min} max={NO_ANSWER_SEC.max} precision={0} suffix={t('extension.seconds')} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

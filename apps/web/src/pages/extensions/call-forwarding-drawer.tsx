import { FORWARD_TO_VOICEMAIL, NO_ANSWER_SEC } from '@hujiao/shared';
import { Alert, App, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCallForwarding, useSaveCallForwarding } from '../../api/call-forwarding.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { useApiError } from '../../utils/use-api-error.ts';

type Kind = 'unconditional' | 'busy' | 'noAnswer';
type Mode = 'number' | 'voicemail';
interface Values {
  unconditional?: string;
  busy?: string;
  noAnswer?: string;
  /** Per kind: to a number (the field; empty = off) or to the extension's own voicemail (转语音信箱). */
  modes: Record<Kind, Mode>;
  noAnswerSec: number;
}
const KINDS: Kind[] = ['unconditional', 'busy', 'noAnswer'];

interface Props {
  /** The extension whose forwarding is edited; null: closed. */
  extension: { id: string; number: string } | null;
  onClose: () => void;
}

const TARGET = /^\+?\d{2,24}$/;
const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);
const modeOf = (v: string | null | undefined): Mode => (v === FORWARD_TO_VOICEMAIL ? 'voicemail' : 'number');
const numberOf = (v: string | null | undefined) => (v && v !== FORWARD_TO_VOICEMAIL ? v : '');

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
      unconditional: numberOf(data.unconditional),
      busy: numberOf(data.busy),
      noAnswer: numberOf(data.noAnswer),
      modes: { unconditional: modeOf(data.unconditional), busy: modeOf(data.busy), noAnswer: modeOf(data.noAnswer) },
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
    const target = (k: Kind) => (v.modes[k] === 'voicemail' ? FORWARD_TO_VOICEMAIL : orNull(v[k]));
    try {
      await save.mutateAsync({
        extensionId: extension.id,
        body: {
          unconditional: target('unconditional'),
          busy: target('busy'),
          noAnswer: target('noAnswer'),
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
      <Form
        form={form}
        layout="vertical"
        name="call-forwarding"
        initialValues={{
          noAnswerSec: NO_ANSWER_SEC.default,
          modes: { unconditional: 'number', busy: 'number', noAnswer: 'number' },
        }}
      >
        {KINDS.map((kind) => (
          <TargetField key={kind} kind={kind} rules={targetRules(extension?.number)} placeholder={placeholder} />
        ))}
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

const LABEL: Record<Kind, { label: string; hint?: string }> = {
  unconditional: { label: 'extension.forwardUnconditional', hint: 'extension.forwardUnconditionalHint' },
  busy: { label: 'extension.forwardBusy' },
  noAnswer: { label: 'extension.forwardNoAnswer', hint: 'extension.forwardNoAnswerHint' },
};

/** One kind of forwarding: to a number (empty = off) or to the extension's own voicemail. */
function TargetField({ kind, rules, placeholder }: { kind: Kind; rules: Rule[]; placeholder: string }) {
  const { t } = useTranslation();
  const mode = Form.useWatch(['modes', kind]) as Mode | undefined;
  const { label, hint } = LABEL[kind];
  return (
    <Form.Item label={t(label)} tooltip={hint ? t(hint) : undefined} required={false} style={{ marginBottom: 16 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name={['modes', kind]} noStyle>
          <Select
            style={{ width: 130 }}
            aria-label={t('extension.forwardMode', { kind: t(label) })}
            options={[
              { value: 'number', label: t('extension.forwardModes.number') },
              { value: 'voicemail', label: t('extension.forwardModes.voicemail') },
            ]}
          />
        </Form.Item>
        {mode === 'voicemail' ? (
          <Input disabled value={t('extension.forwardToVoicemail')} />
        ) : (
          <Form.Item name={kind} noStyle rules={rules}>
            <Input autoComplete="off" inputMode="tel" placeholder={placeholder} aria-label={t(label)} />
          </Form.Item>
        )}
      </Space.Compact>
    </Form.Item>
  );
}

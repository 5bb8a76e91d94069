import type { DestinationKind, Extension } from '@hujiao/shared';
import { Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { useOptions } from '../../api/crud.ts';
import { makeRules } from '../../utils/rules.ts';

/** Kinds offered in the console. */
export const CONSOLE_DESTINATION_KINDS: DestinationKind[] = [
  'extension',
  'ringGroup',
  'queue',
  'ivr',
  'voicemail',
  'external',
  'prompt',
  'hangup',
];
const EXTERNAL = /^\+?\d{3,20}$/;

interface Named {
  id: string;
  name: string;
  status?: string;
}

/**
 * A destination chosen by kind, with the fields that kind needs (extension, ring group members and strategy, IVR
 * menu, voicemail box, outside number, prompt). `name` is where it sits in the form (e.g. 'destination').
 */
export function DestinationFields({
  name,
  label,
  required = true,
}: {
  name: string;
  label: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const rules = makeRules(t);
  const { data: me } = useMe();
  // IVR menus and voice files are other modules' (their permissions may be absent from a custom role).
  const holds = (p: string) => me?.permissions.includes(p) ?? false;
  const extensions = useOptions<Extension>('extensions', holds('extension:view'));
  const ivrs = useOptions<Named>('ivr', holds('ivr:view'));
  const queues = useOptions<Named>('queues', holds('queue:view'));
  const voiceFiles = useOptions<Named>('voice-files', holds('voiceFile:view'));
  const path = (...p: string[]): NamePath => [name, ...p];
  const extensionOptions = (extensions.data ?? []).map((e) => ({
    value: e.number,
    label: e.displayName ? `${e.number} ${e.displayName}` : e.number,
  }));
  return (
    <Form.Item label={label} required={required} style={{ marginBottom: 0 }}>
      <Space wrap align="start">
        <Form.Item
          name={path('kind')}
          rules={required ? [rules.requiredSelect(t('destination.kind'))] : []}
          style={{ marginBottom: 16 }}
        >
          <Select
            style={{ width: 150 }}
            allowClear={!required}
            aria-label={t('destination.kind')}
            placeholder={t('destination.kind')}
            options={CONSOLE_DESTINATION_KINDS.map((k) => ({ value: k, label: t(`destination.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {({ getFieldValue }) => {
            const kind = getFieldValue(path('kind')) as DestinationKind | undefined;
            switch (kind) {
              case 'extension':
                return (
                  <Form.Item name={path('number')} rules={[rules.requiredSelect(t('destination.extension'))]}>
                    <Select
                      showSearch
                      style={{ width: 220 }}
                      aria-label={t('destination.extension')}
                      placeholder={t('destination.extension')}
                      options={extensionOptions}
                    />
                  </Form.Item>
                );
              case 'ringGroup':
                return (
                  <Space wrap align="start">
                    <Form.Item name={path('numbers')} rules={[rules.requiredSelect(t('destination.members'))]}>
                      <Select
                        mode="multiple"
                        style={{ minWidth: 220 }}
                        aria-label={t('destination.members')}
                        placeholder={t('destination.members')}
                        options={extensionOptions}
                      />
                    </Form.Item>
                    <Form.Item name={path('strategy')} initialValue="all">
                      <Radio.Group
                        optionType="button"
                        options={[
                          { value: 'all', label: t('destination.strategies.all') },
                          { value: 'order', label: t('destination.strategies.order') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={path('ringTimeoutSec')} initialValue={20} rules={[rules.integer(5, 300)]}>
                      <InputNumber min={5} max={300} addonAfter={t('destination.seconds')} style={{ width: 130 }} />
                    </Form.Item>
                  </Space>
                );
              case 'queue':
                return (
                  <Form.Item name={path('queueId')} rules={[rules.requiredSelect(t('queue.destinationQueue'))]}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      style={{ width: 220 }}
                      aria-label={t('queue.destinationQueue')}
                      placeholder={t('queue.destinationQueue')}
                      options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
                    />
                  </Form.Item>
                );
              case 'ivr':
                return (
                  <Form.Item name={path('ivrId')} rules={[rules.requiredSelect(t('destination.ivr'))]}>
                    <Select
                      style={{ width: 220 }}
                      aria-label={t('destination.ivr')}
                      placeholder={t('destination.ivr')}
                      options={(ivrs.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
                    />
                  </Form.Item>
                );
              case 'voicemail':
                return (
                  <Form.Item name={path('box')} rules={[rules.requiredSelect(t('destination.box'))]}>
                    <Select
                      showSearch
                      style={{ width: 220 }}
                      aria-label={t('destination.box')}
                      placeholder={t('destination.box')}
                      options={extensionOptions}
                    />
                  </Form.Item>
                );
              case 'external':
                return (
                  <Form.Item
                    name={path('number')}
                    rules={[
                      rules.required(t('destination.externalNumber')),
                      { pattern: EXTERNAL, message: t('validation.callerId') },
                    ]}
                  >
                    <Input
                      style={{ width: 220 }}
                      inputMode="tel"
                      aria-label={t('destination.externalNumber')}
                      placeholder={t('destination.externalNumber')}
                    />
                  </Form.Item>
                );
              case 'prompt':
                return (
                  <Form.Item name={path('voiceFileId')} rules={[rules.requiredSelect(t('destination.voiceFile'))]}>
                    <Select
                      style={{ width: 220 }}
                      aria-label={t('destination.voiceFile')}
                      placeholder={t('destination.voiceFile')}
                      options={(voiceFiles.data ?? [])
                        .filter((f) => f.status === undefined || f.status === 'approved')
                        .map((f) => ({ value: f.id, label: f.name }))}
                    />
                  </Form.Item>
                );
              default:
                return null;
            }
          }}
        </Form.Item>
      </Space>
    </Form.Item>
  );
}

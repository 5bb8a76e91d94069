import { type Destination, IVR_SYSTEM_PROMPTS, type IvrAction } from '@hujiao/shared';
import { Input, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ActionChoice, actionFor, choiceOf, DESTINATION_CHOICES } from './ivr-tree-model.ts';

export interface PickerOptions {
  extensions: Array<{ value: string; label: string }>;
  menus: Array<{ value: string; label: string }>;
  queues?: Array<{ value: string; label: string }>;
  voiceFiles: Array<{ value: string; label: string }>;
}

/** The fields a destination kind needs (extension, members, menu, box, number, prompt). */
function DestinationDetail({
  value,
  onChange,
  options,
}: {
  value: Destination;
  onChange: (d: Destination) => void;
  options: PickerOptions;
}) {
  const { t } = useTranslation();
  switch (value.kind) {
    case 'extension':
      return (
        <Select
          showSearch
          style={{ width: 170 }}
          aria-label={t('ivr.dest.extension')}
          placeholder={t('ivr.dest.extension')}
          value={value.number || undefined}
          options={options.extensions}
          onChange={(number: string) => onChange({ ...value, number })}
        />
      );
    case 'ringGroup':
      return (
        <Space wrap>
          <Select
            mode="multiple"
            style={{ minWidth: 170 }}
            aria-label={t('ivr.dest.members')}
            placeholder={t('ivr.dest.members')}
            value={value.numbers}
            options={options.extensions}
            onChange={(numbers: string[]) => onChange({ ...value, numbers })}
          />
          <Radio.Group
            optionType="button"
            value={value.strategy}
            onChange={(e) => onChange({ ...value, strategy: e.target.value })}
            options={[
              { value: 'all', label: t('ivr.dest.strategies.all') },
              { value: 'order', label: t('ivr.dest.strategies.order') },
            ]}
          />
          <InputNumber
            min={5}
            max={300}
            aria-label={t('ivr.ringSeconds')}
            value={value.ringTimeoutSec}
            addonAfter={t('ivr.seconds')}
            style={{ width: 120 }}
            onChange={(v) => onChange({ ...value, ringTimeoutSec: Number(v ?? 20) })}
          />
        </Space>
      );
    case 'queue':
      return (
        <Select
          style={{ width: 170 }}
          aria-label={t('queue.destinationQueue')}
          placeholder={t('queue.destinationQueue')}
          value={value.queueId || undefined}
          options={options.queues ?? []}
          onChange={(queueId: string) => onChange({ ...value, queueId })}
        />
      );
    case 'ivr':
      return (
        <Select
          style={{ width: 170 }}
          aria-label={t('ivr.dest.ivr')}
          placeholder={t('ivr.dest.ivr')}
          value={value.ivrId || undefined}
          options={options.menus}
          onChange={(ivrId: string) => onChange({ ...value, ivrId })}
        />
      );
    case 'voicemail':
      return (
        <Select
          showSearch
          style={{ width: 170 }}
          aria-label={t('ivr.dest.box')}
          placeholder={t('ivr.dest.box')}
          value={value.box || undefined}
          options={options.extensions}
          onChange={(box: string) => onChange({ ...value, box })}
        />
      );
    case 'external':
      return (
        <Input
          style={{ width: 170 }}
          inputMode="tel"
          aria-label={t('ivr.dest.externalNumber')}
          placeholder={t('ivr.dest.externalNumber')}
          value={value.number}
          onChange={(e) => onChange({ ...value, number: e.target.value.trim() })}
        />
      );
    case 'prompt':
      return (
        <PromptSelect
          value={value.voiceFileId ? `file:${value.voiceFileId}` : `system:${value.prompt ?? 'goodbye'}`}
          options={options}
          onChange={(v) =>
            onChange(
              v.startsWith('file:')
                ? { kind: 'prompt', voiceFileId: v.slice(5) }
                : { kind: 'prompt', prompt: v.slice(7) },
            )
          }
        />
      );
    default:
      return null;
  }
}

/** A built-in prompt or an approved voice file, as `system:<name>` / `file:<id>`. */
export function PromptSelect({
  value,
  onChange,
  options,
  ariaLabel,
}: {
  value: string;
  onChange: (v: string) => void;
  options: PickerOptions;
  ariaLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <Select
      style={{ width: 210 }}
      aria-label={ariaLabel ?? t('ivr.prompt')}
      // An enterprise may have many voice files: typed to find one.
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      options={[
        {
          label: t('ivr.systemPrompt'),
          options: IVR_SYSTEM_PROMPTS.map((p) => ({ value: `system:${p}`, label: t(`ivr.systemPrompts.${p}`) })),
        },
        ...(options.voiceFiles.length > 0
          ? [
              {
                label: t('ivr.voiceFile'),
                options: options.voiceFiles.map((f) => ({ value: `file:${f.value}`, label: f.label })),
              },
            ]
          : []),
      ]}
    />
  );
}

/**
 * What a key (or a timeout / wrong key) does: a destination, a sub-menu, repeat, back. `leaf` hides the
 * sub-menu choice (timeout and wrong-key paths); `allowDefault` adds "goodbye and hang up" (the default).
 */
export function ActionPicker({
  value,
  onChange,
  options,
  leaf = false,
  top = false,
  subName,
  testId,
}: {
  value: IvrAction | undefined;
  onChange: (a: IvrAction | undefined) => void;
  options: PickerOptions;
  leaf?: boolean;
  top?: boolean;
  subName: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const choices: ActionChoice[] = [
    ...(leaf ? [] : (['menu'] as const)),
    ...DESTINATION_CHOICES,
    'repeat',
    ...(top ? [] : (['back'] as const)),
  ];
  const choice = choiceOf(value);
  return (
    <Space wrap size={8} data-testid={testId}>
      <Select
        style={{ width: leaf ? 200 : 170 }}
        aria-label={t('ivr.action')}
        placeholder={leaf ? t('ivr.defaultGoodbye') : t('ivr.action')}
        allowClear={leaf}
        value={choice}
        onChange={(c: ActionChoice | undefined) => onChange(c ? actionFor(c, subName) : undefined)}
        options={choices.map((c) => ({ value: c, label: t(`ivr.actions.${c}`) }))}
      />
      {value?.type === 'destination' && (
        <DestinationDetail
          value={value.destination}
          options={options}
          onChange={(destination) => onChange({ type: 'destination', destination })}
        />
      )}
    </Space>
  );
}

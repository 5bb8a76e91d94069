import type { CtiTarget } from '@hujiao/shared';
import { Button, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptions } from '../api/crud.ts';
import { useQueueOptions } from '../api/queues.ts';
import { useCan } from '../utils/use-can.ts';

type Kind = CtiTarget['kind'];

/**
 * Where a transfer (转接) or consult (咨询) goes: a colleague's extension, an outside number, and for a transfer a
 * queue or an IVR menu the agent may see. `onSubmit` gets the target; the form stays for another try on refusal.
 */
export function TargetForm({
  people,
  busy,
  onSubmit,
  testId,
}: {
  /** Only people (consult, three-way): no queue or IVR. */
  people?: boolean;
  busy: boolean;
  onSubmit(target: CtiTarget): void;
  testId: string;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const [kind, setKind] = useState<Kind>('extension');
  const [number, setNumber] = useState('');
  const [id, setId] = useState<string | undefined>();
  const queues = useQueueOptions(!people && can('queue:view'));
  const menus = useOptions<{ id: string; name: string }>('ivr', !people && can('ivr:view'));
  const kinds: Kind[] = ['extension', 'external'];
  if (!people && can('queue:view')) kinds.push('queue');
  if (!people && can('ivr:view')) kinds.push('ivr');
  const byId = kind === 'queue' || kind === 'ivr';
  const target = (): CtiTarget | null => {
    if (kind === 'queue') return id ? { kind, queueId: id } : null;
    if (kind === 'ivr') return id ? { kind, ivrId: id } : null;
    const n = number.trim();
    return n ? { kind, number: n } : null;
  };
  const ready = target() !== null;
  const submit = () => {
    const value = target();
    if (value) onSubmit(value);
  };
  const options = (kind === 'queue' ? queues.data : menus.data)?.map((o) => ({ value: o.id, label: o.name })) ?? [];
  return (
    <Space direction="vertical" size={8} style={{ width: 260 }} data-testid={testId}>
      <Select
        aria-label={t('agent.call.targetKind')}
        value={kind}
        onChange={(k: Kind) => {
          setKind(k);
          setId(undefined);
        }}
        options={kinds.map((k) => ({ value: k, label: t(`agent.call.targetKinds.${k}`) }))}
        style={{ width: '100%' }}
        data-testid={`${testId}-kind`}
      />
      {byId ? (
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={kind === 'queue' ? t('agent.call.targetQueue') : t('agent.call.targetIvr')}
          placeholder={kind === 'queue' ? t('agent.call.targetQueue') : t('agent.call.targetIvr')}
          value={id}
          onChange={setId}
          options={options}
          style={{ width: '100%' }}
        />
      ) : (
        <Input
          aria-label={t('agent.call.targetNumber')}
          placeholder={t('agent.call.dialPlaceholder')}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          onPressEnter={submit}
          inputMode="tel"
          data-testid={`${testId}-number`}
        />
      )}
      <Button type="primary" block disabled={!ready} loading={busy} onClick={submit} data-testid={`${testId}-go`}>
        {t('agent.call.send')}
      </Button>
    </Space>
  );
}

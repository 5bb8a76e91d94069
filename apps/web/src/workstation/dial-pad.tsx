import type { Customer } from '@hujiao/shared';
import { AutoComplete, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePagedList } from '../api/crud.ts';
import { useCan } from '../utils/use-can.ts';

export const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The 12 phone keys in a 3×4 grid; `onKey` gets each key pressed. */
export function KeyGrid({ onKey, testId }: { onKey(key: string): void; testId: string }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 6, width: 180 }} data-testid={testId}>
      {KEYS.map((k) => (
        <Button
          key={k}
          onClick={() => onKey(k)}
          data-testid={`${testId}-${k === '*' ? 'star' : k === '#' ? 'hash' : k}`}
        >
          {k}
        </Button>
      ))}
    </div>
  );
}

/**
 * 外呼 (click-to-call): a number typed or keyed in, or a customer found by name, company or phone (their phones are
 * the choices); `onDial` gets the number.
 */
export function DialPad({ busy, onDial }: { busy: boolean; onDial(number: string): void }) {
  const { t } = useTranslation();
  const can = useCan();
  const [number, setNumber] = useState('');
  const keyword = number.trim();
  const search = can('customer:view') && keyword.length >= 2 && !/^[\d*#+]+$/.test(keyword);
  const found = usePagedList<Customer>('customers', { page: 1, pageSize: 8, keyword }, search);
  const options = search
    ? (found.data?.items ?? []).flatMap((c) =>
        c.phones.map((p) => ({ value: p.raw, label: `${c.name} · ${p.raw}${p.region ? ` (${p.region})` : ''}` })),
      )
    : [];
  const dial = () => {
    if (keyword) onDial(keyword);
  };
  return (
    <Space direction="vertical" size={8} style={{ width: 240 }} data-testid="dial-pad">
      <AutoComplete value={number} options={options} onChange={setNumber} style={{ width: '100%' }}>
        <Input
          aria-label={t('agent.call.dialPlaceholder')}
          placeholder={`${t('agent.call.dialPlaceholder')} / ${t('agent.call.dialCustomer')}`}
          onPressEnter={dial}
          allowClear
          data-testid="dial-number"
        />
      </AutoComplete>
      <KeyGrid onKey={(k) => setNumber((n) => n + k)} testId="dial-key" />
      <Button type="primary" block disabled={!keyword} loading={busy} onClick={dial} data-testid="dial-go">
        {t('agent.call.dialNow')}
      </Button>
    </Space>
  );
}

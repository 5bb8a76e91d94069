import { Select } from 'antd';
import { useState } from 'react';
import { useCustomers } from '../../api/crm.ts';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
}

/** Searches visible customers by name/company/phone (first 20 matches). */
export function CustomerSelect({ id, value, onChange, placeholder }: Props) {
  const [keyword, setKeyword] = useState('');
  const { data, isFetching } = useCustomers({ page: 1, pageSize: 20, keyword });
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: (v) => setKeyword(v.trim()) }}
      loading={isFetching}
      placeholder={placeholder}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={(data?.items ?? []).map((c) => ({
        value: c.id,
        label: c.phones[0] ? `${c.name} (${c.phones[0].raw})` : c.name,
      }))}
    />
  );
}

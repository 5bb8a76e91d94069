import { Select } from 'antd';
import { useUserOptions } from '../api/resources.ts';
import { useSeededNames } from '../i18n/seeded-names.ts';
import { useCan } from '../utils/use-can.ts';

interface Props {
  id?: string;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  enabled?: boolean;
}

/** Picks users (first 100, searchable by name/工号/account); shows `姓名 (工号)`. */
export function UserSelect({ id, value, onChange, multiple, enabled = true }: Props) {
  const can = useCan();
  const users = useUserOptions(enabled && can('user:view'));
  const names = useSeededNames();
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={users.isPending && users.fetchStatus !== 'idle'}
      value={value ?? undefined}
      onChange={(v: string | string[] | undefined) => onChange?.(v ?? (multiple ? [] : null))}
      options={(users.data ?? []).map((u) => {
        const name = names.person(u.name);
        return {
          value: u.id,
          label: u.agentNo ? `${name} (${u.agentNo})` : u.username ? `${name} (${u.username})` : name,
        };
      })}
    />
  );
}

import { Select } from 'antd';
import { useUserOptions } from '../api/resources.ts';
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
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={users.isPending && users.fetchStatus !== 'idle'}
      value={value ?? undefined}
      onChange={(v: string | string[] | undefined) => onChange?.(v ?? (multiple ? [] : null))}
      options={(users.data ?? []).map((u) => ({
        value: u.id,
        label: u.agentNo ? `${u.name} (${u.agentNo})` : u.username ? `${u.name} (${u.username})` : u.name,
      }))}
    />
  );
}

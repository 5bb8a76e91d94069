import { Select } from 'antd';
import { useUserOptions } from '../../api/resources.ts';
import { useCan } from '../../utils/use-can.ts';
import { agentLabel } from './crm-utils.ts';

interface Props {
  id?: string;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}

/** Picks agents and team leaders (enabled users with an agent type); needs user:view. */
export function AgentSelect({ id, value, onChange, multiple, placeholder, style, ...rest }: Props) {
  const can = useCan();
  const users = useUserOptions(can('user:view'));
  const agents = (users.data ?? []).filter((u) => u.agentType !== null && u.enabled);
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      style={style}
      placeholder={placeholder}
      aria-label={rest['aria-label']}
      data-testid={rest['data-testid']}
      showSearch={{ optionFilterProp: 'label' }}
      loading={users.isPending && users.fetchStatus !== 'idle'}
      value={value ?? undefined}
      onChange={(v: string | string[] | undefined) => onChange?.(v ?? (multiple ? [] : null))}
      options={agents.map((u) => ({ value: u.id, label: agentLabel(u) }))}
    />
  );
}

import { Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDepartments, useRoles, useTeamOptions } from '../../api/resources.ts';
import { fitWidth } from '../../utils/fit-width.ts';
import { useCan } from '../../utils/use-can.ts';
import { buildDepartmentTree, departmentTreeOptions } from '../departments/department-tree.ts';
import { roleName } from '../roles/role-name.ts';

export interface UserFilterValues {
  departmentId?: string;
  teamId?: string;
  roleId?: string;
  agentType?: string;
  enabled?: string;
}

interface Props {
  value: UserFilterValues;
  onChange: (value: UserFilterValues) => void;
}

/** Filters of the user list: department, team, role, type, status. */
export function UserFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const departments = useDepartments(can('department:view'));
  const roles = useRoles(can('role:view'));
  const teams = useTeamOptions(can('team:view'));
  const deptOptions = useMemo(
    () => departmentTreeOptions(buildDepartmentTree(departments.data ?? [])),
    [departments.data],
  );
  const set = (patch: UserFilterValues) => onChange({ ...value, ...patch });
  return (
    <>
      {can('department:view') && (
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          style={{ width: fitWidth(t('user.department'), 160) }}
          placeholder={t('user.department')}
          aria-label={t('user.department')}
          treeData={deptOptions}
          value={value.departmentId}
          onChange={(v: string | undefined) => set({ departmentId: v })}
        />
      )}
      {can('team:view') && (
        <Select
          allowClear
          style={{ width: fitWidth(t('user.team'), 140) }}
          placeholder={t('user.team')}
          aria-label={t('user.team')}
          value={value.teamId}
          onChange={(v: string | undefined) => set({ teamId: v })}
          options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
        />
      )}
      {can('role:view') && (
        <Select
          allowClear
          style={{ width: fitWidth([t('user.roles'), ...(roles.data ?? []).map((r) => roleName(r, t))], 140) }}
          placeholder={t('user.roles')}
          aria-label={t('user.roles')}
          value={value.roleId}
          onChange={(v: string | undefined) => set({ roleId: v })}
          options={(roles.data ?? []).map((r) => ({ value: r.id, label: roleName(r, t) }))}
        />
      )}
      <Select
        allowClear
        style={{ width: fitWidth([t('user.agentType'), t('user.agentTypes.teamLeader')], 120) }}
        placeholder={t('user.agentType')}
        aria-label={t('user.agentType')}
        value={value.agentType}
        onChange={(v: string | undefined) => set({ agentType: v })}
        options={(['agent', 'teamLeader'] as const).map((v) => ({ value: v, label: t(`user.agentTypes.${v}`) }))}
      />
      <Select
        allowClear
        style={{ width: fitWidth([t('user.status'), t('common.disabled')], 110) }}
        placeholder={t('user.status')}
        aria-label={t('user.status')}
        value={value.enabled}
        onChange={(v: string | undefined) => set({ enabled: v })}
        options={[
          { value: 'true', label: t('common.enabled') },
          { value: 'false', label: t('common.disabled') },
        ]}
      />
    </>
  );
}

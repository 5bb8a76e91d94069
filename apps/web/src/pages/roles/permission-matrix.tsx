import { Checkbox, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';

interface Props {
  /** What the caller's tenant can grant: module → actions (GET /api/permissions). */
  modules: Record<string, string[]>;
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
}

interface Row {
  module: string;
  actions: string[];
}

const ACTION_ORDER = ['view', 'create', 'update', 'delete', 'manage', 'listen', 'download'];

/**
 * Role permission matrix: rows are modules, columns are actions. Each checkbox is named
 * "<module> <action>" (e.g. "用户/坐席 新增") and has data-testid `perm-<module>:<action>`.
 */
export function PermissionMatrix({ modules, value = [], onChange, disabled }: Props) {
  const { t } = useTranslation();
  const selected = new Set(value);
  const actions = [...new Set(Object.values(modules).flat())].sort(
    (a, b) => (ACTION_ORDER.indexOf(a) + 1 || 99) - (ACTION_ORDER.indexOf(b) + 1 || 99),
  );
  const rows: Row[] = Object.entries(modules).map(([module, list]) => ({ module, actions: list }));
  const moduleName = (m: string) => t(`permission.module.${m}`, { defaultValue: m });
  const actionName = (a: string) => t(`permission.action.${a}`, { defaultValue: a });

  const set = (perms: string[], on: boolean) => {
    const next = new Set(selected);
    for (const p of perms) {
      if (on) next.add(p);
      else next.delete(p);
    }
    onChange?.([...next]);
  };

  const columns: ColumnsType<Row> = [
    {
      title: t('permission.matrixModule'),
      key: 'module',
      fixed: 'left',
      render: (_, row) => {
        const perms = row.actions.map((a) => `${row.module}:${a}`);
        const count = perms.filter((p) => selected.has(p)).length;
        return (
          <Checkbox
            checked={count === perms.length && perms.length > 0}
            indeterminate={count > 0 && count < perms.length}
            disabled={disabled}
            onChange={(e) => set(perms, e.target.checked)}
            aria-label={`${moduleName(row.module)} ${t('permission.selectAll')}`}
            data-testid={`perm-${row.module}:all`}
          >
            {moduleName(row.module)}
          </Checkbox>
        );
      },
    },
    ...actions.map((action) => ({
      title: actionName(action),
      key: action,
      align: 'center' as const,
      render: (_: unknown, row: Row) => {
        if (!row.actions.includes(action)) return <Typography.Text type="secondary">-</Typography.Text>;
        const perm = `${row.module}:${action}`;
        return (
          <Checkbox
            checked={selected.has(perm)}
            disabled={disabled}
            onChange={(e) => set([perm], e.target.checked)}
            aria-label={`${moduleName(row.module)} ${actionName(action)}`}
            data-testid={`perm-${perm}`}
          />
        );
      },
    })),
  ];

  if (rows.length === 0) return <Typography.Text type="secondary">{t('permission.noneAvailable')}</Typography.Text>;
  // Scrolls sideways inside the drawer when the actions (in the current language) need more room than it has.
  return (
    <Table<Row>
      rowKey="module"
      size="small"
      bordered
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
    />
  );
}

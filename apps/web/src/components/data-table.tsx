import { DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Popconfirm, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The page's scroll container (see layout/app-layout.tsx): sticky table headers stick to its top. */
const pageScroller = () => (document.querySelector('.app-main') as HTMLElement | null) ?? window;

/**
 * Every list page's table: as wide as its content needs, scrolling sideways inside its own box when the window is
 * narrower (the page never does), with the header row sticking to the top while the page scrolls. Tables inside a
 * drawer or dialog pass `sticky={false}`.
 */
export function DataTable<T extends object>(props: TableProps<T>) {
  return <Table<T> scroll={{ x: 'max-content' }} sticky={{ getContainer: pageScroller }} {...props} />;
}

export interface RowAction {
  key: string;
  label: ReactNode;
  onClick: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** Ask first (e.g. delete, disable): a pop-up inline, a confirmation dialog from the "more" menu. */
  confirm?: { title: string; description?: string };
  /** Leave out (no permission, not for this row). */
  hidden?: boolean;
  testId?: string;
}

/** How many actions a row shows as links; with more, the first stays a link and the rest go in a "more" menu. */
const INLINE = 2;

/** A row's actions, compact: at most two links, so the actions column stays narrow in any language. */
export function RowActions({ actions }: { actions: RowAction[] }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const shown = actions.filter((a) => !a.hidden);
  const inline = shown.length <= INLINE ? shown : shown.slice(0, 1);
  const more = shown.length <= INLINE ? [] : shown.slice(1);
  const run = (a: RowAction) => {
    if (!a.confirm) return a.onClick();
    void modal.confirm({
      title: a.confirm.title,
      content: a.confirm.description,
      okButtonProps: a.danger ? { danger: true } : {},
      onOk: a.onClick,
    });
  };
  return (
    <span className="row-actions">
      {inline.map((a) => {
        const link = (
          <Button
            key={a.key}
            type="link"
            size="small"
            danger={a.danger}
            disabled={a.disabled}
            data-testid={a.testId}
            onClick={a.confirm ? undefined : a.onClick}
          >
            {a.label}
          </Button>
        );
        return a.confirm ? (
          <Popconfirm key={a.key} title={a.confirm.title} description={a.confirm.description} onConfirm={a.onClick}>
            {link}
          </Popconfirm>
        ) : (
          link
        );
      })}
      {more.length > 0 && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: more.map((a) => ({
              key: a.key,
              label: <span data-testid={a.testId}>{a.label}</span>,
              danger: a.danger,
              disabled: a.disabled,
            })),
            onClick: ({ key, domEvent }) => {
              domEvent.stopPropagation();
              const action = more.find((a) => a.key === key);
              if (action) run(action);
            },
          }}
        >
          <Button type="link" size="small" data-testid="row-actions-more">
            {t('common.more')} <DownOutlined />
          </Button>
        </Dropdown>
      )}
    </span>
  );
}

/** The actions column: last, pinned to the right edge while the table scrolls sideways. */
export function actionsColumn<T>(t: TFunction, actions: (row: T) => RowAction[]): ColumnType<T> {
  return {
    title: t('common.actions'),
    key: 'actions',
    fixed: 'right',
    render: (_: unknown, row: T) => <RowActions actions={actions(row)} />,
  };
}

/** The usual confirmations, worded once. */
export function confirmDelete(t: TFunction, name: string, irreversible = false): RowAction['confirm'] {
  return {
    title: t('common.confirmDelete', { name }),
    ...(irreversible ? { description: t('common.irreversible') } : {}),
  };
}

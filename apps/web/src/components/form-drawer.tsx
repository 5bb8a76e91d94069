import { Button, Drawer, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: ReactNode;
  open: boolean;
  onClose: () => void;
  size: number;
  /** Validates and saves; a rejection (invalid form, API error already shown) keeps the drawer open. */
  onSave: () => Promise<unknown>;
  saving: boolean;
  /** Only 取消, no 保存 (e.g. a built-in role viewed without role:manage). */
  readOnly?: boolean;
  'data-testid'?: string;
  children: ReactNode;
}

/** The drawer of every add/edit form: 取消 and 保存 in the header, content destroyed when hidden. */
export function FormDrawer({ title, open, onClose, size, onSave, saving, readOnly, children, ...rest }: Props) {
  const { t } = useTranslation();
  return (
    <Drawer
      title={title}
      open={open}
      onClose={onClose}
      // Never wider than the window (less a margin to see the page behind).
      size={Math.min(size, window.innerWidth - 64)}
      destroyOnHidden
      {...rest}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {!readOnly && (
            <Button type="primary" loading={saving} onClick={() => void onSave().catch(() => undefined)}>
              {t('common.save')}
            </Button>
          )}
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}

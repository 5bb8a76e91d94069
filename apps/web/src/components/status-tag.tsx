import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function StatusTag({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  return <Tag color={enabled ? 'green' : 'default'}>{enabled ? t('common.enabled') : t('common.disabled')}</Tag>;
}

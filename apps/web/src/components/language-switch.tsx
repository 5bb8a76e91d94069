import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index.ts';

/** Toggles between 中文 and English; the choice is remembered in localStorage. */
export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en-US' ? 'zh-CN' : 'en-US';
  return (
    <Button
      type={type}
      icon={<GlobalOutlined />}
      onClick={() => void setLanguage(next)}
      data-testid="language-switch"
      title={t('common.language')}
    >
      {t('common.switchLanguage')}
    </Button>
  );
}

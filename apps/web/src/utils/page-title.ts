import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The browser tab's title: "<page> - <product>", in the current language (updates when it changes). */
export function usePageTitle(title: string | null | undefined): void {
  const { t } = useTranslation();
  useEffect(() => {
    const app = t('common.appTitle');
    document.title = title ? `${title} - ${app}` : app;
  }, [title, t]);
}

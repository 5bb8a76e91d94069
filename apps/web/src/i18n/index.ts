import type { Locale } from '@hujiao/shared';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from '../locales/en-US/index.ts';
import { zhCN } from '../locales/zh-CN/index.ts';
import { currentLanguage, rememberLanguage } from './language.ts';

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: currentLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

document.documentElement.lang = currentLanguage();
document.title = i18n.t('common.appTitle');

export async function setLanguage(locale: Locale): Promise<void> {
  rememberLanguage(locale);
  await i18n.changeLanguage(locale);
}

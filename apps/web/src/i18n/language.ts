import type { Locale } from '@hujiao/shared';

export const LANGUAGE_STORAGE_KEY = 'hujiao.language';

export function storedLanguage(): Locale {
  try {
    const value = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (value === 'zh-CN' || value === 'en-US') return value;
  } catch {
    // storage unavailable: fall back to the default
  }
  return 'zh-CN';
}

let language: Locale = storedLanguage();

export function currentLanguage(): Locale {
  return language;
}

export function rememberLanguage(next: Locale): void {
  language = next;
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
  } catch {
    // ignore
  }
  document.documentElement.lang = next;
}

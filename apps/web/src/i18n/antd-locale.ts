import type { Locale } from '@hujiao/shared';
import type { Locale as AntdLocale } from 'antd/es/locale';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

export function antdLocale(locale: Locale): AntdLocale {
  return locale === 'en-US' ? antdEnUS : antdZhCN;
}

export function applyDayjsLocale(locale: Locale): void {
  dayjs.locale(locale === 'en-US' ? 'en' : 'zh-cn');
}

export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : '-';
}

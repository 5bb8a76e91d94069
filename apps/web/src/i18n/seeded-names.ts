import { BUILTIN_ROLES, type DictionaryItem, type DictionaryType } from '@hujiao/shared';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth.ts';

/**
 * Names the server seeds in Chinese, shown in the current language by a stable key: built-in roles by their code,
 * the platform enterprise by `isPlatform`, dictionary types by code and their items by value. A seeded text is
 * translated only while it is still the seeded one (compared with the zh-CN text of its key): what an enterprise
 * typed or edited is shown as stored.
 */
/** The language the server seeds in. */
const SEED_LANGUAGE = 'zh-CN';

function seededText(t: TFunction, key: string, stored: string, vars?: Record<string, string>): string {
  const seed = t(key, { ...vars, lng: SEED_LANGUAGE, defaultValue: '' });
  return seed && stored === seed ? t(key, vars) : stored;
}

export function roleLabel(t: TFunction, name: string, code: string | null | undefined): string {
  return code ? t(`role.builtinNames.${code}`, { defaultValue: name }) : name;
}

export function tenantLabel(t: TFunction, tenant: { name: string; isPlatform: boolean }): string {
  return tenant.isPlatform ? seededText(t, 'seeded.platformTenant', tenant.name) : tenant.name;
}

export function dictionaryTypeLabel(t: TFunction, type: Pick<DictionaryType, 'code' | 'name' | 'builtin'>): string {
  return type.builtin ? seededText(t, `seeded.dictionaryTypes.${type.code}`, type.name) : type.name;
}

export function dictionaryItemLabel(t: TFunction, typeCode: string, item: Pick<DictionaryItem, 'value' | 'label'>) {
  return seededText(t, `seeded.dictionaryItems.${typeCode}.${item.value}`, item.label);
}

/**
 * The names seeded for people: the platform admin (who also appears in an enterprise's log, having created its
 * admin), and an enterprise's admin (「<enterprise>管理员」) as seen from the signed-in user's enterprise. Anyone
 * else's name is user data and shown as typed.
 */
export function personLabel(t: TFunction, name: string, where: { tenantName: string }): string {
  const platformAdmin = seededText(t, 'seeded.platformAdmin', name);
  if (platformAdmin !== name) return platformAdmin;
  return seededText(t, 'seeded.tenantAdmin', name, { tenant: where.tenantName });
}

const BUILTIN_ROLE_CODES = Object.keys(BUILTIN_ROLES);
/** What may stand around a name in a sentence: spaces and punctuation, Latin or Chinese. */
const SEPARATOR = '[\\s,.;:()"\'“”‘’、，；：（）「」]';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A text the server composed with names in it (an operation-log sentence): the seeded names in it, in the current
 * language. The server writes the sentence in the reader's language but the names as stored.
 */
export function seededNamesIn(t: TFunction, text: string, where: { tenantName: string }): string {
  const zh = (key: string, vars?: Record<string, string>) => t(key, { ...vars, lng: SEED_LANGUAGE });
  const keys = [
    'seeded.platformTenant',
    'seeded.platformAdmin',
    ...BUILTIN_ROLE_CODES.map((c) => `role.builtinNames.${c}`),
  ];
  const pairs: Array<[string, string]> = keys.map((key) => [zh(key), t(key)]);
  if (where.tenantName) {
    const vars = { tenant: where.tenantName };
    pairs.unshift([zh('seeded.tenantAdmin', vars), t('seeded.tenantAdmin', vars)]);
  }
  // Whole names only: 坐席 in 「坐席组长」 (a custom role) stays.
  return pairs
    .sort((a, b) => b[0].length - a[0].length)
    .reduce(
      (acc, [seed, shown]) =>
        acc.replace(new RegExp(`(?<=^|${SEPARATOR})${escapeRegExp(seed)}(?=$|${SEPARATOR})`, 'g'), shown),
      text,
    );
}

/** The helpers above bound to the current language and the signed-in user's enterprise. */
export function useSeededNames() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return useMemo(() => {
    const where = { tenantName: me?.tenantName ?? '', isPlatform: me?.isPlatform ?? false };
    return {
      role: (name: string, code: string | null | undefined) => roleLabel(t, name, code),
      tenant: (tenant: { name: string; isPlatform: boolean }) => tenantLabel(t, tenant),
      person: (name: string | null | undefined) => (name ? personLabel(t, name, where) : '-'),
      inText: (text: string) => seededNamesIn(t, text, where),
    };
  }, [t, me?.tenantName, me?.isPlatform]);
}

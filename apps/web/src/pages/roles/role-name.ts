import type { Role } from '@hujiao/shared';
import type { TFunction } from 'i18next';

/** Built-in roles show their translated name; custom roles their own. */
export function roleName(role: Pick<Role, 'name' | 'code' | 'builtin'>, t: TFunction): string {
  return role.builtin && role.code ? t(`role.builtinNames.${role.code}`, { defaultValue: role.name }) : role.name;
}

import type { Permission } from '@hujiao/shared';
import { useCallback } from 'react';
import { useMe } from '../api/auth.ts';

/** `can('user:create')`: whether the signed-in user holds a permission. */
export function useCan(): (permission: Permission) => boolean {
  const { data: me } = useMe();
  return useCallback((permission: Permission) => me?.permissions.includes(permission) ?? false, [me]);
}

import { ApiClient } from './api.ts';

/**
 * A user whose password someone else set (an administrator, or the platform admin for an enterprise's admin) must
 * change it at first sign-in, and the console sends them to 个人信息 until they do. Walks that are about something
 * else sign such a user in once through the API and confirm the password (set to the same value), as that forced
 * step would, so the form login lands on the page the walk is about.
 */
export async function acceptInitialPassword(
  base: string,
  mode: 'account' | 'agent' | 'mobile',
  account: string,
  password: string,
): Promise<void> {
  const client = new ApiClient(base);
  await client.login(mode, account, password);
  await client.request('POST', '/api/auth/password', { oldPassword: password, newPassword: password });
}

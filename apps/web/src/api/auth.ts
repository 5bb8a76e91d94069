import type { ApiToken, LoginBody, Me } from '@hujiao/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from './client.ts';

export const ME_KEY = ['auth', 'me'] as const;
const TOKENS_KEY = ['auth', 'tokens'] as const;

/** The session probe answers 200 with `me: null` when nobody is signed in, so a plain visit logs no 401. */
async function fetchMe(): Promise<Me | null> {
  const { me } = await api.get<{ me: Me | null }>('/api/auth/session');
  setCsrfToken(me?.csrfToken ?? null);
  return me;
}

/** The signed-in user, or `null` when nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<Me>('/api/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      queryClient.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<unknown>('/api/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { oldPassword: string; newPassword: string }) => api.post<unknown>('/api/auth/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_KEY }),
  });
}

export interface ProfileBody {
  name: string;
  email: string | null;
  mobile: string | null;
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileBody) => api.put<Me>('/api/auth/profile', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      queryClient.setQueryData(ME_KEY, me);
    },
  });
}

export function useApiTokens(enabled: boolean) {
  return useQuery({ queryKey: TOKENS_KEY, queryFn: () => api.get<ApiToken[]>('/api/auth/tokens'), enabled });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresInDays?: number }) =>
      api.post<ApiToken & { token: string }>('/api/auth/tokens', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useDeleteApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/api/auth/tokens/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

import type { Page } from '@hujiao/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryParams } from './client.ts';

/** Request body type of a zod schema from the shared contract, without importing zod here. */
export type Input<S extends { _zod: { input: unknown } }> = S['_zod']['input'];

export function usePagedList<T>(resource: string, params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [resource, 'list', params],
    queryFn: () => api.get<Page<T>>(`/api/${resource}`, params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useFullList<T>(resource: string, enabled = true) {
  return useQuery({
    queryKey: [resource, 'all'],
    queryFn: () => api.get<T[]>(`/api/${resource}`),
    enabled,
  });
}

/** Up to 100 items (the API's page-size limit), for select options. */
export function useOptions<T>(resource: string, enabled = true) {
  return useQuery({
    queryKey: [resource, 'options'],
    queryFn: async () => (await api.get<Page<T>>(`/api/${resource}`, { page: 1, pageSize: 100 })).items,
    enabled,
    staleTime: 30_000,
  });
}

export function useCreate<B, R>(resource: string, invalidate: string[] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api.post<R>(`/api/${resource}`, body),
    onSuccess: () => {
      for (const key of [resource, ...invalidate]) void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}

export function useUpdate<B, R>(resource: string, invalidate: string[] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: B }) => api.patch<R>(`/api/${resource}/${id}`, body),
    onSuccess: () => {
      for (const key of [resource, ...invalidate]) void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}

export function useRemove(resource: string, invalidate: string[] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/api/${resource}/${id}`),
    onSuccess: () => {
      for (const key of [resource, ...invalidate]) void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}

/** POST to `/api/<resource>/<id>/<action>` (reset-password, unlock, …). */
export function useItemAction<B>(resource: string, action: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body?: B }) => api.post<unknown>(`/api/${resource}/${id}/${action}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [resource] }),
  });
}

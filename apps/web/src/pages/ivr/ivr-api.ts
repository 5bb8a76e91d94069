import type {
  CreateIvrBody,
  IvrDetail,
  IvrSummary,
  IvrTestCallResult,
  IvrVersion,
  IvrVersionDetail,
  UpdateIvrBody,
} from '@hujiao/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryParams } from '../../api/client.ts';
import { useCreate, usePagedList, useRemove, useUpdate } from '../../api/crud.ts';

export const useIvrs = (params: QueryParams) => usePagedList<IvrSummary>('ivr', params);
export const useIvr = (id: string | null) =>
  useQuery({ queryKey: ['ivr', 'one', id], queryFn: () => api.get<IvrDetail>(`/api/ivr/${id}`), enabled: !!id });
export const useCreateIvr = () => useCreate<CreateIvrBody, IvrDetail>('ivr');
export const useUpdateIvr = () => useUpdate<UpdateIvrBody, IvrDetail>('ivr');
export const useDeleteIvr = () => useRemove('ivr');
export const useIvrVersions = (id: string | null) =>
  useQuery({
    queryKey: ['ivr', 'versions', id],
    queryFn: () => api.get<IvrVersion[]>(`/api/ivr/${id}/versions`),
    enabled: !!id,
  });
export const fetchIvrVersion = (id: string, version: number) =>
  api.get<IvrVersionDetail>(`/api/ivr/${id}/versions/${version}`);

export function useRollbackIvr() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      api.post<IvrDetail>(`/api/ivr/${id}/rollback`, { version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ivr'] }),
  });
}

export function useIvrTestCall() {
  return useMutation({
    mutationFn: ({ id, extension }: { id: string; extension?: string }) =>
      api.post<IvrTestCallResult>(`/api/ivr/${id}/test-call`, extension ? { extension } : {}),
  });
}

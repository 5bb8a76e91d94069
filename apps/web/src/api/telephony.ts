import type {
  CallRecord,
  createExtensionBody,
  Extension,
  Page,
  SipSettings,
  updateExtensionBody,
} from '@hujiao/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFallbackRefetch } from '../realtime/live-status.ts';
import { api, type QueryParams } from './client.ts';
import { type Input, useCreate, usePagedList, useRemove, useUpdate } from './crud.ts';

export type CreateExtensionBody = Input<typeof createExtensionBody>;
export type UpdateExtensionBody = Input<typeof updateExtensionBody>;

// ---- extensions (分机) ----
/** The registration column is pushed by the live channel (realtime/); re-read slowly only while it is down. */
export function useExtensions(params: QueryParams) {
  return useQuery({
    queryKey: ['extensions', 'list', params],
    queryFn: () => api.get<Page<Extension>>('/api/extensions', params),
    placeholderData: keepPreviousData,
    refetchInterval: useFallbackRefetch(),
  });
}
export const useCreateExtension = () => useCreate<CreateExtensionBody, Extension>('extensions');
export const useUpdateExtension = () => useUpdate<UpdateExtensionBody, Extension>('extensions');
export const useDeleteExtension = () => useRemove('extensions');

/** What a softphone needs besides its own number and password. */
export function useSipSettings(enabled = true) {
  return useQuery({
    queryKey: ['sip-settings'],
    queryFn: () => api.get<SipSettings>('/api/sip-settings'),
    enabled,
    staleTime: 300_000,
  });
}

// ---- call records (通话记录) ----
export const useCallRecords = (params: QueryParams) => usePagedList<CallRecord>('call-records', params);

export function useCallRecord(id: string | null) {
  return useQuery({
    queryKey: ['call-records', 'one', id],
    queryFn: () => api.get<CallRecord>(`/api/call-records/${id}`),
    enabled: id !== null,
  });
}

/** Audio/wav stream of a call's recording; the session cookie authorizes it. */
export function recordingUrl(id: string, download = false): string {
  return `/api/call-records/${encodeURIComponent(id)}/recording${download ? '?download=1' : ''}`;
}

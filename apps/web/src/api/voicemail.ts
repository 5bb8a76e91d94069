import type { Page, VoicemailGroupBox, VoicemailMessage, VoicemailUnread } from '@hujiao/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFallbackRefetch } from '../realtime/live-status.ts';
import { api, type QueryParams } from './client.ts';

export function useVoicemailMessages(params: QueryParams) {
  return useQuery({
    queryKey: ['voicemail', 'list', params],
    queryFn: () => api.get<Page<VoicemailMessage>>('/api/voicemail/messages', params),
    placeholderData: keepPreviousData,
  });
}

/** The header's count: pushed by the live channel (realtime/) when a message is left or read; re-read slowly only while it is down. */
export function useVoicemailUnread(enabled = true) {
  return useQuery({
    queryKey: ['voicemail', 'unread'],
    queryFn: () => api.get<VoicemailUnread>('/api/voicemail/unread'),
    enabled,
    refetchInterval: useFallbackRefetch(60_000),
  });
}

export function useMarkVoicemail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, read }: { id: string; read: boolean }) =>
      api.put<VoicemailMessage>(`/api/voicemail/messages/${id}/read`, { read }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['voicemail'] }),
  });
}

export function useDeleteVoicemail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/api/voicemail/messages/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['voicemail'] }),
  });
}

/** The message's WAV (same-origin, the session cookie authorizes it). */
export function voicemailAudioUrl(id: string): string {
  return `/api/voicemail/messages/${encodeURIComponent(id)}/audio`;
}

export interface VoicemailBoxView {
  box: string;
  kind: 'extension' | 'group';
  hasGreeting: boolean;
}

export function useVoicemailBoxes() {
  return useQuery({
    queryKey: ['voicemail', 'boxes'],
    queryFn: () => api.get<VoicemailBoxView[]>('/api/voicemail/boxes'),
  });
}

export function useVoicemailGroups(enabled: boolean) {
  return useQuery({
    queryKey: ['voicemail', 'groups'],
    queryFn: () => api.get<VoicemailGroupBox[]>('/api/voicemail/groups'),
    enabled,
  });
}

function useVoicemailMutation<V>(fn: (v: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['voicemail'] }),
  });
}

/** Uploads a box's greeting (WAV) as one multipart file. */
export const useUploadGreeting = () =>
  useVoicemailMutation(({ box, file }: { box: string; file: File }) => {
    const form = new FormData();
    form.append('file', file);
    return api.upload(`/api/voicemail/boxes/${encodeURIComponent(box)}/greeting`, form);
  });
export const useClearGreeting = () =>
  useVoicemailMutation((box: string) => api.delete(`/api/voicemail/boxes/${encodeURIComponent(box)}/greeting`));
export const useCreateVoicemailGroup = () =>
  useVoicemailMutation((body: { name: string; members: string[] }) => api.post('/api/voicemail/groups', body));
export const useDeleteVoicemailGroup = () =>
  useVoicemailMutation((id: string) => api.delete(`/api/voicemail/groups/${id}`));

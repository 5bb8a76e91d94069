import type { Page, VoicemailMessage, VoicemailUnread } from '@hujiao/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryParams } from './client.ts';

/** How often the new-message count in the header is re-read. */
export const VOICEMAIL_POLL_MS = 30_000;

export function useVoicemailMessages(params: QueryParams) {
  return useQuery({
    queryKey: ['voicemail', 'list', params],
    queryFn: () => api.get<Page<VoicemailMessage>>('/api/voicemail/messages', params),
    placeholderData: keepPreviousData,
  });
}

export function useVoicemailUnread(enabled = true) {
  return useQuery({
    queryKey: ['voicemail', 'unread'],
    queryFn: () => api.get<VoicemailUnread>('/api/voicemail/unread'),
    enabled,
    refetchInterval: VOICEMAIL_POLL_MS,
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

import type { createMohClassBody, MohClass, updateMohClassBody, VoiceFile, VoiceFileUsage } from '@hujiao/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type QueryParams } from './client.ts';
import { type Input, useCreate, useFullList, usePagedList, useRemove, useUpdate } from './crud.ts';

export type CreateMohClassBody = Input<typeof createMohClassBody>;
export type UpdateMohClassBody = Input<typeof updateMohClassBody>;

// ---- voice files (语音文件) ----
export const useVoiceFiles = (params: QueryParams) => usePagedList<VoiceFile>('voice-files', params);
export const useUpdateVoiceFile = () =>
  useUpdate<{ name?: string; usage?: VoiceFileUsage }, VoiceFile>('voice-files', ['moh-classes']);
export const useDeleteVoiceFile = () => useRemove('voice-files');

export interface VoiceFileUploadRequest {
  name: string;
  usage: VoiceFileUsage;
  file: File;
}

/** Sends the WAV or MP3 with its name and usage; the server converts it and keeps it 待审核. */
export function useUploadVoiceFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (r: VoiceFileUploadRequest) => {
      const form = new FormData();
      form.append('name', r.name);
      form.append('usage', r.usage);
      form.append('file', r.file, r.file.name);
      return api.upload<VoiceFile>('/api/voice-files', form);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['voice-files'] }),
  });
}

export type VoiceFileReview = { decision: 'approve' } | { decision: 'reject'; reason: string };

export function useReviewVoiceFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: VoiceFileReview }) =>
      api.post<VoiceFile>(`/api/voice-files/${encodeURIComponent(id)}/review`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['voice-files'] });
      void queryClient.invalidateQueries({ queryKey: ['moh-classes'] });
    },
  });
}

/** The converted 8 kHz WAV (what calls play), or the file as uploaded; the session cookie authorizes it. */
export function voiceFileAudioUrl(id: string, o: { original?: boolean; download?: boolean } = {}): string {
  const q = [o.original ? 'original=1' : '', o.download ? 'download=1' : ''].filter(Boolean).join('&');
  return `/api/voice-files/${encodeURIComponent(id)}/audio${q ? `?${q}` : ''}`;
}

// ---- music-on-hold classes (保持音乐) ----
export const useMohClasses = (enabled = true) => useFullList<MohClass>('moh-classes', enabled);
export const useCreateMohClass = () => useCreate<CreateMohClassBody, MohClass>('moh-classes');
export const useUpdateMohClass = () => useUpdate<UpdateMohClassBody, MohClass>('moh-classes');
export const useDeleteMohClass = () => useRemove('moh-classes');

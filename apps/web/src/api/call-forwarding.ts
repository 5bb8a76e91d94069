import type { CallForwarding, CallForwardingInput } from '@hujiao/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

/** 转移设置 of one extension (extension:view). */
export function useCallForwarding(extensionId: string | null) {
  return useQuery({
    queryKey: ['call-forwarding', extensionId],
    queryFn: () => api.get<CallForwarding>(`/api/extensions/${extensionId}/forwarding`),
    enabled: extensionId !== null,
  });
}

/** Saves an extension's 转移设置 (extension:manage); every mode at once (null = off). */
export function useSaveCallForwarding() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { extensionId: string; body: CallForwardingInput }) =>
      api.put<CallForwarding>(`/api/extensions/${v.extensionId}/forwarding`, v.body),
    onSuccess: (saved) => qc.setQueryData(['call-forwarding', saved.extensionId], saved),
  });
}

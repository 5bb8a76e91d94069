import type {
  CallerIdReviewItem,
  CallerIdView,
  createCallerIdNumberBody,
  createInboundRouteBody,
  createNumberListEntryBody,
  createOutboundRouteBody,
  createTimeGroupBody,
  createTrunkBody,
  createTrunkGroupBody,
  ExtensionCallClasses,
  FraudLimits,
  InboundRoute,
  NumberListView,
  OutboundRoute,
  RefusedCallView,
  reviewCallerIdBody,
  reviewNumberListEntryBody,
  TimeGroup,
  Trunk,
  TrunkGroup,
  TrunkStatus,
  updateCallerIdNumberBody,
  updateFraudLimitsBody,
  updateInboundRouteBody,
  updateNumberListEntryBody,
  updateOutboundRouteBody,
  updateTimeGroupBody,
  updateTrunkBody,
  updateTrunkGroupBody,
} from '@hujiao/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFallbackRefetch } from '../realtime/live-status.ts';
import { api, type QueryParams } from './client.ts';
import { type Input, useCreate, useItemAction, useOptions, usePagedList, useRemove, useUpdate } from './crud.ts';

// ---- trunks (中继) and trunk groups (智能中继) ----
export const useTrunks = (params: QueryParams) => usePagedList<Trunk>('trunks', params);
export const useTrunkOptions = (enabled = true) => useOptions<Trunk>('trunks', enabled);
/** Live trunk states: pushed by the live channel (realtime/), re-read slowly only while it is down. */
export function useTrunkStatus() {
  return useQuery({
    queryKey: ['trunks', 'status'],
    queryFn: () => api.get<TrunkStatus[]>('/api/trunks/status'),
    refetchInterval: useFallbackRefetch(),
  });
}
export const useCreateTrunk = () => useCreate<Input<typeof createTrunkBody>, Trunk>('trunks');
export const useUpdateTrunk = () => useUpdate<Input<typeof updateTrunkBody>, Trunk>('trunks');
export const useDeleteTrunk = () => useRemove('trunks');
export const useTrunkGroups = (params: QueryParams) => usePagedList<TrunkGroup>('trunk-groups', params);
export const useCreateTrunkGroup = () => useCreate<Input<typeof createTrunkGroupBody>, TrunkGroup>('trunk-groups');
export const useUpdateTrunkGroup = () => useUpdate<Input<typeof updateTrunkGroupBody>, TrunkGroup>('trunk-groups');
export const useDeleteTrunkGroup = () => useRemove('trunk-groups');
export const useTrunkGroupOptions = (enabled = true) => useOptions<TrunkGroup>('trunk-groups', enabled);

// ---- time groups, inbound and outbound routes ----
export const useTimeGroups = (params: QueryParams) => usePagedList<TimeGroup>('time-groups', params);
export const useTimeGroupOptions = (enabled = true) => useOptions<TimeGroup>('time-groups', enabled);
export const useCreateTimeGroup = () => useCreate<Input<typeof createTimeGroupBody>, TimeGroup>('time-groups');
export const useUpdateTimeGroup = () => useUpdate<Input<typeof updateTimeGroupBody>, TimeGroup>('time-groups');
export const useDeleteTimeGroup = () => useRemove('time-groups');

export const useInboundRoutes = (params: QueryParams) => usePagedList<InboundRoute>('inbound-routes', params);
export const useCreateInboundRoute = () =>
  useCreate<Input<typeof createInboundRouteBody>, InboundRoute>('inbound-routes');
export const useUpdateInboundRoute = () =>
  useUpdate<Input<typeof updateInboundRouteBody>, InboundRoute>('inbound-routes');
export const useDeleteInboundRoute = () => useRemove('inbound-routes');

export const useOutboundRoutes = (params: QueryParams) => usePagedList<OutboundRoute>('outbound-routes', params);
export const useCreateOutboundRoute = () =>
  useCreate<Input<typeof createOutboundRouteBody>, OutboundRoute>('outbound-routes');
export const useUpdateOutboundRoute = () =>
  useUpdate<Input<typeof updateOutboundRouteBody>, OutboundRoute>('outbound-routes');
export const useDeleteOutboundRoute = () => useRemove('outbound-routes');

/** Moves routes: the ids in their new order (priorities 10, 20, …). */
export function useReorderRoutes(resource: 'inbound-routes' | 'outbound-routes') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => api.post<unknown>(`/api/${resource}/reorder`, { ids }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [resource] }),
  });
}

export function useCallClasses(enabled = true) {
  return useQuery({
    queryKey: ['call-classes'],
    queryFn: () => api.get<ExtensionCallClasses[]>('/api/call-classes'),
    enabled,
  });
}
export function useSetCallClasses() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, classes }: { id: string; classes: string[] }) =>
      api.put<ExtensionCallClasses>(`/api/call-classes/${id}`, { classes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['call-classes'] }),
  });
}
export function useFraudLimits(enabled = true) {
  return useQuery({
    queryKey: ['fraud-limits'],
    queryFn: () => api.get<FraudLimits>('/api/fraud-limits'),
    enabled,
  });
}
export function useUpdateFraudLimits() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Input<typeof updateFraudLimitsBody>) => api.patch<FraudLimits>('/api/fraud-limits', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['fraud-limits'] }),
  });
}

export const useRefusedCalls = (params: QueryParams) => usePagedList<RefusedCallView>('refused-calls', params);

// ---- black and red lists ----
export const useNumberLists = (params: QueryParams) => usePagedList<NumberListView>('number-lists', params);
export const useCreateNumberListEntry = () =>
  useCreate<Input<typeof createNumberListEntryBody>, NumberListView>('number-lists');
export const useUpdateNumberListEntry = () =>
  useUpdate<Input<typeof updateNumberListEntryBody>, NumberListView>('number-lists');
export const useDeleteNumberListEntry = () => useRemove('number-lists');
export const useReviewNumberListEntry = () =>
  useItemAction<Input<typeof reviewNumberListEntryBody>>('number-lists', 'review');
export function useImportNumberList() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ list, file }: { list: string; file: File }) => {
      const form = new FormData();
      form.append('file', file);
      return api.upload<{ created: number }>(`/api/number-lists/import?list=${encodeURIComponent(list)}`, form);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['number-lists'] }),
  });
}
export const NUMBER_LIST_TEMPLATE_URL = '/api/number-lists/template';

// ---- caller IDs (主叫号码) ----
export const useCallerIds = (params: QueryParams) => usePagedList<CallerIdView>('caller-ids', params);
export function useVerifiedCallerIds(enabled = true) {
  return useQuery({
    queryKey: ['caller-ids', 'verified'],
    queryFn: async () =>
      (await api.get<{ items: CallerIdView[] }>('/api/caller-ids', { status: 'verified', pageSize: 100 })).items,
    enabled,
  });
}
export const useCreateCallerId = () => useCreate<Input<typeof createCallerIdNumberBody>, CallerIdView>('caller-ids');
export const useUpdateCallerId = () => useUpdate<Input<typeof updateCallerIdNumberBody>, CallerIdView>('caller-ids');
export const useDeleteCallerId = () => useRemove('caller-ids');
export const useStartVoiceVerification = () => useItemAction<undefined>('caller-ids', 'voice-verification');
export const useVerifyCallerIdCode = () => useItemAction<{ code: string }>('caller-ids', 'verify');
export const useCallerIdReviews = (params: QueryParams) =>
  usePagedList<CallerIdReviewItem>('caller-id-reviews', params);
export function useReviewCallerId() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Input<typeof reviewCallerIdBody> }) =>
      api.post<CallerIdView>(`/api/caller-id-reviews/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['caller-id-reviews'] }),
  });
}

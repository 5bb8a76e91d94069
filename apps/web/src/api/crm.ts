import type {
  AssignResult,
  bulkUpdateCustomersBody,
  CrmSettings,
  Customer,
  CustomerDetail,
  CustomField,
  createCustomerBody,
  customFieldBody,
  DictionaryItem,
  DictionaryType,
  DuplicateGroup,
  dictionaryItemBody,
  dictionaryTypeBody,
  ImportJob,
  ImportRowError,
  recycleBody,
  transferBody,
  updateCustomerBody,
  updateCustomFieldBody,
} from '@hujiao/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { dictionaryItemLabel } from '../i18n/seeded-names.ts';
import { useCan } from '../utils/use-can.ts';
import { api, buildQuery, type QueryParams } from './client.ts';
import { type Input, useCreate, usePagedList, useRemove, useUpdate } from './crud.ts';

export type CreateCustomerBody = Input<typeof createCustomerBody>;
export type UpdateCustomerBody = Input<typeof updateCustomerBody>;
export type BulkUpdateBody = Input<typeof bulkUpdateCustomersBody>;
export type CustomFieldBody = Input<typeof customFieldBody>;
export type UpdateCustomFieldBody = Input<typeof updateCustomFieldBody>;
export type DictionaryTypeBody = Input<typeof dictionaryTypeBody>;
export type DictionaryItemBody = Input<typeof dictionaryItemBody>;
export type RecycleBody = Input<typeof recycleBody>;
export type TransferBody = Input<typeof transferBody>;
/** Assign body without the zod refinement type noise. */
export interface AssignRequest {
  mode: 'even' | 'count';
  customerIds?: string[];
  agentIds?: string[];
  counts?: Array<{ agentId: string; count: number }>;
}

/** Every query key of the CRM: invalidated together after ownership changes. */
const CRM_KEYS = ['customers', 'public-pool', 'follow-ups', 'appointments'];

function useInvalidate() {
  const queryClient = useQueryClient();
  return useCallback(
    (keys: string[] = CRM_KEYS) => {
      for (const key of keys) void queryClient.invalidateQueries({ queryKey: [key] });
    },
    [queryClient],
  );
}

/** POST returning JSON; invalidates the CRM lists on success. */
function usePost<B, R>(path: string, keys?: string[]) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: B) => api.post<R>(path, body), onSuccess: () => invalidate(keys) });
}

// ---- data dictionary (数据字典) ----
export function useDictionaries(enabled = true) {
  return useQuery({
    queryKey: ['dictionaries'],
    queryFn: () => api.get<DictionaryType[]>('/api/dictionaries'),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * Choices and labels of one dictionary type (`followUpType`, `ticketStatus`, ...), in the current language while
 * an item is still the built-in one (see i18n/seeded-names.ts); `items` are as stored.
 */
export function useDictionary(code: string | null | undefined) {
  const { t } = useTranslation();
  const can = useCan();
  const { data } = useDictionaries(can('dictionary:view'));
  const type = data?.find((d) => d.code === code);
  const items: DictionaryItem[] = type?.items ?? [];
  const text = (i: DictionaryItem) => (type?.builtin ? dictionaryItemLabel(t, type.code, i) : i.label);
  const options = items.filter((i) => i.enabled).map((i) => ({ value: i.value, label: text(i) }));
  const label = (value: string | null | undefined) => {
    const item = value ? items.find((i) => i.value === value) : undefined;
    return item ? text(item) : value || '-';
  };
  return { options, label, items };
}

export const useCreateDictionary = () => useCreate<DictionaryTypeBody, DictionaryType>('dictionaries');
export const useUpdateDictionary = () => useUpdate<{ name: string }, DictionaryType>('dictionaries');
export const useDeleteDictionary = () => useRemove('dictionaries');
export function useCreateDictionaryItem() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ typeId, body }: { typeId: string; body: DictionaryItemBody }) =>
      api.post<DictionaryItem>(`/api/dictionaries/${typeId}/items`, body),
    onSuccess: () => invalidate(['dictionaries']),
  });
}
export const useUpdateDictionaryItem = () =>
  useUpdate<Partial<DictionaryItemBody>, DictionaryItem>('dictionary-items', ['dictionaries']);
export const useDeleteDictionaryItem = () => useRemove('dictionary-items', ['dictionaries']);

// ---- custom fields (自定义字段) ----
export function useCustomFields(enabled = true) {
  return useQuery({
    queryKey: ['custom-fields'],
    queryFn: () => api.get<CustomField[]>('/api/custom-fields'),
    enabled,
    staleTime: 30_000,
  });
}
export const useCreateCustomField = () => useCreate<CustomFieldBody, CustomField>('custom-fields', ['customers']);
export const useUpdateCustomField = () => useUpdate<UpdateCustomFieldBody, CustomField>('custom-fields', ['customers']);
export const useDeleteCustomField = () => useRemove('custom-fields', ['customers']);

// ---- customers (客户) ----
export const useCustomers = (params: QueryParams) => usePagedList<Customer>('customers', params);
export function useCustomer(id: string | null | undefined) {
  return useQuery({
    queryKey: ['customers', 'one', id],
    queryFn: () => api.get<CustomerDetail>(`/api/customers/${id}`),
    enabled: !!id,
  });
}
export const useCreateCustomer = () => useCreate<CreateCustomerBody, CustomerDetail>('customers');
export const useUpdateCustomer = () => useUpdate<UpdateCustomerBody, CustomerDetail>('customers');
export const useDeleteCustomer = () => useRemove('customers');
export const useBulkUpdateCustomers = () => usePost<BulkUpdateBody, { count: number }>('/api/customers/bulk-update');
export const useBulkDeleteCustomers = () => usePost<{ ids: string[] }, { count: number }>('/api/customers/bulk-delete');
export const useMergeCustomers = () =>
  usePost<{ keepId: string; mergeIds: string[] }, CustomerDetail>('/api/customers/merge');
export function useDuplicates(enabled: boolean) {
  return useQuery({
    queryKey: ['customers', 'duplicates'],
    queryFn: () => api.get<DuplicateGroup[]>('/api/customers/duplicates'),
    enabled,
  });
}

// ---- import / export ----
export interface ImportRequest {
  file: File;
  dedup: string;
  blacklist: string;
  batch?: string;
  ownerId?: string;
  publicPool?: boolean;
}

export function useStartImport() {
  return useMutation({
    mutationFn: (r: ImportRequest) => {
      const form = new FormData();
      // Option fields first: the server reads the multipart stream in order and streams the file part.
      form.append('dedup', r.dedup);
      form.append('blacklist', r.blacklist);
      if (r.batch) form.append('batch', r.batch);
      if (r.ownerId) form.append('ownerId', r.ownerId);
      if (r.publicPool) form.append('publicPool', 'true');
      form.append('file', r.file, r.file.name);
      return api.upload<ImportJob>('/api/customers/import', form);
    },
  });
}

/** Polls an import job every second until it finishes. */
export function useImportJob(id: string | null) {
  const invalidate = useInvalidate();
  return useQuery({
    queryKey: ['import-jobs', id],
    queryFn: async () => {
      const job = await api.get<ImportJob>(`/api/customers/import/${id}`);
      if (job.status === 'succeeded' || job.status === 'failed') invalidate(['customers']);
      return job;
    },
    enabled: id !== null,
    refetchInterval: (q) => {
      const status = q.state.data?.status;
      return status === 'succeeded' || status === 'failed' ? false : 1000;
    },
  });
}

export function useImportErrors(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['import-jobs', id, 'errors'],
    queryFn: () => api.get<{ items: ImportRowError[]; total: number }>(`/api/customers/import/${id}/errors`),
    enabled: id !== null && enabled,
  });
}

export const importTemplateUrl = (format: 'csv' | 'xlsx') => `/api/customers/import-template?format=${format}`;
export const importErrorsUrl = (id: string) => `/api/customers/import/${encodeURIComponent(id)}/errors.csv`;
export const exportUrl = (format: 'csv' | 'xlsx', params: QueryParams) =>
  `/api/customers/export${buildQuery({ ...params, page: undefined, pageSize: undefined, format })}`;

// ---- ownership (分配, 回收, 资料转移, 公海) ----
export const useAssign = () => usePost<AssignRequest, AssignResult>('/api/customers/assign');
export const useRecycle = () => usePost<RecycleBody, { count: number }>('/api/customers/recycle');
export const useTransfer = () => usePost<TransferBody, { count: number }>('/api/customers/transfer');
export const useRelease = () => usePost<{ ids: string[] }, { count: number }>('/api/customers/release');
export const usePublicPool = (params: QueryParams) => usePagedList<Customer>('public-pool', params);
export const useClaim = () =>
  usePost<{ ids: string[] }, { claimed: number; remainingToday: number | null }>('/api/public-pool/claim');
export const useRunPoolReturn = () => usePost<Record<string, never>, { count: number }>('/api/public-pool/run-return');
export function useCrmSettings(enabled = true) {
  return useQuery({
    queryKey: ['crm-settings'],
    queryFn: () => api.get<CrmSettings>('/api/crm-settings'),
    enabled,
  });
}
export function useUpdateCrmSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CrmSettings>) => api.put<CrmSettings>('/api/crm-settings', body),
    onSuccess: (data) => queryClient.setQueryData(['crm-settings'], data),
  });
}

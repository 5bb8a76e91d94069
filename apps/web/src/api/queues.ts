import type { createQueueBody, Queue, updateQueueBody } from '@hujiao/shared';
import type { QueryParams } from './client.ts';
import { type Input, useCreate, useOptions, usePagedList, useRemove, useUpdate } from './crud.ts';

// ---- 技能组 (queues) ----
export const useQueues = (params: QueryParams) => usePagedList<Queue>('queues', params);
export const useQueueOptions = (enabled = true) => useOptions<Queue>('queues', enabled);
export const useCreateQueue = () => useCreate<Input<typeof createQueueBody>, Queue>('queues');
export const useUpdateQueue = () => useUpdate<Input<typeof updateQueueBody>, Queue>('queues');
export const useDeleteQueue = () => useRemove('queues');

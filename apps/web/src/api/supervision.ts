import type { MonitoredAgent, MonitoredQueue, SupervisionAction } from '@hujiao/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { MONITOR_AGENTS_KEY, MONITOR_QUEUES_KEY } from '../realtime/live-cache.ts';
import { api } from './client.ts';

/** 坐席监控's rows: pushed by the live channel (topic monitor-agents), never fetched. */
export function useMonitoredAgents() {
  return useQuery<MonitoredAgent[]>({
    queryKey: MONITOR_AGENTS_KEY,
    queryFn: () => [],
    enabled: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** 技能组监控's rows: pushed by the live channel (topic monitor-queues), never fetched. */
export function useMonitoredQueues() {
  return useQuery<MonitoredQueue[]>({
    queryKey: MONITOR_QUEUES_KEY,
    queryFn: () => [],
    enabled: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** 班长强制操作 on one agent. */
export function useSupervise() {
  return useMutation({
    mutationFn: ({ agentId, action }: { agentId: string; action: SupervisionAction }) =>
      api.post<{ legId: string | null }>(`/api/supervision/agents/${agentId}`, action),
  });
}

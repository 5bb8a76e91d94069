import type { AgentCall, AgentDay, AgentStateInput, AgentStateView, QueueWaiting } from '@hujiao/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AGENT_CALL_KEY, AGENT_STATE_KEY, AGENT_TODAY_KEY, QUEUE_WAITING_KEY } from '../realtime/live-cache.ts';
import { useFallbackRefetch } from '../realtime/live-status.ts';
import { api } from './client.ts';

/** The signed-in agent's own state (置闲, 置忙, 振铃, 通话, 话后 …): pushed; re-read slowly only while the socket is down. */
export function useAgentState(enabled = true) {
  return useQuery({
    queryKey: AGENT_STATE_KEY,
    queryFn: () => api.get<AgentStateView>('/api/agent/state'),
    enabled,
    refetchInterval: useFallbackRefetch(),
  });
}

export function useSetAgentState() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AgentStateInput) => api.put<AgentStateView>('/api/agent/state', body),
    onSuccess: (state) => queryClient.setQueryData(AGENT_STATE_KEY, state),
  });
}

/** The agent's call as the CTI pushes it (null: on no call); never fetched, the live channel writes it. */
export function useAgentCall() {
  return useQuery<AgentCall | null>({
    queryKey: AGENT_CALL_KEY,
    queryFn: () => null,
    enabled: false,
    initialData: null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Callers waiting in the agent's queues (工作组排队数), pushed. */
export function useQueueWaiting() {
  return useQuery<QueueWaiting[]>({
    queryKey: QUEUE_WAITING_KEY,
    queryFn: () => [],
    enabled: false,
    initialData: [],
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The start of the agent's "today" in their own time zone. */
export function localMidnight(now = new Date()): string {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

/** Today's in/out/missed counts and the last call (状态条); read again when a call of the agent ends. */
export function useAgentToday(enabled: boolean) {
  return useQuery({
    queryKey: AGENT_TODAY_KEY,
    queryFn: () => api.get<AgentDay>('/api/agent/today', { since: localMidnight() }),
    enabled,
    refetchInterval: useFallbackRefetch(),
  });
}

import type { AgentStateInput, AgentStateView } from '@hujiao/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AGENT_STATE_KEY } from '../realtime/live-cache.ts';
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

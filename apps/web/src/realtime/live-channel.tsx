import type { LiveTopic } from '@hujiao/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ME_KEY } from '../api/auth.ts';
import { applyLiveMessage } from './live-cache.ts';
import { setCommandSocket } from './live-commands.ts';
import { LiveSocket } from './live-socket.ts';
import { setLiveState } from './live-status.ts';

export interface LiveUser {
  isPlatform: boolean;
  permissions: readonly string[];
}

/** The topics this user may see (the server checks again and refuses the others). */
export function topicsFor(user: LiveUser): LiveTopic[] {
  const topics: LiveTopic[] = [];
  if (user.permissions.includes('trunk:view')) topics.push('trunk-status');
  if (user.permissions.includes('extension:view')) topics.push('extension-registration');
  if (!user.isPlatform) topics.push('voicemail-count', 'agent-state', 'agent-call', 'queue-waiting');
  if (user.permissions.includes('supervision:intervene')) topics.push('monitor-agents', 'monitor-queues');
  return topics;
}

/**
 * The provider of live data: keeps the tab's one WebSocket while a user is signed in (mounted in the app layout,
 * renders nothing) and writes what it brings into the query cache under the keys the pages read, so pages keep
 * their queries; its state (live / reconnecting) is what useLiveState() returns.
 */
export function LiveChannel({ user }: { user: LiveUser }) {
  const queryClient = useQueryClient();
  const key = topicsFor(user).join(',');

  useEffect(() => {
    if (!key) return;
    const socket = new LiveSocket({
      topics: key.split(',') as LiveTopic[],
      onMessage: (m) => applyLiveMessage(queryClient, m),
      onState: setLiveState,
      onUnauthenticated: () => void queryClient.invalidateQueries({ queryKey: ME_KEY }),
    });
    socket.start();
    setCommandSocket(socket);
    return () => {
      setCommandSocket(null);
      socket.stop();
    };
  }, [key, queryClient]);

  return null;
}

import type { CtiCallCommand } from '@hujiao/shared';
import { useCallback, useState } from 'react';
import type { LiveCommandResult, LiveSocket } from './live-socket.ts';

// The tab's one socket (set by LiveChannel) is where CTI commands go: no provider to wrap the pages in.
let socket: LiveSocket | null = null;

export function setCommandSocket(s: LiveSocket | null): void {
  socket = s;
}

/** Sends a call command on the live channel; `{ok: false, error: ''}` when there is no live socket. */
export function sendCallCommand(command: CtiCallCommand): Promise<LiveCommandResult> {
  return socket ? socket.command({ type: 'call', command }) : Promise.resolve({ ok: false, error: '' });
}

/**
 * A call command for a button: `run(command)` sends it, `pending` names the action under way (its button spins),
 * `onError` is told the server's reason (empty when the channel is down: the caller words that).
 */
export function useCallCommand(onError: (reason: string) => void) {
  const [pending, setPending] = useState<CtiCallCommand['action'] | null>(null);
  const run = useCallback(
    async (command: CtiCallCommand): Promise<boolean> => {
      setPending(command.action);
      try {
        const result = await sendCallCommand(command);
        if (!result.ok) onError(result.error);
        return result.ok;
      } finally {
        setPending(null);
      }
    },
    [onError],
  );
  return { run, pending };
}

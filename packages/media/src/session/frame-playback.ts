import type { MediaClock } from './media-clock.ts';
import type { RtpSession } from './rtp-session.ts';

export interface FramePlaybackOptions {
  session: RtpSession;
  clock: MediaClock;
  /** Returns the next payload (e.g. 160 octets of G.711), or undefined when the media is finished. */
  next: () => Buffer | undefined;
  payloadType: number;
  /** Timestamp increment per frame; default the payload length (G.711). */
  samplesPerFrame?: number;
  onEnd?: () => void;
}

/** Sends one frame per clock tick on the session until the source ends or the returned stop() is called. */
export function startFramePlayback(options: FramePlaybackOptions): () => void {
  let stopped = false;
  const sendOptions = { payloadType: options.payloadType, samples: options.samplesPerFrame };
  const unsubscribe = options.clock.subscribe(() => {
    if (stopped) return;
    const payload = options.next();
    if (!payload) {
      stop();
      options.onEnd?.();
      return;
    }
    options.session.sendPayload(payload, sendOptions);
  });
  function stop(): void {
    if (stopped) return;
    stopped = true;
    unsubscribe();
  }
  return stop;
}

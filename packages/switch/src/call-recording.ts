import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RecorderChannel, StereoWavRecorder } from '@hujiao/media';
import type { MediaEndpoint } from './media-endpoint.ts';
import type { SwitchLogger } from './types.ts';

/** Folders already made for recordings (one per tenant and day): no mkdir per call at hundreds of calls/s. */
const madeDirectories = new Set<string>();
async function ensureDirectory(dir: string): Promise<void> {
  if (madeDirectories.has(dir)) return;
  await mkdir(dir, { recursive: true });
  if (madeDirectories.size > 10_000) madeDirectories.clear();
  madeDirectories.add(dir);
}

/**
 * How far a channel may trail the wall clock before the recorder fills it with silence. The mixer and playback
 * write on the MediaClock, which delivers late ticks in bursts (up to 5 frames, 100 ms) after the event loop ran
 * late: with the recorder's default of 120 ms a loaded machine cut a conference's mix with silence about once a
 * second. A real gap (hold, loss) is still filled, 250 ms in.
 */
const MAX_LAG_MS = 250;

async function createRecorder(path: string): Promise<StereoWavRecorder> {
  await ensureDirectory(dirname(path));
  try {
    return await StereoWavRecorder.create(path, { maxLagMs: MAX_LAG_MS });
  } catch (err) {
    // The folder went away since we made it (e.g. a retention clean-up): make it again, once.
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
    madeDirectories.delete(dirname(path));
    await ensureDirectory(dirname(path));
    return StereoWavRecorder.create(path, { maxLagMs: MAX_LAG_MS });
  }
}

/**
 * One stereo WAV for the whole call, seen from an anchor leg: left = what the anchor says, right = what it
 * hears (the other party, a conference's mix, music on hold). Because it listens to the anchor's taps rather than
 * to a bridge, it follows the call through re-bridges, transfers, holds and conferences; when the anchor leaves
 * and the call goes on, the recording moves to another leg and keeps writing the same file.
 */
export class CallRecording {
  private recorder: Promise<StereoWavRecorder | null>;
  private anchor: MediaEndpoint | null = null;
  private unsubscribe: Array<() => void> = [];
  private closed = false;

  constructor(
    readonly path: string,
    private readonly logger: SwitchLogger,
  ) {
    this.recorder = createRecorder(path).catch((err: unknown) => {
      logger.warn({ err: String(err), path }, 'cannot record');
      return null;
    });
  }

  get anchored(): MediaEndpoint | null {
    return this.anchor;
  }

  /** Records from `endpoint`'s point of view from now on. */
  follow(endpoint: MediaEndpoint): void {
    if (this.closed || this.anchor === endpoint) return;
    this.detach();
    this.anchor = endpoint;
    void this.recorder.then((rec) => {
      if (!rec || this.closed || this.anchor !== endpoint) return;
      this.unsubscribe = [
        endpoint.said.subscribe((pcm) => rec.write(RecorderChannel.CALLER, pcm)),
        endpoint.heard.subscribe((pcm) => rec.write(RecorderChannel.CALLEE, pcm)),
      ];
    });
  }

  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.anchor = null;
  }

  /** Closes the file; resolves with its path, or null when nothing could be recorded. */
  async close(): Promise<string | null> {
    this.closed = true;
    this.detach();
    const rec = await this.recorder;
    if (!rec) return null;
    await rec.close().catch((err: unknown) => this.logger.warn({ err: String(err) }, 'cannot close recording'));
    return this.path;
  }
}

import { execFileSync } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * A fake microphone for Chromium (--use-file-for-fake-audio-capture): a sine of `hz` at sox's vol 0.2 (RMS 4634 in
 * 16 bits), 48 kHz mono as Chromium captures, long enough for a whole test file.
 */
export function micWav(file: string, hz: number, seconds = 180): void {
  const synth = ['synth', String(seconds), 'sine', String(hz), 'vol', '0.2'];
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, ...synth]);
}

/** The RMS of micWav's sine in 16-bit samples. */
export const MIC_RMS = 4634;

type Captured = { __remoteTracks: MediaStreamTrack[]; __pcs: RTCPeerConnection[] };

/**
 * Keeps every remote audio track the page's RTCPeerConnections receive (window.__remoteTracks) and the connections
 * themselves, so a test can measure what the browser phone hears without the product exposing it; `relayOnly`
 * makes them use TURN relays only (a network where nothing else gets through). Call before the page loads.
 */
export async function captureRemoteAudio(context: BrowserContext, relayOnly = false): Promise<void> {
  await context.addInitScript((relayOnly: boolean) => {
    const w = window as unknown as Captured;
    w.__remoteTracks = [];
    w.__pcs = [];
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(relayOnly ? { ...config, iceTransportPolicy: 'relay' } : config);
        w.__pcs.push(this);
        this.addEventListener('track', (e) => {
          if (e.track.kind === 'audio') w.__remoteTracks.push(e.track);
        });
      }
    } as typeof RTCPeerConnection;
  }, relayOnly);
}

/** The candidate types (host, srflx, relay) of the latest connection's selected pair: [local, remote]. */
export async function selectedCandidates(page: Page): Promise<[string, string] | null> {
  return page.evaluate(async () => {
    const pc = (window as unknown as Captured).__pcs.at(-1);
    if (!pc) return null;
    const stats: Array<Record<string, unknown>> = [];
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      stats.push(s);
    });
    const pair = stats.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
    const type = (id: unknown) => String(stats.find((s) => s.id === id)?.candidateType);
    return pair ? [type(pair.localCandidateId), type(pair.remoteCandidateId)] : null;
  });
}

/**
 * What the page hears on its latest remote track, by a Web Audio analyser: the level (dBFS) at each of `hz`,
 * sampled every 100 ms over `ms`, as the median of the samples.
 */
export async function heardInPage(page: Page, hz: number[], ms = 2000): Promise<number[]> {
  return page.evaluate(
    async ({ hz, ms }) => {
      const track = (window as unknown as Captured).__remoteTracks.at(-1);
      if (!track) return hz.map(() => -200);
      const ctx = new AudioContext({ sampleRate: 8000 });
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      const bins = new Float32Array(analyser.frequencyBinCount);
      const samples: number[][] = [];
      for (let t = 0; t < ms; t += 100) {
        await new Promise((r) => setTimeout(r, 100));
        analyser.getFloatFrequencyData(bins);
        samples.push(hz.map((f) => Math.max(-200, bins[Math.round((f * analyser.fftSize) / ctx.sampleRate)] ?? -200)));
      }
      await ctx.close();
      return hz.map((_, i) => {
        const sorted = samples.map((s) => s[i] ?? -200).sort((a, b) => a - b);
        return sorted[Math.floor(sorted.length / 2)] ?? -200;
      });
    },
    { hz, ms },
  );
}

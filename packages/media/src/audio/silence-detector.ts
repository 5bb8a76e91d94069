/**
 * Energy-based voice activity over PCM frames, for a record verb's "stop on silence" and voicemail: each frame's
 * RMS level is compared with a threshold in dBFS; speech must last `minSpeechMs` to count (a click or a burst of
 * line noise does not), and silence is reported once it has lasted `holdMs` after speech (or `initialHoldMs` when
 * nobody has spoken yet). Levels follow level.ts: a full-scale sine is -3 dBFS, so G.711 idle noise sits well
 * below -60 dBFS and speech at about -30..-15 dBFS.
 */
export const SilenceEvent = { SPEECH: 'speech', SILENCE: 'silence' } as const;
export type SilenceEvent = (typeof SilenceEvent)[keyof typeof SilenceEvent];

export const VoiceState = { WAITING: 'waiting', SPEECH: 'speech', SILENCE: 'silence' } as const;
export type VoiceState = (typeof VoiceState)[keyof typeof VoiceState];

export interface SilenceDetectorOptions {
  /** Frames below this RMS level are silence. Default -45 dBFS. */
  thresholdDbfs?: number;
  /** Silence after speech that ends the utterance. Default 2000 ms. */
  holdMs?: number;
  /** Silence from the start (nobody spoke yet) that counts as silence. Default holdMs. */
  initialHoldMs?: number;
  /** Loud audio must last this long to be speech. Default 60 ms. */
  minSpeechMs?: number;
  sampleRate?: number;
}

export class SilenceDetector {
  readonly thresholdDbfs: number;
  private readonly threshold2: number;
  private readonly holdSamples: number;
  private readonly initialHoldSamples: number;
  private readonly minSpeechSamples: number;
  readonly sampleRate: number;
  private voiceState: VoiceState = VoiceState.WAITING;
  private loudRun = 0;
  private quietRun = 0;
  private spoken = false;
  private total = 0;

  constructor(options: SilenceDetectorOptions = {}) {
    this.sampleRate = options.sampleRate ?? 8000;
    this.thresholdDbfs = options.thresholdDbfs ?? -45;
    // Compare mean squares instead of taking a root and a logarithm per frame.
    const rmsThreshold = 32768 * 10 ** (this.thresholdDbfs / 20);
    this.threshold2 = rmsThreshold * rmsThreshold;
    const holdMs = options.holdMs ?? 2000;
    this.holdSamples = this.samples(holdMs);
    this.initialHoldSamples = this.samples(options.initialHoldMs ?? holdMs);
    this.minSpeechSamples = this.samples(options.minSpeechMs ?? 60);
  }

  get state(): VoiceState {
    return this.voiceState;
  }

  /** Whether speech was detected since the start (or reset()). */
  get heardSpeech(): boolean {
    return this.spoken;
  }

  /** Length of the current run of silence in ms. */
  get silentMs(): number {
    return (this.quietRun * 1000) / this.sampleRate;
  }

  /** Audio pushed so far in ms. */
  get elapsedMs(): number {
    return (this.total * 1000) / this.sampleRate;
  }

  /** Feeds one frame (any length); returns the event this frame caused, if any. */
  push(pcm: Int16Array): SilenceEvent | undefined {
    const n = pcm.length;
    if (n === 0) return undefined;
    this.total += n;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const s = pcm[i] as number;
      sum += s * s;
    }
    const speaking = this.voiceState === VoiceState.SPEECH;
    if (sum / n >= this.threshold2) {
      this.loudRun += n;
      if (speaking) this.quietRun = 0;
      else if (this.loudRun >= this.minSpeechSamples) {
        this.voiceState = VoiceState.SPEECH;
        this.spoken = true;
        this.quietRun = 0;
        return SilenceEvent.SPEECH;
      }
      return undefined;
    }
    // Outside speech, a loud run shorter than minSpeechMs was a click: it counts as part of the silence.
    if (!speaking) this.quietRun += this.loudRun;
    this.loudRun = 0;
    this.quietRun += n;
    if (this.voiceState === VoiceState.SILENCE) return undefined;
    if (this.quietRun >= (this.spoken ? this.holdSamples : this.initialHoldSamples)) {
      this.voiceState = VoiceState.SILENCE;
      return SilenceEvent.SILENCE;
    }
    return undefined;
  }

  reset(): void {
    this.voiceState = VoiceState.WAITING;
    this.loudRun = 0;
    this.quietRun = 0;
    this.spoken = false;
    this.total = 0;
  }

  private samples(ms: number): number {
    return Math.max(1, Math.round((ms * this.sampleRate) / 1000));
  }
}

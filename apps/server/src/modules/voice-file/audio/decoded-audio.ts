/** Audio decoded from an upload: one Float32Array per channel, samples in [-1, 1]. */
export interface DecodedAudio {
  sampleRate: number;
  channels: Float32Array[];
  /** For the record, e.g. "WAV PCM 16-bit 44100 Hz 2 ch". */
  description: string;
}

export type ConversionFailure =
  | { kind: 'not-audio' }
  | { kind: 'unsupported-encoding'; encoding: string }
  | { kind: 'empty' }
  | { kind: 'too-long'; maxSeconds: number };

/** Why an upload cannot become a voice file; the service turns it into a coded, translated error. */
export class ConversionError extends Error {
  constructor(readonly failure: ConversionFailure) {
    super(failure.kind);
    this.name = 'ConversionError';
  }
}

/** Averages the channels into one. */
export function downmix(channels: Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const ch of channels) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (ch[i] ?? 0);
  const k = 1 / channels.length;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * k;
  return out;
}

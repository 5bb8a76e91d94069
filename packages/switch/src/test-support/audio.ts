import { execFileSync } from 'node:child_process';
import { parseWav, rms } from '@hujiao/media';

/** Mono 16-bit samples of a WAV (channel `ch` of a stereo one). */
export function wavChannel(wav: Buffer, ch = 0): Int16Array {
  const r = parseWav(wav);
  if (!r.ok) throw new Error(`not a WAV: ${r.error}`);
  const { samples, channels } = r.value;
  const out = new Int16Array(Math.floor(samples.length / channels));
  for (let i = 0; i < out.length; i++) out[i] = samples[i * channels + ch] as number;
  return out;
}

/** RMS of the middle third of a signal (skips ringing, call set-up and tear-down). */
export function middleRms(samples: Int16Array): number {
  const third = Math.floor(samples.length / 3);
  return rms(samples.subarray(third, 2 * third));
}

/** A 60 s 8 kHz mono tone made with sox: longer than any test call (baresip hangs up at the end of its source). */
export function writeTone(file: string, hz: number, volume: number): void {
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed-integer',
    file,
    'synth',
    '60',
    'sine',
    String(hz),
    'vol',
    String(volume),
  ]);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWav, toneLevels } from '@hujiao/media';
import { describe, expect, it } from 'vitest';
import { type FixtureEncoding, makeWav, sine } from '../test-support/wav-fixtures.ts';
import { convertUpload } from './convert.ts';
import { ConversionError } from './decoded-audio.ts';
import { resample } from './resample.ts';

const FIXTURES = join(import.meta.dirname, '..', 'test-support');

/** Level of `hz` in the middle second of 8 kHz audio, relative to all its energy (1 = a pure tone). */
function toneAt(samples: Int16Array, hz: number) {
  const mid = samples.subarray(samples.length / 2 - 4000, samples.length / 2 + 4000);
  return toneLevels(mid, 8000, [hz])[0] ?? { relative: 0, amplitude: 0, dbfs: -Infinity, frequency: hz };
}

async function converted(buf: Buffer) {
  const c = await convertUpload(buf, 600);
  const wav = parseWav(c.wav);
  if (!wav.ok) throw new Error(wav.error);
  return { ...c, audio: wav.value };
}

function rmsOf(x: Float32Array, from = 0, to = x.length) {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s / (to - from));
}

describe('voice-file conversion to 8 kHz mono 16-bit WAV', () => {
  const cases: Array<[number, number, FixtureEncoding]> = [
    [8000, 1, 'pcm16'],
    [16000, 1, 'pcm16'],
    [44100, 2, 'pcm16'],
    [48000, 2, 'pcm24'],
    [22050, 1, 'pcm8'],
    [32000, 1, 'pcm32'],
    [48000, 1, 'float32'],
    [8000, 1, 'alaw'],
    [8000, 2, 'ulaw'],
  ];
  it.each(cases)('%i Hz, %i channel(s), %s: a 1 kHz tone stays 1 kHz, 2 s stay 2 s', async (rate, ch, enc) => {
    const channels = Array.from({ length: ch }, () => sine(rate, 2, 1000, 0.3));
    const c = await converted(makeWav(channels, rate, enc));
    expect(c.audio).toMatchObject({ sampleRate: 8000, channels: 1, encoding: 'pcm16' });
    expect(c.originalFormat).toBe('wav');
    expect(c.durationMs).toBe(2000);
    const level = toneAt(c.audio.samples, 1000);
    expect(level.relative).toBeGreaterThan(0.98);
    // Peak normalised to -3 dBFS (0.708 of full scale): the tone's amplitude is close to it.
    expect(level.amplitude / 32768).toBeGreaterThan(0.66);
    expect(level.amplitude / 32768).toBeLessThan(0.72);
  });

  it('describes what was uploaded', async () => {
    const c = await converted(makeWav([sine(44100, 1, 440), sine(44100, 1, 440)], 44100, 'pcm16'));
    expect(c.originalDescription).toBe('WAV PCM 16-bit 44100 Hz 2 ch');
    const a = await converted(makeWav([sine(8000, 1, 440)], 8000, 'alaw'));
    expect(a.originalDescription).toBe('WAV A-law 8000 Hz 1 ch');
  });

  it('a stereo file with the tone on one channel only keeps it (downmix, not left channel)', async () => {
    const c = await converted(makeWav([new Float32Array(48000), sine(48000, 1, 1000)], 48000, 'pcm16'));
    expect(toneAt(c.audio.samples, 1000).relative).toBeGreaterThan(0.98);
  });

  it('a quiet file is raised by at most 12 dB, a loud one lowered to -3 dBFS', async () => {
    const quiet = await converted(makeWav([sine(8000, 1, 1000, 0.01)], 8000, 'pcm16'));
    expect(quiet.gainDb).toBeCloseTo(12, 1);
    expect(toneAt(quiet.audio.samples, 1000).amplitude / 32768).toBeCloseTo(0.01 * 10 ** 0.6, 2);
    const loud = await converted(makeWav([sine(8000, 1, 1000, 0.99)], 8000, 'pcm16'));
    expect(loud.gainDb).toBeLessThan(-2.8);
  });

  it('decodes an MP3 (32 kHz stereo, 1 kHz) through mpg123', async () => {
    const c = await converted(readFileSync(join(FIXTURES, 'tone-1khz.mp3')));
    expect(c.originalFormat).toBe('mp3');
    expect(c.originalDescription).toBe('MP3 32000 Hz 2 ch');
    expect(Math.abs(c.durationMs - 3000)).toBeLessThan(100); // encoder delay and padding
    expect(toneAt(c.audio.samples, 1000).relative).toBeGreaterThan(0.95);
  });

  it('refuses what is not audio, an unsupported WAV encoding, an empty file and one too long', async () => {
    const kind = async (buf: Buffer, max = 600) =>
      convertUpload(buf, max).then(
        () => 'converted',
        (e: unknown) => (e instanceof ConversionError ? e.failure : String(e)),
      );
    expect(await kind(Buffer.from('name,phone\n张三,13800000000\n'))).toEqual({ kind: 'not-audio' });
    expect(await kind(Buffer.from('%PDF-1.7 ...'.repeat(100)))).toEqual({ kind: 'not-audio' });
    // An MPEG frame header cut short: nothing decodes.
    expect(await kind(Buffer.from([0xff, 0xfb, 0x90, 0x00, 0x55, 0x55]))).toEqual({ kind: 'not-audio' });
    const adpcm = makeWav([sine(8000, 0.1, 440)], 8000, 'pcm16');
    adpcm.writeUInt16LE(2, 20); // format code 2 = MS ADPCM
    expect(await kind(adpcm)).toEqual({ kind: 'unsupported-encoding', encoding: 'format 0x2' });
    expect(await kind(makeWav([new Float32Array(0)], 8000, 'pcm16'))).toEqual({ kind: 'empty' });
    expect(await kind(makeWav([sine(8000, 3, 440)], 8000, 'pcm16'), 2)).toEqual({ kind: 'too-long', maxSeconds: 2 });
    expect(await kind(readFileSync(join(FIXTURES, 'tone-1khz.mp3')), 1)).toEqual({ kind: 'too-long', maxSeconds: 1 });
  });
});

describe('resampler', () => {
  it('attenuates a tone above the new Nyquist frequency (5 kHz at 48 kHz → 8 kHz) by more than 50 dB', () => {
    const input = sine(48000, 1, 5000, 0.5);
    const out = resample(input, 48000, 8000);
    // Sample dropping would leave a 3 kHz alias at full level.
    expect(rmsOf(out, 800, 7200)).toBeLessThan(0.5 * Math.SQRT1_2 * 10 ** (-50 / 20));
    const naive = Float32Array.from({ length: 8000 }, (_, i) => input[i * 6] as number);
    expect(rmsOf(naive)).toBeGreaterThan(0.3);
  });

  it('attenuates 4.4 kHz from 44.1 kHz by more than 40 dB and keeps 3 kHz within 1 dB', () => {
    const alias = resample(sine(44100, 1, 4400, 0.5), 44100, 8000);
    expect(rmsOf(alias, 800, 7200)).toBeLessThan(0.5 * Math.SQRT1_2 * 10 ** (-40 / 20));
    const pass = resample(sine(44100, 1, 3000, 0.5), 44100, 8000);
    const db = 20 * Math.log10(rmsOf(pass, 800, 7200) / (0.5 * Math.SQRT1_2));
    expect(Math.abs(db)).toBeLessThan(1);
  });

  it('keeps the length in time and the frequency when upsampling (6 kHz → 8 kHz)', () => {
    const out = resample(sine(6000, 1, 1000, 0.5), 6000, 8000);
    expect(out.length).toBe(8000);
    const pcm = Int16Array.from(out, (v) => Math.round(v * 32767));
    expect(toneAt(pcm, 1000).relative).toBeGreaterThan(0.99);
  });
});

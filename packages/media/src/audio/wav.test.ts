import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePcmu, encodePcma, encodePcmu, G711Law } from '../codec/g711.ts';
import { relativeTonePower, rms } from './level.ts';
import { decimate16kTo8k } from './resample.ts';
import { RecorderChannel, StereoWavRecorder } from './stereo-wav-recorder.ts';
import { WavFileWriter } from './wav-file-writer.ts';
import { encodeG711Wav, encodeWav, parseWav, type WavAudio } from './wav-format.ts';
import { FRAME_SAMPLES, WavPlayer } from './wav-player.ts';

const dir = await mkdtemp(join(tmpdir(), 'hujiao-media-wav-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function must<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const sine = (freq: number, rate: number, n: number, amp = 8000): Int16Array =>
  Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate)));

describe('WAV format', () => {
  it('writes the canonical 44-byte header and reads it back', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const wav = encodeWav(samples, 8000, 2);
    expect(wav.length).toBe(44 + 12);
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(36 + 12);
    expect(wav.readUInt32LE(28)).toBe(32000); // byte rate
    expect(wav.readUInt32LE(40)).toBe(12);
    const audio = must(parseWav(wav));
    expect(audio).toMatchObject({ encoding: 'pcm16', sampleRate: 8000, channels: 2 });
    expect(Array.from(audio.samples)).toEqual(Array.from(samples));
  });

  it('reads µ-law and A-law WAV as PCM', () => {
    const pcm = sine(1000, 8000, 800);
    const u = must(parseWav(encodeG711Wav(encodePcmu(pcm), 'ulaw')));
    expect(u.encoding).toBe('ulaw');
    expect(Array.from(u.samples)).toEqual(Array.from(decodePcmu(encodePcmu(pcm))));
    const a = must(parseWav(encodeG711Wav(encodePcma(pcm), 'alaw')));
    expect(a.samples.length).toBe(800);
    expect(Math.abs(rms(a.samples) - rms(pcm))).toBeLessThan(100);
  });

  it('skips unknown chunks and reads an unfinalised data size', () => {
    const base = encodeWav(Int16Array.from([5, 6, 7]), 8000);
    const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1'); // odd size, padded
    const withList = Buffer.concat([base.subarray(0, 36), list, base.subarray(36)]);
    expect(Array.from(must(parseWav(withList)).samples)).toEqual([5, 6, 7]);
    const streaming = Buffer.from(base);
    streaming.writeUInt32LE(0, 40);
    expect(Array.from(must(parseWav(streaming)).samples)).toEqual([5, 6, 7]);
  });

  it.each([
    ['short', Buffer.from('RIFF')],
    ['not RIFF', Buffer.from('RIFX0000WAVEfmt ')],
    ['no data', encodeWav(new Int16Array(2), 8000).subarray(0, 36)],
    [
      '8-bit PCM',
      (() => {
        const b = encodeWav(new Int16Array(2), 8000);
        b.writeUInt16LE(8, 34);
        return b;
      })(),
    ],
    [
      'float',
      (() => {
        const b = encodeWav(new Int16Array(2), 8000);
        b.writeUInt16LE(3, 20);
        return b;
      })(),
    ],
    [
      'chunk beyond file',
      (() => {
        const b = encodeWav(new Int16Array(2), 8000);
        b.writeUInt32LE(1000, 16);
        return b;
      })(),
    ],
  ])('rejects %s', (_n, buf) => {
    expect(parseWav(buf).ok).toBe(false);
  });
});

describe('WavFileWriter', () => {
  it('streams samples and fixes the header sizes on close', async () => {
    const path = join(dir, 'mono.wav');
    const w = await WavFileWriter.create(path, 8000, 1);
    w.write(sine(440, 8000, 160));
    w.write(sine(440, 8000, 160));
    expect(w.frames).toBe(320);
    await w.close();
    const file = await readFile(path);
    expect(file.length).toBe(44 + 640);
    expect(file.readUInt32LE(4)).toBe(36 + 640);
    expect(file.readUInt32LE(40)).toBe(640);
    expect(must(parseWav(file)).samples.length).toBe(320);
  });

  it('writes long recordings in chunks, in order, with silence and the final sizes', async () => {
    const path = join(dir, 'long.wav');
    const w = await WavFileWriter.create(path, 8000, 2);
    // 3 s of numbered stereo frames (several 64 KiB chunks), then 2.5 s of silence, then one more frame.
    const frames = 24_000;
    for (let f = 0; f < frames; f += 160) {
      const chunk = new Int16Array(320);
      for (let i = 0; i < 160; i++) {
        chunk[2 * i] = (f + i) % 30_000;
        chunk[2 * i + 1] = -((f + i) % 30_000);
      }
      w.write(chunk);
    }
    w.writeSilence(20_000);
    w.write(Int16Array.from([7, -7]));
    await w.close();
    const audio = must(parseWav(await readFile(path)));
    expect(audio.channels).toBe(2);
    expect(audio.samples.length).toBe((frames + 20_001) * 2);
    for (const f of [0, 1, 8191, 8192, 16_384, 23_999]) {
      expect([audio.samples[2 * f], audio.samples[2 * f + 1]]).toEqual([f % 30_000, -(f % 30_000) || 0]);
    }
    expect(audio.samples.subarray(frames * 2, (frames + 20_000) * 2).every((x) => x === 0)).toBe(true);
    expect([...audio.samples.subarray(-2)]).toEqual([7, -7]);
  });

  it('leaves a valid empty WAV when nothing was recorded', async () => {
    const path = join(dir, 'empty.wav');
    await (await WavFileWriter.create(path, 8000, 2)).close();
    const file = await readFile(path);
    expect(file.length).toBe(44);
    expect(must(parseWav(file)).samples.length).toBe(0);
  });
});

describe('StereoWavRecorder', () => {
  it('keeps caller left and callee right, aligned in time, silence-filling the late side', async () => {
    let now = 1000;
    const path = join(dir, 'call.wav');
    const rec = await StereoWavRecorder.create(path, { now: () => now, maxLagMs: 60 });
    const callerFrame = new Int16Array(160).fill(1000);
    const calleeFrame = new Int16Array(160).fill(-2000);
    // 1 s: the caller talks from the start; the callee's audio only starts at 500 ms
    for (let t = 20; t <= 1000; t += 20) {
      now = 1000 + t;
      rec.write(RecorderChannel.CALLER, callerFrame);
      if (t > 500) rec.write(RecorderChannel.CALLEE, calleeFrame);
    }
    // the callee loses one packet (reported as a gap) and the caller goes quiet for the last 200 ms
    rec.writeSilence(RecorderChannel.CALLEE, 160);
    now += 200;
    const { frames, durationMs } = await rec.close();
    expect(durationMs).toBeGreaterThanOrEqual(1200);
    const audio = must(parseWav(await readFile(path)));
    expect(audio.channels).toBe(2);
    expect(audio.samples.length).toBe(frames * 2);
    const left = Int16Array.from({ length: frames }, (_, i) => audio.samples[2 * i] as number);
    const right = Int16Array.from({ length: frames }, (_, i) => audio.samples[2 * i + 1] as number);
    expect(left.subarray(0, 8000).every((s) => s === 1000)).toBe(true);
    expect(left.subarray(8000).every((s) => s === 0)).toBe(true);
    // the callee channel is silent for about the first 500 ms, then carries its audio
    const firstCallee = right.findIndex((s) => s !== 0);
    expect(firstCallee).toBeGreaterThanOrEqual(8 * 500 - 8 * 60);
    expect(firstCallee).toBeLessThanOrEqual(8 * 500);
    expect(right.subarray(firstCallee, firstCallee + 8 * 500 - 8 * 60).every((s) => s === -2000)).toBe(true);
    // the file header carries the final sizes
    const file = await readFile(path);
    expect(file.readUInt32LE(40)).toBe(frames * 4);
    expect(file.readUInt32LE(4)).toBe(36 + frames * 4);
  });
});

describe('WavPlayer', () => {
  it('cuts 8 kHz audio into 160-sample frames, padding the last one', () => {
    const audio: WavAudio = { encoding: 'pcm16', sampleRate: 8000, channels: 1, samples: sine(440, 8000, 400) };
    const player = must(WavPlayer.fromAudio(audio));
    expect(player.frameCount).toBe(3);
    const frame = new Int16Array(FRAME_SAMPLES);
    expect(player.nextFrame(frame)).toBe(frame);
    expect(player.nextFrame()?.length).toBe(160);
    const last = player.nextFrame();
    expect(last?.subarray(80).every((s) => s === 0)).toBe(true);
    expect(player.nextFrame()).toBeUndefined();
    expect(player.done).toBe(true);
    player.rewind();
    expect(player.nextPayload(G711Law.PCMU)?.length).toBe(160);
  });

  it('loops when asked', () => {
    const player = new WavPlayer(new Int16Array(100).fill(7), { loop: true });
    for (let i = 0; i < 5; i++) expect(player.nextFrame()?.every((s) => s === 7)).toBe(true);
  });

  it('decimates 16 kHz with a low-pass and mixes stereo down', () => {
    const speechBand = sine(1000, 16000, 16000);
    const alias = sine(6000, 16000, 16000); // would fold to 2 kHz without the filter
    const stereo = new Int16Array(32000);
    for (let i = 0; i < 16000; i++) {
      stereo[2 * i] = (speechBand[i] as number) + (alias[i] as number);
      stereo[2 * i + 1] = (speechBand[i] as number) + (alias[i] as number);
    }
    const player = must(WavPlayer.fromBuffer(encodeWav(stereo, 16000, 2)));
    expect(player.samples.length).toBe(8000);
    expect(player.durationMs).toBe(1000);
    const body = player.samples.subarray(100, 8100 - 200);
    expect(relativeTonePower(body, 1000)).toBeGreaterThan(0.95);
    expect(relativeTonePower(body, 2000)).toBeLessThan(0.01);
    expect(rms(decimate16kTo8k(speechBand).subarray(100, 7900))).toBeCloseTo(rms(speechBand), -2);
  });

  it('refuses other sample rates with a clear error', async () => {
    const r = WavPlayer.fromBuffer(encodeWav(new Int16Array(441), 44100));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/44100 Hz.*8000 Hz or 16000 Hz/);
    const missing = await WavPlayer.fromFile(join(dir, 'nope.wav'));
    expect(!missing.ok && missing.error).toMatch(/cannot read/);
  });
});

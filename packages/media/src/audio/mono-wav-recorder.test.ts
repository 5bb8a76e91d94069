import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toneLevels } from './goertzel.ts';
import { MonoWavRecorder } from './mono-wav-recorder.ts';
import { ChineseTones, ToneGenerator } from './tone-generator.ts';
import { parseWav } from './wav-format.ts';

const dir = await mkdtemp(join(tmpdir(), 'hujiao-media-mono-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function samplesOf(path: string): Promise<Int16Array> {
  const parsed = parseWav(await readFile(path));
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.value).toMatchObject({ encoding: 'pcm16', sampleRate: 8000, channels: 1 });
  return parsed.value.samples;
}

describe('MonoWavRecorder', () => {
  it('records frames on the wall-clock time line: a long gap becomes silence, a jitter-sized one does not', async () => {
    let now = 5000;
    const path = join(dir, 'voicemail.wav');
    const rec = await MonoWavRecorder.create(path, { now: () => now, maxLagMs: 100 });
    const tone = new ToneGenerator(ChineseTones.dial);
    const frame = new Int16Array(160);
    for (let t = 20; t <= 400; t += 20) {
      now = 5000 + t;
      rec.write(tone.next(frame)); // the recorder copies: the frame buffer is reused
    }
    now += 60; // a jitter-sized late frame: no silence inserted
    rec.write(tone.next(frame));
    now += 500; // the talker pauses for half a second
    rec.write(tone.next(frame));
    rec.writeSilence(160); // a gap reported by the jitter buffer
    // The frame after the pause lands at its wall-clock position (960 ms): 4160 samples of silence before it.
    expect(rec.frames).toBe(21 * 160 + 4160 + 160 + 160);
    now += 1000; // silent tail up to close
    const { frames, durationMs } = await rec.close();
    expect(rec.isClosed).toBe(true);
    rec.write(frame); // ignored after close
    expect(frames).toBe(8 * (5000 + 400 + 60 + 500 + 1000 - 5000));
    expect(durationMs).toBe(1960);
    const samples = await samplesOf(path);
    expect(samples.length).toBe(frames);
    expect(toneLevels(samples.subarray(0, 3360), 8000, [450])[0]?.relative).toBeGreaterThan(0.95);
    // The half-second pause: silence between the 21st frame and the next.
    expect(samples.subarray(3360, 3360 + 4160).every((s) => s === 0)).toBe(true);
    expect(samples.subarray(7520, 7680).some((s) => s !== 0)).toBe(true);
    expect(samples.subarray(7680).every((s) => s === 0)).toBe(true);
    const file = await readFile(path);
    expect(file.readUInt32LE(40)).toBe(frames * 2);
    expect(file.readUInt32LE(4)).toBe(36 + frames * 2);
  });

  it('never inserts silence with maxLagMs Infinity', async () => {
    let now = 0;
    const path = join(dir, 'no-gaps.wav');
    const rec = await MonoWavRecorder.create(path, { now: () => now, maxLagMs: Number.POSITIVE_INFINITY });
    rec.write(new Int16Array(160).fill(100));
    now = 10_000;
    rec.write(new Int16Array(160).fill(200));
    await rec.close();
    await rec.close(); // idempotent
    const samples = await samplesOf(path);
    expect(samples.length).toBe(320);
    expect([samples[0], samples[319]]).toEqual([100, 200]);
  });
});

import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePcmu } from '../codec/g711.ts';
import { MonoWavRecorder } from './mono-wav-recorder.ts';
import { RecorderChannel, StereoWavRecorder } from './stereo-wav-recorder.ts';
import { encodeG711Wav, encodeWav, parseWav, type WavAudio } from './wav-format.ts';
import { repairWavHeader, WavRepairStatus } from './wav-repair.ts';

const dir = await mkdtemp(join(tmpdir(), 'hujiao-media-repair-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function must(buf: Buffer): WavAudio {
  const r = parseWav(buf);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Waits (bounded) until the writer thread has put at least `bytes` into `path`. */
async function untilSize(path: string, bytes: number): Promise<number> {
  for (let i = 0; i < 300; i++) {
    const { size } = await stat(path);
    if (size >= bytes) return size;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${path} never reached ${bytes} bytes`);
}

/** A header as a strict reader sees it: the declared data size, and whether RIFF's size matches the file. */
function declared(file: Buffer): { data: number; riffMatches: boolean } {
  return { data: file.readUInt32LE(40), riffMatches: file.readUInt32LE(4) + 8 === file.length };
}

describe('repairWavHeader', () => {
  it('makes a mono recording that was never closed (kill -9) readable up to what reached the disk', async () => {
    const path = join(dir, 'open-mono.wav');
    const rec = await MonoWavRecorder.create(path, { maxLagMs: Number.POSITIVE_INFINITY });
    const ramp = Int16Array.from({ length: 8000 * 5 }, (_, i) => (i % 2000) - 1000);
    for (let i = 0; i < ramp.length; i += 160) rec.write(ramp.subarray(i, i + 160));
    // The writer flushed its first 64 KiB chunk with a placeholder header: copy the file as a kill would leave it.
    await untilSize(path, 44 + 64 * 1024);
    const killed = join(dir, 'killed-mono.wav');
    await copyFile(path, killed);
    const before = await readFile(killed);
    expect(declared(before)).toEqual({ data: 0, riffMatches: false });

    const result = await repairWavHeader(killed);
    const after = await readFile(killed);
    const dataBytes = before.length - 44;
    expect(result).toEqual({
      status: WavRepairStatus.REPAIRED,
      dataBytes,
      frames: dataBytes / 2,
      channels: 1,
      sampleRate: 8000,
      truncatedBytes: 0,
    });
    expect(declared(after)).toEqual({ data: dataBytes, riffMatches: true });
    const audio = must(after);
    expect(Array.from(audio.samples)).toEqual(Array.from(ramp.subarray(0, dataBytes / 2)));
    // Repairing again finds it intact and writes nothing.
    expect((await repairWavHeader(killed)).status).toBe(WavRepairStatus.INTACT);
    expect(await readFile(killed)).toEqual(after);
    await rec.close();
    expect((await repairWavHeader(path)).status).toBe(WavRepairStatus.INTACT); // a closed recording is left alone
  });

  it('repairs an open stereo call recording, keeping the channels', async () => {
    const path = join(dir, 'open-stereo.wav');
    let now = 0;
    const rec = await StereoWavRecorder.create(path, { now: () => now });
    const left = new Int16Array(160).fill(1111);
    const right = new Int16Array(160).fill(-2222);
    for (let t = 0; t < 150; t++) {
      now += 20;
      rec.write(RecorderChannel.CALLER, left);
      rec.write(RecorderChannel.CALLEE, right);
    }
    await untilSize(path, 44 + 64 * 1024);
    const killed = join(dir, 'killed-stereo.wav');
    await copyFile(path, killed);
    const result = await repairWavHeader(killed);
    expect(result).toMatchObject({ status: WavRepairStatus.REPAIRED, channels: 2, sampleRate: 8000 });
    expect(result.frames).toBeGreaterThanOrEqual(16384);
    const audio = must(await readFile(killed));
    expect(audio.channels).toBe(2);
    expect(audio.samples.length).toBe(result.frames * 2);
    expect(audio.samples.every((s, i) => s === (i % 2 === 0 ? 1111 : -2222))).toBe(true);
    await rec.close();
  });

  it('cuts a partial frame off a truncated file and fixes both sizes', async () => {
    const samples = Int16Array.from({ length: 1000 }, (_, i) => i);
    const full = encodeWav(samples, 8000, 2);
    const broken = Buffer.from(full.subarray(0, 44 + 1001)); // ends inside a stereo frame
    broken.writeUInt32LE(36, 4); // placeholder header, as WavFileWriter leaves it
    broken.writeUInt32LE(0, 40);
    const path = join(dir, 'truncated.wav');
    await writeFile(path, broken);
    const result = await repairWavHeader(path);
    expect(result).toMatchObject({ status: WavRepairStatus.REPAIRED, frames: 250, truncatedBytes: 1 });
    const file = await readFile(path);
    expect(file.length).toBe(44 + 1000);
    expect(declared(file)).toEqual({ data: 1000, riffMatches: true });
    expect(Array.from(must(file).samples)).toEqual(Array.from(samples.subarray(0, 500)));
  });

  it('pads an odd-length G.711 data chunk, and fixes a size of 0xFFFFFFFF', async () => {
    const codes = encodePcmu(new Int16Array(301).fill(500));
    const wav = Buffer.from(encodeG711Wav(codes, 'ulaw').subarray(0, 58 + 301)); // drop the pad byte
    wav.writeUInt32LE(0xffffffff, 54);
    const path = join(dir, 'ulaw.wav');
    await writeFile(path, wav);
    const result = await repairWavHeader(path);
    expect(result).toMatchObject({ status: WavRepairStatus.REPAIRED, dataBytes: 301, frames: 301, channels: 1 });
    const file = await readFile(path);
    expect(file.length).toBe(58 + 302);
    expect(file.readUInt32LE(54)).toBe(301);
    expect(file.readUInt32LE(4)).toBe(file.length - 8);
    expect(must(file).samples.length).toBe(301);
  });

  it('gives an empty file (killed before the first write) a header, and leaves other files alone', async () => {
    const empty = join(dir, 'empty.wav');
    await writeFile(empty, Buffer.alloc(0));
    expect(await repairWavHeader(empty, { channels: 2 })).toMatchObject({
      status: WavRepairStatus.HEADER_WRITTEN,
      channels: 2,
      frames: 0,
    });
    const audio = must(await readFile(empty));
    expect(audio).toMatchObject({ channels: 2, sampleRate: 8000 });
    expect(audio.samples.length).toBe(0);

    const text = join(dir, 'notes.txt');
    await writeFile(text, 'not a wave file, just some text that is long enough to scan');
    expect((await repairWavHeader(text)).status).toBe(WavRepairStatus.NOT_WAV);
    expect(await readFile(text, 'utf8')).toBe('not a wave file, just some text that is long enough to scan');
    await expect(repairWavHeader(join(dir, 'missing.wav'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

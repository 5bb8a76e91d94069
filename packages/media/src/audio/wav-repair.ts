import { open } from 'node:fs/promises';
import { WAV_HEADER_LENGTH, wavHeader } from './wav-format.ts';

/**
 * Repairs a WAV file whose writer never finished (the process was killed with kill -9 while a call was being
 * recorded): WavFileWriter writes a placeholder header (RIFF size 36, data size 0) with its first chunk of data and
 * the real sizes only on close(). This rewrites the RIFF and data sizes from the file's length, cuts a partial
 * sample frame off the end, and gives an empty file a header, so that any player reads the audio written so far.
 * Works for every 16-bit PCM or G.711 WAV with the data chunk last: MonoWavRecorder's and StereoWavRecorder's.
 */
export const WavRepairStatus = {
  /** Sizes already matched the file: nothing written. */
  INTACT: 'intact',
  /** Header sizes rewritten (and a partial frame cut off, see truncatedBytes). */
  REPAIRED: 'repaired',
  /** The file was empty (killed before the first write): a header with no data was written. */
  HEADER_WRITTEN: 'header-written',
  /** Not a RIFF WAVE file with fmt and data chunks in its first bytes: left untouched. */
  NOT_WAV: 'not-wav',
} as const;
export type WavRepairStatus = (typeof WavRepairStatus)[keyof typeof WavRepairStatus];

export interface WavRepairResult {
  status: WavRepairStatus;
  /** Bytes of sample data the header now declares. */
  dataBytes: number;
  /** Sample frames (per channel) in the file. */
  frames: number;
  channels: number;
  sampleRate: number;
  /** Bytes of an incomplete last frame removed from the end. */
  truncatedBytes: number;
}

export interface WavRepairOptions {
  /** Format of the header written into an empty file. Defaults 8000 Hz, 1 channel. */
  sampleRate?: number;
  channels?: number;
}

/** How far into the file the data chunk is looked for (the writers here put it at byte 36 or 50). */
const SCAN_BYTES = 4096;

/** Rewrites the header sizes of `path` from its length; throws only on I/O errors (ENOENT, EACCES...). */
export async function repairWavHeader(path: string, options: WavRepairOptions = {}): Promise<WavRepairResult> {
  const file = await open(path, 'r+');
  try {
    const size = (await file.stat()).size;
    const head = Buffer.alloc(Math.min(size, SCAN_BYTES));
    if (head.length > 0) await file.read(head, 0, head.length, 0);
    const sampleRate = options.sampleRate ?? 8000;
    const channels = options.channels ?? 1;
    if (size < WAV_HEADER_LENGTH && isPrefixOfHeader(head)) {
      // Killed before the first chunk reached the file (or within its header): an empty recording.
      await file.truncate(0);
      await file.write(wavHeader(sampleRate, channels, 0), 0, WAV_HEADER_LENGTH, 0);
      return {
        status: WavRepairStatus.HEADER_WRITTEN,
        dataBytes: 0,
        frames: 0,
        channels,
        sampleRate,
        truncatedBytes: 0,
      };
    }
    const layout = findData(head);
    if (!layout) {
      return {
        status: WavRepairStatus.NOT_WAV,
        dataBytes: 0,
        frames: 0,
        channels: 0,
        sampleRate: 0,
        truncatedBytes: 0,
      };
    }
    const { dataStart, declared, blockAlign } = layout;
    const base = { channels: layout.channels, sampleRate: layout.sampleRate };
    const riffDeclared = head.readUInt32LE(4);
    const pad = (n: number): number => n % 2;
    if (
      declared !== 0 &&
      declared !== 0xffffffff &&
      dataStart + declared + pad(declared) <= size &&
      riffDeclared + 8 === size
    ) {
      const frames = Math.floor(declared / blockAlign);
      return { status: WavRepairStatus.INTACT, dataBytes: declared, frames, ...base, truncatedBytes: 0 };
    }
    const available = Math.max(0, size - dataStart);
    const dataBytes = available - (available % blockAlign);
    const truncatedBytes = available - dataBytes;
    if (truncatedBytes > 0) await file.truncate(dataStart + dataBytes);
    // RIFF chunks are padded to an even length (8-bit G.711 mono can end on an odd byte).
    if (pad(dataBytes)) await file.write(Buffer.alloc(1), 0, 1, dataStart + dataBytes);
    const sizes = Buffer.alloc(4);
    sizes.writeUInt32LE(Math.min(0xffffffff, dataStart - 8 + dataBytes + pad(dataBytes)), 0);
    await file.write(sizes, 0, 4, 4);
    sizes.writeUInt32LE(Math.min(0xffffffff, dataBytes), 0);
    await file.write(sizes, 0, 4, dataStart - 4);
    await file.sync();
    const frames = dataBytes / blockAlign;
    return { status: WavRepairStatus.REPAIRED, dataBytes, frames, ...base, truncatedBytes };
  } finally {
    await file.close();
  }
}

function isPrefixOfHeader(head: Buffer): boolean {
  const riff = Buffer.from('RIFF', 'latin1');
  const n = Math.min(head.length, 4);
  return head.subarray(0, n).equals(riff.subarray(0, n));
}

interface DataLayout {
  dataStart: number;
  declared: number;
  blockAlign: number;
  channels: number;
  sampleRate: number;
}

/** Walks the chunks in `head` to the data chunk (RIFF WAVE layout, see wav-format.ts). */
function findData(head: Buffer): DataLayout | undefined {
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
    return undefined;
  }
  let fmt: { blockAlign: number; channels: number; sampleRate: number } | undefined;
  let o = 12;
  while (o + 8 <= head.length) {
    const id = head.toString('latin1', o, o + 4);
    const size = head.readUInt32LE(o + 4);
    const body = o + 8;
    if (id === 'data') {
      if (!fmt) return undefined;
      return { dataStart: body, declared: size, ...fmt };
    }
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > head.length) return undefined;
      const channels = head.readUInt16LE(body + 2);
      const sampleRate = head.readUInt32LE(body + 4);
      const blockAlign = head.readUInt16LE(body + 12);
      if (channels < 1 || blockAlign < 1) return undefined;
      fmt = { blockAlign, channels, sampleRate };
    }
    o = body + size + (size % 2);
  }
  return undefined;
}

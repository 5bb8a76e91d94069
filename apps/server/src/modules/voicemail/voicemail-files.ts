import { copyFile, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseWav } from '@hujiao/media';

/** Where voicemail lives below the data directory: `voicemail/<tenantId>/<yyyy-mm-dd>/<id>.wav`. */
export function messageRelPath(tenantId: string, id: string, at: Date): string {
  return path.join('voicemail', tenantId, at.toISOString().slice(0, 10), `${id}.wav`);
}

export function greetingRelPath(tenantId: string, box: string, stamp: number): string {
  return path.join('voicemail', tenantId, 'greetings', `${box}-${stamp}.wav`);
}

/** The absolute path of a stored relative path; refuses one that leaves the data directory. */
export function resolveIn(dataDir: string, rel: string): string {
  const abs = path.resolve(dataDir, rel);
  const root = path.resolve(dataDir) + path.sep;
  if (!abs.startsWith(root)) throw new Error(`path outside the data directory: ${rel}`);
  return abs;
}

/** Moves a file (rename, or copy and remove across file systems). */
export async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from);
  }
}

export async function removeQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

/** Whether a buffer is a WAV the switch can play (PCM16 or G.711, 8 or 16 kHz, mono). */
export function playableWav(buf: Buffer): boolean {
  const wav = parseWav(buf);
  return wav.ok && wav.value.channels === 1 && (wav.value.sampleRate === 8000 || wav.value.sampleRate === 16000);
}

export async function writeNew(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}

import { readFile, unlink } from 'node:fs/promises';
import { parseWav, rms } from '@hujiao/media';

/** RMS of a WAV file's samples (16-bit scale); null when the file cannot be read or parsed. */
export async function wavLevel(file: string): Promise<number | null> {
  const buf = await readFile(file).catch(() => null);
  if (!buf) return null;
  const wav = parseWav(buf);
  if (!wav.ok) return null;
  return wav.value.samples.length === 0 ? 0 : rms(wav.value.samples);
}

/** Removes a file; a missing one is not an error. */
export async function removeFile(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where voice files live (the architecture's storage port). Keys are relative paths such as
 * `<tenant id>/<file id>.wav`; an implementation never lets a key reach outside its root. The switch plays files
 * from the local disk, so the port also answers the local path of a key (an object-store implementation would keep
 * a local cache and answer that). See docs/adr/0010-voice-file-storage.md.
 */
export interface VoiceStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** Bytes stored under the key, or null when nothing is. */
  size(key: string): Promise<number | null>;
  read(key: string): ReadStream;
  delete(key: string): Promise<void>;
  /** Absolute local path the switch can open. */
  localPath(key: string): string;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}(\.[a-z0-9]{1,5}){1,2}$/;

/** The local-directory implementation: `<root>/<key>`, written to a temporary name and renamed into place. */
export class LocalVoiceStorage implements VoiceStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  localPath(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a voice storage key: ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.localPath(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.part`;
    await writeFile(tmp, data);
    await rename(tmp, file);
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.localPath(key))).size;
    } catch {
      return null;
    }
  }

  read(key: string): ReadStream {
    return createReadStream(this.localPath(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }
}

import { Worker } from 'node:worker_threads';

/** Data to write, or a count of zero octets (silence costs no copying). */
export type DiskChunk = Uint8Array | number;

/**
 * Operations wait this long to go over together. Each message wakes the writer thread, and a wake-up is what costs;
 * an open answered a few milliseconds later loses no audio (recording starts at the bridge, the first packet is
 * 20 ms of audio later).
 */
const BATCH_MS = 5;

type Reply = [seq: number, error: { code: string | null; message: string } | null];
type Op =
  | { op: 'open'; seq: number; id: number; path: string }
  | { op: 'write'; id: number; position: number; chunks: DiskChunk[] }
  | { op: 'close'; seq: number; id: number };

/**
 * Writes files on a thread of its own. The switch writes a recording per call; three file operations per call on
 * libuv's pool cost the main thread a hand-off each (a cross-thread wake-up), which at hundreds of calls a second
 * was a twentieth of its time. Here the operations of a few milliseconds go over in one message, run in order on
 * the writer thread, and the answers to opens and closes come back together. Errors keep their `code` (ENOENT...).
 */
export class DiskWriter {
  private worker: Worker | undefined;
  private batch: Op[] = [];
  private transfer: ArrayBuffer[] = [];
  private scheduled = false;
  private nextId = 1;
  private nextSeq = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  /** Creates (truncates) the file; resolves to a handle once it is open. */
  async open(path: string): Promise<number> {
    const id = this.nextId++;
    await this.request((seq) => ({ op: 'open', seq, id, path }));
    return id;
  }

  /** Writes the chunks at `position`, after what was asked before; a failure is reported by close(). */
  write(id: number, chunks: DiskChunk[], position: number): void {
    // Each chunk goes over as a copy with a buffer of its own (transferred, not cloned): a view into a larger or
    // pooled buffer would otherwise carry the whole buffer across.
    const own = chunks.map((c) => {
      if (typeof c === 'number') return c;
      const copy = new Uint8Array(c.byteLength);
      copy.set(c);
      this.transfer.push(copy.buffer);
      return copy;
    });
    this.push({ op: 'write', id, position, chunks: own });
  }

  /** Closes the file once everything asked before is written; rejects with the first write error. */
  close(id: number): Promise<void> {
    return this.request((seq) => ({ op: 'close', seq, id }));
  }

  /** Stops the thread (after what is queued); a later call starts another. */
  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private request(op: (seq: number) => Op): Promise<void> {
    const seq = this.nextSeq++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.push(op(seq));
    });
  }

  private push(op: Op): void {
    this.batch.push(op);
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.send(), BATCH_MS);
  }

  private send(): void {
    this.scheduled = false;
    const batch = this.batch;
    const transfer = this.transfer;
    this.batch = [];
    this.transfer = [];
    const w = this.thread();
    w.ref();
    w.postMessage(batch, transfer);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./disk-writer.worker.mjs', import.meta.url));
    w.on('message', (replies: Reply[]) => {
      for (const [seq, error] of replies) {
        const p = this.waiting.get(seq);
        this.waiting.delete(seq);
        if (!p) continue;
        if (error === null) p.resolve();
        else p.reject(Object.assign(new Error(error.message), error.code ? { code: error.code } : {}));
      }
      // Nothing left to answer: the thread no longer keeps the process alive.
      if (this.waiting.size === 0) w.unref();
    });
    w.on('error', (err) => this.fail(err));
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
      this.fail(new Error('disk writer stopped'));
    });
    this.worker = w;
    return w;
  }

  private fail(err: Error): void {
    for (const p of this.waiting.values()) p.reject(err);
    this.waiting.clear();
  }
}

let shared: DiskWriter | undefined;

/** The process's disk writer. */
export function diskWriter(): DiskWriter {
  shared ??= new DiskWriter();
  return shared;
}

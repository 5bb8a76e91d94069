// The disk writer's thread (see disk-writer.ts). Plain JavaScript: worker_threads load it without a TypeScript loader.
// Takes batches of operations, runs them in order with synchronous file calls (this thread does nothing else) and
// answers the opens and closes of each batch in one message.
import { closeSync, openSync, writevSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const ZEROS = Buffer.alloc(64 * 1024);
/** @type {Map<number, { fd: number | undefined, error: unknown }>} */
const files = new Map();

/** @param {unknown} err */
const describe = (err) => {
  const e = /** @type {{ code?: string, message?: string }} */ (err);
  return { code: e?.code ?? null, message: e?.message ?? String(err) };
};

/**
 * @param {number} fd
 * @param {Array<Uint8Array | number>} chunks data, or a count of zero octets
 * @param {number} position
 */
function writeChunks(fd, chunks, position) {
  let at = position;
  /** @type {Uint8Array[]} */
  const views = [];
  for (const c of chunks) {
    if (typeof c !== 'number') {
      views.push(c);
      continue;
    }
    for (let left = c; left > 0; left -= ZEROS.length) views.push(ZEROS.subarray(0, Math.min(left, ZEROS.length)));
  }
  // Regular files take whole writes but for a full disk; go on after a partial one until all is out (or it fails).
  let rest = views;
  while (rest.length > 0) {
    let n = writevSync(fd, rest, at);
    if (n === 0) throw new Error('nothing written');
    at += n;
    let k = 0;
    while (k < rest.length && n >= /** @type {Uint8Array} */ (rest[k]).length)
      n -= /** @type {Uint8Array} */ (rest[k++]).length;
    rest = rest.slice(k);
    if (n > 0) rest[0] = /** @type {Uint8Array} */ (rest[0]).subarray(n);
  }
}

/**
 * @typedef {{ op: 'open', seq: number, id: number, path: string }
 *   | { op: 'write', id: number, position: number, chunks: Array<Uint8Array | number> }
 *   | { op: 'close', seq: number, id: number }} Op
 */

parentPort?.on('message', (/** @type {Op[]} */ ops) => {
  /** @type {Array<[number, { code: string | null, message: string } | null]>} */
  const replies = [];
  for (const op of ops) {
    if (op.op === 'open') {
      try {
        files.set(op.id, { fd: openSync(op.path, 'w'), error: undefined });
        replies.push([op.seq, null]);
      } catch (err) {
        replies.push([op.seq, describe(err)]);
      }
    } else if (op.op === 'write') {
      const f = files.get(op.id);
      if (!f || f.fd === undefined || f.error !== undefined) continue;
      try {
        writeChunks(f.fd, op.chunks, op.position);
      } catch (err) {
        f.error = err;
      }
    } else if (op.op === 'close') {
      const f = files.get(op.id);
      files.delete(op.id);
      let error = f?.error;
      try {
        if (f?.fd !== undefined) closeSync(f.fd);
      } catch (err) {
        error ??= err;
      }
      replies.push([op.seq, error === undefined ? null : describe(error)]);
    }
  }
  if (replies.length > 0) parentPort?.postMessage(replies);
});

// The UDP send thread (see udp-send-thread.ts). Plain JavaScript: worker_threads load it without a TypeScript loader.
// Each of its sockets is bound to an address and port before the owner's own socket there, with SO_REUSEADDR on both:
// Linux hands incoming datagrams to the socket bound last (the owner's), so these only send — from the right source
// port. Datagrams that reach one anyway are passed on when the bind asked for it, else dropped.
import { createSocket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {Map<number, import('node:dgram').Socket>} */
const sockets = new Map();
let errors = 0;
/** [0]: bytes of the batches sent so far, read by the owner to bound what waits here (udp-send-thread.ts). */
const sent = /** @type {{ sent: Int32Array }} */ (workerData).sent;

// IP literals answered at once (dgram would otherwise go through dns.lookup and a tick for every datagram).
/** @type {(hostname: string, options: import('node:dns').LookupOneOptions, callback: (err: Error | null, address: string, family: number) => void) => void} */
const lookup = (hostname, options, callback) => {
  const family = isIP(hostname);
  if (family !== 0) callback(null, hostname, family);
  else dnsLookup(hostname, options, callback);
};

/** @param {{ seq: number, host: string, port: number, forward: boolean }} m */
function bind(m) {
  const socket = createSocket({ type: isIP(m.host) === 6 ? 'udp6' : 'udp4', reuseAddr: true, lookup });
  socket.once('error', (err) => {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    parentPort?.postMessage({ type: 'bindError', seq: m.seq, code: e.code ?? null, message: e.message });
    socket.close();
  });
  socket.bind(m.port, m.host, () => {
    socket.removeAllListeners('error');
    socket.on('error', () => {
      errors++;
    });
    const port = socket.address().port;
    if (m.forward) {
      socket.on('message', (data, rinfo) => {
        parentPort?.postMessage({ type: 'in', localPort: port, data, address: rinfo.address, port: rinfo.port });
      });
    }
    sockets.get(port)?.close();
    sockets.set(port, socket);
    parentPort?.postMessage({ type: 'bound', seq: m.seq, port });
  });
}

/** One batch (udp-send-thread.ts): per datagram local port (2), port (2), host length (1), host, length (2), data. */
function sendBatch(/** @type {ArrayBuffer} */ buffer) {
  const data = Buffer.from(buffer);
  let at = 0;
  while (at < data.length) {
    const localPort = data.readUInt16BE(at);
    const port = data.readUInt16BE(at + 2);
    const hostLength = data[at + 4] ?? 0;
    const host = data.latin1Slice(at + 5, at + 5 + hostLength);
    at += 5 + hostLength;
    const length = data.readUInt16BE(at);
    at += 2;
    const socket = sockets.get(localPort);
    try {
      if (socket) socket.send(data.subarray(at, at + length), port, host);
      else errors++;
    } catch {
      errors++;
    }
    at += length;
  }
}

/** @typedef {{ type: 'bind', seq: number, host: string, port: number, forward: boolean } | { type: 'unbind', port: number } | { type: 'close' }} Command */

parentPort?.on('message', (/** @type {ArrayBuffer | Command} */ msg) => {
  if (msg instanceof ArrayBuffer) {
    sendBatch(msg);
    Atomics.add(sent, 0, msg.byteLength);
  } else if (msg.type === 'bind') bind(msg);
  else if (msg.type === 'unbind') {
    sockets.get(msg.port)?.close();
    sockets.delete(msg.port);
  } else if (msg.type === 'close') {
    for (const s of sockets.values()) s.close();
    sockets.clear();
    parentPort?.close();
    return;
  }
  if (errors > 0) {
    parentPort?.postMessage({ type: 'errors', count: errors });
    errors = 0;
  }
});

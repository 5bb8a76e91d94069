// The UDP transport's sending thread (see udp-sender.ts). Plain JavaScript: worker_threads load it without a
// TypeScript loader. Its socket is bound to the transport's address and port before the transport's own socket, with
// SO_REUSEADDR on both: Linux hands incoming datagrams to the socket bound last (the transport's), so this one only
// sends — from the right source port. Should a datagram reach it anyway, it is passed on to the transport.
import { createSocket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { host, port } = /** @type {{ host: string, port: number }} */ (workerData);
// IP literals answered at once (dgram would otherwise go through dns.lookup and a tick for every datagram).
/** @type {(hostname: string, options: any, callback: (err: Error | null, address: string, family: number) => void) => void} */
const lookup = (hostname, options, callback) => {
  const family = isIP(hostname);
  if (family !== 0) callback(null, hostname, family);
  else dnsLookup(hostname, options, callback);
};
const socket = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4', reuseAddr: true, lookup });
let errors = 0;

socket.on('error', () => {
  errors++;
});
socket.on('message', (data, rinfo) => {
  parentPort?.postMessage({ type: 'in', data, address: rinfo.address, port: rinfo.port });
});
socket.bind(port, host, () => {
  parentPort?.postMessage({ type: 'bound', port: socket.address().port });
});

parentPort?.on('message', (/** @type {any} */ msg) => {
  if (!(msg instanceof ArrayBuffer)) {
    socket.close(() => parentPort?.close());
    return;
  }
  // One batch (udp-sender.ts): per datagram port (2 octets), host length (1), host, length (2), datagram.
  const data = Buffer.from(/** @type {ArrayBuffer} */ (msg));
  let at = 0;
  while (at < data.length) {
    const port = data.readUInt16BE(at);
    const hostLength = data[at + 2] ?? 0;
    const host = data.latin1Slice(at + 3, at + 3 + hostLength);
    at += 3 + hostLength;
    const length = data.readUInt16BE(at);
    at += 2;
    try {
      socket.send(data.subarray(at, at + length), port, host);
    } catch {
      errors++;
    }
    at += length;
  }
  if (errors > 0) {
    parentPort?.postMessage({ type: 'errors', count: errors });
    errors = 0;
  }
});

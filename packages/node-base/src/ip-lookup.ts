import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

const literalFamilies = new Map<string, number>();

/**
 * The `lookup` of our dgram sockets (SIP transport and RTP sessions): an IP literal is answered at once,
 * synchronously, so that `send(buf, port, ip)` goes straight to the socket instead of through `dns.lookup` and a
 * `process.nextTick` for every datagram (node's default); host names still go to `dns.lookup`.
 */
export function ipLiteralLookup(hostname: string, options: number | LookupOneOptions, callback: LookupCallback): void {
  let family = literalFamilies.get(hostname);
  if (family === undefined) {
    family = isIP(hostname);
    if (family !== 0 && literalFamilies.size < 4096) literalFamilies.set(hostname, family);
  }
  if (family !== 0) {
    callback(null, hostname, family);
    return;
  }
  dnsLookup(hostname, typeof options === 'number' ? { family: options } : options, callback);
}

import { createSocket, type Socket } from 'node:dgram';
import { ipLiteralLookup } from '@hujiao/node-base';

/** Binds a UDP socket; rejects (never throws) on EADDRINUSE and similar. */
export function bindUdpSocket(port: number, address: string, reuseAddr = false): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4', lookup: ipLiteralLookup, reuseAddr });
    const onError = (err: Error): void => {
      socket.close();
      reject(err);
    };
    socket.once('error', onError);
    socket.bind(port, address, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

export function closeUdpSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}

/**
 * A few reusable send buffers. dgram does not copy the buffer, so one may be rewritten only after its send
 * callback; when all are still in flight, a fresh buffer is allocated for that packet.
 */
export class SendBufferPool {
  private readonly buffers: Buffer[] = [];
  private readonly busy: boolean[] = [];
  private readonly callbacks: (() => void)[] = [];
  private index = 0;

  constructor(count = 4, size = 512) {
    for (let i = 0; i < count; i++) {
      this.buffers.push(Buffer.allocUnsafe(size));
      this.busy.push(false);
      this.callbacks.push(() => {
        this.busy[i] = false;
      });
    }
  }

  /** A buffer of at least `length` bytes and the callback to pass to socket.send. */
  acquire(length: number): { buffer: Buffer; done: () => void } {
    for (let n = 0; n < this.buffers.length; n++) {
      const i = (this.index + n) % this.buffers.length;
      const buffer = this.buffers[i] as Buffer;
      if (!this.busy[i] && buffer.length >= length) {
        this.busy[i] = true;
        this.index = (i + 1) % this.buffers.length;
        return { buffer, done: this.callbacks[i] as () => void };
      }
    }
    return { buffer: Buffer.allocUnsafe(length), done: noop };
  }
}

function noop(): void {}

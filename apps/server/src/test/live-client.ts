import { type LiveServerMessage, liveServerMessage } from '@hujiao/shared';
import WebSocket from 'ws';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A browser tab's socket: every message kept, awaited by predicate; the close code and reason. */
export class LiveClient {
  readonly messages: LiveServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly ws: WebSocket;
  constructor(url: string, headers: Record<string, string>, options: { autoPong?: boolean } = {}) {
    this.ws = new WebSocket(url, { headers, autoPong: options.autoPong ?? true });
    this.ws.on('message', (raw) => this.messages.push(liveServerMessage.parse(JSON.parse(String(raw)))));
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }
  send(message: unknown): void {
    const go = () => this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    if (this.ws.readyState === WebSocket.OPEN) go();
    else this.ws.once('open', go);
  }
  async next<T extends LiveServerMessage>(pred: (m: LiveServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  async next(pred: (m: LiveServerMessage) => boolean, timeoutMs?: number): Promise<LiveServerMessage>;
  async next(pred: (m: LiveServerMessage) => boolean, timeoutMs = 10_000): Promise<LiveServerMessage> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = this.messages.find(pred);
      if (m) return m;
      if (Date.now() > end) throw new Error(`no such message; got ${JSON.stringify(this.messages)}`);
      await sleep(20);
    }
  }
  close(): void {
    this.ws.close();
  }
}

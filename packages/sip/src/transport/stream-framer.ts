/**
 * Output of the framer: one complete message, a keep-alive ping, or a fatal framing error. `tooLarge` errors carry
 * what was read of the header section, so that the request can still be answered with 513 (RFC 3261 §18.3).
 */
export type FramerOutput =
  | { kind: 'message'; data: Buffer }
  | { kind: 'ping' }
  | { kind: 'error'; reason: string; tooLarge?: { head: Buffer } };

const DIGITS = /^\d{1,9}$/;
const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\n[ \t]*(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gi;

/**
 * Splits a byte stream (TCP/TLS) into SIP messages using Content-Length (RFC 3261 §18.3), which is
 * mandatory on streams. CRLFs before a start line are skipped (§7.5); a double CRLF is an RFC 5626 §4.4.1
 * keep-alive ping, also when its two halves arrive apart. After an error the stream cannot be resynchronised and
 * the connection should be closed.
 */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  private failed = false;
  /** The stream's last bytes were one CRLF outside a message: with the next CRLF it is a ping. */
  private halfPing = false;

  constructor(
    private readonly maxHeaderBytes = 65536,
    private readonly maxBodyBytes = 1 << 20,
  ) {}

  /** Bytes of a message begun and not complete yet (0 between messages). */
  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Buffer): FramerOutput[] {
    if (this.failed) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: FramerOutput[] = [];
    if (this.halfPing && this.buf[0] === 13 && this.buf[1] === 10) {
      out.push({ kind: 'ping' });
      this.buf = this.buf.subarray(2);
    }
    this.halfPing = false;
    for (;;) {
      let start = 0;
      while (start + 1 < this.buf.length && this.buf[start] === 13 && this.buf[start + 1] === 10) {
        if (this.buf[start + 2] === 13 && this.buf[start + 3] === 10) {
          out.push({ kind: 'ping' });
          start += 4;
        } else {
          start += 2;
          if (start === this.buf.length) this.halfPing = true;
        }
      }
      if (start > 0) this.buf = this.buf.subarray(start);
      if (this.buf.length === 0) return out;
      const headEnd = this.buf.indexOf(CRLFCRLF);
      if (headEnd < 0 || headEnd > this.maxHeaderBytes) {
        if (headEnd >= 0 || this.buf.length > this.maxHeaderBytes) {
          const head = this.buf.subarray(0, Math.min(this.buf.length, this.maxHeaderBytes));
          return this.fail(out, `header section over ${this.maxHeaderBytes} bytes`, head);
        }
        return out;
      }
      const head = `\n${this.buf.toString('latin1', 0, headEnd)}`;
      let length: number | null = null;
      CONTENT_LENGTH.lastIndex = 0;
      for (let m = CONTENT_LENGTH.exec(head); m; m = CONTENT_LENGTH.exec(head)) {
        const v = (m[1] ?? '').trim();
        if (length !== null || !DIGITS.test(v)) return this.fail(out, 'missing, repeated or bad Content-Length');
        length = Number(v);
      }
      if (length === null) return this.fail(out, 'Content-Length is required on a stream');
      if (length > this.maxBodyBytes) {
        return this.fail(out, `body over ${this.maxBodyBytes} bytes`, this.buf.subarray(0, headEnd + 4));
      }
      const total = headEnd + 4 + length;
      if (this.buf.length < total) return out;
      out.push({ kind: 'message', data: this.buf.subarray(0, total) });
      this.buf = this.buf.subarray(total);
    }
  }

  private fail(out: FramerOutput[], reason: string, tooLargeHead?: Buffer): FramerOutput[] {
    this.failed = true;
    this.buf = Buffer.alloc(0);
    out.push(tooLargeHead ? { kind: 'error', reason, tooLarge: { head: tooLargeHead } } : { kind: 'error', reason });
    return out;
  }
}

import { G711Law, pcmaToPcmu, pcmuToPcma, type RtpPacket } from '@hujiao/media';
import type { MediaEndpoint } from './media-endpoint.ts';

/**
 * Relays RTP between two endpoints anchored on the server (RFC 3550 §7.2 translator): datagrams are forwarded with
 * the payload type rewritten, PCMU↔PCMA transcoded in place when the two chose different laws, and RFC 4733 events
 * passed with the other side's event payload type; each goes out on the receiving leg's own SSRC and numbering
 * (RtpSession.sendRaw), so a phone sees one stream through every re-bridge. The fast path of a two-party call: nothing is
 * decoded unless a tap (recording, listening) asks for the audio.
 */
export class MediaBridge {
  private active = false;
  private readonly muted = new Set<MediaEndpoint>();

  constructor(
    readonly caller: MediaEndpoint,
    readonly callee: MediaEndpoint,
  ) {}

  start(): void {
    this.active = true;
    this.caller.sink = (p, raw) => this.forward(this.caller, this.callee, p, raw);
    this.callee.sink = (p, raw) => this.forward(this.callee, this.caller, p, raw);
  }

  /** A muted side's audio is not passed on (its DTMF still is). */
  setMuted(endpoint: MediaEndpoint, muted: boolean): void {
    if (muted) this.muted.add(endpoint);
    else this.muted.delete(endpoint);
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.caller.sink = null;
    this.callee.sink = null;
  }

  private forward(from: MediaEndpoint, to: MediaEndpoint, packet: RtpPacket, raw: Buffer): void {
    const fm = from.media;
    const tm = to.media;
    if (!fm || !tm) return;
    const pt = packet.payloadType;
    if (pt === fm.payloadType) {
      if (this.muted.has(from)) return;
      const payload = packet.payload;
      if (fm.law !== tm.law) {
        if (fm.law === G711Law.PCMU) pcmuToPcma(payload, payload);
        else pcmaToPcmu(payload, payload);
      }
      raw[1] = ((raw[1] as number) & 0x80) | tm.payloadType;
      to.sendRaw(raw, payload);
    } else if (pt === fm.tePayloadType && tm.tePayloadType !== undefined) {
      raw[1] = ((raw[1] as number) & 0x80) | tm.tePayloadType;
      to.sendRaw(raw);
    }
  }
}

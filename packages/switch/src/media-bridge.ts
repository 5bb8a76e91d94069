import {
  decodeG711,
  G711Law,
  pcmaToPcmu,
  pcmuToPcma,
  RecorderChannel,
  type RtpPacket,
  type StereoWavRecorder,
} from '@hujiao/media';
import type { Leg } from './leg.ts';

/**
 * Relays RTP between two legs anchored on the server (RFC 3550 §7.2 translator): datagrams are forwarded as they
 * are, with the payload type rewritten, PCMU↔PCMA transcoded in place when the legs chose different laws, and
 * RFC 4733 events passed with the other leg's event payload type. Optionally feeds a stereo recorder
 * (left = caller, right = callee). Scratch buffers are per bridge (allocated when recording starts): nothing is allocated per packet beyond views.
 */
export class MediaBridge {
  // Decode buffers for the recorder, allocated with the first recorded packet (most bridges record nothing).
  private scratchA: Int16Array | null = null;
  private scratchB: Int16Array | null = null;
  private active = false;

  constructor(
    readonly caller: Leg,
    readonly callee: Leg,
    private recorder: StereoWavRecorder | null = null,
  ) {}

  start(): void {
    this.active = true;
    this.caller.sink = (p, raw) => this.forward(this.caller, this.callee, p, raw, RecorderChannel.CALLER);
    this.callee.sink = (p, raw) => this.forward(this.callee, this.caller, p, raw, RecorderChannel.CALLEE);
  }

  setRecorder(recorder: StereoWavRecorder | null): void {
    this.recorder = recorder;
  }

  /** Detaches both legs; returns the recorder (the caller closes it). */
  stop(): StereoWavRecorder | null {
    if (this.active) {
      this.active = false;
      if (this.caller.sink) this.caller.sink = null;
      if (this.callee.sink) this.callee.sink = null;
    }
    const r = this.recorder;
    this.recorder = null;
    return r;
  }

  private scratch(channel: RecorderChannel): Int16Array {
    if (channel === RecorderChannel.CALLER) {
      this.scratchA ??= new Int16Array(2048);
      return this.scratchA;
    }
    this.scratchB ??= new Int16Array(2048);
    return this.scratchB;
  }

  private forward(from: Leg, to: Leg, packet: RtpPacket, raw: Buffer, channel: RecorderChannel): void {
    const fm = from.media;
    const tm = to.media;
    const out = to.session;
    if (!fm || !tm || !out) return;
    const pt = packet.payloadType;
    if (pt === fm.payloadType) {
      const payload = packet.payload;
      if (this.recorder) {
        const scratch = this.scratch(channel);
        if (payload.length <= scratch.length) this.recorder.write(channel, decodeG711(fm.law, payload, scratch));
      }
      if (fm.law !== tm.law) {
        if (fm.law === G711Law.PCMU) pcmuToPcma(payload, payload);
        else pcmaToPcmu(payload, payload);
      }
      raw[1] = ((raw[1] as number) & 0x80) | tm.payloadType;
      out.sendRaw(raw);
    } else if (pt === fm.tePayloadType && tm.tePayloadType !== undefined) {
      raw[1] = ((raw[1] as number) & 0x80) | tm.tePayloadType;
      out.sendRaw(raw);
    }
  }
}

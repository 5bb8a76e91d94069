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
 * (left = caller, right = callee). Scratch buffers are per bridge: nothing is allocated per packet beyond views.
 */
export class MediaBridge {
  private readonly scratchA = new Int16Array(2048);
  private readonly scratchB = new Int16Array(2048);
  private active = false;

  constructor(
    readonly caller: Leg,
    readonly callee: Leg,
    private recorder: StereoWavRecorder | null = null,
  ) {}

  start(): void {
    this.active = true;
    this.caller.sink = (p, raw) =>
      this.forward(this.caller, this.callee, p, raw, RecorderChannel.CALLER, this.scratchA);
    this.callee.sink = (p, raw) =>
      this.forward(this.callee, this.caller, p, raw, RecorderChannel.CALLEE, this.scratchB);
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

  private forward(
    from: Leg,
    to: Leg,
    packet: RtpPacket,
    raw: Buffer,
    channel: RecorderChannel,
    scratch: Int16Array,
  ): void {
    const fm = from.media;
    const tm = to.media;
    const out = to.session;
    if (!fm || !tm || !out) return;
    const pt = packet.payloadType;
    if (pt === fm.payloadType) {
      const payload = packet.payload;
      if (this.recorder && payload.length <= scratch.length) {
        this.recorder.write(channel, decodeG711(fm.law, payload, scratch));
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

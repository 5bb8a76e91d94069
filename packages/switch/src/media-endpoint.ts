import type { AudioTap, RtpPacket } from '@hujiao/media';
import type { LegMedia } from './sdp-rewrite.ts';

export type RtpSink = (packet: RtpPacket, raw: Buffer) => void;

/**
 * What call control sees of a leg's media, whatever carries it: a plain RTP session now, a WebRTC transport
 * (ICE, DTLS-SRTP) in step 5. Bridges, the mixer, playback and recording talk only to this.
 */
export interface MediaEndpoint {
  readonly id: string;
  /** The codec and telephone-event payload type negotiated with the far end; null before the offer/answer. */
  readonly media: LegMedia | null;
  /** Takes every RTP packet the far end sends (after DTMF detection); one consumer at a time. */
  sink: RtpSink | null;
  /** Forwards a datagram received on another endpoint (a relay: RFC 3550 §7.2 translator), on this endpoint's own
   * SSRC and numbering; `audio` is its payload, already in this endpoint's law, for the heard tap. */
  sendRaw(raw: Buffer, audio?: Buffer): void;
  /** Sends one frame of our own audio (a G.711 payload in this endpoint's law) on our SSRC. */
  sendAudio(payload: Buffer): void;
  /** Sends a digit as RFC 4733 events (or however this endpoint carries DTMF). */
  sendDtmf(digit: string): Promise<void>;
  /** Decoded PCM of what the far end says (subscribe for recording, listening, recognition). */
  readonly said: AudioTap;
  /** Decoded PCM of what we send to the far end: the other party, the mix, a prompt, music on hold. */
  readonly heard: AudioTap;
}

import { G711Law, PCMA_PAYLOAD_TYPE, PCMU_PAYLOAD_TYPE } from '../codec/g711.ts';
import { DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE } from '../dtmf/telephone-event.ts';
import { MediaDescription } from './media-description.ts';
import { SdpDirection, type SdpRtpMap } from './sdp-types.ts';
import { SessionDescription } from './session-description.ts';

/** Static payload types of RFC 3551 §6 that an offer may use without a=rtpmap. */
const STATIC_PAYLOAD_TYPES: Record<number, SdpRtpMap> = {
  0: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000 },
  3: { payloadType: 3, encodingName: 'GSM', clockRate: 8000 },
  8: { payloadType: 8, encodingName: 'PCMA', clockRate: 8000 },
  9: { payloadType: 9, encodingName: 'G722', clockRate: 8000 },
  18: { payloadType: 18, encodingName: 'G729', clockRate: 8000 },
};

/** The rtpmap for a payload type: a=rtpmap if present, else the RFC 3551 static assignment. */
export function resolvePayloadType(m: MediaDescription, payloadType: number): SdpRtpMap | undefined {
  return m.rtpmap(payloadType) ?? (payloadType < 96 ? STATIC_PAYLOAD_TYPES[payloadType] : undefined);
}

export interface NegotiatedAudio {
  /** Index of the m= line in the description it came from. */
  mediaIndex: number;
  codec: { payloadType: number; law: G711Law; clockRate: number };
  /** Payload type for RFC 4733 events, when both sides use them. */
  telephoneEventPayloadType: number | undefined;
  /** The peer's direction as written in its description (effective value, RFC 3264 §5.1). */
  remoteDirection: SdpDirection;
  remoteRtp: { address: string; port: number } | undefined;
  remoteRtcp: { address: string; port: number } | undefined;
  /** The packetization time the peer asked for, if any. */
  ptime: number | undefined;
}

export interface AudioCapabilities {
  /** Supported G.711 laws in local preference order (used when we offer). Default PCMU, PCMA. */
  codecs?: readonly G711Law[];
  /** Offer/accept RFC 4733 telephone-event/8000. Default true. */
  telephoneEvent?: boolean;
}

/**
 * Finds the first usable audio stream of a remote description (offer or answer): RTP profile, port not 0, and a
 * G.711 codec we support — the first one in the peer's format order (RFC 3264 §6.1: the offerer's preference).
 */
export function readRemoteAudio(sdp: SessionDescription, caps: AudioCapabilities = {}): NegotiatedAudio | undefined {
  const supported = caps.codecs ?? [G711Law.PCMU, G711Law.PCMA];
  for (let i = 0; i < sdp.media.length; i++) {
    const m = sdp.media[i] as MediaDescription;
    if (m.media !== 'audio' || m.port === 0 || !m.isRtp) continue;
    let codec: NegotiatedAudio['codec'] | undefined;
    let telephoneEventPayloadType: number | undefined;
    for (const pt of m.payloadTypes) {
      const map = resolvePayloadType(m, pt);
      if (map?.clockRate !== 8000 || (map.channels ?? 1) !== 1) continue;
      const name = map.encodingName.toUpperCase();
      if (!codec && (name === G711Law.PCMU || name === G711Law.PCMA) && supported.includes(name)) {
        codec = { payloadType: pt, law: name, clockRate: 8000 };
      }
      if (name === 'TELEPHONE-EVENT' && telephoneEventPayloadType === undefined && caps.telephoneEvent !== false) {
        telephoneEventPayloadType = pt;
      }
    }
    if (!codec) continue;
    return {
      mediaIndex: i,
      codec,
      telephoneEventPayloadType,
      remoteDirection: sdp.effectiveDirection(m),
      remoteRtp: sdp.rtpAddress(m),
      remoteRtcp: sdp.rtcpAddress(m),
      ptime: m.ptime,
    };
  }
  return undefined;
}

/**
 * RFC 3264 §6.1 direction rules: the answer may only send if the offer receives and only receive if the offer
 * sends; `local` narrows it further (e.g. sendonly to put the peer on hold).
 */
export function answerDirection(offered: SdpDirection, local: SdpDirection = SdpDirection.SENDRECV): SdpDirection {
  const offerSends = offered === SdpDirection.SENDRECV || offered === SdpDirection.SENDONLY;
  const offerReceives = offered === SdpDirection.SENDRECV || offered === SdpDirection.RECVONLY;
  const localSends = local === SdpDirection.SENDRECV || local === SdpDirection.SENDONLY;
  const localReceives = local === SdpDirection.SENDRECV || local === SdpDirection.RECVONLY;
  const send = offerReceives && localSends;
  const receive = offerSends && localReceives;
  if (send && receive) return SdpDirection.SENDRECV;
  if (send) return SdpDirection.SENDONLY;
  if (receive) return SdpDirection.RECVONLY;
  return SdpDirection.INACTIVE;
}

export interface LocalAudioOptions extends AudioCapabilities {
  /** Local RTP address (c= and o=) and port. */
  address: string;
  port: number;
  /** Our own direction wish. Default sendrecv. */
  direction?: SdpDirection;
  /** Packetization time we want to receive. Default 20. */
  ptime?: number;
  /** o= fields; increment sessionVersion on each new description in a dialog (RFC 3264 §8). */
  sessionId?: string;
  sessionVersion?: string;
  username?: string;
  sessionName?: string;
  /** Payload type for telephone-event in an offer. Default 101. */
  telephoneEventPayloadType?: number;
}

function baseDescription(options: LocalAudioOptions): SessionDescription {
  const sdp = new SessionDescription();
  const addrType = options.address.includes(':') ? 'IP6' : 'IP4';
  sdp.origin = {
    username: options.username ?? '-',
    sessionId: options.sessionId ?? `${Date.now()}`,
    sessionVersion: options.sessionVersion ?? '1',
    netType: 'IN',
    addrType,
    address: options.address,
  };
  sdp.sessionName = options.sessionName ?? 'HuJiao';
  sdp.connection = { netType: 'IN', addrType, address: options.address };
  return sdp;
}

function addTelephoneEvent(m: MediaDescription, pt: number, fmtp: string): void {
  m.formats.push(`${pt}`);
  m.rtpmaps.push({ payloadType: pt, encodingName: 'telephone-event', clockRate: 8000 });
  m.fmtps.set(pt, fmtp);
}

/** An audio offer: m=audio <port> RTP/AVP <codecs> [101] with rtpmaps, fmtp 0-16, ptime and direction. */
export function buildAudioOffer(options: LocalAudioOptions): SessionDescription {
  const sdp = baseDescription(options);
  const m = new MediaDescription();
  m.port = options.port;
  for (const law of options.codecs ?? [G711Law.PCMU, G711Law.PCMA]) {
    const pt = law === G711Law.PCMU ? PCMU_PAYLOAD_TYPE : PCMA_PAYLOAD_TYPE;
    m.formats.push(`${pt}`);
    m.rtpmaps.push({ payloadType: pt, encodingName: law, clockRate: 8000 });
  }
  if (options.telephoneEvent !== false) {
    addTelephoneEvent(m, options.telephoneEventPayloadType ?? DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE, '0-16');
  }
  m.ptime = options.ptime ?? 20;
  m.direction = options.direction ?? SdpDirection.SENDRECV;
  sdp.media.push(m);
  return sdp;
}

export interface AudioAnswer {
  answer: SessionDescription;
  /** The accepted stream (from the offer's point of view), or undefined when every m= line was rejected. */
  audio: NegotiatedAudio | undefined;
  /** Our direction in the answer. */
  direction: SdpDirection;
}

/**
 * RFC 3264 §6: one answer m= line per offered m= line, in order. The first audio stream with a common G.711
 * codec is accepted with exactly that codec (plus telephone-event when offered); every other stream is rejected
 * with port 0 (§6, "rejected by setting the port to zero"), keeping the offered formats.
 */
export function buildAudioAnswer(offer: SessionDescription, options: LocalAudioOptions): AudioAnswer {
  const answer = baseDescription(options);
  answer.timing = offer.timing;
  const audio = readRemoteAudio(offer, options);
  let direction: SdpDirection = SdpDirection.INACTIVE;
  offer.media.forEach((offered, i) => {
    const m = new MediaDescription();
    m.media = offered.media;
    m.protocol = offered.protocol;
    if (!audio || i !== audio.mediaIndex) {
      m.port = 0;
      m.formats = offered.formats.length > 0 ? [...offered.formats] : ['0'];
      answer.media.push(m);
      return;
    }
    m.port = options.port;
    const { payloadType, law } = audio.codec;
    m.formats.push(`${payloadType}`);
    m.rtpmaps.push({ payloadType, encodingName: law, clockRate: 8000 });
    const te = audio.telephoneEventPayloadType;
    if (te !== undefined) addTelephoneEvent(m, te, offered.fmtps.get(te) ?? '0-16');
    m.ptime = options.ptime ?? 20;
    direction = answerDirection(audio.remoteDirection, options.direction);
    m.direction = direction;
    answer.media.push(m);
  });
  return { answer, audio, direction };
}

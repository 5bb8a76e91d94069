import {
  buildAudioAnswer,
  buildAudioOffer,
  G711Law,
  type NegotiatedAudio,
  readRemoteAudio,
  type SdpDirection,
  SessionDescription,
} from '@hujiao/media';

/** What one leg negotiated: the codec it uses towards us and its telephone-event payload type. */
export interface LegMedia {
  law: G711Law;
  payloadType: number;
  /** RFC 4733 payload type, when the leg accepted telephone-event. */
  tePayloadType: number | undefined;
}

export function parseSdp(body: Buffer): SessionDescription | null {
  if (body.length === 0) return null;
  const r = SessionDescription.parse(body.toString('utf8'));
  return r.ok ? r.value : null;
}

export function legMediaOf(audio: NegotiatedAudio): LegMedia {
  return { law: audio.codec.law, payloadType: audio.codec.payloadType, tePayloadType: audio.telephoneEventPayloadType };
}

/** Our offer towards a leg (RFC 3264 §5): the server's address and the leg's port, preferred codec first. */
export function offerSdp(
  address: string,
  port: number,
  preferred: G711Law | undefined,
  direction: SdpDirection | undefined,
  sessionId: string,
  version: number,
): string {
  const codecs = preferred === G711Law.PCMA ? [G711Law.PCMA, G711Law.PCMU] : [G711Law.PCMU, G711Law.PCMA];
  return buildAudioOffer({
    address,
    port,
    codecs,
    ...(direction ? { direction } : {}),
    sessionId,
    sessionVersion: String(version),
  }).serialize();
}

/**
 * Our answer to a leg's offer (RFC 3264 §6): the server's address and the leg's port, the offerer's first G.711
 * codec, telephone-event when offered, and a direction derived from the offer (hold/unhold preserved).
 */
export function answerSdp(
  offer: SessionDescription,
  address: string,
  port: number,
  direction: SdpDirection | undefined,
  sessionId: string,
  version: number,
): { sdp: string; audio: NegotiatedAudio } | null {
  const { answer, audio } = buildAudioAnswer(offer, {
    address,
    port,
    ...(direction ? { direction } : {}),
    sessionId,
    sessionVersion: String(version),
  });
  return audio ? { sdp: answer.serialize(), audio } : null;
}

export function remoteAudio(sdp: SessionDescription): NegotiatedAudio | undefined {
  return readRemoteAudio(sdp);
}

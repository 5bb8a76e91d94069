import { describe, expect, it } from 'vitest';
import { G711Law } from '../codec/g711.ts';
import { answerDirection, buildAudioAnswer, buildAudioOffer, readRemoteAudio } from './sdp-offer-answer.ts';
import { SdpDirection } from './sdp-types.ts';
import { SessionDescription } from './session-description.ts';

function parse(text: string): SessionDescription {
  const r = SessionDescription.parse(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

// Shaped like baresip's offer.
const baresipOffer = [
  'v=0',
  'o=- 1234567890123456789 2 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  'b=AS:64',
  't=0 0',
  'm=audio 10000 RTP/AVP 8 0 101',
  'b=TIAS:64000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:20',
  'a=rtcp:10001',
  'a=sendrecv',
  'a=label:1',
  '',
].join('\r\n');

describe('SessionDescription (RFC 4566)', () => {
  it('parses origin, connection, media, rtpmap, fmtp, ptime, rtcp and direction', () => {
    const sdp = parse(baresipOffer);
    expect(sdp.origin).toEqual({
      username: '-',
      sessionId: '1234567890123456789',
      sessionVersion: '2',
      netType: 'IN',
      addrType: 'IP4',
      address: '127.0.0.1',
    });
    expect(sdp.connection?.address).toBe('127.0.0.1');
    const m = sdp.media[0];
    if (!m) throw new Error('no media');
    expect(m.media).toBe('audio');
    expect(m.port).toBe(10000);
    expect(m.payloadTypes).toEqual([8, 0, 101]);
    expect(m.rtpmap(101)).toEqual({ payloadType: 101, encodingName: 'telephone-event', clockRate: 8000 });
    expect(m.fmtps.get(101)).toBe('0-15');
    expect(m.ptime).toBe(20);
    expect(m.rtcp).toEqual({ port: 10001 });
    expect(m.direction).toBe('sendrecv');
    expect(m.attributes).toEqual([{ name: 'label', value: '1' }]);
    expect(sdp.rtcpAddress(m)).toEqual({ address: '127.0.0.1', port: 10001 });
  });

  it('serializes back to the same text', () => {
    expect(parse(baresipOffer).serialize()).toBe(baresipOffer);
  });

  it('accepts LF-only input, session-level direction and media-level c=', () => {
    const sdp = parse(
      'v=0\no=alice 1 1 IN IP4 10.0.0.1\ns=call\nt=0 0\na=sendonly\nm=audio 4000/2 RTP/AVP 0\nc=IN IP4 10.0.0.2\n',
    );
    const m = sdp.media[0];
    if (!m) throw new Error('no media');
    expect(m.portCount).toBe(2);
    expect(sdp.effectiveDirection(m)).toBe('sendonly');
    expect(sdp.rtpAddress(m)).toEqual({ address: '10.0.0.2', port: 4000 });
    expect(sdp.rtcpAddress(m)).toEqual({ address: '10.0.0.2', port: 4001 });
    expect(parse(sdp.serialize()).serialize()).toBe(sdp.serialize());
  });

  it.each([
    ['empty', ''],
    ['no v=', 'o=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\n'],
    ['v=1', 'v=1\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\n'],
    ['no o=', 'v=0\r\ns=-\r\n'],
    ['short o=', 'v=0\r\no=- 1 IN IP4 1.1.1.1\r\ns=-\r\n'],
    ['no s=', 'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\n'],
    ['garbage line', 'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nhello\r\n'],
    ['bad port', 'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\n'],
    ['bad payload type', 'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nm=audio 4000 RTP/AVP 200\r\n'],
    ['no formats', 'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nm=audio 4000 RTP/AVP\r\n'],
    ['bad rtpmap', 'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n'],
    ['bad ptime', 'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\na=ptime:x\r\n'],
    ['bad c=', 'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nc=IN IP4\r\n'],
  ])('rejects %s', (_n, text) => {
    expect(SessionDescription.parse(text).ok).toBe(false);
  });
});

describe('offer/answer (RFC 3264)', () => {
  const local = { address: '127.0.0.1', port: 40000, sessionId: '42', sessionVersion: '1' };

  it('answers with the first common codec in offer order plus telephone-event', () => {
    const { answer, audio, direction } = buildAudioAnswer(parse(baresipOffer), local);
    expect(audio?.codec).toEqual({ payloadType: 8, law: 'PCMA', clockRate: 8000 });
    expect(audio?.telephoneEventPayloadType).toBe(101);
    expect(audio?.remoteRtp).toEqual({ address: '127.0.0.1', port: 10000 });
    expect(direction).toBe('sendrecv');
    expect(answer.serialize()).toBe(
      [
        'v=0',
        'o=- 42 1 IN IP4 127.0.0.1',
        's=HuJiao',
        'c=IN IP4 127.0.0.1',
        't=0 0',
        'm=audio 40000 RTP/AVP 8 101',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-15',
        'a=ptime:20',
        'a=sendrecv',
        '',
      ].join('\r\n'),
    );
  });

  it('respects local codec support and static payload types without rtpmap', () => {
    const offer = parse(
      'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nc=IN IP4 1.1.1.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 18 8 0\r\n',
    );
    const { audio } = buildAudioAnswer(offer, { ...local, codecs: [G711Law.PCMU] });
    expect(audio?.codec.payloadType).toBe(0);
    expect(audio?.telephoneEventPayloadType).toBeUndefined();
  });

  it('answers hold (sendonly) with recvonly and inactive with inactive', () => {
    const hold = parse(baresipOffer.replace('a=sendrecv', 'a=sendonly'));
    expect(buildAudioAnswer(hold, local).direction).toBe('recvonly');
    const inactive = parse(baresipOffer.replace('a=sendrecv', 'a=inactive'));
    expect(buildAudioAnswer(inactive, local).answer.media[0]?.direction).toBe('inactive');
    expect(answerDirection(SdpDirection.RECVONLY)).toBe('sendonly');
    expect(answerDirection(SdpDirection.SENDRECV, SdpDirection.SENDONLY)).toBe('sendonly');
    expect(answerDirection(SdpDirection.SENDONLY, SdpDirection.SENDONLY)).toBe('inactive');
  });

  it('rejects with port 0 when nothing matches, and rejects non-audio streams', () => {
    const g729 = parse(
      'v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nc=IN IP4 1.1.1.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 18\r\nm=video 5002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n',
    );
    const { answer, audio } = buildAudioAnswer(g729, local);
    expect(audio).toBeUndefined();
    expect(answer.media.map((m) => [m.media, m.port, m.formats])).toEqual([
      ['audio', 0, ['18']],
      ['video', 0, ['96']],
    ]);
    expect(answer.serialize()).toContain('m=audio 0 RTP/AVP 18\r\nm=video 0 RTP/AVP 96\r\n');
    const mixed = parse(baresipOffer.replace('m=audio 10000', 'm=video 9 RTP/AVP 96\r\nm=audio 10000'));
    const r = buildAudioAnswer(mixed, local);
    expect(r.answer.media.map((m) => m.port)).toEqual([0, 40000]);
    expect(r.audio?.mediaIndex).toBe(1);
  });

  it('builds an offer that a peer can answer and we can read back', () => {
    const offer = buildAudioOffer({ ...local, codecs: [G711Law.PCMU, G711Law.PCMA] });
    const text = offer.serialize();
    expect(text).toContain('m=audio 40000 RTP/AVP 0 8 101\r\n');
    expect(text).toContain('a=fmtp:101 0-16\r\n');
    const reparsed = parse(text);
    const { answer } = buildAudioAnswer(reparsed, { address: '127.0.0.2', port: 40100, codecs: [G711Law.PCMA] });
    const remote = readRemoteAudio(parse(answer.serialize()));
    expect(remote?.codec.law).toBe('PCMA');
    expect(remote?.remoteRtp).toEqual({ address: '127.0.0.2', port: 40100 });
    expect(remote?.remoteRtcp).toEqual({ address: '127.0.0.2', port: 40101 });
  });
});

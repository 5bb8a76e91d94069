import { RtpPacket as OurRtpPacket } from '@hujiao/media';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaStreamTrack, type RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import { browserPeer } from '../test-support/browser-phone.ts';
import { isWebRtcOffer, WebRtcSession } from './webrtc-session.ts';

/**
 * A browser's side played by werift itself (offer with PCMU/PCMA/telephone-event, full ICE on 127.0.0.1): the
 * server's session answers it, and audio, relayed packets and DTMF cross DTLS-SRTP both ways.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function browser(codecs: Array<'PCMU' | 'PCMA'> = ['PCMU', 'PCMA']) {
  const pc = browserPeer(codecs);
  const track = new MediaStreamTrack({ kind: 'audio' });
  pc.addTransceiver(track, { direction: 'sendrecv' });
  const received: RtpPacket[] = [];
  pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((p) => received.push(p)));
  return { pc, track, received };
}

async function offerOf(pc: RTCPeerConnection): Promise<string> {
  await pc.setLocalDescription(await pc.createOffer());
  for (let i = 0; i < 100 && pc.iceGatheringState !== 'complete'; i++) await sleep(20);
  return pc.localDescription?.sdp ?? '';
}

async function until(what: string, ok: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

describe('WebRtcSession (werift, DTLS-SRTP)', { timeout: 20_000 }, () => {
  const closing: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of closing.splice(0)) await c().catch(() => {});
  });

  it('answers a browser offer with host candidates on the configured address only, and carries G.711 both ways', async () => {
    const b = browser();
    closing.push(() => b.pc.close());
    const offer = await offerOf(b.pc);
    expect(isWebRtcOffer(offer)).toBe(true);
    expect(isWebRtcOffer('v=0\r\nm=audio 4000 RTP/AVP 0\r\n')).toBe(false);
    const answered = await WebRtcSession.answer(offer, { hostAddresses: ['127.0.0.1'] });
    if (!answered) throw new Error('no answer');
    const { session, sdp } = answered;
    closing.push(() => session.close());
    expect(sdp).toMatch(/^a=setup:active/m);
    expect(sdp).toMatch(/^a=fingerprint:sha-256 /m);
    const candidates = sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) expect(c).toContain(' 127.0.0.1 ');
    expect(session.media).toEqual({ law: 'PCMU', payloadType: 0, tePayloadType: 101 });

    const heard: OurRtpPacket[] = [];
    session.onRtp = (p) => heard.push(p);
    await b.pc.setRemoteDescription({ type: 'answer', sdp });
    await until('connected', () => session.connected && b.pc.connectionState === 'connected', 10_000);

    for (let i = 0; i < 25; i++) {
      b.track.writeRtp(
        new RtpPacket(
          new RtpHeader({ payloadType: 0, sequenceNumber: 1000 + i, timestamp: i * 160 }),
          Buffer.alloc(160, 0x11),
        ),
      );
      expect(session.sendPayload(Buffer.alloc(160, 0x22), { payloadType: 0 })).toBe(true);
      await sleep(20);
    }
    await until('both sides have the audio', () => heard.length >= 24 && b.received.length >= 24);
    expect(heard.every((p) => p.payloadType === 0 && p.payload.length === 160 && p.payload[0] === 0x11)).toBe(true);
    const ours = b.received.filter((p) => p.header.payloadType === 0);
    expect(ours.every((p) => p.payload[0] === 0x22)).toBe(true);
    for (let i = 1; i < ours.length; i++) {
      expect(ours[i]?.header.sequenceNumber).toBe(((ours[i - 1]?.header.sequenceNumber ?? 0) + 1) & 0xffff);
    }
  });

  it('relays two sources on one stream of its own, and sends a digit as RFC 4733 events', async () => {
    const b = browser(['PCMA']);
    closing.push(() => b.pc.close());
    const answered = await WebRtcSession.answer(await offerOf(b.pc), { hostAddresses: ['127.0.0.1'] });
    if (!answered) throw new Error('no answer');
    const { session, sdp } = answered;
    closing.push(() => session.close());
    expect(session.media.law).toBe('PCMA');
    await b.pc.setRemoteDescription({ type: 'answer', sdp });
    await until('connected', () => session.connected && b.pc.connectionState === 'connected', 10_000);

    const datagram = (ssrc: number, seq: number, ts: number) =>
      new OurRtpPacket({
        payloadType: 8,
        sequenceNumber: seq,
        timestamp: ts,
        ssrc,
        payload: Buffer.alloc(160, 0xd5),
      }).serialize();
    for (let i = 0; i < 10; i++) {
      session.sendRaw(datagram(0xaaaa, 50_000 + i, 7000 + i * 160));
      await sleep(20);
    }
    for (let i = 0; i < 10; i++) {
      session.sendRaw(datagram(0xbbbb, 3 + i, 900_000 + i * 160));
      await sleep(20);
    }
    await session.sendDtmf('5');
    await until('relayed and the digit', () => b.received.filter((p) => p.header.payloadType === 101).length >= 3);
    const audio = b.received.filter((p) => p.header.payloadType === 8);
    expect(audio.length).toBeGreaterThanOrEqual(18);
    expect(new Set(b.received.map((p) => p.header.ssrc)).size).toBe(1);
    for (let i = 1; i < audio.length; i++) {
      const step = ((audio[i]?.header.sequenceNumber ?? 0) - (audio[i - 1]?.header.sequenceNumber ?? 0)) & 0xffff;
      expect(step).toBe(1);
      const tsStep = ((audio[i]?.header.timestamp ?? 0) - (audio[i - 1]?.header.timestamp ?? 0)) >>> 0;
      expect(tsStep).toBe(160);
    }
    const events = b.received.filter((p) => p.header.payloadType === 101);
    expect(events[0]?.payload[0]).toBe(5);
    expect(events.some((p) => ((p.payload[1] ?? 0) & 0x80) !== 0)).toBe(true);
  });

  it('refuses an offer without G.711', async () => {
    const pc = browserPeer(['opus']);
    closing.push(() => pc.close());
    pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction: 'sendrecv' });
    expect(await WebRtcSession.answer(await offerOf(pc), { hostAddresses: ['127.0.0.1'] })).toBeNull();
  });
});

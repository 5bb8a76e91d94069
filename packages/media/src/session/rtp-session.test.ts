import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { encodePcmu, pcmuToPcma } from '../codec/g711.ts';
import { DtmfDetector } from '../dtmf/dtmf-detector.ts';
import type { RtcpPacket } from '../rtcp/rtcp-compound.ts';
import type { RtcpSourceDescription } from '../rtcp/rtcp-sdes.ts';
import { RtcpSenderReport } from '../rtcp/rtcp-sender-report.ts';
import { RtpPacket } from '../rtp/rtp-packet.ts';
import { PortAllocator } from './port-allocator.ts';
import { RtpSession, type RtpSessionOptions } from './rtp-session.ts';

// Ports 40400-40499 belong to this file.
const allocator = new PortAllocator({ min: 40400, max: 40499 });
const open: RtpSession[] = [];
const sockets: Socket[] = [];

async function session(options: Partial<RtpSessionOptions> = {}): Promise<RtpSession> {
  const s = await RtpSession.open({ allocator, bindAddress: '127.0.0.1', rtcpIntervalMs: 0, ...options });
  open.push(s);
  return s;
}

async function rawSocket(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  sockets.push(s);
  return s;
}

function nextMessage(socket: Socket): Promise<Buffer> {
  return new Promise((resolve) => socket.once('message', (msg) => resolve(msg)));
}

function until(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (cond()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out'));
      else setTimeout(check, 5);
    };
    check();
  });
}

const rtp = (seq: number, pt = 0): Buffer =>
  new RtpPacket({
    payloadType: pt,
    sequenceNumber: seq,
    timestamp: seq * 160,
    ssrc: 0xabc,
    payload: Buffer.alloc(160, 0xff),
  }).serialize();

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const s of sockets.splice(0)) s.close();
});

describe('RtpSession on real UDP sockets', () => {
  it('binds an even port with RTCP on port + 1 and releases it on close', async () => {
    const s = await session({ rtcp: true });
    expect(s.port % 2).toBe(0);
    expect(s.rtcpPort).toBe(s.port + 1);
    expect(allocator.isAllocated(s.port)).toBe(true);
    await s.close();
    await s.close();
    expect(allocator.isAllocated(s.port)).toBe(false);
  });

  it('carries G.711 frames between two sessions with counters and stats', async () => {
    const a = await session();
    const b = await session();
    a.setRemote({ address: '127.0.0.1', port: b.port });
    const got: RtpPacket[] = [];
    b.onRtp = (p) => got.push(new RtpPacket({ ...p, payload: Buffer.from(p.payload) }));
    for (let i = 0; i < 10; i++) expect(a.sendPayload(Buffer.alloc(160, i), { payloadType: 8 })).toBe(true);
    await until(() => got.length === 10);
    expect(got.map((p) => p.payload[0])).toEqual([...Array(10).keys()]);
    expect(got[0]?.marker).toBe(true);
    expect(got[1]?.marker).toBe(false);
    expect((got[9]?.timestamp ?? 0) - (got[0]?.timestamp ?? 0)).toBe(9 * 160);
    expect(got.every((p) => p.ssrc === a.ssrc && p.payloadType === 8)).toBe(true);
    expect(a.counters.packetsSent).toBe(10);
    expect(a.counters.octetsSent).toBe(1600);
    expect(b.counters.packetsReceived).toBe(10);
    expect(b.stats.lost).toBe(0);
    // b latched to a's socket and answers there (symmetric RTP)
    expect(b.remote).toEqual({ address: '127.0.0.1', port: a.port });
    const back: number[] = [];
    a.onRtp = (p) => back.push(p.sequenceNumber);
    b.sendPayload(Buffer.alloc(160), { payloadType: 8 });
    await until(() => back.length === 1);
  });

  it('latches to the first source, ignores others, re-latches after the timeout', async () => {
    const s = await session({ latchTimeoutMs: 150, acceptPayloadTypes: [0, 101] });
    const x = await rawSocket();
    const y = await rawSocket();
    let received = 0;
    s.onRtp = () => received++;
    expect(s.sendPayload(Buffer.alloc(160), { payloadType: 0 })).toBe(false); // no remote yet
    x.send(rtp(1), s.port, '127.0.0.1');
    await until(() => received === 1);
    expect(s.remote).toEqual({ address: '127.0.0.1', port: x.address().port });
    const echoed = nextMessage(x);
    s.sendPayload(Buffer.alloc(160, 0x55), { payloadType: 0 });
    expect((await echoed)[12]).toBe(0x55);

    y.send(rtp(50), s.port, '127.0.0.1');
    y.send(rtp(51, 96), s.port, '127.0.0.1'); // not an accepted payload type
    x.send(rtp(2), s.port, '127.0.0.1');
    await until(() => received === 2);
    await until(() => s.counters.foreign === 1 && s.counters.rejectedPayloadType === 1);
    expect(s.remote?.port).toBe(x.address().port);

    await new Promise((r) => setTimeout(r, 200));
    y.send(rtp(52), s.port, '127.0.0.1');
    await until(() => received === 3);
    expect(s.remote?.port).toBe(y.address().port);
  });

  it('counts malformed datagrams without throwing', async () => {
    const s = await session();
    const x = await rawSocket();
    let received = 0;
    s.onRtp = () => received++;
    x.send(Buffer.from('00010203', 'hex'), s.port, '127.0.0.1');
    x.send(Buffer.from('8f00000100000000000000', 'hex'), s.port, '127.0.0.1');
    x.send(rtp(7), s.port, '127.0.0.1');
    await until(() => received === 1);
    expect(s.counters.malformed).toBe(2);
  });

  it('exchanges RTCP SR/SDES and BYE on port + 1', async () => {
    const a = await session();
    const b = await session();
    a.setRemote({ address: '127.0.0.1', port: b.port });
    const rtcp: RtcpPacket[][] = [];
    b.onRtcp = (p) => rtcp.push(p);
    let got = 0;
    b.onRtp = () => got++;
    for (let i = 0; i < 3; i++) a.sendPayload(Buffer.alloc(160), { payloadType: 0 });
    await until(() => got === 3);
    a.sendRtcpReport();
    await until(() => rtcp.length === 1);
    const [sr, sdes] = rtcp[0] ?? [];
    expect(sr).toBeInstanceOf(RtcpSenderReport);
    expect((sr as RtcpSenderReport).packetCount).toBe(3);
    expect((sr as RtcpSenderReport).octetCount).toBe(480);
    expect((sdes as RtcpSourceDescription).cnameText).toBe(a.cname);
    // b reports back on a's RTCP port with a reception report about a's stream
    const aRtcp: RtcpPacket[][] = [];
    a.onRtcp = (p) => aRtcp.push(p);
    b.setRemote({ address: '127.0.0.1', port: a.port });
    b.sendRtcpReport();
    await until(() => aRtcp.length === 1);
    const rr = aRtcp[0]?.[0];
    expect(rr?.packetType).toBe(201);
    expect(rr && 'reports' in rr ? rr.reports[0]?.ssrc : undefined).toBe(a.ssrc);
    expect(rr && 'reports' in rr ? rr.reports[0]?.extendedHighestSequence : undefined).toBeGreaterThan(0);
    await a.close('done');
    await until(() => rtcp.length === 2);
    // nothing was sent since the last report, so the BYE compound opens with an RR (RFC 3550 §6.4)
    expect(rtcp[1]?.map((p) => p.packetType)).toEqual([201, 202, 203]);
  });

  it('sends no RTCP BYE when it never sent RTP or RTCP (RFC 3550 §6.3.7)', async () => {
    const a = await session();
    const b = await session();
    a.setRemote({ address: '127.0.0.1', port: b.port });
    const rtcp: RtcpPacket[][] = [];
    b.onRtcp = (p) => rtcp.push(p);
    await a.close('silent');
    // c's report is the first RTCP that reaches b (so the path works and a sent nothing); c did send, so it says BYE
    const c = await session();
    c.setRemote({ address: '127.0.0.1', port: b.port });
    c.sendRtcpReport();
    await until(() => rtcp.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(rtcp).toHaveLength(1);
    await c.close();
    await until(() => rtcp.length === 2);
    expect(rtcp[1]?.map((p) => p.packetType)).toContain(203);
  });

  it('sends a DTMF digit as RFC 4733 events that the detector turns into one digit', async () => {
    const a = await session({ telephoneEventPayloadType: 101 });
    const b = await session();
    a.setRemote({ address: '127.0.0.1', port: b.port });
    const digits: string[] = [];
    const detector = new DtmfDetector({ onDigit: (d) => digits.push(d.digit) });
    let events = 0;
    b.onRtp = (p) => {
      if (p.payloadType === 101) {
        events++;
        detector.push(p.timestamp, p.payload);
      }
    };
    const done = a.sendDtmf('#', { durationMs: 60 });
    expect(a.sendPayload(Buffer.alloc(160), { payloadType: 0 })).toBe(false); // audio suppressed meanwhile
    await done;
    await until(() => events === 5);
    expect(digits).toEqual(['#']);
  });

  it('relays between two legs, transcoding PCMU to PCMA in place (B2BUA pattern)', async () => {
    const caller = await session();
    const legA = await session({ acceptPayloadTypes: [0] });
    const legB = await session();
    const callee = await session();
    caller.setRemote({ address: '127.0.0.1', port: legA.port });
    legB.setRemote({ address: '127.0.0.1', port: callee.port });
    legA.onRtp = (packet, raw) => {
      pcmuToPcma(packet.payload, packet.payload); // the payload is a view into `raw`
      raw[1] = ((raw[1] as number) & 0x80) | 8;
      legB.sendRaw(raw);
    };
    const heard: Buffer[] = [];
    callee.onRtp = (p) => heard.push(Buffer.from(p.payload));
    const speech = encodePcmu(Int16Array.from({ length: 160 }, (_, i) => Math.round(4000 * Math.sin(i / 3))));
    for (let i = 0; i < 5; i++) caller.sendPayload(speech, { payloadType: 0 });
    await until(() => heard.length === 5);
    expect(heard[0]).toEqual(pcmuToPcma(speech));
    expect(legB.counters.packetsSent).toBe(5);
  });

  it('forwards relayed datagrams on its own stream: one SSRC, numbering continued across sources and its own audio', async () => {
    const leg = await session();
    const phone = await rawSocket();
    leg.setRemote({ address: '127.0.0.1', port: phone.address().port });
    const got: RtpPacket[] = [];
    phone.on('message', (msg) => {
      const p = RtpPacket.parse(msg);
      if (p.ok) got.push(p.value);
    });
    const from = (ssrc: number, seq: number, ts: number) =>
      new RtpPacket({
        payloadType: 0,
        sequenceNumber: seq,
        timestamp: ts,
        ssrc,
        payload: Buffer.alloc(160, 0xff),
      }).serialize();
    leg.sendPayload(Buffer.alloc(160, 0xff), { payloadType: 0 }); // our own audio (ringback)
    leg.sendRaw(from(0x111, 60000, 4_000_000_000)); // party B
    leg.sendRaw(from(0x111, 60002, 4_000_000_320)); // B, one packet lost upstream: the gap is kept
    leg.sendRaw(from(0x222, 5, 7)); // party C after a transfer: far behind B in both numberings
    leg.sendPayload(Buffer.alloc(160, 0xff), { payloadType: 0 }); // music on hold
    await until(() => got.length === 5);
    expect(new Set(got.map((p) => p.ssrc))).toEqual(new Set([leg.ssrc]));
    const seq0 = got[0]?.sequenceNumber as number;
    const ts0 = got[0]?.timestamp as number;
    expect(got.map((p) => (p.sequenceNumber - seq0) & 0xffff)).toEqual([0, 1, 3, 4, 5]);
    expect(got.map((p) => (p.timestamp - ts0) >>> 0)).toEqual([0, 160, 480, 640, 800]);
    // A change of source is the start of a talkspurt (RFC 3551 §4.1).
    expect(got.map((p) => p.marker)).toEqual([true, true, false, true, true]);
  });

  it('skips ports taken by another process and fails when the range is exhausted', async () => {
    const small = new PortAllocator({ min: 40490, max: 40493 });
    const blocker = createSocket('udp4');
    sockets.push(blocker);
    await new Promise<void>((resolve) => blocker.bind(40490, '127.0.0.1', () => resolve()));
    const s = await RtpSession.open({ allocator: small, bindAddress: '127.0.0.1', rtcpIntervalMs: 0 });
    open.push(s);
    expect(s.port).toBe(40492);
    await expect(
      RtpSession.open({ allocator: small, bindAddress: '127.0.0.1', rtcpIntervalMs: 0, bindAttempts: 3 }),
    ).rejects.toThrow();
  });
});

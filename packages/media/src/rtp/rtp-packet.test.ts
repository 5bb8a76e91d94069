import { describe, expect, it } from 'vitest';
import { looksLikeRtcp, RtpPacket } from './rtp-packet.ts';

function mustParse(buf: Buffer): RtpPacket {
  const r = RtpPacket.parse(buf);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('RtpPacket', () => {
  // V=2 P=0 X=0 CC=0 | M=1 PT=0 | seq 0x1234 | ts 0x00000a0 | ssrc 0xdeadbeef | payload 4 bytes
  const simple = Buffer.from('80801234000000a0deadbeef01020304', 'hex');

  it('parses a hand-built packet', () => {
    const p = mustParse(simple);
    expect(p.marker).toBe(true);
    expect(p.payloadType).toBe(0);
    expect(p.sequenceNumber).toBe(0x1234);
    expect(p.timestamp).toBe(0xa0);
    expect(p.ssrc).toBe(0xdeadbeef);
    expect(p.csrcs).toEqual([]);
    expect(p.extension).toBeUndefined();
    expect(p.payload).toEqual(Buffer.from([1, 2, 3, 4]));
    expect(p.serialize()).toEqual(simple);
  });

  it('round-trips CSRCs, header extension and padding', () => {
    const bytes = Buffer.from(
      // V=2 P=1 X=1 CC=2 -> 0xb2; M=0 PT=8
      'b2080001ffffffff11223344' +
        'aaaaaaaabbbbbbbb' + // CSRCs
        'bede0001' + // extension profile 0xbede, 1 word
        '10ff0000' + // extension data
        'd5d5' + // payload
        '000003', // 3 padding octets
      'hex',
    );
    const p = mustParse(bytes);
    expect(p.payloadType).toBe(8);
    expect(p.timestamp).toBe(0xffffffff);
    expect(p.csrcs).toEqual([0xaaaaaaaa, 0xbbbbbbbb]);
    expect(p.extension?.profile).toBe(0xbede);
    expect(p.extension?.data).toEqual(Buffer.from('10ff0000', 'hex'));
    expect(p.payload).toEqual(Buffer.from('d5d5', 'hex'));
    expect(p.paddingLength).toBe(3);
    expect(p.serialize()).toEqual(bytes);
  });

  it('builds, serializes into a reused buffer and parses back', () => {
    const p = new RtpPacket({
      payloadType: 101,
      sequenceNumber: 65535,
      timestamp: 1,
      ssrc: 7,
      payload: Buffer.alloc(160, 0xff),
    });
    const buf = Buffer.alloc(1500);
    const n = p.serializeInto(buf, 0);
    expect(n).toBe(172);
    const q = mustParse(buf.subarray(0, n));
    expect(q.sequenceNumber).toBe(65535);
    expect(q.payload.length).toBe(160);
    expect(q.marker).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['short header', '80000001'],
    ['version 1', '40000001000000000000000000'],
    ['version 0', '00000001000000000000000000'],
    ['CSRC count beyond length', '8f000001000000000000000000000000'],
    ['extension header truncated', '9000000100000000000000000001'],
    ['extension length beyond packet', '900000010000000000000000bede0005'],
    ['zero padding count', 'a000000100000000000000000000'],
    ['padding longer than payload', 'a00000010000000000000000ff'],
  ])('rejects %s without throwing', (_name, hex) => {
    const r = RtpPacket.parse(Buffer.from(hex, 'hex'));
    expect(r.ok).toBe(false);
  });

  it('refuses to serialize malformed fields', () => {
    const p = new RtpPacket({
      payloadType: 0,
      sequenceNumber: 0,
      timestamp: 0,
      ssrc: 0,
      payload: Buffer.alloc(0),
      extension: { profile: 1, data: Buffer.alloc(3) },
    });
    expect(() => p.serialize()).toThrow(RangeError);
  });

  it('tells RTCP from RTP on a shared port (RFC 5761)', () => {
    expect(looksLikeRtcp(simple)).toBe(false);
    expect(looksLikeRtcp(Buffer.from('80c80006', 'hex'))).toBe(true);
    expect(looksLikeRtcp(Buffer.from('81cb0001', 'hex'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { RtpPacket } from '../rtp/rtp-packet.ts';
import { DtmfDetector, type DtmfDigit } from './dtmf-detector.ts';
import { buildDtmfPackets } from './dtmf-sender.ts';
import { dtmfDigitToEvent, dtmfEventToDigit, TelephoneEvent } from './telephone-event.ts';

describe('telephone-event payload (RFC 4733 §2.3)', () => {
  it('parses and round-trips hand-built bytes', () => {
    const bytes = Buffer.from('0b8a0320', 'hex'); // event 11 (#), E=1, volume 10, duration 800
    const r = TelephoneEvent.parse(bytes);
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toMatchObject({ event: 11, end: true, volume: 10, duration: 800 });
    expect(r.value.serialize()).toEqual(bytes);
  });

  it('ignores the reserved bit and rejects short payloads', () => {
    const r = TelephoneEvent.parse(Buffer.from('05470050', 'hex'));
    expect(r.ok && r.value.end === false && r.value.volume === 7 && r.value.event === 5).toBe(true);
    expect(TelephoneEvent.parse(Buffer.from('0580', 'hex')).ok).toBe(false);
  });

  it('maps digits and events both ways', () => {
    expect([...'0123456789*#ABCD'].map(dtmfDigitToEvent)).toEqual([...Array(16).keys()]);
    expect(dtmfDigitToEvent('a')).toBe(12);
    expect(dtmfDigitToEvent('x')).toBeUndefined();
    expect(dtmfEventToDigit(10)).toBe('*');
    expect(dtmfEventToDigit(16)).toBe('!');
    expect(dtmfEventToDigit(40)).toBeUndefined();
  });
});

describe('buildDtmfPackets (RFC 4733 §2.5.1)', () => {
  it('produces marker start, growing durations and three end packets on one timestamp', () => {
    const seq = buildDtmfPackets({ digit: '5', ssrc: 1, sequenceNumber: 65534, timestamp: 16000, durationMs: 100 });
    const events = seq.packets.map((p) => {
      const r = TelephoneEvent.parse(p.payload);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    });
    expect(seq.packets.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(events.map((e) => e.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(events.map((e) => e.end)).toEqual([false, false, false, false, true, true, true]);
    expect(new Set(seq.packets.map((p) => p.timestamp))).toEqual(new Set([16000]));
    expect(seq.packets.map((p) => p.sequenceNumber)).toEqual([65534, 65535, 0, 1, 2, 3, 4]);
    expect(seq.packets.every((p) => p.payloadType === 101)).toBe(true);
    expect(seq.nextSequenceNumber).toBe(5);
    expect(seq.durationSamples).toBe(800);
  });

  it('rejects non-digits', () => {
    expect(() => buildDtmfPackets({ digit: 'z', ssrc: 1, sequenceNumber: 0, timestamp: 0 })).toThrow(RangeError);
  });
});

describe('DtmfDetector (RFC 4733 §2.5.2)', () => {
  function collect(): { digits: DtmfDigit[]; detector: DtmfDetector } {
    const digits: DtmfDigit[] = [];
    return { digits, detector: new DtmfDetector({ onDigit: (d) => digits.push(d) }) };
  }

  it('reports one digit per event despite triple end packets', () => {
    const { digits, detector } = collect();
    let sequenceNumber = 0;
    let timestamp = 0;
    for (const digit of '123#') {
      const seq = buildDtmfPackets({ digit, ssrc: 9, sequenceNumber, timestamp });
      for (const p of seq.packets) detector.push(p.timestamp, p.payload);
      sequenceNumber = seq.nextSequenceNumber;
      timestamp += seq.durationSamples + 800;
    }
    expect(digits.map((d) => d.digit).join('')).toBe('123#');
    expect(digits.every((d) => d.ended && d.duration === 800)).toBe(true);
  });

  it('survives reordering, duplicates and lost end packets', () => {
    const { digits, detector } = collect();
    const a = buildDtmfPackets({ digit: '7', ssrc: 9, sequenceNumber: 0, timestamp: 1000 }).packets;
    const b = buildDtmfPackets({ digit: '8', ssrc: 9, sequenceNumber: 10, timestamp: 5000 }).packets;
    const feed = (p: RtpPacket | undefined): void => {
      if (p) detector.push(p.timestamp, p.payload);
    };
    // '7': updates arrive out of order and duplicated, no end packet at all
    for (const i of [1, 0, 2, 2, 3]) feed(a[i]);
    expect(digits).toHaveLength(0);
    // '8' arrives: '7' is reported (without end); then only the last end packet of '8' survives, twice
    feed(b[0]);
    expect(digits.map((d) => [d.digit, d.ended])).toEqual([['7', false]]);
    feed(b[6]);
    feed(b[6]);
    // a late end packet of '7' arrives after it was reported: ignored
    feed(a[4]);
    expect(digits.map((d) => [d.digit, d.ended])).toEqual([
      ['7', false],
      ['8', true],
    ]);
  });

  it('flush() reports a pending digit once and drops malformed payloads', () => {
    const { digits, detector } = collect();
    expect(detector.push(0, Buffer.from([1]))).toBe(false);
    const p = buildDtmfPackets({ digit: '*', ssrc: 1, sequenceNumber: 0, timestamp: 3 }).packets[0];
    if (!p) throw new Error('no packet');
    detector.push(p.timestamp, p.payload);
    detector.flush();
    detector.flush();
    expect(digits.map((d) => d.digit)).toEqual(['*']);
  });
});

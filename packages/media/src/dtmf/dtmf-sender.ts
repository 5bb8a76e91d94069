import { RtpPacket } from '../rtp/rtp-packet.ts';
import { DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE, dtmfDigitToEvent, TelephoneEvent } from './telephone-event.ts';

export interface DtmfPacketOptions {
  digit: string;
  ssrc: number;
  /** Sequence number of the first packet; the following ones increment by one. */
  sequenceNumber: number;
  /** RTP timestamp of the event start; every packet of the event carries it (RFC 4733 §2.5.1.1). */
  timestamp: number;
  payloadType?: number;
  /** Tone duration, default 100 ms. */
  durationMs?: number;
  /** Interval between updates, default 20 ms (one audio ptime). */
  packetIntervalMs?: number;
  /** Power in -dBm0, default 10. */
  volume?: number;
  clockRate?: number;
  /** How many times the end packet is sent, default 3 (RFC 4733 §2.5.1.4). */
  endRepeats?: number;
}

export interface DtmfPacketSequence {
  /** Send one packet every `intervalMs`; the end repeats may go out back to back. */
  packets: RtpPacket[];
  intervalMs: number;
  /** Event duration in timestamp units; the audio stream resumes at `timestamp + durationSamples` or later. */
  durationSamples: number;
  /** Sequence number to use for the next packet after this event. */
  nextSequenceNumber: number;
}

/**
 * Sender side of RFC 4733 §2.5.1: the first packet has the marker bit set (§2.5.1.1), updates carry the same
 * timestamp with a growing duration (§2.5.1.2), and the final packet with the E bit is sent three times (§2.5.1.4).
 */
export function buildDtmfPackets(options: DtmfPacketOptions): DtmfPacketSequence {
  const event = dtmfDigitToEvent(options.digit);
  if (event === undefined) throw new RangeError(`not a DTMF digit: ${JSON.stringify(options.digit)}`);
  const clockRate = options.clockRate ?? 8000;
  const intervalMs = options.packetIntervalMs ?? 20;
  const durationMs = options.durationMs ?? 100;
  const endRepeats = options.endRepeats ?? 3;
  const payloadType = options.payloadType ?? DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE;
  const volume = options.volume ?? 10;
  const step = Math.round((clockRate * intervalMs) / 1000);
  const total = Math.min(0xffff, Math.max(step, Math.round((clockRate * durationMs) / 1000)));
  const packets: RtpPacket[] = [];
  let seq = options.sequenceNumber;
  const make = (duration: number, end: boolean, marker: boolean): RtpPacket =>
    new RtpPacket({
      marker,
      payloadType,
      sequenceNumber: seq++ & 0xffff,
      timestamp: options.timestamp >>> 0,
      ssrc: options.ssrc,
      payload: new TelephoneEvent({ event, end, volume, duration }).serialize(),
    });
  for (let d = step; d < total; d += step) packets.push(make(d, false, packets.length === 0));
  for (let i = 0; i < endRepeats; i++) packets.push(make(total, true, packets.length === 0));
  return { packets, intervalMs, durationSamples: total, nextSequenceNumber: seq & 0xffff };
}

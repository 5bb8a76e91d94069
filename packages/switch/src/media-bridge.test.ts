import { decodeG711, G711Law, pcmuToPcma, TelephoneEvent } from '@hujiao/media';
import { describe, expect, it } from 'vitest';
import { MediaBridge } from './media-bridge.ts';
import type { LegMedia } from './sdp-rewrite.ts';
import { FakeLeg, fakeSwitchContext, PCMA, PCMU } from './test-support/fake-leg.ts';

function legs(a: LegMedia | null = PCMU, b: LegMedia | null = PCMU) {
  const ctx = fakeSwitchContext();
  const caller = new FakeLeg(ctx, { media: a, extension: '1001' });
  const callee = new FakeLeg(ctx, { media: b, extension: '1002' });
  const bridge = new MediaBridge(caller, callee);
  bridge.start();
  return { caller, callee, bridge };
}

const dtmfPayload = (digit: string, end = false) => {
  const ev = new TelephoneEvent({ event: Number(digit), end, volume: 10, duration: 160 });
  return ev.serialize();
};

describe('MediaBridge (two-party relay)', () => {
  it('forwards audio both ways unchanged when both sides chose the same codec', () => {
    const { caller, callee } = legs();
    const payload = caller.frame(0x55);
    caller.receive(0, payload, { marker: true });
    callee.receive(0, callee.frame(0x66));
    const [toCallee] = callee.rtp.packets();
    expect(toCallee?.payloadType).toBe(0);
    expect(toCallee?.marker).toBe(true);
    expect(toCallee?.payload.equals(payload)).toBe(true);
    expect(caller.rtp.packets()[0]?.payload.equals(Buffer.alloc(160, 0x66))).toBe(true);
  });

  it('rewrites the payload type and transcodes PCMU to PCMA and back, keeping the marker bit', () => {
    const { caller, callee } = legs(PCMU, PCMA);
    const ulaw = Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 7) & 0xff));
    const expected = pcmuToPcma(Buffer.from(ulaw), Buffer.alloc(160));
    caller.receive(0, Buffer.from(ulaw), { marker: true });
    const [atCallee] = callee.rtp.packets();
    expect(atCallee?.payloadType).toBe(8);
    expect(atCallee?.marker).toBe(true);
    expect(atCallee?.payload.equals(expected)).toBe(true);
    // Back: what the callee sends in A-law arrives as µ-law with PT 0, the same audio within G.711's rounding.
    callee.receive(8, Buffer.from(expected));
    const [atCaller] = caller.rtp.packets();
    expect(atCaller?.payloadType).toBe(0);
    const a = decodeG711(G711Law.PCMU, ulaw, new Int16Array(160));
    const b = decodeG711(G711Law.PCMU, atCaller?.payload ?? Buffer.alloc(0), new Int16Array(160));
    for (let i = 0; i < 160; i++) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThanOrEqual(1024);
  });

  it("passes RFC 4733 events with the other side's telephone-event payload type", () => {
    const { caller, callee } = legs(PCMU, PCMA);
    const ev = dtmfPayload('2');
    caller.receive(101, ev, { marker: true });
    const [p] = callee.rtp.packets();
    expect(p?.payloadType).toBe(96);
    expect(p?.marker).toBe(true);
    expect(p?.payload.equals(ev)).toBe(true);
    callee.receive(96, dtmfPayload('3'));
    expect(caller.rtp.packets()[0]?.payloadType).toBe(101);
  });

  it('drops events towards a side without telephone-event, and payload types neither side negotiated', () => {
    const { caller, callee } = legs(PCMU, { law: G711Law.PCMU, payloadType: 0, tePayloadType: undefined });
    caller.receive(101, dtmfPayload('5'));
    caller.receive(13, Buffer.alloc(1)); // comfort noise: not negotiated
    expect(callee.rtp.raw).toHaveLength(0);
    caller.receive(0, caller.frame(0x11));
    expect(callee.rtp.raw).toHaveLength(1);
  });

  it("does not pass a muted side's audio, but does pass its DTMF; unmuting restores it", () => {
    const { caller, callee, bridge } = legs();
    bridge.setMuted(caller, true);
    caller.receive(0, caller.frame(0x22));
    caller.receive(101, dtmfPayload('7'));
    callee.receive(0, callee.frame(0x33));
    expect(callee.rtp.packets().map((p) => p.payloadType)).toEqual([101]);
    expect(caller.rtp.raw).toHaveLength(1);
    bridge.setMuted(caller, false);
    caller.receive(0, caller.frame(0x22));
    expect(callee.rtp.packets().map((p) => p.payloadType)).toEqual([101, 0]);
  });

  it("feeds the receiving side's heard tap with the audio in its own law", () => {
    const { caller, callee } = legs(PCMU, PCMA);
    const heard: Int16Array[] = [];
    const said: Int16Array[] = [];
    callee.heard.subscribe((pcm) => heard.push(Int16Array.from(pcm)));
    caller.said.subscribe((pcm) => said.push(Int16Array.from(pcm)));
    const ulaw = Buffer.alloc(160, 0x20); // a loud negative sample in µ-law
    caller.receive(0, Buffer.from(ulaw));
    expect(said).toHaveLength(1);
    expect(heard).toHaveLength(1);
    const s = said[0]?.[0] as number;
    const h = heard[0]?.[0] as number;
    expect(s).toBeLessThan(-1000);
    expect(Math.abs(s - h)).toBeLessThan(Math.abs(s) * 0.1);
  });

  it('stops forwarding after stop()', () => {
    const { caller, callee, bridge } = legs();
    bridge.stop();
    expect(caller.sink).toBeNull();
    expect(callee.sink).toBeNull();
    caller.receive(0, caller.frame(0x44));
    expect(callee.rtp.raw).toHaveLength(0);
  });

  it('relays nothing for a side whose codec is not negotiated yet (late offer before the ACK)', () => {
    const { caller, callee } = legs(PCMU, null);
    caller.receive(0, caller.frame(0x44));
    expect(callee.rtp.raw).toHaveLength(0);
  });
});

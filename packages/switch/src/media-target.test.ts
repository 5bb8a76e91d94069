import type { RtpEndpoint, RtpSession } from '@hujiao/media';
import { describe, expect, it } from 'vitest';
import { updateRemote } from './media-target.ts';

/** The part of RtpSession that updateRemote uses; `latch` stands for a packet latching another source. */
class FakeSession {
  remote: RtpEndpoint | undefined;
  isLatched = false;
  sets = 0;
  setRemote(rtp: RtpEndpoint): void {
    this.remote = rtp;
    this.isLatched = false;
    this.sets++;
  }
  latch(source: RtpEndpoint): void {
    this.remote = source;
    this.isLatched = true;
  }
}

const ep = (address: string, port: number): RtpEndpoint => ({ address, port });

describe('updateRemote', () => {
  it('sets the target from SDP and ignores port 0 and missing addresses', () => {
    const s = new FakeSession();
    const session = s as unknown as RtpSession;
    updateRemote(session, ep('10.0.0.5', 4000), undefined);
    expect(s.remote).toEqual(ep('10.0.0.5', 4000));
    updateRemote(session, ep('10.0.0.5', 0), undefined);
    updateRemote(session, undefined, undefined);
    expect(s.remote).toEqual(ep('10.0.0.5', 4000));
    expect(s.sets).toBe(1);
  });

  it('keeps a latched source while the SDP repeats itself (NAT), follows a new port or address', () => {
    const s = new FakeSession();
    const session = s as unknown as RtpSession;
    updateRemote(session, ep('192.168.1.10', 4000), undefined);
    s.latch(ep('203.0.113.7', 61000));
    // A hold re-INVITE or UPDATE with the same SDP address: the latched public address stays.
    updateRemote(session, ep('192.168.1.10', 4000), undefined);
    expect(s.remote).toEqual(ep('203.0.113.7', 61000));
    // An UPDATE moving the media to another port: the target follows (and the latch is forgotten).
    updateRemote(session, ep('192.168.1.10', 4002), undefined);
    expect(s.remote).toEqual(ep('192.168.1.10', 4002));
    expect(s.isLatched).toBe(false);
  });

  it('keeps a source latched before any SDP (late offer: RTP before the ACK)', () => {
    const s = new FakeSession();
    const session = s as unknown as RtpSession;
    s.latch(ep('203.0.113.7', 61000));
    updateRemote(session, ep('192.168.1.10', 4000), undefined);
    expect(s.remote).toEqual(ep('203.0.113.7', 61000));
  });
});

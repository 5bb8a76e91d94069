import { AudioMixer, type HeardBy, type MediaClock } from '@hujiao/media';
import { MediaBridge } from './media-bridge.ts';
import type { MediaEndpoint } from './media-endpoint.ts';

/** How a party takes part: talks and hears (full), hears everybody unheard (listen), heard by some only (whisper). */
export const PartyMode = { Full: 'full', Listen: 'listen', Whisper: 'whisper' } as const;
export type PartyMode = (typeof PartyMode)[keyof typeof PartyMode];

export interface Party {
  endpoint: MediaEndpoint;
  mode: PartyMode;
  /** With whisper: the ids of the parties that hear it. */
  heardBy?: string[];
  muted: boolean;
}

export const ConnectionKind = { Relay: 'relay', Mixer: 'mixer', None: 'none' } as const;
export type ConnectionKind = (typeof ConnectionKind)[keyof typeof ConnectionKind];

/**
 * Endpoints whose audio meets. Two full parties go through the relay (datagrams forwarded, nothing decoded);
 * three or more, or anyone listening or whispering, through a mixer that decodes, sums each 20 ms frame and
 * sends every party the sum of what it may hear, encoded in its own codec. Membership changes re-plan the media:
 * the topology is a function of the parties, so a leg joining or leaving never leaves a stale path behind.
 */
export class Connection {
  readonly parties = new Map<string, Party>();
  private relay: MediaBridge | null = null;
  private mixer: AudioMixer | null = null;
  private closed = false;

  constructor(
    private readonly clock: MediaClock,
    private readonly onChange?: (connection: Connection) => void,
  ) {}

  get kind(): ConnectionKind {
    if (this.relay) return ConnectionKind.Relay;
    if (this.mixer) return ConnectionKind.Mixer;
    return ConnectionKind.None;
  }

  get size(): number {
    return this.parties.size;
  }

  has(endpoint: MediaEndpoint): boolean {
    return this.parties.has(endpoint.id);
  }

  endpoints(): MediaEndpoint[] {
    return [...this.parties.values()].map((p) => p.endpoint);
  }

  /** The other parties of `endpoint` that talk (full or whisper): who it is "with". */
  partnersOf(endpoint: MediaEndpoint): MediaEndpoint[] {
    return [...this.parties.values()]
      .filter((p) => p.endpoint !== endpoint && p.mode !== PartyMode.Listen)
      .map((p) => p.endpoint);
  }

  add(endpoint: MediaEndpoint, mode: PartyMode = PartyMode.Full, heardBy?: string[]): void {
    if (this.closed) return;
    this.parties.set(endpoint.id, { endpoint, mode, muted: false, ...(heardBy ? { heardBy } : {}) });
    this.replan();
  }

  /** Changes how a party takes part (a listener barging in, a whisper becoming a three-way). */
  setMode(endpoint: MediaEndpoint, mode: PartyMode, heardBy?: string[]): void {
    const p = this.parties.get(endpoint.id);
    if (!p) return;
    p.mode = mode;
    if (heardBy) p.heardBy = heardBy;
    else delete p.heardBy;
    this.replan();
  }

  setMuted(endpoint: MediaEndpoint, muted: boolean): void {
    const p = this.parties.get(endpoint.id);
    if (!p) return;
    p.muted = muted;
    this.relay?.setMuted(endpoint, muted);
    this.mixer?.update(endpoint.id, { muted });
  }

  remove(endpoint: MediaEndpoint): boolean {
    if (!this.parties.delete(endpoint.id)) return false;
    endpoint.sink = null;
    this.replan();
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.teardown();
    for (const p of this.parties.values()) p.endpoint.sink = null;
    this.parties.clear();
  }

  private wantsRelay(): boolean {
    if (this.parties.size !== 2) return false;
    for (const p of this.parties.values()) if (p.mode !== PartyMode.Full) return false;
    return true;
  }

  private teardown(): void {
    this.relay?.stop();
    this.relay = null;
    this.mixer?.close();
    this.mixer = null;
  }

  private replan(): void {
    if (this.wantsRelay()) {
      const [a, b] = [...this.parties.values()] as [Party, Party];
      const same = this.relay && this.relay.caller === a.endpoint && this.relay.callee === b.endpoint;
      if (!same) {
        this.teardown();
        this.relay = new MediaBridge(a.endpoint, b.endpoint);
        this.relay.start();
        if (a.muted) this.relay.setMuted(a.endpoint, true);
        if (b.muted) this.relay.setMuted(b.endpoint, true);
      }
    } else if (this.parties.size >= 2) {
      if (!this.mixer) {
        this.teardown();
        this.mixer = new AudioMixer({ clock: this.clock });
      }
      this.syncMixer(this.mixer);
    } else {
      this.teardown();
      for (const p of this.parties.values()) p.endpoint.sink = null;
    }
    this.onChange?.(this);
  }

  private syncMixer(mixer: AudioMixer): void {
    for (const m of mixer.members()) if (!this.parties.has(m.id)) mixer.remove(m.id);
    for (const p of this.parties.values()) {
      const ep = p.endpoint;
      const law = ep.media?.law;
      if (law === undefined) continue;
      const heardBy: HeardBy =
        p.mode === PartyMode.Listen ? 'none' : p.mode === PartyMode.Whisper ? (p.heardBy ?? []) : 'all';
      if (mixer.has(ep.id)) mixer.update(ep.id, { heardBy, muted: p.muted, hears: true });
      else mixer.add(ep.id, { law, send: (payload) => ep.sendAudio(payload), heardBy, muted: p.muted });
      const media = ep.media;
      ep.sink = (packet) => {
        const m = ep.media;
        if (m && packet.payloadType === m.payloadType) mixer.input(ep.id, m.law, packet.payload);
      };
      if (media && mixer.get(ep.id)?.law !== media.law) mixer.setLaw(ep.id, media.law);
    }
  }
}

import type { BrowserPhoneCredential } from '@hujiao/shared';
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession.js';
import type { RTCSessionEvent } from 'jssip/lib/UA.js';

/** Where the browser phone stands: signed in to the switch or not, and why not. */
export type WebPhoneStatus = 'off' | 'connecting' | 'registered' | 'failed';
/** What went wrong, for the agent (their words in the locales: agent.phone.error.*). */
export type WebPhoneError = 'micDenied' | 'micMissing' | 'socket' | 'register' | 'media' | null;

export interface WebPhoneState {
  status: WebPhoneStatus;
  error: WebPhoneError;
  /** The call in the browser: ringing (not yet answered) or talking. */
  call: { state: 'ringing' | 'talking'; number: string } | null;
  /** Levels 0-100 of the microphone and of what the phone hears, while talking. */
  micLevel: number;
  speakerLevel: number;
}

const IDLE: WebPhoneState = { status: 'off', error: null, call: null, micLevel: 0, speakerLevel: 0 };

/**
 * 网页电话: the agent's phone in the browser (JsSIP 3.13, SIP over WebSocket, WebRTC). It signs in with the
 * credential the server issued for this sign-in (POST /api/agent/phone), rings on calls to the agent's extension,
 * answers with the chosen microphone (no echo cancellation tricks beyond the browser's own), plays the other party
 * on the chosen speaker and measures both levels. The call pad's keys go from the browser (RFC 4733) while it
 * talks; the call's other commands (hold, transfer, mute) stay the CTI's.
 */
export class WebPhone {
  private ua: JsSIP.UA | null = null;
  private session: RTCSession | null = null;
  private state: WebPhoneState = IDLE;
  private readonly listeners = new Set<(s: WebPhoneState) => void>();
  private readonly audio: HTMLAudioElement = new Audio();
  private meters: { ctx: AudioContext; timer: ReturnType<typeof setInterval> } | null = null;
  /** The microphone of the call (released when it ends). */
  private local: MediaStream | null = null;
  /** The STUN/TURN servers of the credential (the switch's CC_WEBRTC_ICE_SERVERS): the media's way out of a NAT. */
  private iceServers: RTCIceServer[] = [];
  microphoneId: string | null = null;
  speakerId: string | null = null;
  /** The browser's echo cancellation, noise suppression and gain control (off: a headset's sound as it is). */
  processing = true;

  constructor() {
    this.audio.autoplay = true;
  }

  get current(): WebPhoneState {
    return this.state;
  }

  subscribe(listener: (s: WebPhoneState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /** Signs in with a credential of this sign-in; `onIncoming` says whether to answer at once (auto-answer). */
  start(c: BrowserPhoneCredential, onIncoming: () => boolean): void {
    this.stop();
    this.iceServers = c.iceServers;
    this.set({ status: 'connecting', error: null });
    const ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(c.wsUrl)],
      uri: `sip:${c.extension}@${c.domain}`,
      authorization_user: c.authorizationUser,
      password: c.password,
      register: true,
      session_timers: false,
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 30,
    });
    ua.on('registered', () => this.set({ status: 'registered', error: null }));
    ua.on('registrationFailed', () => this.set({ status: 'failed', error: 'register' }));
    // A dropped socket: JsSIP reconnects by itself and registers again.
    ua.on('disconnected', () => this.set({ status: 'failed', error: 'socket' }));
    ua.on('connected', () => {
      if (this.state.status === 'failed') this.set({ status: 'connecting', error: null });
    });
    ua.on('newRTCSession', (e: RTCSessionEvent) => {
      if (e.originator !== 'remote') return;
      const session = e.session;
      if (this.session) {
        session.terminate({ status_code: 486 });
        return;
      }
      this.session = session;
      const number = session.remote_identity?.uri?.user ?? '';
      this.set({ call: { state: 'ringing', number } });
      session.on('peerconnection', (pe) => this.watch(pe.peerconnection));
      session.on('confirmed', () => this.set({ call: { state: 'talking', number } }));
      const ended = () => {
        if (this.session === session) this.session = null;
        this.stopMeters();
        for (const track of this.local?.getTracks() ?? []) track.stop();
        this.local = null;
        this.set({ call: null, micLevel: 0, speakerLevel: 0 });
      };
      session.on('ended', ended);
      session.on('failed', ended);
      // The agent's own click-to-call rings their phone with Call-Info: answer-after=0 (only the switch talks to
      // this phone, it never passes a caller's headers on): answered at once, as when auto-answer is on.
      const askedToAnswer = /answer-after\s*=\s*0\b/i.test(e.request.getHeader('Call-Info') ?? '');
      if (askedToAnswer || onIncoming()) void this.answer();
    });
    this.ua = ua;
    ua.start();
  }

  /** Answers the ringing call with the chosen microphone; a refused or absent microphone says so. */
  async answer(): Promise<void> {
    const session = this.session;
    if (!session || this.state.call?.state !== 'ringing') return;
    let stream: MediaStream;
    try {
      const p = this.processing;
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(this.microphoneId ? { deviceId: { exact: this.microphoneId } } : {}),
          echoCancellation: p,
          noiseSuppression: p,
          autoGainControl: p,
        },
      });
    } catch (err) {
      const name = (err as { name?: string }).name;
      this.set({ error: name === 'NotFoundError' || name === 'OverconstrainedError' ? 'micMissing' : 'micDenied' });
      session.terminate({ status_code: 480 });
      return;
    }
    this.local = stream;
    if (this.state.error === 'micDenied' || this.state.error === 'micMissing') this.set({ error: null });
    session.answer({ mediaStream: stream, pcConfig: { iceServers: this.iceServers } });
  }

  /** Hangs up (or declines) the browser's call. */
  hangup(): void {
    this.session?.terminate();
  }

  sendDtmf(digit: string): void {
    this.session?.sendDTMF(digit, { transportType: JsSIP.C.DTMF_TRANSPORT.RFC2833 });
  }

  /** Plays the other party on this speaker (where the browser can choose, Chromium). */
  async setSpeaker(deviceId: string | null): Promise<void> {
    this.speakerId = deviceId;
    const el = this.audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    await el.setSinkId?.(deviceId ?? '').catch(() => {});
  }

  stop(): void {
    this.session?.terminate();
    this.session = null;
    this.stopMeters();
    this.ua?.stop();
    this.ua = null;
    this.set({ ...IDLE });
  }

  private watch(pc: RTCPeerConnection): void {
    pc.addEventListener('track', (t) => {
      const remote = new MediaStream([t.track]);
      this.audio.srcObject = remote;
      void this.audio.play().catch(() => {});
      this.startMeters(remote);
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed') this.set({ error: 'media' });
    });
  }

  private startMeters(remote: MediaStream): void {
    this.stopMeters();
    const ctx = new AudioContext();
    const meter = (stream: MediaStream) => {
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 512;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const data = new Float32Array(analyser.fftSize);
      return () => {
        analyser.getFloatTimeDomainData(data);
        let sum = 0;
        for (const v of data) sum += v * v;
        // dBFS from -60 to 0 as 0-100.
        const db = 10 * Math.log10(sum / data.length + 1e-12);
        return Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
      };
    };
    const speaker = meter(remote);
    const mic = this.local ? meter(this.local) : () => 0;
    const timer = setInterval(() => this.set({ micLevel: mic(), speakerLevel: speaker() }), 200);
    this.meters = { ctx, timer };
  }

  private stopMeters(): void {
    if (!this.meters) return;
    clearInterval(this.meters.timer);
    void this.meters.ctx.close().catch(() => {});
    this.meters = null;
  }

  private set(patch: Partial<WebPhoneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }
}

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { relativeTonePower, rms } from '@hujiao/media';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import type * as JsSIPModule from 'jssip';
import type { PeerConnectionEvent, RTCSession } from 'jssip/lib/RTCSession.js';
import type { RTCSessionEvent } from 'jssip/lib/UA.js';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { micWav } from './browser-audio.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, root, startServer, webrtcFlags } from './support.ts';

/**
 * Chromium as a browser phone against the product's switch (step 5's interop): JsSIP 3.13 in the page registers
 * extension 1002 over SIP/WebSocket; a desk phone (baresip, 1001, 400 Hz) calls it; the page answers with its
 * microphone (Chromium's fake device playing a 700 Hz WAV), DTLS-SRTP with the switch's werift; the desk phone
 * hears 700 Hz, the page hears 400 Hz (Web Audio analyser), a digit sent from the page (RFC 4733) reaches the
 * desk phone, and hanging up in the page ends the call. Ports: SIP 16400, WS 16401, baresip 16410 (control 16415),
 * RTP 52000-52099.
 */
const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
/** What the page keeps of its phone: registered, the call's state, the received levels, the session. */
interface PagePhone {
  registered: boolean;
  state: string;
  levels: number[][];
  session?: RTCSession;
}
type PageWindow = { JsSIP: typeof JsSIPModule; phone: PagePhone };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('a browser phone in Chromium (JsSIP, WebRTC) and a desk phone', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let desk: Baresip;
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-webrtc-'));
  const account = 'webrtcco';

  beforeAll(async () => {
    // JsSIP for the page, bundled as a script (the console will import it itself).
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        lib: { entry: path.join(root, 'node_modules/jssip/lib/JsSIP.js'), formats: ['iife'], name: 'JsSIP' },
        outDir: path.join(dir, 'jssip'),
        rollupOptions: { output: { entryFileNames: 'jssip.js' } },
        emptyOutDir: true,
        minify: false,
      },
    });
    server = await startServer({
      CC_ADMIN_PASSWORD: 'Platform#2026',
      CC_SIP_PORT: '16400',
      CC_SIP_WS_PORT: '16401',
      CC_WEBRTC_HOSTS: '127.0.0.1',
      CC_RTP_PORT_MIN: '52000',
      CC_RTP_PORT_MAX: '52079',
    });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', { account, name: '网页电话企业', adminPassword: 'WebRtc#2026x' });
    await acceptInitialPassword(server.url, 'account', account, 'WebRtc#2026x');
    const api = new ApiClient(server.url);
    await api.login('account', account, 'WebRtc#2026x');
    await api.request('POST', '/api/extensions', { number: '1001', password: 'SipPass1001x' });
    await api.request('POST', '/api/extensions', { number: '1002', password: 'SipPass1002x' });

    writeTone(path.join(dir, 'desk.wav'), 400, 0.25);
    // The page's microphone: 700 Hz, 48 kHz mono (what Chromium's capture runs at).
    micWav(path.join(dir, 'mic.wav'), 700, 60);
    mkdirSync(path.join(dir, 'desk'));
    desk = new Baresip({
      dir: path.join(dir, 'desk'),
      sipPort: 16410,
      ctrlPort: 16415,
      source: path.join(dir, 'desk.wav'),
      rtpPorts: [52080, 52099],
      account: `<sip:1001@${account}>;auth_pass=SipPass1001x;outbound="sip:127.0.0.1:${server.sipPort}";regint=60;audio_codecs=PCMU`,
    });
    await desk.start();
    browser = await launchBrowser(webrtcFlags(path.join(dir, 'mic.wav')));
    page = await (await browser.newContext()).newPage();
    // A page of the product's own origin: http://127.0.0.1 is a secure context, the microphone may be asked for.
    await page.goto(`${server.url}/login`);
    await page.addScriptTag({ path: path.join(dir, 'jssip', 'jssip.js') });
  }, 120_000);

  afterAll(async () => {
    await desk?.stop();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers, answers the desk phone, carries audio both ways and a digit, and hangs up from the page', async () => {
    await page.evaluate(
      ({ ws, uri }) => {
        const w = window as unknown as PageWindow;
        const ua = new w.JsSIP.UA({
          sockets: [new w.JsSIP.WebSocketInterface(ws)],
          uri,
          password: 'SipPass1002x',
          register: true,
          session_timers: false,
        });
        const phone: PagePhone = { registered: false, state: 'idle', levels: [] };
        w.phone = phone;
        ua.on('registered', () => {
          phone.registered = true;
        });
        ua.on('newRTCSession', (e: RTCSessionEvent) => {
          if (e.originator !== 'remote') return;
          const session = e.session;
          phone.session = session;
          phone.state = 'ringing';
          session.on('confirmed', () => {
            phone.state = 'talking';
          });
          session.on('ended', () => {
            phone.state = 'ended';
          });
          session.on('peerconnection', (pe: PeerConnectionEvent) => {
            pe.peerconnection.addEventListener('track', (t: RTCTrackEvent) => {
              const ctx = new AudioContext({ sampleRate: 8000 });
              const source = ctx.createMediaStreamSource(new MediaStream([t.track]));
              const analyser = ctx.createAnalyser();
              analyser.fftSize = 1024;
              source.connect(analyser);
              // Chromium plays remote WebRTC audio only when the track is attached to a media element too.
              const audio = new Audio();
              audio.srcObject = new MediaStream([t.track]);
              audio.muted = true;
              void audio.play();
              const bins = new Float32Array(analyser.frequencyBinCount);
              setInterval(() => {
                analyser.getFloatFrequencyData(bins);
                // dBFS of the 400 Hz bin and of the 1000 Hz bin (nothing there).
                const bin = (hz: number) =>
                  Math.max(-200, bins[Math.round((hz * analyser.fftSize) / ctx.sampleRate)] ?? -200);
                phone.levels.push([bin(400), bin(1000)]);
              }, 200);
            });
          });
          session.answer({
            mediaConstraints: { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } },
          });
        });
        ua.start();
      },
      { ws: 'ws://127.0.0.1:16401', uri: `sip:1002@${account}` },
    );
    await page.waitForFunction(() => (window as unknown as PageWindow).phone.registered, null, {
      timeout: 15_000,
    });

    desk.command('dial', `sip:1002@${account}`);
    await desk.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await page.waitForFunction(() => (window as unknown as PageWindow).phone.state === 'talking');
    await sleep(4000);
    await page.evaluate(() =>
      (window as unknown as PageWindow).phone.session?.sendDTMF('5', {
        transportType: (window as unknown as PageWindow).JsSIP.C.DTMF_TRANSPORT.RFC2833,
      }),
    );
    await desk.waitFor((e) => e.type === 'CALL_DTMF_START' && e.param === '5', 5000);
    const levels = await page.evaluate(() => (window as unknown as PageWindow).phone.levels);
    await page.evaluate(() => (window as unknown as PageWindow).phone.session?.terminate());
    await desk.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await sleep(500);

    const heard = wavChannel(readFileSync(desk.dumps('dec')[0] as string));
    const middle = heard.subarray(Math.floor(heard.length * 0.3), Math.floor(heard.length * 0.8));
    const late = levels.slice(Math.floor(levels.length / 2));
    console.info(
      `desk heard RMS ${rms(middle).toFixed(0)}, 700 Hz share ${relativeTonePower(middle, 700).toFixed(3)}; page 400 Hz / 1 kHz: ${late.map(([a, b]) => `${a?.toFixed(0)}/${b?.toFixed(0)}`).join(' ')} dBFS`,
    );
    expect(relativeTonePower(middle, 700)).toBeGreaterThan(0.5);
    expect(rms(middle)).toBeGreaterThan(500);
    // The page hears the desk phone's 400 Hz loud, and it well above the empty 1 kHz band.
    expect(late.length).toBeGreaterThan(3);
    expect(late.filter(([a = -200, b = -200]) => a > -40 && a - b > 20).length).toBeGreaterThan(late.length / 2);
  }, 90_000);
});

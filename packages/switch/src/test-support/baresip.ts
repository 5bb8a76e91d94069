import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

export interface BaresipOptions {
  dir: string;
  sipPort: number;
  ctrlPort: number;
  /** 8 kHz mono WAV played as the microphone. */
  source: string;
  /** Account line, e.g. `<sip:1001@acme>;auth_pass=..;outbound="sip:127.0.0.1:15160"`. */
  account: string;
  /** The loopback address it binds SIP and RTP to (a carrier's customer of its own); default 127.0.0.1. */
  address?: string;
  /** Local RTP port range (baresip's `rtp_ports`), so parallel suites do not share ports. */
  rtpPorts?: [number, number];
}

export interface BaresipEvent {
  event?: boolean;
  type?: string;
  param?: string;
  response?: boolean;
  ok?: boolean;
  data?: string;
  token?: string;
  [key: string]: unknown;
}

/** One headless baresip (real-peers.md recipe): aufile source, sndfile dumps, ctrl_tcp with netstring JSON. */
export class Baresip {
  readonly events: BaresipEvent[] = [];
  private proc: ChildProcess | null = null;
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private token = 0;
  log = '';

  constructor(readonly options: BaresipOptions) {}

  get recDir(): string {
    return join(this.options.dir, 'rec');
  }

  async start(): Promise<void> {
    const o = this.options;
    mkdirSync(this.recDir, { recursive: true });
    writeFileSync(
      join(o.dir, 'config'),
      [
        'poll_method epoll',
        `net_interface ${o.address ?? '127.0.0.1'}`,
        `sip_listen ${o.address ?? '127.0.0.1'}:${o.sipPort}`,
        'audio_player aubridge,sink',
        `audio_source aufile,${o.source}`,
        'audio_alert aubridge,alert',
        'ausrc_srate 8000',
        'auplay_srate 8000',
        'ausrc_channels 1',
        'auplay_channels 1',
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module aufile.so',
        'module aubridge.so',
        'module sndfile.so',
        'module_tmp uuid.so',
        'module_tmp account.so',
        'module_app menu.so',
        'module_app ctrl_tcp.so',
        `ctrl_tcp_listen 127.0.0.1:${o.ctrlPort}`,
        `snd_path ${this.recDir}`,
        ...(o.rtpPorts ? [`rtp_ports ${o.rtpPorts[0]}-${o.rtpPorts[1]}`] : []),
        '',
      ].join('\n'),
    );
    writeFileSync(join(o.dir, 'accounts'), `${o.account}\n`);
    writeFileSync(join(o.dir, 'contacts'), '');
    const proc = spawn('baresip', ['-f', o.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout?.on('data', (d: Buffer) => {
      this.log += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      this.log += d.toString();
    });
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      try {
        this.socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(o.ctrlPort, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    if (!this.socket) throw new Error(`baresip control port did not open:\n${this.log}`);
    this.socket.on('data', (d: Buffer) => this.onData(d));
    this.socket.on('error', () => {});
  }

  private onData(d: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, d]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + len + 1) return;
      const json = this.buffer.subarray(colon + 1, colon + 1 + len).toString();
      this.buffer = this.buffer.subarray(colon + 1 + len + 1);
      try {
        this.events.push(JSON.parse(json) as BaresipEvent);
      } catch {
        // ignore a malformed line
      }
    }
  }

  command(command: string, params = ''): void {
    const json = JSON.stringify({ command, params, token: String(++this.token) });
    this.socket?.write(`${Buffer.byteLength(json)}:${json},`);
  }

  async waitFor(pred: (e: BaresipEvent) => boolean, timeoutMs = 10_000): Promise<BaresipEvent> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const e = this.events.find(pred);
      if (e) return e;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `baresip: no matching event; got ${JSON.stringify(this.events.map((e) => e.type))}\n${this.log.slice(-2000)}`,
    );
  }

  /** WAV files sndfile wrote; `-dec.wav` is what this phone heard. */
  dumps(kind: 'dec' | 'enc'): string[] {
    return readdirSync(this.recDir)
      .filter((f) => f.endsWith(`-${kind}.wav`))
      .sort()
      .map((f) => join(this.recDir, f));
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        proc.kill('SIGKILL');
        resolve();
      }, 3000);
      proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }
}

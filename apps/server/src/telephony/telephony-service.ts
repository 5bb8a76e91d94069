import path from 'node:path';
import { repairWavHeader } from '@hujiao/media';
import type { CommandResult, RegistrationView, SwitchCommand } from '@hujiao/shared';
import {
  createSwitch,
  type Directory,
  type QueueFlowPort,
  type RouteResolver,
  type Switch,
  type SwitchOptions,
  type TrunkDirectory,
  type TrunkRegistrationStatus,
} from '@hujiao/switch';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { EventBus, Unsubscribe } from '../events/event-bus.ts';
import type { CallRecordService, RecordingRepair } from '../modules/call-record/index.ts';
import type { RegistrationContact, RegistrationSource } from '../modules/extension/index.ts';
import type { VoicemailService } from '../modules/voicemail/index.ts';
import { type BatchingCdrSink, cdrPort, recordingPort } from './switch-ports.ts';
import { sipAddress, switchSettings } from './switch-settings.ts';

export interface TelephonyServiceDeps {
  config: Config;
  logger?: Logger;
  /** The switch's events are published here. */
  events: EventBus;
  directory: Directory;
  callRecords: CallRecordService;
  /** 语音信箱: the switch's VoicemailPort, told of count changes (MWI) while the switch runs. */
  voicemail?: VoicemailService;
  /** The server's routing (inbound and outbound routes, IVR): calls between extensions stay with the switch. */
  routes?: RouteResolver;
  /** The enterprises' SIP trunks (中继). */
  trunks?: TrunkDirectory;
  /** 排队: the ACD behind the enqueue verb. */
  queues?: QueueFlowPort;
  /** An enterprise's music on hold (保持音乐), answered at once. */
  musicOnHoldFor?: (tenantId: string) => string[] | undefined;
  /** The switch factory; tests give a fake one (default: @hujiao/switch's createSwitch). */
  createSwitch?: (options: SwitchOptions) => Promise<Switch>;
  /** Makes a recording left by a killed process readable (default: @hujiao/media's repairWavHeader). */
  repairRecording?: RecordingRepair;
}

/**
 * The SIP/RTP engine as a service: constructed with the others, started and stopped by main (not at all when
 * CC_SIP_ENABLED=false, nor in tests that need no switch). It closes the call records a crash left open before the
 * switch starts, publishes the switch's events on the event bus, serves live registrations and gives the command
 * API of the running switch to the modules that control calls.
 */
export class TelephonyService implements RegistrationSource {
  readonly recordingsDir: string;
  private sw: Switch | null = null;
  private cdr: BatchingCdrSink | null = null;
  private starting: Promise<Switch> | null = null;
  private subscriptions: Unsubscribe[] = [];

  constructor(private readonly d: TelephonyServiceDeps) {
    this.recordingsDir = path.join(d.config.dataDir, 'recordings');
  }

  get running(): boolean {
    return this.sw !== null;
  }

  /** The running switch (its calls and, as call control grows, its commands); null when not started. */
  get engine(): Switch | null {
    return this.sw;
  }

  /** Closes what a crash left open, then starts the switch. Calling it again returns the same switch. */
  start(): Promise<Switch> {
    this.starting ??= this.run().catch((err: unknown) => {
      this.starting = null;
      throw err;
    });
    return this.starting;
  }

  /** Stops the switch and writes the call records still batched in memory. */
  async stop(): Promise<void> {
    const starting = this.starting;
    if (!starting) return;
    await starting.catch(() => undefined);
    const sw = this.sw;
    this.sw = null;
    this.d.voicemail?.setNotifier(null);
    this.starting = null;
    await sw?.close();
    await this.cdr?.flush();
    this.cdr = null;
    for (const off of this.subscriptions.splice(0)) off();
    await this.d.events.drain();
  }

  /** Runs a call-control command (originate, hang up, transfer, hold...); how the call goes on comes as events. */
  execute(command: SwitchCommand): Promise<CommandResult> {
    if (!this.sw) return Promise.resolve({ ok: false, error: 'failed', message: 'the SIP engine is not running' });
    return this.sw.execute(command);
  }

  /** Live registration state of the register trunks (empty while the switch is not running). */
  trunkStatus(): TrunkRegistrationStatus[] {
    return this.sw?.trunkStatus() ?? [];
  }

  /** Takes trunk changes (added, changed, disabled, deleted) into the running switch. */
  async reloadTrunks(): Promise<void> {
    await this.sw?.reloadTrunks();
  }

  registrations(tenantId?: string): RegistrationView[] {
    return this.sw?.registrations(tenantId) ?? [];
  }

  contacts(tenantId: string, number: string): RegistrationContact[] {
    return this.registrations(tenantId)
      .filter((r) => r.extension === number)
      .map((r) => ({
        uri: r.contact,
        source: r.source,
        transport: r.transport,
        userAgent: r.userAgent,
        expiresAt: r.expiresAt,
      }));
  }

  private async run(): Promise<Switch> {
    const { config, events } = this.d;
    const logger = this.d.logger;
    const interrupted = await this.d.callRecords.closeInterrupted(
      this.d.repairRecording ?? repairRecording,
      (err, file) => logger?.error({ err, file }, 'recording of an interrupted call not repaired'),
    );
    if (interrupted.closed > 0) {
      logger?.warn(
        { calls: interrupted.closed, recordings: interrupted.recordingsRepaired },
        'closed the records of calls that were up when the server stopped',
      );
    }
    const cdr = cdrPort(this.d.callRecords, this.recordingsDir, logger ?? { error: () => {} });
    const subscriptions = [
      events.subscribe('call.answered', (e) => cdr.answered(e.tenantId, e.callId, new Date(e.at))),
    ];
    if (logger?.isLevelEnabled('debug')) {
      subscriptions.push(events.subscribeAll((event) => logger.debug({ event }, 'switch event')));
    }
    let sw: Switch;
    try {
      sw = await (this.d.createSwitch ?? createSwitch)({
        ...switchSettings(config),
        logger: logger?.child({ module: 'switch' }),
        directory: this.d.directory,
        recordings: recordingPort(this.recordingsDir),
        cdr,
        events: { emit: (event) => events.publish(event) },
        ...(this.d.routes ? { routes: this.d.routes } : {}),
        ...(this.d.trunks ? { trunks: this.d.trunks } : {}),
        ...(this.d.musicOnHoldFor ? { musicOnHoldFor: this.d.musicOnHoldFor } : {}),
        ...(this.d.queues ? { queues: this.d.queues } : {}),
        ...(this.d.voicemail ? { voicemail: this.d.voicemail.port() } : {}),
      });
    } catch (err) {
      for (const off of subscriptions) off();
      throw err;
    }
    this.sw = sw;
    this.d.voicemail?.setNotifier((tenantId, box, counts) => sw.voicemail.changed(tenantId, box, counts));
    this.cdr = cdr;
    this.subscriptions = subscriptions;
    logger?.info(
      {
        sipPort: config.sip.port,
        address: sipAddress(config),
        rtp: `${config.sip.rtpPortMin}-${config.sip.rtpPortMax}`,
      },
      'SIP engine listening',
    );
    return sw;
  }
}

const repairRecording: RecordingRepair = async (file) => {
  const r = await repairWavHeader(file, { channels: 2 });
  return { frames: r.frames, sampleRate: r.sampleRate };
};

import { MediaClock, PortAllocator, RtpSocketPool } from '@hujiao/media';
import type { CommandResult, SwitchCommand } from '@hujiao/shared';
import {
  createOptionsResponse,
  createResponse,
  dialogIdOfRequest,
  type Flow,
  InviteServerTransaction,
  isSipUri,
  type ServerTransaction,
  type SipRequest,
  TransportProtocol,
  UdpSendThread,
} from '@hujiao/sip';
import { DIALOG_METHODS } from './allow.ts';
import { Authenticator, AuthKind, identityName } from './authenticator.ts';
import { BanList } from './ban-list.ts';
import type { Call } from './call.ts';
import { CallHost } from './call-host.ts';
import { SwitchCommands } from './commands.ts';
import type { DialogOwner, SwitchContext } from './context.ts';
import { PromptLibrary } from './flow/prompt-library.ts';
import { acceptInvite, type IngressOptions } from './ingress.ts';
import { LocationService, registrationView } from './location.ts';
import { processRegister, type RegistrarLimits } from './registrar.ts';
import { SipStack } from './sip-stack.ts';
import { type SwitchTrunks, startTrunks } from './trunk/switch-trunks.ts';
import type { TrunkRegistrationStatus } from './trunk/trunk-types.ts';
import {
  type ExtensionInfo,
  HangupCause,
  type RegistrationView,
  type SwitchEvent,
  type SwitchOptions,
  silentSwitchLogger,
  type TenantInfo,
} from './types.ts';
import { SwitchVoicemail, type SwitchVoicemailHandle } from './voicemail/switch-voicemail.ts';

/** Outside dialogs the switch also takes REGISTER and SUBSCRIBE (message-summary, RFC 3842). */
const ALLOW = [...DIALOG_METHODS, 'REGISTER', 'SUBSCRIBE'];

function chain<A>(first: ((a: A) => void) | undefined, then: (a: A) => void): (a: A) => void {
  return (a) => {
    first?.(a);
    then(a);
  };
}

export interface Switch {
  /** Bound SIP ports (useful with port 0). */
  readonly ports: { udp: number; tcp: number; ws: number | null; wss: number | null };
  /** Current registrations, of one tenant or all. */
  registrations(tenantId?: string): RegistrationView[];
  /** Calls in progress. */
  calls(): Call[];
  /** Runs a command (originate, hang up, transfer, hold, conference, play, DTMF …) on the switch's calls. */
  execute(command: SwitchCommand): Promise<CommandResult>;
  /** Every enabled register trunk's registration and IP trunk's keep-alive state (empty without a trunk directory). */
  trunkStatus(): TrunkRegistrationStatus[];
  /** Reads the trunk directory again: peers for INVITEs, registrations added, changed or removed. */
  reloadTrunks(): Promise<void>;
  /** Voicemail: the server tells the switch a box's counts changed (MWI NOTIFYs). */
  readonly voicemail: SwitchVoicemailHandle;
  close(): Promise<void>;
}

/** Creates and starts the switch: registrar, B2BUA, media relay, recording, test numbers. */
export async function createSwitch(options: SwitchOptions): Promise<Switch> {
  const bindAddress = options.bindAddress ?? '0.0.0.0';
  const advertised = options.advertisedAddress ?? (bindAddress === '0.0.0.0' ? '127.0.0.1' : bindAddress);
  const logger = options.logger ?? silentSwitchLogger;
  const emit = (event: SwitchEvent): void => {
    try {
      options.events?.emit(event);
    } catch (err) {
      logger.warn({ err: String(err), type: event.type }, 'event sink failed');
    }
  };
  const limits: RegistrarLimits = {
    minExpires: options.minExpires ?? 60,
    maxExpires: options.maxExpires ?? 3600,
    defaultExpires: options.defaultExpires ?? 3600,
  };
  const serverRealm = options.serverRealm ?? 'hujiao';
  const serverHosts = new Set(
    (options.serverHosts ?? [advertised, bindAddress, '127.0.0.1', 'localhost']).map((h) => h.toLowerCase()),
  );
  const auth = new Authenticator({
    directory: options.directory,
    serverRealm,
    serverHosts,
    ...(options.nonceSecret ? { secret: options.nonceSecret } : {}),
    ...(options.digestAlgorithms ? { algorithms: options.digestAlgorithms } : {}),
    checkUri: options.strictDigestUri ?? false,
  });
  const bans = new BanList({
    threshold: options.banThreshold ?? 10,
    windowMs: options.banWindowMs ?? 60_000,
    durationMs: options.banDurationMs ?? 600_000,
    probeThreshold: options.enumerationThreshold ?? 30,
    probeWindowMs: options.enumerationWindowMs ?? 60_000,
    onBan: (address, until, failures, reason) => {
      const why = reason === 'enumeration' ? 'user names probed' : 'failed authentications';
      logger.warn({ address, until: new Date(until), failures, reason }, `source banned after ${failures} ${why}`);
      emit({ type: 'security.banned', address, until: new Date(until).toISOString(), failures });
    },
  });
  const location = new LocationService(options.events ? { emit } : undefined);
  const dialogs = new Map<string, DialogOwner>();
  const callsByInvite = new Map<InviteServerTransaction, Call>();
  const t1Ms = options.t1Ms ?? 500;
  const echoNumber = options.echoNumber ?? '*43';
  const playbackNumber = options.playbackNumber ?? '*44';
  const authenticateInvites = options.authenticateInvites ?? true;

  const stack = await SipStack.start({
    bindAddress,
    advertisedAddress: advertised,
    port: options.sipPort ?? 5060,
    ...(options.wsPort !== undefined ? { wsPort: options.wsPort } : {}),
    ...(options.wss ? { wss: options.wss } : {}),
    logger: logger.child({ component: 'sip' }),
    t1Ms,
    accept: (flow) => !bans.isBanned(flow.remoteAddress),
    // A phone registered over a connection cannot be reached once it closes (we cannot open a WebSocket to a
    // browser, and phones behind NAT do not accept TCP): its bindings go at once, not at expiry.
    onFlowClosed: (flow) => {
      if (flow.connectionId) location.removeFlow(flow.connectionId);
      // A browser (SIP over WebSocket) may come back on a new connection: its calls wait, then end if it did not.
      if (flow.protocol !== TransportProtocol.Ws && flow.protocol !== TransportProtocol.Wss) return;
      setTimeout(() => {
        for (const call of host.calls) {
          for (const leg of call.liveLegs()) {
            if (leg.flow.connectionId === flow.connectionId && leg.gone) leg.lost();
          }
        }
      }, options.lostPhoneGraceMs ?? 20_000).unref();
    },
    onRequest: (req, tx, flow) => {
      route(req, tx, flow).catch((err: unknown) => {
        logger.error({ err: String(err), method: req.method }, 'request failed');
        if (tx && req.method !== 'ACK') tx.respond(createResponse(req, 500));
      });
    },
  });
  const allocator = new PortAllocator({ min: options.rtpPortMin ?? 30000, max: options.rtpPortMax ?? 39999 });
  const mediaSender =
    (options.mediaSendThread ?? process.platform === 'linux')
      ? await UdpSendThread.start().catch((err: unknown) => {
          logger.warn({ err: String(err) }, 'RTP send thread not started: sessions send from their own sockets');
          return undefined;
        })
      : undefined;
  const ctx: SwitchContext = {
    stack,
    allocator,
    sockets: new RtpSocketPool({ allocator, bindAddress, ...(mediaSender ? { sendThread: mediaSender } : {}) }),
    clock: new MediaClock(),
    logger,
    bindAddress,
    mediaAddress: advertised,
    webrtc: options.webrtc ?? { hostAddresses: [advertised] },
    reflow: (contact) => location.byContact(contact)?.flow ?? null,
    t1Ms,
    dialogs,
    emit,
  };
  const voicemail = new SwitchVoicemail(options, ctx, (t, n) => location.lookup(t, n).length > 0);
  const prompts = new PromptLibrary(options.promptsDir ? { root: options.promptsDir } : {});
  const trunks: SwitchTrunks | null = options.trunks
    ? await startTrunks(options.trunks, options.directory, ctx, emit, { keepaliveSec: options.trunkKeepaliveSec })
    : null;
  const host = new CallHost(
    ctx,
    options,
    options.directory,
    location,
    prompts,
    (h) => serverHosts.has(h.toLowerCase()),
    trunks?.dialer ?? null,
  );
  const ingressOptions: IngressOptions = {
    directory: options.directory,
    ...(voicemail.routes(options.routes) ? { routes: voicemail.routes(options.routes) } : {}),
    echoNumber,
    playbackNumber,
    ...(options.playbackFile ? { playbackFile: options.playbackFile } : {}),
    pickupCode: options.pickupCode ?? '*8',
    directedPickupPrefix: options.directedPickupPrefix ?? '**',
    ringTimeoutSec: Math.max(1, Math.round((options.noAnswerTimeoutMs ?? 45_000) / 1000)),
  };
  const commands = new SwitchCommands(host, options.directory, async (tenantId) => {
    const t = await options.directory.tenantById?.(tenantId);
    return t?.realm ?? null;
  });
  const sweeper = setInterval(() => bans.sweep(), 60_000);
  sweeper.unref();
  // The send thread drops RTP rather than queue it without end when the machine cannot keep up; say so (and what the
  // kernel refused to send).
  const seen = { dropped: 0, failed: 0 };
  const dropWatch = setInterval(() => {
    const now = { dropped: mediaSender?.dropped ?? 0, failed: mediaSender?.sendErrors ?? 0 };
    if (now.dropped > seen.dropped || now.failed > seen.failed) {
      const counts = { dropped: now.dropped - seen.dropped, failed: now.failed - seen.failed };
      logger.warn(counts, 'RTP not sent: dropped while the send thread was behind (CPU overloaded), or failed');
    }
    Object.assign(seen, now);
  }, 10_000);
  dropWatch.unref();

  async function route(req: SipRequest, tx: ServerTransaction | null, flow: Flow): Promise<void> {
    if (req.method === 'ACK') {
      const id = dialogIdOfRequest(req);
      if (id) dialogs.get(id)?.onDialogRequest(req, null, flow);
      return;
    }
    if (!tx) return;
    if (req.method === 'CANCEL') {
      const invite = stack.transactions.findInviteForCancel(req);
      const call = invite ? callsByInvite.get(invite) : undefined;
      tx.respond(createResponse(req, invite ? 200 : 481));
      call?.cancelledByCaller();
      return;
    }
    const toTag = req.to?.params.get('tag');
    if (toTag) {
      const id = dialogIdOfRequest(req);
      const owner = id ? dialogs.get(id) : undefined;
      if (owner) owner.onDialogRequest(req, tx, flow);
      else tx.respond(createResponse(req, 481));
      return;
    }
    switch (req.method) {
      case 'REGISTER':
        return register(req, tx, flow);
      case 'OPTIONS': {
        // Scanners ask OPTIONS for one user name after another (sipvicious svwar): each name is a probe.
        const to = req.to?.uri;
        if (to && isSipUri(to) && to.user) bans.probe(flow.remoteAddress, `${to.user}@${to.host.toLowerCase()}`);
        tx.respond(createOptionsResponse(req, { allow: ALLOW }));
        return;
      }
      case 'INVITE':
        return invite(req, tx, flow);
      case 'SUBSCRIBE':
        return voicemail.subscribe(req, tx, flow, () => authenticate(req, tx, flow, false));
      default:
        tx.respond(createResponse(req, 405, { headers: [['Allow', ALLOW.join(', ')]] }));
    }
  }

  /** Authenticates; answers the request itself unless the caller is known. */
  async function authenticate(
    req: SipRequest,
    tx: ServerTransaction,
    flow: Flow,
    proxy: boolean,
  ): Promise<{ tenant: TenantInfo; extension: ExtensionInfo } | null> {
    const outcome = await auth.authenticate(req, proxy);
    const name = identityName(req);
    if (outcome.kind === AuthKind.Ok) {
      bans.succeed(flow.remoteAddress, name ?? undefined);
      return outcome;
    }
    // Challenged without credentials: one more user name probed from this source (how scanners enumerate).
    if (outcome.kind === AuthKind.Challenge && outcome.probe && name) bans.probe(flow.remoteAddress, name);
    if (outcome.failure) {
      logger.debug(
        {
          source: flow.remoteAddress,
          method: req.method,
          uri: String(req.get('authorization') ?? req.get('proxy-authorization')),
        },
        'authentication failed',
      );
      bans.fail(flow.remoteAddress);
    }
    if (outcome.kind === AuthKind.Challenge) tx.respond(outcome.response);
    else tx.respond(createResponse(req, outcome.status, { reason: outcome.reason }));
    return null;
  }

  async function register(req: SipRequest, tx: ServerTransaction, flow: Flow): Promise<void> {
    const who = await authenticate(req, tx, flow, false);
    if (!who) return;
    if (!who.extension.enabled) {
      tx.respond(createResponse(req, 403, { reason: 'Forbidden (extension disabled)' }));
      return;
    }
    tx.respond(processRegister(req, flow, who.tenant, who.extension, location, limits, Date.now()));
    // The transport closes idle connections: one a binding rides on stays open until the binding expires.
    if (flow.connectionId) {
      let until = 0;
      for (const r of location.lookup(who.tenant.tenantId, who.extension.number))
        if (r.flow.connectionId === flow.connectionId) until = Math.max(until, r.expiresAt);
      if (until > 0) stack.transport.holdOpen(flow, until);
    }
  }

  /** CANCEL finds the call of an INVITE transaction (for as long as the INVITE may be cancelled). */
  function trackInvite(tx: InviteServerTransaction): (call: Call) => void {
    return (call) => {
      callsByInvite.set(tx, call);
      const forget = setTimeout(() => callsByInvite.delete(tx), 64 * t1Ms + (options.noAnswerTimeoutMs ?? 45_000));
      forget.unref();
      call.options.onEnd = chain(call.options.onEnd, () => callsByInvite.delete(tx));
    };
  }

  async function invite(req: SipRequest, tx: ServerTransaction, flow: Flow): Promise<void> {
    if (!(tx instanceof InviteServerTransaction)) return;
    // A trunk's peer is known by its address, before any digest (ADR 0009).
    if (trunks && (await trunks.acceptInvite(host, ingressOptions, req, tx, flow, trackInvite(tx)))) return;
    let who: { tenant: TenantInfo; extension: ExtensionInfo } | null = null;
    if (authenticateInvites) who = await authenticate(req, tx, flow, true);
    else {
      const from = req.from?.uri;
      const tenant = from && isSipUri(from) ? await options.directory.resolveTenant(from.host) : null;
      const ext =
        tenant && from && isSipUri(from) && from.user
          ? await options.directory.findExtension(tenant.tenantId, from.user)
          : null;
      if (tenant && ext) who = { tenant, extension: ext };
      else tx.respond(createResponse(req, 403));
    }
    if (!who) return;
    if (!who.extension.enabled) {
      tx.respond(createResponse(req, 403, { reason: 'Forbidden (extension disabled)' }));
      return;
    }
    await acceptInvite(host, ingressOptions, req, tx, flow, who, trackInvite(tx));
  }

  return {
    ports: {
      udp: stack.port(TransportProtocol.Udp),
      tcp: stack.port(TransportProtocol.Tcp),
      ws: options.wsPort !== undefined ? stack.port(TransportProtocol.Ws) : null,
      wss: options.wss ? stack.port(TransportProtocol.Wss) : null,
    },
    registrations: (tenantId) => location.all(tenantId).map(registrationView),
    calls: () => [...host.calls],
    execute: (command) => commands.execute(command),
    trunkStatus: () => trunks?.status() ?? [],
    reloadTrunks: async () => {
      await trunks?.reload();
    },
    voicemail,
    async close() {
      voicemail.close();
      clearInterval(sweeper);
      clearInterval(dropWatch);
      for (const c of [...host.calls]) c.hangup(HangupCause.Normal);
      await trunks?.stop();
      location.close();
      await new Promise((r) => setTimeout(r, 50));
      await stack.close();
      await ctx.sockets.close();
      await mediaSender?.close();
    },
  };
}

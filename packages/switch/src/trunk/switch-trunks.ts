import { type Flow, type InviteServerTransaction, type SipRequest, TransportProtocol } from '@hujiao/sip';
import type { Call } from '../call.ts';
import type { CallHost } from '../call-host.ts';
import type { SwitchContext } from '../context.ts';
import type { IngressOptions } from '../ingress.ts';
import type { Directory, SwitchEvent, TenantInfo } from '../types.ts';
import { escapeUser, TrunkDialer } from './trunk-dial.ts';
import { acceptTrunkInvite } from './trunk-ingress.ts';
import { DEFAULT_TRUNK_KEEPALIVE_SEC, type KeepaliveDeps, TrunkKeepalives } from './trunk-keepalive.ts';
import { resolveHost, TrunkCalls, TrunkPeers } from './trunk-peers.ts';
import { TrunkRegistrar } from './trunk-registrar.ts';
import { type RegistrationDeps, realTimers } from './trunk-registration.ts';
import type { TrunkDirectory, TrunkInfo, TrunkRegistrationStatus } from './trunk-types.ts';

/** The switch's trunk side: peers by address, registrations, call caps and the dialer. */
export interface SwitchTrunks {
  readonly registrar: TrunkRegistrar;
  /** OPTIONS keep-alive of the IP trunks (none when `keepaliveSec` is 0). */
  readonly keepalives: TrunkKeepalives | null;
  readonly peers: TrunkPeers;
  readonly calls: TrunkCalls;
  readonly dialer: TrunkDialer;
  reload(): Promise<void>;
  /** Register trunks' registrations, then IP trunks' keep-alive states. */
  status(): TrunkRegistrationStatus[];
  /** De-registers the register trunks, stops the keep-alives. */
  stop(): Promise<void>;
  /** Takes the INVITE when its source is a trunk's peer (true), else leaves it to the digest path (false). */
  acceptInvite(
    host: CallHost,
    o: IngressOptions,
    req: SipRequest,
    tx: InviteServerTransaction,
    flow: Flow,
    track: (call: Call) => void,
  ): Promise<boolean>;
}

const protocolOf = (t: TrunkInfo) => (t.transport === 'tcp' ? TransportProtocol.Tcp : TransportProtocol.Udp);

/** Wires the trunk parts to the switch's SIP stack and event sink, and loads the trunks once. */
export async function startTrunks(
  trunks: TrunkDirectory,
  directory: Directory,
  ctx: SwitchContext,
  emit: (event: SwitchEvent) => void,
  options: { keepaliveSec?: number } = {},
): Promise<SwitchTrunks> {
  const logger = ctx.logger.child({ component: 'trunks' });
  const stack = ctx.stack;
  const peers = new TrunkPeers(trunks);
  const calls = new TrunkCalls();
  const send: RegistrationDeps['send'] & KeepaliveDeps['send'] = (req, trunk, address, user) => {
    const protocol = protocolOf(trunk);
    const flow: Flow = {
      protocol,
      localAddress: ctx.bindAddress,
      localPort: stack.port(protocol),
      remoteAddress: address,
      remotePort: trunk.port,
    };
    stack.request(req, flow, user);
  };
  const registrar = new TrunkRegistrar(trunks, {
    send,
    contactUri: (trunk) =>
      stack.contactUri(protocolOf(trunk)).replace('sip:hujiao@', `sip:${escapeUser(trunk.username ?? '')}@`),
    resolve: resolveHost,
    timers: realTimers,
    logger,
    onChange: (s) =>
      emit({
        type: 'trunk.registration',
        tenantId: s.tenantId,
        trunkId: s.trunkId,
        state: s.state,
        lastError: s.lastError,
        expiresAt: s.expiresAt,
        lastOkAt: s.lastOkAt,
        at: new Date().toISOString(),
      }),
  });
  const keepaliveSec = options.keepaliveSec ?? DEFAULT_TRUNK_KEEPALIVE_SEC;
  const keepalives =
    keepaliveSec > 0
      ? new TrunkKeepalives(trunks, {
          send,
          localUri: (trunk) => stack.contactUri(protocolOf(trunk)),
          resolve: resolveHost,
          timers: realTimers,
          intervalMs: keepaliveSec * 1000,
          logger,
          onChange: (s) =>
            emit({
              type: 'trunk.keepalive',
              tenantId: s.tenantId,
              trunkId: s.trunkId,
              state: s.state === 'online' ? 'online' : 'offline',
              lastError: s.lastError,
              lastOkAt: s.lastOkAt,
              at: new Date().toISOString(),
            }),
        })
      : null;
  const dialer = new TrunkDialer({
    trunks,
    calls,
    resolve: resolveHost,
    localAddress: ctx.bindAddress,
    localPort: (p) => stack.port(p),
  });
  const reload = async () => {
    await peers.reload();
    await registrar.reload();
    await keepalives?.reload();
  };
  await reload();
  const tenantOf = async (t: TrunkInfo): Promise<TenantInfo> =>
    (await directory.tenantById?.(t.tenantId)) ?? { tenantId: t.tenantId, realm: t.tenantId };
  return {
    registrar,
    keepalives,
    peers,
    calls,
    dialer,
    reload,
    status: () => [...registrar.status(), ...(keepalives?.status() ?? [])],
    async stop() {
      await Promise.all([registrar.stop(), keepalives?.stop()]);
    },
    async acceptInvite(host, o, req, tx, flow, track) {
      const trunk = peers.match(flow.remoteAddress);
      if (!trunk) return false;
      const tenant = await tenantOf(trunk);
      await acceptTrunkInvite(host, o, req, tx, flow, { tenant, trunk }, calls, track);
      return true;
    },
  };
}

import {
  FraudGuard,
  InboundEngine,
  NumberListIndex,
  nationalForm,
  OutboundEngine,
  type OutboundRefusalReason,
  type PbxStore,
  type Rng,
} from '@hujiao/pbx';
import {
  type CallClass,
  type CallerIdNumber,
  DEFAULT_CALL_CLASSES,
  type Destination,
  type Flow,
  type FlowInput,
  type FlowTrunkDial,
  type FraudLimits,
  type InboundRoute,
  type NumberListEntry,
  type OutboundRoute,
  parseFlow,
  type TimeGroup,
} from '@hujiao/shared';
import {
  type CallEnd,
  extensionFlow,
  HangupCause,
  type Ingress,
  type RouteDecision,
  type RouteResolver,
} from '@hujiao/switch';
import type { Logger } from 'pino';
import { type DestinationParts, destinationFlow } from './destination-flow.ts';
import { type ForwardingRule, forwardingFlow, type OutsideDial } from './forwarding-flow.ts';
import { type Places, placedTrunk, withReleases } from './fraud-places.ts';

/** One enterprise's PBX configuration, as the routing modules store it. */
export interface PbxTenantConfig {
  inboundRoutes: InboundRoute[];
  outboundRoutes: OutboundRoute[];
  timeGroups: TimeGroup[];
  numberList: NumberListEntry[];
  callerIds: CallerIdNumber[];
  limits: FraudLimits;
  /** The enterprise's zone for time groups' days and daily counters (default Asia/Shanghai). */
  timezone?: string;
}

/** What routing needs of a calling extension. */
export interface ExtensionProfile {
  permissions: CallClass[];
  /** Its display number (外显号码), for routes showing the extension's number. */
  callerId: string | null;
  teamIds: string[];
  /** Its area code (e.g. '025'), telling local calls from national ones. */
  areaCode?: string;
}

/** Port: the server's stored configuration (modules routing, number-list, caller-id, extension). */
export interface PbxConfigSource {
  load(tenantId: string): Promise<PbxTenantConfig>;
  extensionProfile(tenantId: string, number: string): Promise<ExtensionProfile | null>;
  /** An extension number of the enterprise (calls to it stay inside: the switch's own routing). */
  isExtension(tenantId: string, number: string): Promise<boolean>;
  /** Forgets what it keeps (a change to the configuration). */
  forget?(): void;
  /** An extension's 转移设置 (null: none). Without this method no call is forwarded. */
  forwarding?(tenantId: string, number: string): Promise<ForwardingRule | null>;
}

/** Click-to-call's route (PbxRouter.dialFor): the flow to run on the agent's answered leg, or the refusal. */
export type ExtensionDial =
  | { ok: true; external: boolean; flow: Flow; onEnd?: (end: CallEnd) => void }
  | { ok: false; reason: OutboundRefusalReason };

/** A call the routes refused: logged, and told to whoever listens (the caller's console). */
export interface RefusedCall {
  tenantId: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  reason: OutboundRefusalReason | 'blacklistedCaller' | 'noInboundRoute';
  routeId?: string;
  at: string;
}

export interface PbxRouterOptions {
  source: PbxConfigSource;
  parts?: Omit<DestinationParts, 'externalDial'>;
  store: PbxStore;
  rng?: Rng;
  now?: () => number;
  /** Configuration changes reach calls within this time (default 2 s, like the directory). */
  ttlMs?: number;
  logger?: Pick<Logger, 'warn' | 'info'>;
  onRefused?: (refused: RefusedCall) => void;
  /** Ring time of an extension dialled by a forwarding flow without no-answer forwarding (default 30 s). */
  ringTimeoutSec?: number;
}

interface Compiled {
  at: number;
  inbound: InboundEngine<InboundRoute>;
  outbound: OutboundEngine<OutboundRoute>;
  guard: FraudGuard;
  timezone: string;
}

/** The enterprise's local date (YYYY-MM-DD), the day its minute cap counts. */
function localDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** SIP status and cause for each refusal (the phone shows the reason phrase). */
const REFUSAL: Record<RefusedCall['reason'], { status: number; cause: HangupCause; phrase: string }> = {
  noRoute: { status: 404, cause: HangupCause.NotFound, phrase: 'No Route' },
  classDenied: { status: 403, cause: HangupCause.Rejected, phrase: 'Call Class Not Allowed' },
  international: { status: 403, cause: HangupCause.Rejected, phrase: 'International Calls Disabled' },
  premium: { status: 403, cause: HangupCause.Rejected, phrase: 'Premium Numbers Disabled' },
  closed: { status: 480, cause: HangupCause.Unavailable, phrase: 'Route Closed' },
  blacklisted: { status: 403, cause: HangupCause.Rejected, phrase: 'Number Blacklisted' },
  concurrency: { status: 503, cause: HangupCause.Unavailable, phrase: 'Too Many Calls' },
  dailyMinutes: { status: 403, cause: HangupCause.Rejected, phrase: 'Daily Minutes Used' },
  blacklistedCaller: { status: 486, cause: HangupCause.Busy, phrase: 'Busy Here' },
  noInboundRoute: { status: 404, cause: HangupCause.NotFound, phrase: 'Not Found' },
};

/**
 * The server's routing (RouteResolver): calls from trunks go by the inbound routes (呼入路由) and their time groups
 * to a destination; numbers an extension dials that are not extensions go by the outbound routes (呼出路由) to
 * trunks, with the enterprise's toll-fraud guards. Calls between extensions, feature codes and test numbers are
 * left to the switch (null). Each enterprise's routes are compiled once and kept for `ttlMs`.
 */
export class PbxRouter implements RouteResolver {
  private readonly compiled = new Map<string, Promise<Compiled>>();
  private readonly now: () => number;
  private readonly rng: Rng;

  constructor(private readonly o: PbxRouterOptions) {
    this.now = o.now ?? Date.now;
    this.rng = o.rng ?? Math.random;
  }

  /** Forgets an enterprise's compiled routes (after a change); without a tenant, every enterprise's. */
  invalidate(tenantId?: string): void {
    if (tenantId === undefined) this.compiled.clear();
    else this.compiled.delete(tenantId);
    this.o.source.forget?.();
  }

  async resolve(ingress: Ingress): Promise<RouteDecision | null> {
    return ingress.kind === 'trunk' ? this.inbound(ingress) : this.outbound(ingress);
  }

  private async inbound(ingress: Extract<Ingress, { kind: 'trunk' }>): Promise<RouteDecision | null> {
    const tenantId = ingress.tenant.tenantId;
    const engines = await this.engines(tenantId);
    const caller = /^\+?\d+$/.test(ingress.caller) ? ingress.caller : undefined;
    const decision = engines.inbound.decide({ did: ingress.number, ...(caller ? { caller } : {}), at: this.now() });
    if (decision.kind === 'blocked') {
      this.refused({
        tenantId,
        direction: 'inbound',
        from: ingress.caller,
        to: ingress.number,
        reason: 'blacklistedCaller',
      });
      if (decision.action === 'prompt')
        return flowDecision({ name: 'blocked', steps: [{ verb: 'play', prompt: 'unavailable' }, { verb: 'hangup' }] });
      return reject('blacklistedCaller');
    }
    if (decision.kind === 'none') {
      // No route: a DID equal to an extension number still reaches it (its forwarding, else the switch's routing).
      if (await this.o.source.isExtension(tenantId, ingress.number)) return this.toExtension(tenantId, ingress.number);
      this.refused({
        tenantId,
        direction: 'inbound',
        from: ingress.caller,
        to: ingress.number,
        reason: 'noInboundRoute',
      });
      return reject('noInboundRoute');
    }
    const releases: Array<() => Promise<void>> = [];
    const flow = await destinationFlow(decision.destination, {
      tenantId,
      caller: ingress.caller,
      parts: this.destinationParts(releases),
      missing: (destination, why) =>
        this.o.logger?.warn(
          { tenantId, routeId: decision.route.id, destination, why },
          'inbound destination unavailable',
        ),
    });
    const vars: Record<string, string> = { did: ingress.number, caller: ingress.caller };
    if (decision.red) vars.redList = 'true';
    const routed = withReleases(flowDecision({ ...flow, vars: { ...flow.vars, ...vars } }), releases, this.o.logger);
    const mohClassId = decision.route.mohClassId;
    const moh = mohClassId ? await this.o.parts?.musicOnHoldClass?.(tenantId, mohClassId) : undefined;
    return moh && moh.length > 0 && routed.kind === 'flow' ? { ...routed, musicOnHold: moh } : routed;
  }

  /** The parts a destination flow needs: the configured ones, outside numbers through the routes, forwarding. */
  private destinationParts(releases: Places): DestinationParts {
    return {
      ...this.o.parts,
      externalDial: (t, number, callerId) => this.externalDial(t, number, callerId, releases),
      extensionFlow: (t, number) => forwardingFlow(number, this.forwardingContext(t, releases)),
    };
  }

  /**
   * A destination's steps outside any route (a queue's overflow): what an inbound route to it runs. Its outside hops
   * (an outside number, an extension forwarding to one) take their fraud-guard place when they dial (`admit`).
   */
  async destinationSteps(tenantId: string, destination: Destination, caller = ''): Promise<FlowInput['steps']> {
    const flow = await destinationFlow(destination, {
      tenantId,
      caller,
      parts: this.destinationParts('atDial'),
      missing: (d, why) => this.o.logger?.warn({ tenantId, destination: d, why }, 'overflow destination unavailable'),
    });
    return flow.steps;
  }

  /**
   * The steps a CTI transfer sends the customer into (a queue, an IVR menu, an outside number): what an inbound
   * route to the destination runs, except that an outside number goes by the outbound routes as if the agent's
   * `extension` dialled it (its call classes, teams, area and caller ID; a refusal is logged and told). `onEnd`
   * gives the fraud guard's place back and counts the outside talk time: call it when the call ends.
   */
  async redirectSteps(
    tenantId: string,
    destination: Destination,
    extension: string,
  ): Promise<
    { ok: true; steps: FlowInput['steps']; onEnd: (outsideTalkSec: number) => void } | { ok: false; reason: string }
  > {
    const releases: Array<() => Promise<void>> = [];
    const engines = await this.engines(tenantId);
    const day = localDay(this.now(), engines.timezone);
    const onEnd = (talkSec: number) => {
      const counted = talkSec > 0 ? engines.guard.addCallSeconds(day, talkSec) : Promise.resolve(0);
      void Promise.all([...releases.map((r) => r()), counted]).catch((err: unknown) =>
        this.o.logger?.warn({ err, tenantId }, 'transferred call counters not updated'),
      );
    };
    if (destination.kind === 'external') {
      const dial = await this.forwardDial(tenantId, extension, destination.number, releases);
      if (!dial.ok) return { ok: false, reason: dial.reason };
      return { ok: true, steps: outsideSteps(dial.step), onEnd };
    }
    let missing: string | null = null;
    const flow = await destinationFlow(destination, {
      tenantId,
      parts: this.destinationParts(releases),
      missing: (_d, why) => {
        missing = why;
      },
    });
    if (missing !== null) {
      onEnd(0);
      return { ok: false, reason: missing };
    }
    return { ok: true, steps: flow.steps, onEnd };
  }

  private async outbound(ingress: Extract<Ingress, { kind: 'extension' }>): Promise<RouteDecision | null> {
    const tenantId = ingress.tenant.tenantId;
    const dialled = ingress.number;
    // Feature codes (*…) and anything that is not a phone number stay with the switch; extensions too, unless
    // they forward.
    if (!/^\+?\d{3,24}$/.test(dialled)) return null;
    if (await this.o.source.isExtension(tenantId, dialled)) return this.toExtension(tenantId, dialled);
    const route = await this.outsideRoute(tenantId, ingress.extension.number, dialled);
    return route.ok ? route.decision : reject(route.reason);
  }

  /**
   * Click-to-call (the CTI's 外呼): what extension `extension` dialling `number` gets, as if its phone had dialled
   * it — another extension (with its 转移设置), or an outside number by the outbound routes with caller-ID selection,
   * the black list and the fraud guard. The fraud guard's place is taken now: the caller must run `onEnd` exactly
   * once when the call ends, or at once when it never starts. A refusal is logged and told like the phone's own.
   */
  async dialFor(tenantId: string, extension: string, number: string): Promise<ExtensionDial> {
    if (await this.o.source.isExtension(tenantId, number)) {
      const forwarded = await this.toExtension(tenantId, number);
      if (forwarded?.kind === 'flow') {
        return {
          ok: true,
          external: false,
          flow: forwarded.flow,
          ...(forwarded.onEnd ? { onEnd: forwarded.onEnd } : {}),
        };
      }
      return { ok: true, external: false, flow: flowDecision(extensionFlow(number, this.o.ringTimeoutSec ?? 30)).flow };
    }
    if (!/^\+?\d{3,24}$/.test(number)) return { ok: false, reason: 'noRoute' };
    const route = await this.outsideRoute(tenantId, extension, number);
    if (!route.ok) return route;
    const { flow, onEnd } = route.decision;
    return { ok: true, external: true, flow, ...(onEnd ? { onEnd } : {}) };
  }

  /** The enterprise's fraud-guard counters now: outside calls up and seconds used today. */
  async usage(tenantId: string): Promise<{ activeCalls: number; seconds: number }> {
    const engines = await this.engines(tenantId);
    return engines.guard.usage(localDay(this.now(), engines.timezone));
  }

  /** An outside number extension `extension` dials: the outbound routes' trunks, or their refusal (logged, told). */
  private async outsideRoute(
    tenantId: string,
    extension: string,
    dialled: string,
  ): Promise<{ ok: true; decision: RouteDecision & { kind: 'flow' } } | { ok: false; reason: OutboundRefusalReason }> {
    const engines = await this.engines(tenantId);
    const profile = await this.o.source.extensionProfile(tenantId, extension);
    const decision = await engines.outbound.decide({
      extension,
      teamIds: profile?.teamIds ?? [],
      permissions: profile?.permissions ?? DEFAULT_CALL_CLASSES,
      dialled,
      at: this.now(),
      ...(profile?.areaCode ? { callerRegion: profile.areaCode } : {}),
      extensionCallerId: profile?.callerId ?? null,
    });
    if (!decision.ok) {
      this.refused({
        tenantId,
        direction: 'outbound',
        from: extension,
        to: dialled,
        reason: decision.reason,
        ...(decision.route ? { routeId: decision.route.id } : {}),
      });
      return { ok: false, reason: decision.reason };
    }
    const release = decision.release;
    const guard = engines.guard;
    const day = localDay(this.now(), engines.timezone);
    const routed: RouteDecision & { kind: 'flow' } = {
      ...flowDecision({
        name: 'outbound',
        steps: [
          {
            verb: 'dial',
            targets: [
              {
                trunk: {
                  trunkIds: decision.trunkIds,
                  number: decision.number,
                  ...(decision.callerId ? { callerId: decision.callerId } : {}),
                },
              },
            ],
            ringTimeoutSec: 60,
          },
        ],
      }),
      onEnd: (end) => {
        const counted = end.talkSec > 0 ? guard.addCallSeconds(day, end.talkSec) : Promise.resolve(0);
        void Promise.all([release?.(), counted]).catch((err: unknown) =>
          this.o.logger?.warn({ err, tenantId }, 'outbound call counters not updated'),
        );
      },
    };
    return { ok: true, decision: routed };
  }

  /**
   * A call to extension `number` with its 转移设置: the forwarding flow (its outside hops' fraud-guard places released
   * when the call ends); null without forwarding (the switch's built-in dial).
   */
  private async toExtension(tenantId: string, number: string): Promise<RouteDecision | null> {
    if (!this.o.source.forwarding) return null;
    const releases: Array<() => Promise<void>> = [];
    const flow = await forwardingFlow(number, this.forwardingContext(tenantId, releases));
    return flow ? withReleases(flowDecision(flow), releases, this.o.logger) : null;
  }

  /**
   * An IVR key's extension with its 转移设置, compiled into the menu before a key is pressed: its outside hops take
   * their fraud-guard place when they dial (`admit`), given back when that call ends.
   */
  async forwardedExtensionSteps(tenantId: string, number: string): Promise<FlowInput['steps'] | null> {
    if (!this.o.source.forwarding) return null;
    const flow = await forwardingFlow(number, this.forwardingContext(tenantId, 'atDial'));
    return flow?.steps ?? null;
  }

  /**
   * The fraud guard's place for a dial whose trunk target says `admit`; `release` once when the call ends. A refusal
   * (concurrency, daily minutes) is logged and told like a route's, from the call's caller to the dialled number.
   */
  async admitOutside(
    tenantId: string,
    dial: { number: string; caller: string } = { number: '', caller: '' },
  ): Promise<{ ok: true; release: () => void } | { ok: false; reason: string }> {
    const engines = await this.engines(tenantId);
    const admission = await engines.guard.admit(localDay(this.now(), engines.timezone));
    if (!admission.ok) {
      const reason = admission.reason === 'dailyMinutes' ? 'dailyMinutes' : 'concurrency';
      this.refused({ tenantId, direction: 'outbound', from: dial.caller, to: dial.number, reason });
      return { ok: false, reason };
    }
    return {
      ok: true,
      release: () =>
        void admission
          .release()
          .catch((err: unknown) => this.o.logger?.warn({ err, tenantId }, 'outside dial counters not updated')),
    };
  }

  private forwardingContext(tenantId: string, releases: Places) {
    const source = this.o.source;
    return {
      tenantId,
      forwarding: (t: string, n: string) => source.forwarding?.(t, n) ?? Promise.resolve(null),
      isExtension: (t: string, n: string) => source.isExtension(t, n),
      outsideDial: (t: string, from: string, n: string) => this.forwardDial(t, from, n, releases),
      ringTimeoutSec: this.o.ringTimeoutSec ?? 30,
    };
  }

  /**
   * A forward hop to an outside number: the outbound routes decide as if the forwarding extension dialled it (its
   * call classes, teams, area and caller ID); a refusal is logged and told like the extension's own call.
   */
  private async forwardDial(
    tenantId: string,
    extension: string,
    number: string,
    releases: Places,
  ): Promise<OutsideDial> {
    const engines = await this.engines(tenantId);
    const profile = await this.o.source.extensionProfile(tenantId, extension);
    const decision = await engines.outbound.decide({
      extension,
      teamIds: profile?.teamIds ?? [],
      permissions: profile?.permissions ?? DEFAULT_CALL_CLASSES,
      dialled: number,
      at: this.now(),
      ...(profile?.areaCode ? { callerRegion: profile.areaCode } : {}),
      extensionCallerId: profile?.callerId ?? null,
      ...(releases === 'atDial' ? { admitAtDial: true } : {}),
    });
    if (!decision.ok) {
      this.refused({
        tenantId,
        direction: 'outbound',
        from: extension,
        to: number,
        reason: decision.reason,
        ...(decision.route ? { routeId: decision.route.id } : {}),
      });
      return { ok: false, reason: decision.reason };
    }
    const trunk = placedTrunk(decision, releases, decision.classification.emergency);
    return { ok: true, step: { verb: 'dial', targets: [{ trunk }], ringTimeoutSec: 60 } };
  }

  /**
   * The trunks and caller ID for a call the system places to an outside number (an IVR key, the caller-ID voice
   * code), by the routes open to every extension; null when none takes it (the refusal is logged). The target says
   * `admit`: the fraud guard's place is taken when it is dialled and given back when that call ends.
   */
  async outsideTarget(tenantId: string, number: string): Promise<FlowTrunkDial | null> {
    const step = await this.externalDial(tenantId, number, undefined, 'atDial');
    return step?.targets[0]?.trunk ?? null;
  }

  /**
   * 回呼模式: an agent's mobile or landline number as the device a queue call rings, by the outbound routes as if
   * the agent's extension (when they have one: its teams, area and caller ID) dialled it, with the classes open to
   * every extension (no international or premium). The toll-fraud guard's place is held until `done` (the ring
   * ended unanswered, or the call ended: its talk seconds count towards the daily minutes). `check`: only whether
   * the routes take the number now (signing in): the place is given back at once and a refusal is not logged.
   */
  async agentDeviceDial(
    tenantId: string,
    o: { extension: string | null; number: string; check?: boolean },
  ): Promise<{ ok: true; trunk: FlowTrunkDial; done(talkSec: number): void } | { ok: false; reason: string }> {
    const engines = await this.engines(tenantId);
    const profile = o.extension ? await this.o.source.extensionProfile(tenantId, o.extension) : null;
    const decision = await engines.outbound.decide({
      extension: o.extension ?? '',
      teamIds: profile?.teamIds ?? [],
      permissions: ['internal', 'local', 'national', 'mobile'],
      dialled: o.number,
      at: this.now(),
      ...(profile?.areaCode ? { callerRegion: profile.areaCode } : {}),
      extensionCallerId: profile?.callerId ?? null,
    });
    if (!decision.ok) {
      if (!o.check)
        this.refused({
          tenantId,
          direction: 'outbound',
          from: o.extension ?? '',
          to: o.number,
          reason: decision.reason,
          ...(decision.route ? { routeId: decision.route.id } : {}),
        });
      return { ok: false, reason: decision.reason };
    }
    const { guard } = engines;
    const release = decision.release;
    const day = localDay(this.now(), engines.timezone);
    let done = false;
    const trunk: FlowTrunkDial = {
      trunkIds: decision.trunkIds,
      number: decision.number,
      ...(decision.callerId ? { callerId: decision.callerId } : {}),
    };
    return {
      ok: true,
      trunk,
      done: (talkSec) => {
        if (done) return;
        done = true;
        const counted = talkSec > 0 ? guard.addCallSeconds(day, talkSec) : Promise.resolve(0);
        void Promise.all([release?.(), counted]).catch((err: unknown) =>
          this.o.logger?.warn({ err, tenantId }, 'agent device call counters not updated'),
        );
      },
    };
  }

  /**
   * An outside number reached from an inbound route or an IVR (forwarding): routes open to every extension. The
   * fraud guard's place goes into `releases` (given back when the call ends), or is left to the dial ('atDial').
   */
  private async externalDial(tenantId: string, number: string, callerId: string | undefined, releases: Places) {
    const engines = await this.engines(tenantId);
    const decision = await engines.outbound.decide({
      extension: '',
      permissions: ['internal', 'local', 'national', 'mobile'],
      dialled: number,
      at: this.now(),
      extensionCallerId: callerId ?? null,
      ...(releases === 'atDial' ? { admitAtDial: true } : {}),
    });
    if (!decision.ok) {
      this.refused({ tenantId, direction: 'outbound', from: callerId ?? '', to: number, reason: decision.reason });
      return null;
    }
    const trunk = placedTrunk(decision, releases, decision.classification.emergency);
    return { verb: 'dial' as const, targets: [{ trunk }], ringTimeoutSec: 60 };
  }

  private engines(tenantId: string): Promise<Compiled> {
    const hit = this.compiled.get(tenantId);
    const ttl = this.o.ttlMs ?? 2000;
    if (hit) {
      return hit.then((c) => {
        if (this.now() - c.at < ttl) return c;
        this.compiled.delete(tenantId);
        return this.engines(tenantId);
      });
    }
    const loading = this.compile(tenantId);
    this.compiled.set(tenantId, loading);
    loading.catch(() => this.compiled.delete(tenantId));
    return loading;
  }

  private async compile(tenantId: string): Promise<Compiled> {
    const config = await this.o.source.load(tenantId);
    const timezone = config.timezone ?? 'Asia/Shanghai';
    const lists = new NumberListIndex(config.numberList);
    const timeGroups = config.timeGroups;
    // DIDs and callers as carriers send them (+8625…, 8625…) in the national form the routes are written in.
    const inbound = new InboundEngine<InboundRoute>({
      routes: config.inboundRoutes,
      timeGroups,
      lists,
      normalize: nationalForm,
    });
    const guard = new FraudGuard({ store: this.o.store, tenantId, limits: config.limits });
    const outbound = new OutboundEngine<OutboundRoute>({
      tenantId,
      routes: config.outboundRoutes,
      store: this.o.store,
      rng: this.rng,
      timeGroups,
      lists,
      limits: config.limits,
      fraud: guard,
      timezone,
      callerIds: config.callerIds,
    });
    for (const e of [...inbound.errors, ...outbound.errors])
      this.o.logger?.warn({ tenantId, ...e }, 'route skipped: its pattern does not compile');
    return { at: this.now(), inbound, outbound, guard, timezone };
  }

  private refused(r: Omit<RefusedCall, 'at'>): void {
    const refused = { ...r, at: new Date(this.now()).toISOString() };
    this.o.logger?.info(refused, 'call refused by the routes');
    this.o.onRefused?.(refused);
  }
}

const DIAL_STATUS = ['$', '{dialStatus}'].join('');

/** An outside hop for a transferred customer: when nobody answers they hear it is unavailable, then the call ends. */
function outsideSteps(dial: FlowInput['steps'][number]): FlowInput['steps'] {
  return [
    dial,
    { verb: 'branch', value: DIAL_STATUS, cases: { answered: { steps: [{ verb: 'hangup' }] } } },
    { verb: 'play', prompt: 'unavailable' },
    { verb: 'hangup' },
  ];
}

function reject(reason: RefusedCall['reason']): RouteDecision {
  const r = REFUSAL[reason];
  return { kind: 'reject', status: r.status, cause: r.cause, reason: r.phrase };
}

/**
 * Applies the flow schema's defaults and checks. A flow that does not pass (a stored IVR menu older than a schema
 * change) is refused here rather than failing in the switch.
 */
function flowDecision(flow: FlowInput): RouteDecision & { kind: 'flow' } {
  const parsed = parseFlow(flow);
  if (!parsed.ok) throw new FlowBuildError(flow.name ?? 'flow', parsed.error);
  return { kind: 'flow', flow: parsed.flow };
}

export class FlowBuildError extends Error {
  constructor(
    readonly flowName: string,
    detail: string,
  ) {
    super(`flow ${flowName} is not valid: ${detail}`);
  }
}

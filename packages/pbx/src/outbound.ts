/**
 * Outbound routes (呼出路由): for a number an extension dials, the route (first by priority, then creation),
 * the number to send (FreePBX prefix strip + prepend), the trunks in the order to try, the caller ID to show,
 * or a refusal with its reason. A route whose time group is closed is passed over (the next matching route may
 * take the call, as in FreePBX); when only closed routes matched, the reason is 'closed'.
 */
import type { CallClass, CallerIdNumber, FraudLimits, NumberListEntry, OutboundRoute } from '@hujiao/shared';
import type { CountryCode } from 'libphonenumber-js/max';
import { type CallerIdSource, chooseCallerId } from './caller-id.ts';
import { type CompiledDialRule, compileDialRule, PatternError, type PatternErrorKey } from './dial-pattern.ts';
import type { FraudGuard, FraudReason } from './fraud.ts';
import { classifyNumber, type NumberClassification } from './number-class.ts';
import type { NumberListIndex } from './number-list.ts';
import { PatternIndex } from './pattern-index.ts';
import type { Rng } from './random.ts';
import type { PbxStore } from './store.ts';
import { localTime } from './time-group.ts';
import { CompiledTimeGroups, type TimeGroupSet } from './time-groups.ts';
import { orderTrunks } from './trunk-order.ts';

export type OutboundRouteConfig = Pick<
  OutboundRoute,
  | 'id'
  | 'name'
  | 'priority'
  | 'dialPatterns'
  | 'scope'
  | 'trunkIds'
  | 'trunkOrder'
  | 'callerIdMode'
  | 'callerIdPool'
  | 'poolStrategy'
  | 'enabled'
> &
  Partial<Pick<OutboundRoute, 'callerId' | 'timeGroupId' | 'createdAt' | 'trunkGroupId'>>;

type ListEntry = Pick<NumberListEntry, 'list' | 'direction' | 'number' | 'match' | 'status'> &
  Partial<Pick<NumberListEntry, 'id' | 'reason' | 'action' | 'expiresAt'>>;

export interface OutboundRequest {
  /** The calling extension's number (also what a dial pattern's caller pattern is matched against). */
  extension: string;
  /** The teams (agent groups) of the extension's user, for routes scoped to teams. */
  teamIds?: readonly string[];
  /** The extension's allowed call classes. */
  permissions: readonly CallClass[];
  dialled: string;
  at: number | Date;
  /** The caller's area code (CN '0755'): tells local from national. */
  callerRegion?: string;
  /** The extension's display number, for callerIdMode 'extension'. */
  extensionCallerId?: string | null;
  /**
   * Steps made before a call takes them (an IVR key, a queue's overflow): the fraud guard's place is not taken now
   * but when the dial starts (the dial target's `admit`); the decision then has no `release`.
   */
  admitAtDial?: boolean;
}

export type OutboundRefusalReason =
  | 'noRoute'
  | 'classDenied'
  | 'international'
  | 'premium'
  | 'closed'
  | 'blacklisted'
  | Exclude<FraudReason, 'international' | 'premium' | 'trunkConcurrency'>;

export type OutboundDecision<R extends OutboundRouteConfig = OutboundRouteConfig> =
  | {
      ok: false;
      reason: OutboundRefusalReason;
      route?: R;
      classification?: NumberClassification;
      listEntry?: ListEntry;
    }
  | {
      ok: true;
      route: R;
      /** What to send to the trunks (prefix removed, prepend added). */
      number: string;
      trunkIds: string[];
      callerId: string | undefined;
      callerIdSource: CallerIdSource;
      classification: NumberClassification;
      /** With a fraud guard: release it when the call ends. */
      release?: () => Promise<void>;
    };

export interface OutboundEngineOptions<R extends OutboundRouteConfig> {
  tenantId: string;
  routes: readonly R[];
  store: PbxStore;
  rng: Rng;
  timeGroups?: TimeGroupSet;
  lists?: NumberListIndex<ListEntry>;
  /** International / premium switches (default: both off). */
  limits?: Pick<FraudLimits, 'internationalEnabled' | 'premiumEnabled'>;
  /** Concurrency and daily-minute caps; without it decide() takes no place. */
  fraud?: FraudGuard;
  country?: CountryCode;
  /** The enterprise's zone, for per-day counters (default Asia/Shanghai). */
  timezone?: string;
  isExtension?: (digits: string) => boolean;
  /** The region of a number (port; e.g. a mobile number-segment table). Falls back to a fixed line's area code. */
  regionOf?: (number: string) => string | undefined;
  /** The enterprise's caller IDs: only verified ones are shown; their regions serve sameRegion. */
  callerIds?: readonly (Pick<CallerIdNumber, 'number' | 'status'> & { region?: string | null })[];
}

interface Candidate<R> {
  route: R;
  rule: CompiledDialRule;
  scope: { all: true } | { extensions: ReadonlySet<string>; teams: ReadonlySet<string> };
}

export interface OutboundRouteError {
  routeId: string;
  patternIndex: number;
  key: PatternErrorKey;
}

export class OutboundEngine<R extends OutboundRouteConfig = OutboundRouteConfig> {
  private readonly index: PatternIndex<Candidate<R>>;
  private readonly timeGroups: CompiledTimeGroups;
  private readonly verified: Map<string, string | undefined> | null;
  readonly errors: OutboundRouteError[] = [];

  constructor(private readonly options: OutboundEngineOptions<R>) {
    const routes = options.routes
      .filter((r) => r.enabled)
      .sort(
        (a, b) =>
          a.priority - b.priority ||
          (a.createdAt ?? '').localeCompare(b.createdAt ?? '') ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    const entries: { pattern: CompiledDialRule['pattern']; rank: number; value: Candidate<R> }[] = [];
    routes.forEach((route, r) => {
      const scope =
        'all' in route.scope
          ? ({ all: true } as const)
          : { extensions: new Set(route.scope.extensions), teams: new Set(route.scope.teamIds) };
      route.dialPatterns.forEach((p, i) => {
        try {
          const rule = compileDialRule(p);
          entries.push({ pattern: rule.pattern, rank: r * 1000 + i, value: { route, rule, scope } });
        } catch (e) {
          if (!(e instanceof PatternError)) throw e;
          this.errors.push({ routeId: route.id, patternIndex: i, key: e.key });
        }
      });
    });
    this.index = new PatternIndex(entries);
    this.timeGroups = new CompiledTimeGroups(options.timeGroups);
    this.verified = options.callerIds
      ? new Map(options.callerIds.filter((c) => c.status === 'verified').map((c) => [c.number, c.region ?? undefined]))
      : null;
  }

  private readonly areaCodes = new Map<string, string | undefined>();
  /** A pool number's area code, classified once. */
  private areaCodeOf(n: string): string | undefined {
    if (!this.areaCodes.has(n))
      this.areaCodes.set(n, classifyNumber(n, { country: this.options.country ?? 'CN' }).areaCode);
    return this.areaCodes.get(n);
  }

  async decide(req: OutboundRequest): Promise<OutboundDecision<R>> {
    const o = this.options;
    const at = typeof req.at === 'number' ? req.at : req.at.getTime();
    const raw = o.lists?.lookup(req.dialled, 'outbound', at).black;
    if (raw) return { ok: false, reason: 'blacklisted', listEntry: raw };

    let chosen: Candidate<R> | undefined;
    let closed: R | undefined;
    const teams = req.teamIds ?? [];
    for (const { value: c } of this.index.matches(req.dialled)) {
      if (c.route === closed) continue;
      if (!inScope(c, req.extension, teams)) continue;
      if (c.rule.apply(req.dialled, req.extension) === null) continue;
      if (!this.timeGroups.isOpen(c.route.timeGroupId, at)) {
        closed = c.route;
        continue;
      }
      chosen = c;
      break;
    }
    if (!chosen) return closed ? { ok: false, reason: 'closed', route: closed } : { ok: false, reason: 'noRoute' };

    const { route, rule } = chosen;
    const number = rule.apply(req.dialled, req.extension) as string;
    const stripped = rule.strip(req.dialled);
    const classification = classifyNumber(stripped, {
      country: o.country ?? 'CN',
      ...(o.isExtension ? { isExtension: o.isExtension } : {}),
      ...(req.callerRegion ? { callerAreaCode: req.callerRegion } : {}),
    });
    const refuse = (reason: OutboundRefusalReason, listEntry?: ListEntry): OutboundDecision<R> => ({
      ok: false,
      reason,
      route,
      classification,
      ...(listEntry ? { listEntry } : {}),
    });
    if (!classification.emergency) {
      const limits = o.limits ?? { internationalEnabled: false, premiumEnabled: false };
      if (classification.international && !limits.internationalEnabled) return refuse('international');
      if (classification.premium && !limits.premiumEnabled) return refuse('premium');
      const needed: CallClass[] = [classification.callClass];
      if (classification.international) needed.push('international');
      if (!needed.every((c) => req.permissions.includes(c))) return refuse('classDenied');
    }
    const listed = stripped !== req.dialled ? o.lists?.lookup(stripped, 'outbound', at).black : undefined;
    if (listed) return refuse('blacklisted', listed);

    const date = localTime(o.timezone ?? 'Asia/Shanghai', at).date;
    let release: (() => Promise<void>) | undefined;
    if (o.fraud && !classification.emergency && !req.admitAtDial) {
      const admission = await o.fraud.admit(date);
      if (!admission.ok) return refuse(admission.reason as OutboundRefusalReason);
      release = admission.release;
    }
    const trunkIds = await orderTrunks(route.trunkIds, route.trunkOrder, {
      store: o.store,
      rng: o.rng,
      tenantId: o.tenantId,
      // Routes sharing a trunk group share its round-robin cursor.
      routeId: route.trunkGroupId ? `group:${route.trunkGroupId}` : route.id,
      date,
    });
    const verified = this.verified;
    const regionOf = (n: string) => verified?.get(n) ?? o.regionOf?.(n) ?? this.areaCodeOf(n);
    const choice = await chooseCallerId(route, {
      store: o.store,
      rng: o.rng,
      tenantId: o.tenantId,
      extensionCallerId: req.extensionCallerId ?? null,
      calleeRegion: o.regionOf?.(stripped) ?? classification.areaCode,
      regionOf,
      ...(verified ? { usable: (n: string) => verified.has(n) } : {}),
    });
    return {
      ok: true,
      route,
      number,
      trunkIds,
      callerId: choice.callerId,
      callerIdSource: choice.source,
      classification,
      ...(release ? { release } : {}),
    };
  }
}

function inScope<R>(c: Candidate<R>, extension: string, teams: readonly string[]): boolean {
  if ('all' in c.scope) return true;
  if (c.scope.extensions.has(extension)) return true;
  const set = c.scope.teams;
  return teams.some((t) => set.has(t));
}

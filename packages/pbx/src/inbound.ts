/**
 * Inbound routes (呼入路由): which route takes a call to a DID from a caller, and where it goes now (the open
 * destination, or the closed one outside its time group). Routes are ordered by priority (lowest first), then
 * the more specific DID (an exact number before a pattern), then a route with a caller pattern before one
 * without (the more specific caller pattern first), then creation time and id. The index keeps exact DIDs in a
 * Map and patterns in buckets (pattern-index.ts), so a decision costs a few Map lookups and pattern tests.
 */
import type { Destination, InboundRoute, NumberListEntry } from '@hujiao/shared';
import {
  type CompiledPattern,
  compareSpecificity,
  compilePattern,
  PatternError,
  type PatternErrorKey,
} from './dial-pattern.ts';
import type { NumberListIndex } from './number-list.ts';
import { PatternIndex } from './pattern-index.ts';
import { CompiledTimeGroups, type TimeGroupSet } from './time-groups.ts';

export type InboundRouteConfig = Pick<
  InboundRoute,
  'id' | 'name' | 'priority' | 'didPattern' | 'destination' | 'enabled'
> &
  Partial<Pick<InboundRoute, 'callerPattern' | 'timeGroupId' | 'closedDestination' | 'createdAt'>>;

export interface InboundRequest {
  did: string;
  /** The caller's number; absent for an anonymous caller (routes with a caller pattern do not match it). */
  caller?: string;
  at: number | Date;
}

type ListEntry = Pick<NumberListEntry, 'list' | 'direction' | 'number' | 'match' | 'status'> &
  Partial<Pick<NumberListEntry, 'id' | 'reason' | 'action' | 'expiresAt'>>;

export type InboundDecision<R extends InboundRouteConfig = InboundRouteConfig> =
  /** A blacklisted caller: refuse with busy or a prompt (the entry's action; busy by default). */
  | { kind: 'blocked'; entry: ListEntry; action: 'busy' | 'prompt' }
  | { kind: 'route'; route: R; destination: Destination; open: boolean; red?: ListEntry }
  | { kind: 'none'; red?: ListEntry };

export interface RouteError {
  routeId: string;
  field: 'didPattern' | 'callerPattern';
  key: PatternErrorKey;
}

interface Compiled<R> {
  route: R;
  did: CompiledPattern;
  caller: CompiledPattern | null;
}

export interface InboundEngineOptions<R extends InboundRouteConfig> {
  routes: readonly R[];
  timeGroups?: TimeGroupSet;
  lists?: NumberListIndex<ListEntry>;
  /**
   * Puts the DID and the caller's number into the form the routes are written in, e.g. `nationalForm` for a
   * carrier that sends +86… (default: as given).
   */
  normalize?: (number: string) => string;
}

const HANGUP: Destination = { kind: 'hangup' };

/** The routes of one enterprise, compiled. Build it again when they change. */
export class InboundEngine<R extends InboundRouteConfig = InboundRouteConfig> {
  private readonly index: PatternIndex<Compiled<R>>;
  private readonly timeGroups: CompiledTimeGroups;
  private readonly lists: NumberListIndex<ListEntry> | undefined;
  private readonly normalize: (number: string) => string;
  /** Routes skipped because a pattern does not compile (the server validates first; this is a backstop). */
  readonly errors: RouteError[] = [];

  constructor(options: InboundEngineOptions<R>) {
    const compiled: Compiled<R>[] = [];
    for (const route of options.routes) {
      if (!route.enabled) continue;
      const c = this.compile(route);
      if (c) compiled.push(c);
    }
    compiled.sort(compareRoutes);
    this.index = new PatternIndex(compiled.map((value, rank) => ({ pattern: value.did, rank, value })));
    this.timeGroups = new CompiledTimeGroups(options.timeGroups);
    this.lists = options.lists;
    this.normalize = options.normalize ?? ((n) => n);
  }

  decide(req: InboundRequest): InboundDecision<R> {
    const at = typeof req.at === 'number' ? req.at : req.at.getTime();
    const caller = req.caller === undefined ? undefined : this.normalize(req.caller);
    const listed = caller !== undefined && this.lists ? this.lists.lookup(caller, 'inbound', at) : {};
    if (listed.black) return { kind: 'blocked', entry: listed.black, action: listed.black.action ?? 'busy' };
    const red = listed.red ? { red: listed.red } : {};
    const hit = this.index.first(
      this.normalize(req.did),
      (c) => c.caller === null || (caller !== undefined && c.caller.test(caller)),
    );
    if (!hit) return { kind: 'none', ...red };
    const route = hit.value.route;
    const open = this.timeGroups.isOpen(route.timeGroupId, at);
    const destination = open ? route.destination : (route.closedDestination ?? HANGUP);
    return { kind: 'route', route, destination, open, ...red };
  }

  private compile(route: R): Compiled<R> | null {
    try {
      const did = compilePattern(route.didPattern);
      const caller = route.callerPattern ? compilePattern(route.callerPattern) : null;
      return { route, did, caller };
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      const field = e.pattern === route.didPattern ? 'didPattern' : 'callerPattern';
      this.errors.push({ routeId: route.id, field, key: e.key });
      return null;
    }
  }
}

function compareRoutes<R extends InboundRouteConfig>(a: Compiled<R>, b: Compiled<R>): number {
  return (
    a.route.priority - b.route.priority ||
    compareSpecificity(a.did, b.did) ||
    (a.caller === null ? 1 : 0) - (b.caller === null ? 1 : 0) ||
    (a.caller && b.caller ? compareSpecificity(a.caller, b.caller) : 0) ||
    (a.route.createdAt ?? '').localeCompare(b.route.createdAt ?? '') ||
    (a.route.id < b.route.id ? -1 : a.route.id > b.route.id ? 1 : 0)
  );
}

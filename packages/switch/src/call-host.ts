import type { Flow as FlowDefinition } from '@hujiao/shared';
import { isSipUri, parseUri, TransportProtocol } from '@hujiao/sip';
import { Call, type CallOptions } from './call.ts';
import { whenEnded } from './call-end.ts';
import { CallFlowContext, type TargetResolver } from './call-flow-context.ts';
import type { SwitchContext } from './context.ts';
import { DialAttempt } from './dial.ts';
import type { PromptLibrary } from './flow/prompt-library.ts';
import { runFlow } from './flow/run-flow.ts';
import type { Leg } from './leg.ts';
import type { LocationService } from './location.ts';
import type { OutboundTarget } from './outbound-leg.ts';
import { handleRefer, type ReplacesId } from './refer.ts';
import type { TrunkDialer } from './trunk/trunk-dial.ts';
import type { CallDirection, Directory, SwitchOptions } from './types.ts';
import { voicemailFlowPort } from './voicemail/flow-port.ts';

/** Who a call is from, for the From of the legs it dials. */
interface CallParty {
  realm: string;
  callerName: string | null;
}

const quote = (name: string) => `"${name.replace(/["\\]/g, '')}" `;

/**
 * The switch's calls and what they share: creating a call with the switch's ports, resolving dial targets to
 * registered contacts, running flows, finding a dialog for Replaces and a ringing call for pick-up. Ingress
 * (new INVITEs) and the command API both work through it.
 */
export class CallHost {
  readonly calls = new Set<Call>();
  private readonly parties = new WeakMap<Call, CallParty>();

  constructor(
    readonly ctx: SwitchContext,
    private readonly options: SwitchOptions,
    private readonly directory: Directory,
    private readonly location: LocationService,
    readonly prompts: PromptLibrary,
    private readonly isOurHost: (host: string) => boolean,
    /** Dials `{ trunk }` targets (none without a trunk directory). */
    private readonly trunks: TrunkDialer | null = null,
  ) {}

  get noAnswerTimeoutMs(): number {
    return this.options.noAnswerTimeoutMs ?? 45_000;
  }

  createCall(o: {
    tenantId: string;
    realm: string;
    caller: string;
    callerName: string | null;
    callee: string;
    direction?: CallDirection;
    /** Click-to-call: the first phone to answer is the calling party's own (see CallOptions). */
    firstAnswerIsCaller?: boolean;
    onEnd?: (call: Call) => void;
  }): Call {
    const options: CallOptions = {
      tenantId: o.tenantId,
      caller: o.caller,
      callee: o.callee,
      noAnswerTimeoutMs: this.noAnswerTimeoutMs,
      ...(o.direction ? { direction: o.direction } : {}),
      ...(o.firstAnswerIsCaller ? { firstAnswerIsCaller: true } : {}),
      ...(this.options.recordings && this.options.record !== false ? { recordings: this.options.recordings } : {}),
      ...(this.options.cdr ? { cdr: this.options.cdr } : {}),
      ...this.mohFor(o.tenantId),
      onRefer: (call, leg, request, tx) =>
        handleRefer(call, leg, request, tx, {
          resolve: this.resolveTargets,
          isOurHost: (host) => this.isOurHost(host) || host.toLowerCase() === o.realm.toLowerCase(),
          findDialog: (id) => this.findDialog(id),
        }),
      onEnd: (call) => {
        this.calls.delete(call);
        o.onEnd?.(call);
      },
    };
    const call = new Call(this.ctx, options);
    this.parties.set(call, { realm: o.realm, callerName: o.callerName });
    this.calls.add(call);
    return call;
  }

  private get mohFile(): string | null {
    return this.options.musicOnHoldFile ?? this.prompts.musicOnHold();
  }

  /** The enterprise's music on hold (its playlist), else the switch's. */
  private mohFor(tenantId: string): { mohFile?: string; mohFiles?: string[] } {
    const files = this.options.musicOnHoldFor?.(tenantId);
    if (files && files.length > 0) return { mohFiles: files };
    const file = this.mohFile;
    return file ? { mohFile: file } : {};
  }

  findCall(id: string): Call | undefined {
    for (const c of this.calls) if (c.id === id) return c;
    return undefined;
  }

  /** Dial targets to INVITE forks: an extension rings every phone registered for it; a SIP URI is sent as is. */
  readonly resolveTargets: TargetResolver = async (call, targets, { strategy, callerId, autoAnswer }) => {
    const party = this.parties.get(call) ?? { realm: '', callerName: null };
    const fromUser = callerId ?? call.options.caller;
    const from = `${party.callerName && !callerId ? quote(party.callerName) : ''}<sip:${fromUser}@${party.realm}>`;
    const groups: OutboundTarget[][] = [];
    for (const target of targets) {
      if ('trunk' in target) {
        if (target.trunk.admit && !(await this.admitOutside(call, target.trunk.number))) {
          groups.push([]);
          continue;
        }
        const fallback = { callerId: callerId ?? call.options.caller, callerName: callerId ? null : party.callerName };
        groups.push((await this.trunks?.targets(call.tenantId, target.trunk, fallback)) ?? []);
      } else if ('extension' in target) {
        const ext = await this.directory.findExtension(call.tenantId, target.extension);
        if (!ext?.enabled) {
          groups.push([]);
          continue;
        }
        const to = `<sip:${ext.number}@${party.realm}>`;
        // The de-facto auto-answer header (Polycom, Yealink, Grandstream; the browser phone honours it too).
        const headers: Array<[string, string]> = autoAnswer
          ? [['Call-Info', `<sip:${party.realm}>;answer-after=0`]]
          : [];
        groups.push(
          this.location
            .lookup(call.tenantId, ext.number)
            .map((r) => ({ contact: r.contact, flow: r.flow, extension: ext.number, from, to, headers })),
        );
      } else {
        const uri = parseUri(target.uri);
        if (!uri || !isSipUri(uri)) {
          groups.push([]);
          continue;
        }
        const flow = {
          protocol: TransportProtocol.Udp,
          localAddress: this.ctx.bindAddress,
          localPort: this.ctx.stack.port(TransportProtocol.Udp),
          remoteAddress: uri.host.replace(/^\[|\]$/g, ''),
          remotePort: uri.port ?? 5060,
        };
        groups.push([{ contact: target.uri, flow, extension: uri.user ?? target.uri, from, to: `<${target.uri}>` }]);
      }
    }
    return strategy === 'parallel' ? [groups.flat()] : groups;
  };

  /**
   * A dial whose trunk target says `admit`: the routes' toll-fraud place, given back once when the call ends. False
   * when refused (the dial has no fork for it).
   */
  private async admitOutside(call: Call, number: string): Promise<boolean> {
    const admit = this.options.routes?.admitOutside;
    if (!admit) return true;
    const r = await admit
      .call(this.options.routes, call.tenantId, { number, caller: call.options.caller })
      .catch((err: unknown) => {
        call.logger.warn({ err: String(err) }, 'outside dial not admitted: the fraud guard failed');
        return { ok: false as const, reason: 'error' };
      });
    if (!r.ok) {
      call.logger.info({ reason: r.reason }, 'outside dial refused by the fraud guard');
      return false;
    }
    whenEnded(call, r.release);
    return true;
  }

  /** Runs a flow on `leg` of `call`; the call learns when it ends. */
  runFlow(call: Call, leg: Leg, flow: FlowDefinition): Promise<void> {
    const signal = call.startFlow(leg, flow.name ?? 'flow');
    const vm = voicemailFlowPort(this.options.voicemail ?? null, this.parties.get(call)?.callerName ?? null);
    const ctx = new CallFlowContext(call, leg, this.resolveTargets, this.prompts, signal, vm, this.options.queues);
    return runFlow(flow, ctx)
      .then((r) => call.flowEnded(r.reason))
      .catch((err: unknown) => {
        call.logger.error({ err: String(err) }, 'flow failed');
        call.flowEnded('error');
      });
  }

  /** The leg whose SIP dialog a Replaces header names (RFC 3891 §3: the tags in either order). */
  findDialog(id: ReplacesId): { call: Call; leg: Leg } | null {
    for (const call of this.calls) {
      for (const leg of call.liveLegs()) {
        const d = leg.dialog;
        if (!d || d.callId !== id.callId) continue;
        const tags = new Set([d.localTag, d.remoteTag]);
        if (tags.has(id.toTag) && tags.has(id.fromTag)) return { call, leg };
      }
    }
    return null;
  }

  /**
   * A dial of this tenant ringing `extension` (any extension when absent; with a predicate: an extension it takes,
   * never a carrier's number), oldest first, for pick-up; none of a call `picker`'s extension is already in.
   */
  findRinging(
    tenantId: string,
    extension?: string | ((number: string) => boolean),
    picker?: string,
  ): DialAttempt | null {
    for (const dial of DialAttempt.active) {
      if (dial.call.tenantId !== tenantId || dial.call.isEnded) continue;
      if (picker && dial.call.liveLegs().some((l) => l.extension === picker)) continue;
      const ringing = dial.ringing();
      if (ringing.length === 0) continue;
      if (!extension) return dial;
      const wanted =
        typeof extension === 'string'
          ? (l: (typeof ringing)[number]) => l.extension === extension
          : (l: (typeof ringing)[number]) => !l.target.trunk && extension(l.target.extension);
      if (ringing.some(wanted)) return dial;
    }
    return null;
  }
}

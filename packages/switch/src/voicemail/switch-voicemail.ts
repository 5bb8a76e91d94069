import { createResponse, type Flow, type ServerTransaction, type SipRequest } from '@hujiao/sip';
import type { SwitchContext } from '../context.ts';
import type { Ingress, RouteDecision, RouteResolver } from '../routing.ts';
import type { ExtensionInfo, SwitchOptions, TenantInfo } from '../types.ts';
import { DEFAULT_VOICEMAIL_CODE, voicemailListenFlow } from './feature-code.ts';
import { MwiSubscriptions } from './mwi-subscriptions.ts';
import type { VoicemailCounts } from './voicemail-types.ts';

/** What the switch exposes of voicemail: the server tells it when a box's counts change (MWI NOTIFYs go out). */
export interface SwitchVoicemailHandle {
  changed(tenantId: string, box: string, counts: VoicemailCounts): void;
}

type Authenticated = { tenant: TenantInfo; extension: ExtensionInfo } | null;

/**
 * The switch's voicemail parts: the listen feature code in front of the route resolver, and MWI
 * subscriptions. Without a VoicemailPort SUBSCRIBE is answered 489 and the code is routed like any number.
 */
export class SwitchVoicemail implements SwitchVoicemailHandle {
  readonly mwi: MwiSubscriptions | null;
  private readonly code: string;

  constructor(
    private readonly options: SwitchOptions,
    ctx: SwitchContext,
    /** Whether the extension has a registration (MWI is for registered phones). */
    private readonly registered: (tenantId: string, extension: string) => boolean,
  ) {
    this.code = options.voicemailCode ?? DEFAULT_VOICEMAIL_CODE;
    const port = options.voicemail;
    this.mwi = port
      ? new MwiSubscriptions({
          send: (req, flow, user) => ctx.stack.request(req, flow, user),
          contactUri: (flow) => ctx.stack.contactUri(flow.protocol),
          counts: (tenantId, box) => port.counts(tenantId, box),
          dialogs: ctx.dialogs,
          logger: ctx.logger.child({ component: 'mwi' }),
          ...(options.minExpires !== undefined ? { minExpires: options.minExpires } : {}),
          ...(options.maxExpires !== undefined ? { maxExpires: options.maxExpires } : {}),
        })
      : null;
  }

  /** The route resolver with the listen code in front (an extension dialling it hears its own box). */
  routes(inner: RouteResolver | undefined): RouteResolver | undefined {
    if (!this.options.voicemail) return inner;
    const code = this.code;
    return {
      async resolve(ingress: Ingress): Promise<RouteDecision | null> {
        if (ingress.kind === 'extension' && ingress.number === code) {
          return { kind: 'flow', flow: voicemailListenFlow(ingress.extension.number) };
        }
        return (await inner?.resolve(ingress)) ?? null;
      },
    };
  }

  /** A new SUBSCRIBE: digest-authenticated like a REGISTER, from a registered extension, then the MWI subscription. */
  async subscribe(
    req: SipRequest,
    tx: ServerTransaction,
    flow: Flow,
    authenticate: () => Promise<Authenticated>,
  ): Promise<void> {
    if (!this.mwi) {
      tx.respond(createResponse(req, 489, { reason: 'Bad Event' }));
      return;
    }
    const who = await authenticate();
    if (!who) return;
    if (!who.extension.enabled || !this.registered(who.tenant.tenantId, who.extension.number)) {
      const why = who.extension.enabled ? 'not registered' : 'extension disabled';
      tx.respond(createResponse(req, 403, { reason: `Forbidden (${why})` }));
      return;
    }
    await this.mwi.subscribe(req, tx, flow, {
      tenantId: who.tenant.tenantId,
      realm: who.tenant.realm,
      extension: who.extension.number,
    });
  }

  changed(tenantId: string, box: string, counts: VoicemailCounts): void {
    this.mwi?.changed(tenantId, box, counts);
  }

  close(): void {
    this.mwi?.close();
  }
}

import type { EventBus } from '../../events/event-bus.ts';
import type { CallEngine } from '../call-control/index.ts';
import type { OwnCallMark } from './acd-runtime.ts';

export interface ExtensionCallsDeps {
  events: EventBus;
  engine: CallEngine;
  /** The user an extension is bound to (null: none). */
  userOfExtension(tenantId: string, extension: string): Promise<string | null>;
  /** The ACD's own-call rule (ADR 0022): null when the ACD has the agent ringing or talking already, or signed out. */
  ownCall(tenantId: string, userId: string): Promise<OwnCallMark | null>;
  /** The queue whose customer the call is (null: none): the agent who takes it over wraps up for that queue. */
  queueOf(callId: string): string | null;
}

/**
 * Calls an agent takes on their extension outside a queue offer — a colleague's consult or transfer (咨询/转接), an
 * internal call, a call their own phone placed — make them talking for the ACD, so no queue call is offered to
 * them meanwhile, until their leg ends; then they are back to ready or busy as before (the click-to-call's rule),
 * a ready agent after the queue's wrap-up (话后) when the call was a queue's customer taken over from a colleague.
 * A queue offer or a click-to-call has the agent ringing or talking already: the ACD refuses the mark, nothing
 * changes. Returns the unsubscribe.
 */
export function followExtensionCalls(d: ExtensionCallsDeps): () => void {
  const marks = new Map<string, { mark: OwnCallMark; queueId: string | null; callId: string }>();
  const offAnswered = d.events.subscribe('leg.answered', async (e) => {
    const leg = d.engine
      .calls()
      .find((c) => c.id === e.callId && c.tenantId === e.tenantId)
      ?.leg(e.legId);
    if (!leg?.extension || leg.isEnded || marks.has(e.legId)) return;
    const userId = await d.userOfExtension(e.tenantId, leg.extension);
    // The leg may have ended while the user was looked up (a click-to-call hung up at once).
    if (!userId || leg.isEnded) return;
    const mark = await d.ownCall(e.tenantId, userId);
    if (!mark) return;
    mark.callIs(e.callId);
    const queueId = d.queueOf(e.callId);
    if (leg.isEnded) mark.ended(queueId ?? undefined);
    else marks.set(e.legId, { mark, queueId, callId: e.callId });
  });
  const offEnded = d.events.subscribe('leg.ended', (e) => {
    const followed = marks.get(e.legId);
    if (!followed) return;
    marks.delete(e.legId);
    followed.mark.ended(followed.queueId ?? undefined);
  });
  // A call hung up as a whole (a command, 强拆, the last party gone) ends its legs without a leg.ended each.
  const offHangup = d.events.subscribe('call.hangup', (e) => {
    for (const [legId, followed] of marks) {
      if (followed.callId !== e.callId) continue;
      marks.delete(legId);
      followed.mark.ended(followed.queueId ?? undefined);
    }
  });
  return () => {
    offAnswered();
    offEnded();
    offHangup();
    for (const { mark } of marks.values()) mark.ended();
    marks.clear();
  };
}

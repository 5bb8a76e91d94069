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
}

/**
 * Calls an agent takes on their extension outside a queue offer — a colleague's consult or transfer (咨询/转接), an
 * internal call, a call their own phone placed — make them talking for the ACD, so no queue call is offered to
 * them meanwhile, until their leg ends; then they are back to ready or busy as before (the click-to-call's rule).
 * A queue offer or a click-to-call has the agent ringing or talking already: the ACD refuses the mark, nothing
 * changes. Returns the unsubscribe.
 */
export function followExtensionCalls(d: ExtensionCallsDeps): () => void {
  const marks = new Map<string, OwnCallMark>();
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
    if (leg.isEnded) mark.ended();
    else marks.set(e.legId, mark);
  });
  const offEnded = d.events.subscribe('leg.ended', (e) => {
    const mark = marks.get(e.legId);
    if (!mark) return;
    marks.delete(e.legId);
    mark.ended();
  });
  return () => {
    offAnswered();
    offEnded();
    for (const mark of marks.values()) mark.ended();
    marks.clear();
  };
}

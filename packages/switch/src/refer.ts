import {
  createResponse,
  isSipUri,
  parseNameAddr,
  parseUri,
  type ServerTransaction,
  type SipRequest,
} from '@hujiao/sip';
import type { Call } from './call.ts';
import type { TargetResolver } from './call-flow-context.ts';
import { announceTransfer, blindTransfer, counterparts } from './call-transfer.ts';
import type { DialAttemptOutcome } from './dial.ts';
import type { DialTarget } from './flow/flow-context.ts';
import type { Leg } from './leg.ts';

/** A dialog named by a Replaces header (RFC 3891 §6.1): Call-ID and the two tags. */
export interface ReplacesId {
  callId: string;
  toTag: string;
  fromTag: string;
}

export interface ReferTarget {
  target: DialTarget;
  replaces: ReplacesId | null;
}

/** Parses `Replaces: callid;to-tag=x;from-tag=y` (as it comes, unescaped, from a Refer-To URI header). */
export function parseReplaces(value: string): ReplacesId | null {
  const [callId, ...params] = value.split(';').map((s) => s.trim());
  if (!callId) return null;
  const get = (name: string) =>
    params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1) ?? null;
  const toTag = get('to-tag');
  const fromTag = get('from-tag');
  return toTag && fromTag ? { callId, toTag, fromTag } : null;
}

/**
 * Reads Refer-To (RFC 3515 §2.1): a SIP URI whose user is one of the enterprise's numbers, optionally with an
 * embedded Replaces header for an attended transfer (RFC 3891 §7). Another host with a user part is dialled as
 * that URI.
 */
export function parseReferTo(value: string, isOurHost: (host: string) => boolean): ReferTarget | null {
  const addr = parseNameAddr(value.trim()) ?? null;
  const uri = addr?.uri ?? parseUri(value.trim().replace(/^<|>$/g, ''));
  if (!uri || !isSipUri(uri) || !uri.user) return null;
  const raw = uri.headers.get('replaces') ?? uri.headers.get('Replaces');
  const replaces = raw ? parseReplaces(decodeURIComponent(raw)) : null;
  const user = decodeURIComponent(uri.user);
  const target: DialTarget = isOurHost(uri.host)
    ? { extension: user }
    : { uri: `sip:${uri.user}@${uri.host}${uri.port ? `:${uri.port}` : ''}` };
  return { target, replaces };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  404: 'Not Found',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  487: 'Request Terminated',
  603: 'Decline',
};

function finalLine(outcome: DialAttemptOutcome): [number, string] {
  const status = outcome.leg ? 200 : (outcome.sipStatus ?? 480);
  return [status, REASONS[status] ?? 'Failed'];
}

export interface ReferDeps {
  resolve: TargetResolver;
  isOurHost: (host: string) => boolean;
  /** Finds the leg (and its call) whose dialog a Replaces header names. */
  findDialog: (id: ReplacesId) => { call: Call; leg: Leg } | null;
}

/**
 * A phone asks to transfer (REFER, RFC 3515). Blind: 202, then the transferee is put through to the target and
 * the phone hears how it went by NOTIFY. Attended (Refer-To with Replaces, RFC 3891): the phone's two calls are
 * joined — the party of this dialog with the party of the replaced one — and both of the phone's legs go.
 */
export function handleRefer(call: Call, leg: Leg, request: SipRequest, tx: ServerTransaction, deps: ReferDeps): void {
  const header = request.get('refer-to');
  const refer = header ? parseReferTo(header, deps.isOurHost) : null;
  if (!refer) {
    tx.respond(createResponse(request, 400, { reason: 'Bad Refer-To' }));
    return;
  }
  if (counterparts(call, leg).length === 0) {
    tx.respond(createResponse(request, 488, { reason: 'Nothing to transfer' }));
    return;
  }
  if (refer.replaces) {
    const other = deps.findDialog(refer.replaces);
    if (!other || other.leg.isEnded) {
      tx.respond(createResponse(request, 481, { reason: 'Replaced dialog not found' }));
      return;
    }
    tx.respond(createResponse(request, 202));
    void attendedByReplaces(call, leg, other.call, other.leg).then((ok) =>
      leg.notifyRefer(ok ? 200 : 481, ok ? 'OK' : 'Call Leg/Transaction Does Not Exist', true),
    );
    return;
  }
  tx.respond(createResponse(request, 202));
  leg.notifyRefer(100, 'Trying', false);
  void blindTransfer(call, leg, refer.target, deps.resolve, (outcome) => {
    const [status, reason] = finalLine(outcome);
    leg.notifyRefer(status, reason, true);
  });
}

/**
 * `transferor` (in `call`, with party X) and `replaced` (the same phone's leg in `other`, with party Y): X and Y
 * are put together in `call`, and the phone's two legs are hung up.
 */
async function attendedByReplaces(call: Call, transferor: Leg, other: Call, replaced: Leg): Promise<boolean> {
  const x = counterparts(call, transferor)[0];
  const y = counterparts(other, replaced)[0];
  if (!x || !y || x.isEnded || y.isEnded) return false;
  announceTransfer(call, transferor, [x, y], 'attended', y.extension ?? y.uri);
  await call.underway(async () => {
    if (other !== call) call.adopt(y, other);
    else other.detach(y);
    await call.connect([x, y]);
    if (other !== call) other.hangupLeg(replaced);
    else call.hangupLeg(replaced);
    call.hangupLeg(transferor);
  });
  return true;
}

import type { Call } from './call.ts';
import { CallDirection, type CallRecordData, type HangupCause, type HangupSide } from './types.ts';

/** Builds the call record of an ended call; billed seconds are the talk time rounded up. */
export function buildCallRecord(call: Call, cause: HangupCause, side: HangupSide): CallRecordData {
  const endedAt = call.endedAt ?? new Date();
  const answeredAt = call.answeredAt;
  const talkMs = answeredAt ? Math.max(0, endedAt.getTime() - answeredAt.getTime()) : 0;
  return {
    tenantId: call.tenantId,
    callId: call.id,
    caller: call.options.caller,
    callee: call.options.callee,
    direction: call.options.direction ?? CallDirection.Internal,
    startedAt: call.startedAt,
    answeredAt,
    endedAt,
    durationSec: Math.floor((endedAt.getTime() - call.startedAt.getTime()) / 1000),
    billedSec: Math.ceil(talkMs / 1000),
    hangupCause: cause,
    hangupSide: side,
    recordingPath: call.recordingPath,
    satisfaction: call.satisfaction,
    legs: call.legs.map((l) => l.record()),
    segments: call.segments.segments(),
  };
}

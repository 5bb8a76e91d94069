import { HangupCause } from './types.ts';

/** The SIP final status sent to a caller for a hangup cause (see README, "Call statuses"). */
export function statusForCause(cause: HangupCause): number {
  switch (cause) {
    case HangupCause.Busy:
      return 486;
    case HangupCause.NoAnswer:
    case HangupCause.Unavailable:
      return 480;
    case HangupCause.NotFound:
      return 404;
    case HangupCause.Cancelled:
      return 487;
    case HangupCause.Rejected:
      return 603;
    case HangupCause.Normal:
      return 480;
    default:
      return 500;
  }
}

/** The hangup cause for a callee's final failure status. */
export function causeForStatus(status: number): HangupCause {
  if (status === 486 || status === 600) return HangupCause.Busy;
  if (status === 603 || status === 403) return HangupCause.Rejected;
  if (status === 404 || status === 604) return HangupCause.NotFound;
  if (status === 408 || status === 480) return HangupCause.NoAnswer;
  if (status === 487) return HangupCause.Cancelled;
  return HangupCause.Failed;
}

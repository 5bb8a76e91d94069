/** New (unread) and old (read) messages of a box, as MWI reports them (RFC 3842 `Voice-Message: new/old`). */
export interface VoicemailCounts {
  new: number;
  old: number;
}

/** A message the switch recorded for a box. `file` is where the switch wrote it: the port moves it. */
export interface VoicemailDeposit {
  tenantId: string;
  /** An extension number or a group box name. */
  box: string;
  callId: string;
  caller: string;
  callerName: string | null;
  /** Absolute path of the WAV (8 kHz mono) the switch recorded; the port owns it from now on. */
  file: string;
  durationMs: number;
  at: Date;
}

/** One message as the phone's listen menu plays it. */
export interface VoicemailMessageInfo {
  id: string;
  caller: string;
  /** Absolute path of the WAV. */
  file: string;
  durationMs: number;
  at: Date;
  read: boolean;
}

/**
 * Port: the server's voicemail (语音信箱). `deposit` stores a message (and tells the switch of the new counts through
 * `Switch.voicemail.changed`); `greeting` gives a box's custom greeting file (null: the system prompt); `counts`
 * answers a new MWI subscription; `messages`/`markRead`/`remove` serve the phone's listen menu (*97).
 */
export interface VoicemailPort {
  deposit(message: VoicemailDeposit): Promise<void>;
  greeting(tenantId: string, box: string): Promise<string | null>;
  counts(tenantId: string, box: string): Promise<VoicemailCounts>;
  /** The box's messages not deleted: unread first, newest first within each. */
  messages(tenantId: string, box: string): Promise<VoicemailMessageInfo[]>;
  markRead(tenantId: string, box: string, id: string): Promise<void>;
  remove(tenantId: string, box: string, id: string): Promise<void>;
}

/** What a flow's voicemail verb needs besides the leg: the port, and who is calling (for the message). */
export interface VoicemailFlowPort {
  readonly port: VoicemailPort | null;
  readonly callerName: string | null;
  /** RMS of a recorded WAV (16-bit scale), null when it cannot be read: a silent message is dropped. */
  level(file: string): Promise<number | null>;
  /** Deletes a recording that is not kept (too short, silent, or no port). */
  discard(file: string): Promise<void>;
}

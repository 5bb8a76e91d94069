import type { VoicemailFlowPort, VoicemailPort } from './voicemail-types.ts';
import { removeFile, wavLevel } from './wav-level.ts';

/** The voicemail verb's port over the switch's VoicemailPort, for one call. */
export function voicemailFlowPort(port: VoicemailPort | null, callerName: string | null): VoicemailFlowPort {
  return { port, callerName, level: wavLevel, discard: removeFile };
}

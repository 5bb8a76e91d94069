import type { Flow as FlowDefinition } from '@hujiao/shared';

/** Default feature code an extension dials to listen to its own box. */
export const DEFAULT_VOICEMAIL_CODE = '*97';

/** The flow of the listen feature code: the caller's own box, then hang up. */
export function voicemailListenFlow(extension: string): FlowDefinition {
  return {
    name: 'voicemail-listen',
    steps: [
      { verb: 'voicemail', box: extension, action: 'listen', greeting: 'default', maxSec: 120, beep: true },
      { verb: 'hangup' },
    ],
  };
}

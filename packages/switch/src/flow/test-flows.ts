import { type Flow, parseFlow } from '@hujiao/shared';

function parsed(json: unknown): Flow {
  const result = parseFlow(json);
  if (!result.ok) throw new Error(`built-in flow: ${result.error}`);
  return result.flow;
}

/** Echo test (e.g. *43): answer and send back what the phone sends until it hangs up. */
export const echoTestFlow: Flow = parsed({ name: 'echo-test', steps: [{ verb: 'answer' }, { verb: 'echo' }] });

/** Playback test (e.g. *44): answer, play the file (or 5 s of 440 Hz), hang up. */
export function playbackTestFlow(file?: string): Flow {
  const play = file
    ? { verb: 'play', file }
    : { verb: 'play', tone: { frequencies: [440], cadenceMs: [], levelDbm0: -10 }, durationSec: 5 };
  return parsed({ name: 'playback-test', steps: [{ verb: 'answer' }, play, { verb: 'hangup', cause: 'normal' }] });
}

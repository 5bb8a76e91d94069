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

/**
 * A one-node IVR for end-to-end tests: "please choose"; 1 and 2 each play their digit, set `routed` and hang
 * up; a wrong key replays (after "invalid input"); silence takes 1 after the last attempt.
 */
export function menuTestFlow(o: { timeoutSec?: number; retries?: number } = {}): Flow {
  const route = (digit: string) => ({
    steps: [
      { verb: 'set', name: 'routed', value: digit },
      { verb: 'say', digits: digit },
      { verb: 'hangup', cause: 'normal' },
    ],
  });
  return parsed({
    name: 'menu-test',
    steps: [
      {
        verb: 'menu',
        prompt: { prompt: 'please-choose' },
        options: { '1': route('1'), '2': route('2') },
        retries: o.retries ?? 2,
        timeoutSec: o.timeoutSec ?? 5,
        default: '1',
      },
    ],
  });
}

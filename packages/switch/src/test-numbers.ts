import type { TonePlan } from '@hujiao/media';
import type { Call } from './call.ts';
import { HangupCause, HangupSide } from './types.ts';

/** The tone played by the playback test when no file is configured: 440 Hz, continuous. */
export const TEST_TONE: TonePlan = { frequencies: [440], cadenceMs: [], levelDbm0: -10 };

/** Echo test (e.g. *43): answer and send back what the phone sends, on our own SSRC and sequence numbers. */
export async function runEchoTest(call: Call): Promise<void> {
  const leg = call.inbound;
  if (!leg) return;
  await call.answer();
  const media = leg.media;
  const session = leg.session;
  if (!media || !session) return;
  const options = { payloadType: media.payloadType };
  leg.sink = (packet) => {
    if (packet.payloadType === media.payloadType) session.sendPayload(packet.payload, options);
  };
}

/** Playback test (e.g. *44): answer, play the configured WAV (or 5 s of tone), then hang up. */
export async function runPlaybackTest(call: Call, file: string | undefined): Promise<void> {
  const leg = call.inbound;
  if (!leg) return;
  await call.answer();
  await leg.play(file ? { file } : { tone: TEST_TONE, durationMs: 5000 });
  call.hangup(HangupCause.Normal, HangupSide.System);
}

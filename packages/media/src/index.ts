export * from './audio/audio-tap.ts';
export * from './audio/goertzel.ts';
export * from './audio/level.ts';
export * from './audio/mono-wav-recorder.ts';
export * from './audio/resample.ts';
export * from './audio/silence-detector.ts';
export * from './audio/stereo-wav-recorder.ts';
export * from './audio/tone-generator.ts';
export * from './audio/wav-file-writer.ts';
export * from './audio/wav-format.ts';
export * from './audio/wav-player.ts';
export * from './audio/wav-repair.ts';
export * from './codec/g711.ts';
export * from './dtmf/dtmf-detector.ts';
export * from './dtmf/dtmf-sender.ts';
export * from './dtmf/telephone-event.ts';
export type { MediaLogger } from './logger.ts';
export { silentLogger } from './logger.ts';
export * from './mixer/audio-mixer.ts';
export type {
  HeardBy,
  MixerMember,
  MixerMemberOptions,
  MixerMemberStats,
  MixerMemberUpdate,
} from './mixer/mixer-member.ts';
export { MIXER_FRAME_SAMPLES, MIXER_SAMPLE_RATE } from './mixer/mixer-member.ts';
export type { ParseResult } from './result.ts';
export * from './rtcp/report-block.ts';
export * from './rtcp/rtcp-bye.ts';
export * from './rtcp/rtcp-compound.ts';
export * from './rtcp/rtcp-header.ts';
export * from './rtcp/rtcp-receiver-report.ts';
export * from './rtcp/rtcp-sdes.ts';
export * from './rtcp/rtcp-sender-report.ts';
export * from './rtp/rtp-packet.ts';
export * from './sdp/media-description.ts';
export * from './sdp/sdp-offer-answer.ts';
export * from './sdp/sdp-types.ts';
export * from './sdp/session-description.ts';
export * from './session/frame-playback.ts';
export * from './session/jitter-buffer.ts';
export * from './session/media-clock.ts';
export * from './session/port-allocator.ts';
export * from './session/receiver-stats.ts';
export { ntpTime } from './session/rtcp-reports.ts';
export * from './session/rtp-latch.ts';
export * from './session/rtp-session.ts';
export * from './session/socket-pool.ts';
export * from './testing/pcap-udp.ts';

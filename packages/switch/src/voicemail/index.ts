export { DEFAULT_VOICEMAIL_CODE, voicemailListenFlow } from './feature-code.ts';
export { eventPackage, MWI_CONTENT_TYPE, MWI_EVENT, messageSummaryBody, parseMessageSummary } from './mwi-body.ts';
export { type MwiDeps, type MwiSubscriber, MwiSubscriptions, type MwiTimers } from './mwi-subscriptions.ts';
export type { SwitchVoicemailHandle } from './switch-voicemail.ts';
export type {
  VoicemailCounts,
  VoicemailDeposit,
  VoicemailFlowPort,
  VoicemailMessageInfo,
  VoicemailPort,
} from './voicemail-types.ts';

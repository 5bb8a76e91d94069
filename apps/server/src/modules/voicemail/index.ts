export { type MessageFilter, VoicemailRepository } from './voicemail.repository.ts';
export { registerVoicemailRoutes } from './voicemail.routes.ts';
export { VOICEMAIL_MANAGE, type VoicemailNotifier, VoicemailService } from './voicemail.service.ts';
export { voicemailBoxes, voicemailMessages } from './voicemail.table.ts';

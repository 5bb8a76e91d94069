export { convertUpload, VOICE_SAMPLE_RATE } from './audio/convert.ts';
export { VOICE_FILE_REF, voiceFileRef } from './flow-voice-files.ts';
export { MohClassRepository } from './moh-class.repository.ts';
export { MohClassService, shippedMusicOnHold } from './moh-class.service.ts';
export { VoiceFileRepository } from './voice-file.repository.ts';
export { registerVoiceFileRoutes } from './voice-file.routes.ts';
export { VoiceFileService } from './voice-file.service.ts';
export { mohClasses, voiceFiles } from './voice-file.table.ts';
export { LocalVoiceStorage, type VoiceStorage } from './voice-storage.ts';

/** How a stored flow names a voice file in `play { file }` (and any other `file` of a prompt item). */
export const VOICE_FILE_REF = /^voice-file:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export const voiceFileRef = (id: string) => `voice-file:${id}`;

/** The voice-file ids a flow (any JSON) refers to by `file: "voice-file:<id>"`. */
export function voiceFileRefs(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) voiceFileRefs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const m = k === 'file' && typeof v === 'string' ? VOICE_FILE_REF.exec(v) : null;
      if (m?.[1]) out.add(m[1].toLowerCase());
      else voiceFileRefs(v, out);
    }
  }
  return out;
}

/** A copy of the flow with every `file: "voice-file:<id>"` replaced by `paths.get(id)` (left as is when absent). */
export function withVoiceFilePaths<T>(value: T, paths: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((v) => withVoiceFilePaths(v, paths)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const m = k === 'file' && typeof v === 'string' ? VOICE_FILE_REF.exec(v) : null;
    out[k] = m?.[1] ? (paths.get(m[1].toLowerCase()) ?? v) : withVoiceFilePaths(v, paths);
  }
  return out as T;
}

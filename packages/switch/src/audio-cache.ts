import { WavPlayer } from '@hujiao/media';

/**
 * Decoded prompt files by path: music on hold and IVR prompts are played to hundreds of calls at once, so each
 * file is read and decoded once (and again only after it changed on disk is not checked: prompts are replaced
 * under a new name). Bounded by entry count; the oldest go first.
 */
const MAX_ENTRIES = 500;
const cache = new Map<string, Promise<{ ok: true; samples: Int16Array } | { ok: false; error: string }>>();

export async function promptPlayer(
  path: string,
  loop: boolean,
): Promise<{ ok: true; player: WavPlayer } | { ok: false; error: string }> {
  let entry = cache.get(path);
  if (!entry) {
    entry = WavPlayer.fromFile(path).then((r) => (r.ok ? { ok: true, samples: r.value.samples } : r));
    cache.set(path, entry);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  const r = await entry;
  if (!r.ok) {
    cache.delete(path);
    return r;
  }
  return { ok: true, player: new WavPlayer(r.samples, { loop }) };
}

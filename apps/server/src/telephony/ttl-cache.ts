/**
 * Remembers look-ups for a moment: at hundreds of calls per second each INVITE would otherwise cost queries.
 * A failed look-up is not kept; `clear()` forgets everything at once (after a change).
 */
export function cached<T>(
  ttlMs: number,
  load: (key: string) => Promise<T>,
): ((key: string) => Promise<T>) & { clear(): void } {
  const entries = new Map<string, { value: Promise<T>; until: number }>();
  const get = (key: string): Promise<T> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (entries.size > 10_000) entries.clear();
    const value = load(key);
    entries.set(key, { value, until: now + ttlMs });
    value.catch(() => entries.delete(key));
    return value;
  };
  return Object.assign(get, { clear: () => entries.clear() });
}

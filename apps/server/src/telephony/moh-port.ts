/** How long an enterprise's music on hold is kept before it is asked again (a changed class reaches calls after it). */
const MOH_TTL_MS = 10_000;

/**
 * The switch's `musicOnHoldFor`: answers at once from what it keeps per enterprise (the files of its default
 * music-on-hold class, in play order) and refreshes in the background; undefined until the first answer came (the
 * switch then plays its own music).
 */
export function musicOnHoldPort(
  musicOnHoldFor: (tenantId: string) => Promise<string[]>,
  onError: (err: unknown, tenantId: string) => void = () => {},
  now: () => number = Date.now,
): (tenantId: string) => string[] | undefined {
  const kept = new Map<string, { files: string[] | undefined; at: number; loading: boolean }>();
  const refresh = (tenantId: string) => {
    const entry = kept.get(tenantId) ?? { files: undefined, at: 0, loading: false };
    if (entry.loading) return;
    entry.loading = true;
    kept.set(tenantId, entry);
    musicOnHoldFor(tenantId).then(
      (files) => {
        entry.files = files.length > 0 ? files : undefined;
        entry.at = now();
        entry.loading = false;
      },
      (err: unknown) => {
        entry.at = now();
        entry.loading = false;
        onError(err, tenantId);
      },
    );
  };
  return (tenantId) => {
    const entry = kept.get(tenantId);
    if (!entry || now() - entry.at >= MOH_TTL_MS) refresh(tenantId);
    return entry?.files;
  };
}

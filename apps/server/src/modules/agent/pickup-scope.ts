/** What the pick-up scope reads: teams, queues' members, extensions and who they are bound to. */
export interface PickupScopeDeps {
  teamOf(tenantId: string, userId: string): Promise<string | null>;
  teamMembers(tenantId: string, teamId: string): Promise<string[]>;
  /** The enterprise's queues with their members (agent ids). */
  queueMembers(tenantId: string): Promise<string[][]>;
  extensions(tenantId: string): Promise<Array<{ number: string; userId: string | null; enabled: boolean }>>;
}

/**
 * 代接's scope without a named extension: the extensions bound to the agent's colleagues — the members of their
 * team (班组) and of every queue (技能组) they are in. An agent in no team and no queue picks up any extension of
 * the enterprise (null), like the phones' *8. Always within the one enterprise. See docs/adr/0021.
 */
export async function pickupScope(d: PickupScopeDeps, tenantId: string, userId: string): Promise<string[] | null> {
  const colleagues = new Set<string>();
  const teamId = await d.teamOf(tenantId, userId);
  let grouped = teamId !== null;
  if (teamId) for (const id of await d.teamMembers(tenantId, teamId)) colleagues.add(id);
  for (const members of await d.queueMembers(tenantId)) {
    if (!members.includes(userId)) continue;
    grouped = true;
    for (const id of members) colleagues.add(id);
  }
  if (!grouped) return null;
  colleagues.delete(userId);
  const rows = await d.extensions(tenantId);
  return rows.filter((r) => r.enabled && r.userId !== null && colleagues.has(r.userId)).map((r) => r.number);
}

/** The time groups a route set refers to, compiled once, looked up by id. */
import { type CompiledTimeGroup, compileTimeGroup, type TimeGroupInput } from './time-group.ts';

export type TimeGroupSet = ReadonlyMap<string, TimeGroupInput> | readonly (TimeGroupInput & { id: string })[];

export class CompiledTimeGroups {
  private readonly groups = new Map<string, CompiledTimeGroup>();

  constructor(set: TimeGroupSet | undefined) {
    if (!set) return;
    const entries: [string, TimeGroupInput][] =
      set instanceof Map
        ? [...set.entries()]
        : (set as readonly (TimeGroupInput & { id: string })[]).map((g) => [g.id, g]);
    for (const [id, g] of entries) this.groups.set(id, compileTimeGroup(g));
  }

  /** No time group, or one that is not in the set (deleted), counts as open. */
  isOpen(id: string | null | undefined, at: number): boolean {
    if (!id) return true;
    const g = this.groups.get(id);
    return g ? g.isOpen(at) : true;
  }

  get(id: string): CompiledTimeGroup | undefined {
    return this.groups.get(id);
  }
}

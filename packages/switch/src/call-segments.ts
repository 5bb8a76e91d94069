import type { CallSegment } from '@hujiao/shared';

type Kind = CallSegment['kind'];

/**
 * The call's path as it happens, for its record: each bridge or conference (with the legs in it), each hold,
 * each flow, each transfer, with start and end times. Open stretches are keyed by what they belong to (a
 * connection, a held leg, the flow's leg) so they close when it does.
 */
export class SegmentLog {
  private readonly list: CallSegment[] = [];
  private readonly open = new Map<object, CallSegment>();

  private begin(key: object, kind: Kind, legIds: string[], detail?: string): void {
    this.end(key);
    const segment: CallSegment = {
      kind,
      legIds,
      startedAt: new Date().toISOString(),
      endedAt: null,
      ...(detail ? { detail } : {}),
    };
    this.list.push(segment);
    this.open.set(key, segment);
  }

  private end(key: object, at = new Date().toISOString()): void {
    const s = this.open.get(key);
    if (!s) return;
    s.endedAt = at;
    this.open.delete(key);
  }

  /** A connection's membership or kind changed: a new stretch unless nothing did. */
  openConnection(key: object, kind: 'bridge' | 'conference', legIds: string[]): void {
    const cur = this.open.get(key);
    if (cur && cur.kind === kind && cur.legIds.join() === legIds.join()) return;
    this.begin(key, kind, legIds);
  }

  closeConnection(key: object): void {
    this.end(key);
  }

  openHold(key: object, legId: string): void {
    this.begin(key, 'hold', [legId]);
  }

  closeHold(key: object): void {
    this.end(key);
  }

  /** Flows are keyed apart from holds of the same leg. */
  private readonly flowKeys = new Map<object, object>();

  openFlow(key: object, legId: string, name: string): void {
    const k = {};
    this.flowKeys.set(key, k);
    this.begin(k, 'flow', [legId], name);
  }

  closeFlow(key: object): void {
    const k = this.flowKeys.get(key);
    if (!k) return;
    this.flowKeys.delete(key);
    this.end(k);
  }

  /** A transfer is a moment: it starts and ends at once, naming the target. */
  transfer(legIds: string[], target: string): void {
    const at = new Date().toISOString();
    this.list.push({ kind: 'transfer', legIds, startedAt: at, endedAt: at, detail: target });
  }

  closeAll(at: string): void {
    for (const key of [...this.open.keys()]) this.end(key, at);
  }

  segments(): CallSegment[] {
    return this.list.map((s) => ({ ...s }));
  }
}

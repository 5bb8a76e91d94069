/** A VoicemailPort in memory, for the switch's voicemail tests. */
import type { VoicemailCounts, VoicemailDeposit, VoicemailMessageInfo, VoicemailPort } from './voicemail-types.ts';

export class MemoryVoicemail implements VoicemailPort {
  readonly deposits: VoicemailDeposit[] = [];
  readonly messagesByBox = new Map<string, VoicemailMessageInfo[]>();
  readonly greetings = new Map<string, string>();
  readonly changes: Array<{ box: string; counts: VoicemailCounts }> = [];
  onChange: ((tenantId: string, box: string, counts: VoicemailCounts) => void) | null = null;
  private seq = 0;

  private key(tenantId: string, box: string) {
    return `${tenantId}|${box}`;
  }

  private list(tenantId: string, box: string): VoicemailMessageInfo[] {
    const k = this.key(tenantId, box);
    let l = this.messagesByBox.get(k);
    if (!l) {
      l = [];
      this.messagesByBox.set(k, l);
    }
    return l;
  }

  private changed(tenantId: string, box: string): void {
    const l = this.list(tenantId, box);
    const counts = { new: l.filter((m) => !m.read).length, old: l.filter((m) => m.read).length };
    this.changes.push({ box, counts });
    this.onChange?.(tenantId, box, counts);
  }

  add(tenantId: string, box: string, m: Omit<VoicemailMessageInfo, 'id'>): string {
    const id = `m${++this.seq}`;
    this.list(tenantId, box).push({ id, ...m });
    return id;
  }

  async deposit(message: VoicemailDeposit): Promise<void> {
    this.deposits.push(message);
    this.add(message.tenantId, message.box, {
      caller: message.caller,
      file: message.file,
      durationMs: message.durationMs,
      at: message.at,
      read: false,
    });
    this.changed(message.tenantId, message.box);
  }

  async greeting(tenantId: string, box: string): Promise<string | null> {
    return this.greetings.get(this.key(tenantId, box)) ?? null;
  }

  async counts(tenantId: string, box: string): Promise<VoicemailCounts> {
    const l = this.list(tenantId, box);
    return { new: l.filter((m) => !m.read).length, old: l.filter((m) => m.read).length };
  }

  async messages(tenantId: string, box: string): Promise<VoicemailMessageInfo[]> {
    const l = [...this.list(tenantId, box)];
    return l.sort((a, b) => Number(a.read) - Number(b.read) || b.at.getTime() - a.at.getTime());
  }

  async markRead(tenantId: string, box: string, id: string): Promise<void> {
    const m = this.list(tenantId, box).find((x) => x.id === id);
    if (m) m.read = true;
    this.changed(tenantId, box);
  }

  async remove(tenantId: string, box: string, id: string): Promise<void> {
    const l = this.list(tenantId, box);
    const i = l.findIndex((x) => x.id === id);
    if (i >= 0) l.splice(i, 1);
    this.changed(tenantId, box);
  }
}

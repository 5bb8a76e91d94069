import { createReadStream, existsSync, statSync } from 'node:fs';
import type {
  VoicemailGroupBox,
  VoicemailGroupBoxBody,
  VoicemailMessage,
  VoicemailMessageQuery,
  VoicemailUnread,
} from '@hujiao/shared';
import type { VoicemailCounts, VoicemailDeposit, VoicemailMessageInfo, VoicemailPort } from '@hujiao/switch';
import type { Logger } from 'pino';
import type { Actor } from '../../http/actor.ts';
import { DomainError, forbidden, notFound, uniqueViolation } from '../../http/domain-error.ts';
import type { VoicemailBoxRow, VoicemailMessageRow, VoicemailRepository } from './voicemail.repository.ts';
import {
  greetingRelPath,
  messageRelPath,
  moveFile,
  playableWav,
  removeQuietly,
  resolveIn,
  writeNew,
} from './voicemail-files.ts';

export const VOICEMAIL_MANAGE = 'voicemail:manage';
/** Tells the switch a box's counts changed (MWI); set once the switch runs. */
export type VoicemailNotifier = (tenantId: string, box: string, counts: VoicemailCounts) => void;

export interface VoicemailServiceDeps {
  repo: VoicemailRepository;
  dataDir: string;
  logger?: Pick<Logger, 'warn' | 'error' | 'info'>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function messageView(r: VoicemailMessageRow): VoicemailMessage {
  return {
    id: r.id,
    box: r.box,
    caller: r.caller,
    callerName: r.callerName,
    callId: r.callId,
    durationMs: r.durationMs,
    createdAt: r.createdAt.toISOString(),
    readAt: iso(r.readAt),
  };
}

function groupView(r: VoicemailBoxRow): VoicemailGroupBox {
  return {
    id: r.id,
    name: r.box,
    description: r.description,
    members: r.members,
    hasGreeting: r.greetingPath !== null,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * 语音信箱: messages the switch deposits (moved under the data directory, a row each), their list, playback and
 * read state for the boxes' owners (an extension's user, a group box's members' users) or voicemail:manage,
 * group boxes and greetings, and the counts MWI reports. Every query is by tenant.
 */
export class VoicemailService {
  private notifier: VoicemailNotifier | null = null;
  private readonly countListeners = new Set<(tenantId: string, box: string) => void>();

  constructor(private readonly d: VoicemailServiceDeps) {}

  /** The switch's voicemail handle (telephony sets it when the switch starts, clears it when it stops). */
  setNotifier(notifier: VoicemailNotifier | null): void {
    this.notifier = notifier;
  }

  /** Told of every box whose counts changed (the console's live count), switch or not; returns the unsubscribe. */
  onCountsChanged(listener: (tenantId: string, box: string) => void): () => void {
    this.countListeners.add(listener);
    return () => {
      this.countListeners.delete(listener);
    };
  }

  /** Boxes the actor reads: null for voicemail:manage (all), else own extensions and the group boxes they are in. */
  async boxesOf(actor: Actor): Promise<string[] | null> {
    if (actor.permissions.has(VOICEMAIL_MANAGE)) return null;
    const [owned, boxes] = await Promise.all([
      this.d.repo.extensionsByUser(actor.tenantId, actor.userId),
      this.d.repo.boxes(actor.tenantId),
    ]);
    return boxesOfUser(owned.get(actor.userId) ?? [], boxes);
  }

  async list(actor: Actor, q: VoicemailMessageQuery) {
    const boxes = await this.boxesOf(actor);
    const { items, total } = await this.d.repo.listMessages(actor.tenantId, { ...q, boxes });
    return { items: items.map(messageView), total };
  }

  /** A message the actor may read; another's (or another tenant's) answers 404. */
  private async visible(actor: Actor, id: string): Promise<VoicemailMessageRow> {
    const row = await this.d.repo.findMessage(actor.tenantId, id);
    const boxes = await this.boxesOf(actor);
    if (!row || (boxes && !boxes.includes(row.box))) throw notFound();
    return row;
  }

  async audio(actor: Actor, id: string) {
    const row = await this.visible(actor, id);
    const file = resolveIn(this.d.dataDir, row.filePath);
    if (!existsSync(file)) throw new DomainError('VOICEMAIL_FILE_MISSING');
    return {
      size: statSync(file).size,
      fileName: `${row.createdAt.toISOString().slice(0, 19).replace(/[:T]/g, '-')}_${row.caller}_${row.box}.wav`,
      stream: () => createReadStream(file),
    };
  }

  async mark(actor: Actor, id: string, read: boolean): Promise<VoicemailMessage> {
    const row = await this.visible(actor, id);
    await this.d.repo.setRead(actor.tenantId, id, read ? (row.readAt ?? new Date()) : null);
    await this.changed(actor.tenantId, row.box);
    const updated = await this.d.repo.findMessage(actor.tenantId, id);
    if (!updated) throw notFound();
    return messageView(updated);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.visible(actor, id);
    await this.deleteRow(row);
  }

  async unread(actor: Actor): Promise<VoicemailUnread> {
    return (await this.unreadReader(actor.tenantId, actor.userId))(actor);
  }

  /**
   * Reads once what the new-message counts of a tenant's users come from (their extensions, the group boxes, every
   * box's counts) and answers each user's from it: a push to every socket of the enterprise costs three queries,
   * not three per socket. `userId`: only that user's extensions are read.
   */
  async unreadReader(tenantId: string, userId?: string): Promise<(actor: Actor) => VoicemailUnread> {
    const [owned, boxes, counts] = await Promise.all([
      this.d.repo.extensionsByUser(tenantId, userId),
      this.d.repo.boxes(tenantId),
      this.d.repo.counts(tenantId, null),
    ]);
    const byBox = new Map(counts.map((c) => [c.box, c]));
    const total = counts.reduce((n, c) => n + c.new, 0);
    return (actor) => {
      const mine = boxesOfUser(owned.get(actor.userId) ?? [], boxes).map(
        (box) => byBox.get(box) ?? { box, new: 0, old: 0 },
      );
      return {
        mine: mine.reduce((n, c) => n + c.new, 0),
        all: actor.permissions.has(VOICEMAIL_MANAGE) ? total : null,
        boxes: mine,
      };
    };
  }

  /** The boxes whose greeting the actor may set: own (and group) boxes, or every extension and group box. */
  async boxList(actor: Actor): Promise<Array<{ box: string; kind: 'extension' | 'group'; hasGreeting: boolean }>> {
    const rows = await this.d.repo.boxes(actor.tenantId);
    const scoped = await this.boxesOf(actor);
    const groups = rows.filter((r) => r.kind === 'group').map((r) => r.box);
    const extensions = scoped
      ? scoped.filter((b) => !groups.includes(b))
      : await this.d.repo.extensionNumbers(actor.tenantId);
    const greeting = new Set(rows.filter((r) => r.greetingPath).map((r) => r.box));
    const visibleGroups = scoped ? groups.filter((g) => scoped.includes(g)) : groups;
    return [
      ...extensions.map((box) => ({ box, kind: 'extension' as const, hasGreeting: greeting.has(box) })),
      ...visibleGroups.map((box) => ({ box, kind: 'group' as const, hasGreeting: greeting.has(box) })),
    ];
  }

  // Group boxes (voicemail:manage).

  async groups(tenantId: string): Promise<VoicemailGroupBox[]> {
    return (await this.d.repo.boxes(tenantId)).filter((b) => b.kind === 'group').map(groupView);
  }

  async createGroup(tenantId: string, body: VoicemailGroupBoxBody): Promise<VoicemailGroupBox> {
    if (/^\d+$/.test(body.name) || (await this.d.repo.extensionExists(tenantId, body.name))) {
      throw new DomainError('VOICEMAIL_BOX_EXISTS');
    }
    try {
      const row = await this.d.repo.insertBox({
        tenantId,
        kind: 'group',
        box: body.name,
        description: body.description ?? null,
        members: body.members,
      });
      return groupView(row);
    } catch (err) {
      if (uniqueViolation(err)) throw new DomainError('VOICEMAIL_BOX_EXISTS');
      throw err;
    }
  }

  async updateGroup(tenantId: string, id: string, body: VoicemailGroupBoxBody): Promise<VoicemailGroupBox> {
    const row = await this.d.repo.findBoxById(tenantId, id);
    if (row?.kind !== 'group') throw notFound();
    if (body.name !== row.box) throw new DomainError('VOICEMAIL_BOX_RENAME');
    await this.d.repo.updateBox(tenantId, id, { description: body.description ?? null, members: body.members });
    const updated = await this.d.repo.findBoxById(tenantId, id);
    if (!updated) throw notFound();
    return groupView(updated);
  }

  async deleteGroup(tenantId: string, id: string): Promise<void> {
    const row = await this.d.repo.findBoxById(tenantId, id);
    if (row?.kind !== 'group') throw notFound();
    if (row.greetingPath) await removeQuietly(resolveIn(this.d.dataDir, row.greetingPath));
    await this.d.repo.deleteBox(tenantId, id);
  }

  /** Sets a box's greeting (a WAV, 8/16 kHz mono): its owner or voicemail:manage. */
  async setGreeting(actor: Actor, box: string, wav: Buffer): Promise<void> {
    await this.checkOwner(actor, box);
    if (!playableWav(wav)) throw new DomainError('VOICEMAIL_GREETING_INVALID');
    const rel = greetingRelPath(actor.tenantId, box, Date.now());
    await writeNew(resolveIn(this.d.dataDir, rel), wav);
    const row = await this.d.repo.findBox(actor.tenantId, box);
    if (row) {
      await this.d.repo.updateBox(actor.tenantId, row.id, { greetingPath: rel });
      if (row.greetingPath) await removeQuietly(resolveIn(this.d.dataDir, row.greetingPath));
    } else {
      await this.d.repo.insertBox({ tenantId: actor.tenantId, kind: 'extension', box, greetingPath: rel });
    }
  }

  async clearGreeting(actor: Actor, box: string): Promise<void> {
    await this.checkOwner(actor, box);
    const row = await this.d.repo.findBox(actor.tenantId, box);
    if (!row?.greetingPath) return;
    await removeQuietly(resolveIn(this.d.dataDir, row.greetingPath));
    if (row.kind === 'extension') await this.d.repo.deleteBox(actor.tenantId, row.id);
    else await this.d.repo.updateBox(actor.tenantId, row.id, { greetingPath: null });
  }

  private async checkOwner(actor: Actor, box: string): Promise<void> {
    const boxes = await this.boxesOf(actor);
    if (boxes && !boxes.includes(box)) throw forbidden();
    const known =
      (await this.d.repo.extensionExists(actor.tenantId, box)) ||
      (await this.d.repo.findBox(actor.tenantId, box))?.kind === 'group';
    if (!known) throw notFound();
  }

  // The switch's port.

  private async deleteRow(row: VoicemailMessageRow): Promise<void> {
    await this.d.repo.markDeleted(row.tenantId, row.id);
    await removeQuietly(resolveIn(this.d.dataDir, row.filePath));
    await this.changed(row.tenantId, row.box);
  }

  private async countsOf(tenantId: string, box: string): Promise<VoicemailCounts> {
    const [c] = await this.d.repo.counts(tenantId, [box]);
    return { new: c?.new ?? 0, old: c?.old ?? 0 };
  }

  private async changed(tenantId: string, box: string): Promise<void> {
    for (const listener of this.countListeners) listener(tenantId, box);
    if (!this.notifier) return;
    try {
      this.notifier(tenantId, box, await this.countsOf(tenantId, box));
    } catch (err) {
      this.d.logger?.warn({ err: String(err), box }, 'voicemail: MWI not told');
    }
  }

  /** Stores a message the switch recorded: the file moves under the data directory, then the row. */
  async deposit(m: VoicemailDeposit): Promise<VoicemailMessage> {
    const id = crypto.randomUUID();
    const rel = messageRelPath(m.tenantId, id, m.at);
    await moveFile(m.file, resolveIn(this.d.dataDir, rel));
    const row = await this.d.repo.insertMessage({
      tenantId: m.tenantId,
      box: m.box,
      caller: m.caller,
      callerName: m.callerName,
      callId: m.callId,
      filePath: rel,
      durationMs: m.durationMs,
      createdAt: m.at,
    });
    this.d.logger?.info({ tenantId: m.tenantId, box: m.box, id: row.id }, 'voicemail stored');
    await this.changed(m.tenantId, m.box);
    return messageView(row);
  }

  /** The port the switch calls (deposit, greeting, counts, the phone's listen menu). */
  port(): VoicemailPort {
    return {
      deposit: async (m) => {
        await this.deposit(m);
      },
      greeting: async (tenantId, box) => {
        const row = await this.d.repo.findBox(tenantId, box);
        if (!row?.greetingPath) return null;
        const file = resolveIn(this.d.dataDir, row.greetingPath);
        return existsSync(file) ? file : null;
      },
      counts: (tenantId, box) => this.countsOf(tenantId, box),
      messages: async (tenantId, box): Promise<VoicemailMessageInfo[]> =>
        (await this.d.repo.boxMessages(tenantId, box)).map((r) => ({
          id: r.id,
          caller: r.caller,
          file: resolveIn(this.d.dataDir, r.filePath),
          durationMs: r.durationMs,
          at: r.createdAt,
          read: r.readAt !== null,
        })),
      markRead: async (tenantId, box, id) => {
        const row = await this.d.repo.findMessage(tenantId, id);
        if (!row || row.box !== box || row.readAt) return;
        await this.d.repo.setRead(tenantId, id, new Date());
        await this.changed(tenantId, box);
      },
      remove: async (tenantId, box, id) => {
        const row = await this.d.repo.findMessage(tenantId, id);
        if (row && row.box === box) await this.deleteRow(row);
      },
    };
  }
}

/** A user's boxes: their extensions' and the group boxes one of those extensions is a member of. */
function boxesOfUser(own: string[], boxes: ReadonlyArray<{ kind: string; box: string; members: string[] }>): string[] {
  const groups = boxes.filter((b) => b.kind === 'group' && b.members.some((m) => own.includes(m)));
  return [...own, ...groups.map((g) => g.box)];
}

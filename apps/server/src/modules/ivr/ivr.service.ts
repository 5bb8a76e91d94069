import {
  type CommandResult,
  type createIvrBody,
  type Destination,
  type Flow,
  type IvrAction,
  type IvrDetail,
  type IvrMenuNode,
  type IvrPrompt,
  type IvrSummary,
  type IvrTestCallResult,
  type IvrVersion,
  type IvrVersionDetail,
  ivrNodes,
  type SwitchCommand,
  type updateIvrBody,
} from '@hujiao/shared';
import type { z } from 'zod';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound, uniqueViolation } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { IvrMenuWithTree, IvrRepository } from './ivr.repository.ts';
import { compileIvr, handoffName, type IvrCompileContext, IvrCompileError } from './ivr-compile.ts';

type CreateInput = z.infer<typeof createIvrBody>;
type UpdateInput = z.infer<typeof updateIvrBody>;

export interface IvrDeps {
  repo: IvrRepository;
  audit: AuditService;
  /** Path of an approved voice file of the tenant (the voice-file module); without it no voice file is usable. */
  voiceFilePath?: (tenantId: string, voiceFileId: string) => Promise<string | undefined>;
  /** Names of the inbound routes that lead to this menu (the routing module); default none: deleting is allowed. */
  routesUsing?: (tenantId: string, ivrId: string) => Promise<string[]>;
  /** Whether a queue is the tenant's (the queue module); default any queue id is accepted. */
  queueExists?: (tenantId: string, queueId: string) => Promise<boolean>;
  /** Steps for destinations other parts run (queue, voicemail, external, ivr); default a named hand-off. */
  handoff?: IvrCompileContext['handoff'];
  /**
   * The same for destinations that need a look-up (an outside number through the outbound routes), asked for each
   * such destination of the tree before it is compiled; undefined falls back to `handoff`.
   */
  resolveHandoff?: (tenantId: string, destination: Destination) => Promise<HandoffSteps | undefined>;
  /** The telephony service's command API (originate for the test call). */
  telephony?: { readonly running: boolean; execute(command: SwitchCommand): Promise<CommandResult> };
}

const issue = (path: Array<string | number>, message: string) => ({ path: ['tree', ...path].join('.'), message });

function toSummary(row: IvrMenuWithTree): IvrSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    version: row.version,
    nodes: ivrNodes(row.tree).length,
    updatedAt: row.updatedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Every prompt and destination of a tree with its path (for the reference checks). */
function references(root: IvrMenuNode) {
  const prompts: Array<{ prompt: IvrPrompt; path: Array<string | number> }> = [];
  const destinations: Array<{ destination: Destination; path: Array<string | number> }> = [];
  const action = (a: IvrAction | undefined, path: Array<string | number>) => {
    if (a?.type !== 'destination') return;
    destinations.push({ destination: a.destination, path: [...path, 'destination'] });
    if (a.destination.kind === 'prompt' && a.destination.voiceFileId) {
      prompts.push({
        prompt: { kind: 'voiceFile', voiceFileId: a.destination.voiceFileId },
        path: [...path, 'destination', 'voiceFileId'],
      });
    }
  };
  for (const { node, path } of ivrNodes(root)) {
    prompts.push({ prompt: node.prompt, path: [...path, 'prompt'] });
    if (node.invalidPrompt) prompts.push({ prompt: node.invalidPrompt, path: [...path, 'invalidPrompt'] });
    if (node.timeoutPrompt) prompts.push({ prompt: node.timeoutPrompt, path: [...path, 'timeoutPrompt'] });
    node.keys.forEach((row, i) => {
      action(row.action, [...path, 'keys', i, 'action']);
    });
    action(node.onTimeout, [...path, 'onTimeout']);
    action(node.onInvalid, [...path, 'onInvalid']);
  }
  return { prompts, destinations };
}

/** IVR管理: menus as versioned trees, checked against the tenant's extensions, voice files and menus. */
export class IvrService {
  constructor(private readonly d: IvrDeps) {}

  async list(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    const rows = await this.d.repo.list(tenantId, f.keyword);
    const start = (f.page - 1) * f.pageSize;
    return { items: rows.slice(start, start + f.pageSize).map(toSummary), total: rows.length };
  }

  async get(tenantId: string, id: string): Promise<IvrDetail> {
    const row = await this.d.repo.find(tenantId, id);
    if (!row) throw notFound();
    return { ...toSummary(row), tree: row.tree };
  }

  /** Whether `id` is an IVR menu of the tenant (for the routing module's destination check). */
  async exists(tenantId: string, id: string): Promise<boolean> {
    return (await this.d.repo.exists(tenantId, [id])).has(id);
  }

  /** Refuses references that are not the tenant's: extensions, approved voice files, other menus. */
  private async check(tenantId: string, tree: IvrMenuNode, selfId?: string): Promise<Map<string, string>> {
    const { prompts, destinations } = references(tree);
    const problems: Array<{ path: string; message: string }> = [];
    const files = new Map<string, string>();
    for (const p of prompts) {
      if (p.prompt.kind !== 'voiceFile') continue;
      const id = p.prompt.voiceFileId;
      const path = files.get(id) ?? (await this.d.voiceFilePath?.(tenantId, id));
      if (path) files.set(id, path);
      else problems.push(issue(p.path, 'ivrVoiceFileNotApproved'));
    }
    const numbers = new Set(await this.d.repo.extensionNumbers(tenantId));
    const menuIds = destinations.flatMap((x) => (x.destination.kind === 'ivr' ? [x.destination.ivrId] : []));
    const menus = await this.d.repo.exists(tenantId, menuIds);
    for (const { destination: dest, path } of destinations) {
      if (dest.kind === 'extension' && !numbers.has(dest.number)) {
        problems.push(issue([...path, 'number'], 'ivrExtensionNotFound'));
      } else if (dest.kind === 'ringGroup') {
        dest.numbers.forEach((n, i) => {
          if (!numbers.has(n)) problems.push(issue([...path, 'numbers', i], 'ivrExtensionNotFound'));
        });
      } else if (dest.kind === 'ivr' && !menus.has(dest.ivrId) && dest.ivrId !== selfId) {
        problems.push(issue([...path, 'ivrId'], 'ivrMenuNotFound'));
      } else if (dest.kind === 'queue' && this.d.queueExists && !(await this.d.queueExists(tenantId, dest.queueId))) {
        problems.push(issue([...path, 'queueId'], 'ivrQueueNotFound'));
      }
    }
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', {}, problems);
    return files;
  }

  private nameTaken(err: unknown): never {
    if (uniqueViolation(err)) throw new DomainError('CONFLICT', { field: 'name' });
    throw err;
  }

  async create(ctx: AuditContext, input: CreateInput): Promise<IvrDetail> {
    await this.check(ctx.tenantId, input.tree);
    const row = await this.d.repo
      .insert(ctx.tenantId, { ...input, createdBy: ctx.userId })
      .catch((e: unknown) => this.nameTaken(e));
    await this.d.audit.record(ctx, 'ivr', 'create', { id: row.id, detail: { name: row.name, version: 1 } });
    return { ...toSummary(row), tree: row.tree };
  }

  async update(ctx: AuditContext, id: string, input: UpdateInput): Promise<IvrDetail> {
    if (input.tree) await this.check(ctx.tenantId, input.tree, id);
    const row = await this.d.repo
      .update(ctx.tenantId, id, { ...input, createdBy: ctx.userId })
      .catch((e: unknown) => this.nameTaken(e));
    if (!row) throw notFound();
    await this.d.audit.record(ctx, 'ivr', 'update', {
      id,
      detail: { name: row.name, version: row.version, ...(input.note ? { note: input.note } : {}) },
    });
    return { ...toSummary(row), tree: row.tree };
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.find(ctx.tenantId, id);
    if (!current) throw notFound();
    // Inbound routes (their names) and other menus with a key leading here (IVR names).
    const menus = (await this.d.repo.list(ctx.tenantId)).filter(
      (m) => m.id !== id && treeDestinations(m.tree).some((d) => d.kind === 'ivr' && d.ivrId === id),
    );
    const usedBy = [...((await this.d.routesUsing?.(ctx.tenantId, id)) ?? []), ...menus.map((m) => `IVR ${m.name}`)];
    if (usedBy.length > 0) throw new DomainError('IVR_IN_USE', { usedBy: usedBy.join(', ') });
    if (!(await this.d.repo.delete(ctx.tenantId, id))) throw notFound();
    await this.d.audit.record(ctx, 'ivr', 'delete', { id, detail: { name: current.name } });
  }

  async versions(tenantId: string, id: string): Promise<IvrVersion[]> {
    if (!(await this.d.repo.find(tenantId, id))) throw notFound();
    return (await this.d.repo.versions(tenantId, id)).map((r) => ({
      version: r.version.version,
      note: r.version.note,
      createdBy: r.userName,
      createdAt: r.version.createdAt.toISOString(),
      nodes: ivrNodes(r.version.tree).length,
    }));
  }

  async version(tenantId: string, id: string, version: number): Promise<IvrVersionDetail> {
    const r = await this.d.repo.version(tenantId, id, version);
    if (!r) throw new DomainError('IVR_VERSION_NOT_FOUND', { version });
    return {
      version: r.version.version,
      note: r.version.note,
      createdBy: r.userName,
      createdAt: r.version.createdAt.toISOString(),
      nodes: ivrNodes(r.version.tree).length,
      tree: r.version.tree,
    };
  }

  /** Roll back: the old version's tree becomes a new version (history stays linear). */
  async rollback(ctx: AuditContext, id: string, version: number): Promise<IvrDetail> {
    const old = await this.version(ctx.tenantId, id, version);
    await this.check(ctx.tenantId, old.tree, id);
    const row = await this.d.repo.update(ctx.tenantId, id, {
      tree: old.tree,
      note: `rollback:${version}`,
      createdBy: ctx.userId,
    });
    if (!row) throw notFound();
    await this.d.audit.record(ctx, 'ivr', 'rollback', {
      id,
      detail: { name: row.name, from: version, version: row.version },
    });
    return { ...toSummary(row), tree: row.tree };
  }

  /** The flow that runs a menu (its current version unless `version`): for inbound routes and the test call. */
  async flow(tenantId: string, id: string, version?: number): Promise<Flow> {
    const menu = await this.d.repo.find(tenantId, id);
    if (!menu) throw notFound();
    const tree = version && version !== menu.version ? (await this.version(tenantId, id, version)).tree : menu.tree;
    const files = await this.check(tenantId, tree, id);
    // The other menus a key leads to (and theirs, and so on): compiled into this flow.
    const others = await this.menusReached(tenantId, tree, id);
    for (const other of others.values()) for (const [k, v] of await this.check(tenantId, other)) files.set(k, v);
    const resolved = new Map<string, HandoffSteps>();
    const all = [tree, ...others.values()].flatMap((t) => treeDestinations(t));
    for (const d of this.d.resolveHandoff ? all : []) {
      const steps = await this.d.resolveHandoff?.(tenantId, d);
      if (steps) resolved.set(handoffName(d), steps);
    }
    try {
      return compileIvr(tree, {
        name: `ivr:${menu.name}`.slice(0, 100),
        extensions: await this.d.repo.extensionNumbers(tenantId),
        voiceFilePath: (fileId) => files.get(fileId),
        menus: (ivrId) => others.get(ivrId),
        selfId: id,
        handoff: (d) => resolved.get(handoffName(d)) ?? this.d.handoff?.(d),
      });
    } catch (e) {
      if (e instanceof IvrCompileError) {
        throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'tree', message: e.message }]);
      }
      throw e;
    }
  }

  /** Every other menu reachable from `tree` through 'ivr' destinations (by id, at most 20). */
  private async menusReached(tenantId: string, tree: IvrMenuNode, selfId: string): Promise<Map<string, IvrMenuNode>> {
    const found = new Map<string, IvrMenuNode>();
    const queue = [tree];
    for (let t = queue.shift(); t && found.size < 20; t = queue.shift()) {
      for (const d of treeDestinations(t)) {
        if (d.kind !== 'ivr' || d.ivrId === selfId || found.has(d.ivrId)) continue;
        const row = await this.d.repo.find(tenantId, d.ivrId);
        if (!row) continue;
        found.set(d.ivrId, row.tree);
        queue.push(row.tree);
      }
    }
    return found;
  }

  /** 拨测: ring the extension (default the user's own) and run the menu on it when it answers. */
  async testCall(
    ctx: AuditContext,
    id: string,
    input: { extension?: string; version?: number },
  ): Promise<IvrTestCallResult> {
    const flow = await this.flow(ctx.tenantId, id, input.version);
    const extension =
      input.extension ?? (ctx.userId ? await this.d.repo.extensionOfUser(ctx.tenantId, ctx.userId) : undefined);
    if (!extension) throw new DomainError('IVR_NO_EXTENSION');
    const telephony = this.d.telephony;
    if (!telephony?.running) throw new DomainError('TELEPHONY_OFF');
    await this.d.audit.record(ctx, 'ivr', 'testCall', { id, detail: { extension, name: flow.name ?? '' } });
    const result = await telephony.execute({
      command: 'originate',
      tenantId: ctx.tenantId,
      to: { extension },
      callerId: 'IVR',
      ringTimeoutSec: 30,
      flow,
    });
    if (!result.ok) throw new DomainError('CALL_COMMAND_REFUSED', { reason: result.message });
    return { callId: result.callId ?? null, extension, outcome: result.outcome ?? null, status: result.status ?? null };
  }
}

type HandoffSteps = NonNullable<ReturnType<NonNullable<IvrCompileContext['handoff']>>>;

/** Every destination a menu tree leads to (keys, timeout and wrong-key paths, sub-menus). */
function treeDestinations(node: IvrMenuNode, out: Destination[] = []): Destination[] {
  const visit = (a: IvrAction | undefined) => {
    if (!a) return;
    if (a.type === 'destination') out.push(a.destination);
    else if (a.type === 'menu') treeDestinations(a.menu, out);
  };
  for (const k of node.keys) visit(k.action);
  visit(node.onTimeout);
  visit(node.onInvalid);
  return out;
}

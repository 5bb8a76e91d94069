import type {
  AcdQueueConfig,
  AgentNoAnnouncement,
  createQueueBody,
  Destination,
  Queue,
  QueueMember,
  updateQueueBody,
} from '@hujiao/shared';
import type { z } from 'zod';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound, uniqueViolation } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { MemberRow, QueueInsert, QueueRepository, QueueRow } from './queue.repository.ts';

type CreateInput = z.infer<typeof createQueueBody>;
type UpdateInput = z.infer<typeof updateQueueBody>;

export interface QueueDeps {
  repo: QueueRepository;
  audit: AuditService;
  /** Whether an IVR menu is the tenant's (the ivr module), for overflow to an IVR. */
  ivrExists?: (tenantId: string, ivrId: string) => Promise<boolean>;
  /** Path of an approved voice file of the tenant (the voice-file module), for prompts. */
  voiceFilePath?: (tenantId: string, voiceFileId: string) => Promise<string | undefined>;
  /** Told after every change (the ACD runtime reloads the tenant's queues). */
  onChange?: (tenantId: string) => void;
}

/** What the ACD runtime reads of one enabled queue: the engine's config and what the switch plays around it. */
export interface AcdQueueSetup {
  tenantId: string;
  name: string;
  config: AcdQueueConfig;
  mohClassId: string | null;
  agentNoAnnouncement: AgentNoAnnouncement;
  agentNoPattern: string;
  redListPriority: boolean;
}

const OVERFLOW_REASONS = ['timeout', 'full', 'empty'] as const;
const ENGINE_KEYS = [
  'strategy',
  'ringTimeoutSec',
  'maxWaitSec',
  'maxLength',
  'joinEmpty',
  'leaveWhenEmpty',
  'overflow',
  'autoBusyAfter',
  'wrapUpSec',
  'serviceLevelSec',
  'sticky',
  'announcements',
] as const;

function engineConfig(row: QueueRow, members: QueueMember[]): AcdQueueConfig {
  return {
    id: row.id,
    members,
    ...Object.fromEntries(ENGINE_KEYS.map((k) => [k, row[k]])),
  } as AcdQueueConfig;
}

function toQueue(row: QueueRow, members: MemberRow[]): Queue {
  return {
    ...engineConfig(row, []),
    name: row.name,
    description: row.description,
    members: members.map((m) => ({
      agentId: m.agentId,
      level: m.level,
      order: m.order,
      name: m.name,
      agentNo: m.agentNo,
    })),
    mohClassId: row.mohClassId,
    agentNoAnnouncement: row.agentNoAnnouncement,
    agentNoPattern: row.agentNoPattern,
    redListPriority: row.redListPriority,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const byQueue = <T extends { queueId: string }>(rows: T[], id: string) => rows.filter((r) => r.queueId === id);

/** 技能组管理: queues (接听组) with their members, checked against the tenant's users, classes and destinations. */
export class QueueService {
  constructor(private readonly d: QueueDeps) {}

  async list(tenantId: string, f: { page: number; pageSize: number; keyword?: string; enabled?: boolean }) {
    const rows = await this.d.repo.list(tenantId, f);
    const start = (f.page - 1) * f.pageSize;
    const pageRows = rows.slice(start, start + f.pageSize);
    const members = await this.d.repo.members(
      tenantId,
      pageRows.map((r) => r.id),
    );
    return { items: pageRows.map((r) => toQueue(r, byQueue(members, r.id))), total: rows.length };
  }

  async get(tenantId: string, id: string): Promise<Queue> {
    const row = await this.d.repo.find(tenantId, id);
    if (!row) throw notFound();
    return toQueue(row, await this.d.repo.members(tenantId, [id]));
  }

  /** Whether `id` is a queue of the tenant (the routing and IVR modules' destination check). */
  async exists(tenantId: string, id: string): Promise<boolean> {
    return (await this.d.repo.existing(tenantId, [id])).has(id);
  }

  /** The enabled queues of one enterprise (or of all) as the ACD engine reads them. */
  async acdQueues(tenantId?: string): Promise<AcdQueueSetup[]> {
    const rows = tenantId ? await this.d.repo.list(tenantId, { enabled: true }) : await this.d.repo.allEnabled();
    const out: AcdQueueSetup[] = [];
    for (const t of new Set(rows.map((r) => r.tenantId))) {
      const ofTenant = rows.filter((r) => r.tenantId === t);
      const members = await this.d.repo.members(
        t,
        ofTenant.map((r) => r.id),
      );
      for (const row of ofTenant) {
        const list = byQueue(members, row.id).map((m) => ({ agentId: m.agentId, level: m.level, order: m.order }));
        out.push({
          tenantId: t,
          name: row.name,
          config: engineConfig(row, list),
          mohClassId: row.mohClassId,
          agentNoAnnouncement: row.agentNoAnnouncement,
          agentNoPattern: row.agentNoPattern,
          redListPriority: row.redListPriority,
        });
      }
    }
    return out;
  }

  /** Refuses references that are not the tenant's: members, music-on-hold class, overflow targets, prompt. */
  private async check(tenantId: string, input: UpdateInput, selfId?: string): Promise<void> {
    const problems: Array<{ path: string; message: string }> = [];
    if (input.members) {
      const known = await this.d.repo.usersOf(
        tenantId,
        input.members.map((m) => m.agentId),
      );
      input.members.forEach((m, i) => {
        if (!known.has(m.agentId)) problems.push({ path: `members.${i}.agentId`, message: 'queueMemberNotFound' });
      });
    }
    if (input.mohClassId && !(await this.d.repo.mohClassExists(tenantId, input.mohClassId))) {
      problems.push({ path: 'mohClassId', message: 'queueMohClassNotFound' });
    }
    const prompt = input.announcements?.periodicPrompt;
    if (prompt && !(await this.d.voiceFilePath?.(tenantId, prompt))) {
      problems.push({ path: 'announcements.periodicPrompt', message: 'ivrVoiceFileNotApproved' });
    }
    let numbers: Set<string> | undefined;
    for (const reason of OVERFLOW_REASONS) {
      const dest = input.overflow?.[reason];
      if (!dest) continue;
      if (dest.kind === 'queue' && dest.queueId === selfId) {
        problems.push({ path: `overflow.${reason}`, message: 'queueOverflowToSelf' });
        continue;
      }
      numbers ??= await this.d.repo.extensionNumbers(tenantId);
      if (!(await this.destinationExists(tenantId, dest, numbers))) {
        problems.push({ path: `overflow.${reason}`, message: 'queueDestinationNotFound' });
      }
    }
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', {}, problems);
  }

  private async destinationExists(tenantId: string, dest: Destination, numbers: Set<string>): Promise<boolean> {
    switch (dest.kind) {
      case 'extension':
        return numbers.has(dest.number);
      case 'ringGroup':
        return dest.numbers.every((n) => numbers.has(n));
      case 'voicemail':
        return numbers.has(dest.box);
      case 'queue':
        return this.exists(tenantId, dest.queueId);
      case 'ivr':
        return (await this.d.ivrExists?.(tenantId, dest.ivrId)) ?? true;
      case 'prompt':
        return !dest.voiceFileId || !!(await this.d.voiceFilePath?.(tenantId, dest.voiceFileId));
      default:
        return true;
    }
  }

  private nameTaken(err: unknown): never {
    if (uniqueViolation(err)) throw new DomainError('CONFLICT', { field: 'name' });
    throw err;
  }

  async create(ctx: AuditContext, input: CreateInput): Promise<Queue> {
    await this.check(ctx.tenantId, input);
    const { members, ...values } = input;
    const row = await this.d.repo
      .save(ctx.tenantId, null, values as QueueInsert, members)
      .catch((e: unknown) => this.nameTaken(e));
    if (!row) throw new Error('queue insert returned nothing');
    await this.d.audit.record(ctx, 'queue', 'create', {
      id: row.id,
      detail: { name: row.name, strategy: row.strategy, memberIds: members.map((m) => m.agentId) },
    });
    this.d.onChange?.(ctx.tenantId);
    return this.get(ctx.tenantId, row.id);
  }

  async update(ctx: AuditContext, id: string, input: UpdateInput): Promise<Queue> {
    const before = await this.d.repo.find(ctx.tenantId, id);
    if (!before) throw notFound();
    await this.check(ctx.tenantId, input, id);
    const { members, ...values } = input;
    const row = await this.d.repo.save(ctx.tenantId, id, values, members).catch((e: unknown) => this.nameTaken(e));
    if (!row) throw notFound();
    await this.d.audit.record(ctx, 'queue', 'update', {
      id,
      detail: {
        name: row.name,
        ...values,
        ...(members ? { memberIds: members.map((m) => m.agentId) } : {}),
      },
    });
    this.d.onChange?.(ctx.tenantId);
    return this.get(ctx.tenantId, id);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.find(ctx.tenantId, id);
    if (!current) throw notFound();
    const used = await this.d.repo.usedBy(ctx.tenantId, id);
    const usedBy = [...used.routes, ...used.menus.map((n) => `IVR ${n}`), ...used.queues];
    if (usedBy.length > 0) throw new DomainError('QUEUE_IN_USE', { usedBy: usedBy.join(', ') });
    if (!(await this.d.repo.delete(ctx.tenantId, id))) throw notFound();
    await this.d.audit.record(ctx, 'queue', 'delete', { id, detail: { name: current.name } });
    this.d.onChange?.(ctx.tenantId);
  }
}

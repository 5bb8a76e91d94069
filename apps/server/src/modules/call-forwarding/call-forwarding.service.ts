import {
  type CallForwarding,
  type CallForwardingInput,
  callForwardingBody,
  FORWARD_TO_VOICEMAIL,
  NO_ANSWER_SEC,
} from '@hujiao/shared';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { ExtensionRepository } from '../extension/index.ts';
import type { CallForwardingRepository, CallForwardingRow } from './call-forwarding.repository.ts';

/** What routing reads of one extension's forwarding (see telephony/forwarding-flow.ts). */
export interface ForwardingRuleRow {
  unconditional: string | null;
  busy: string | null;
  noAnswer: string | null;
  noAnswerSec: number;
}

interface Deps {
  repo: CallForwardingRepository;
  extensions: Pick<ExtensionRepository, 'findById' | 'findByNumber' | 'list'>;
  audit: AuditService;
  /** Told after a change (the router reads forwarding per call; hook for caches). */
  onChange?: (tenantId: string) => void;
}

/** 转移设置 per extension: read and set by managers (extension:*) and by the extension's own user. */
export class CallForwardingService {
  constructor(private readonly d: Deps) {}

  async get(tenantId: string, extensionId: string): Promise<CallForwarding> {
    const ext = await this.d.extensions.findById(tenantId, extensionId);
    if (!ext) throw notFound();
    return toApi(extensionId, ext.extension.number, await this.d.repo.find(tenantId, extensionId));
  }

  async set(ctx: AuditContext, extensionId: string, input: CallForwardingInput): Promise<CallForwarding> {
    const ext = await this.d.extensions.findById(ctx.tenantId, extensionId);
    if (!ext) throw notFound();
    const body = callForwardingBody.parse(input);
    const number = ext.extension.number;
    for (const target of [body.unconditional, body.busy, body.noAnswer]) {
      if (target === null || target === FORWARD_TO_VOICEMAIL) continue;
      if (target === number) throw new DomainError('FORWARDING_TARGET_SELF');
      // Short numbers must be extensions of the enterprise; longer ones are phone numbers (the routes decide).
      if (target.length <= 6 && !(await this.d.extensions.findByNumber(ctx.tenantId, target)))
        throw new DomainError('FORWARDING_TARGET_INVALID');
    }
    const row = await this.d.repo.upsert(ctx.tenantId, extensionId, {
      unconditionalTarget: body.unconditional,
      busyTarget: body.busy,
      noAnswerTarget: body.noAnswer,
      noAnswerSec: body.noAnswerSec,
    });
    await this.d.audit.record(ctx, 'callForwarding', 'update', {
      id: extensionId,
      detail: {
        number,
        unconditional: body.unconditional,
        busy: body.busy,
        noAnswer: body.noAnswer,
        noAnswerSec: body.noAnswerSec,
      },
    });
    this.d.onChange?.(ctx.tenantId);
    return toApi(extensionId, number, row);
  }

  /** Self-service: the forwarding of each extension linked to the user. */
  async listOwn(tenantId: string, userId: string): Promise<CallForwarding[]> {
    const rows = (await this.d.extensions.list(tenantId)).filter((r) => r.extension.userId === userId);
    return Promise.all(rows.map((r) => this.get(tenantId, r.extension.id)));
  }

  /** Self-service: sets the forwarding of an extension linked to the user (another's: not found). */
  async setOwn(ctx: AuditContext & { userId: string }, extensionId: string, input: CallForwardingInput) {
    const ext = await this.d.extensions.findById(ctx.tenantId, extensionId);
    if (!ext || ext.extension.userId !== ctx.userId) throw notFound();
    return this.set(ctx, extensionId, input);
  }

  /** Routing's look-up by extension number (null: no forwarding set). */
  async ruleFor(tenantId: string, number: string): Promise<ForwardingRuleRow | null> {
    const row = await this.d.repo.findByNumber(tenantId, number);
    if (!row) return null;
    return {
      unconditional: row.unconditionalTarget,
      busy: row.busyTarget,
      noAnswer: row.noAnswerTarget,
      noAnswerSec: row.noAnswerSec,
    };
  }
}

function toApi(extensionId: string, number: string, row: CallForwardingRow | undefined): CallForwarding {
  return {
    extensionId,
    number,
    unconditional: row?.unconditionalTarget ?? null,
    busy: row?.busyTarget ?? null,
    noAnswer: row?.noAnswerTarget ?? null,
    noAnswerSec: row?.noAnswerSec ?? NO_ANSWER_SEC.default,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

import { randomInt } from 'node:crypto';
import type {
  CallerIdReviewItem,
  CallerIdView,
  createCallerIdNumberBody,
  reviewCallerIdBody,
  updateCallerIdNumberBody,
} from '@hujiao/shared';
import type { z } from 'zod';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import { safeEqual, sha256 } from '../../lib/crypto.ts';
import type { AuditService } from '../audit/index.ts';
import type { CallerIdFilter, CallerIdRepository, CallerIdRow } from './caller-id.repository.ts';

type Input = z.infer<typeof createCallerIdNumberBody>;
type Patch = z.infer<typeof updateCallerIdNumberBody>;
type Review = z.infer<typeof reviewCallerIdBody>;

/** How long a code read out by the verification call counts, and how many wrong tries it allows. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;

/**
 * The verification call: the system calls the number and reads the six-digit code from prompt files. The switch
 * provides it; until then the API answers CALLER_ID_VOICE_UNAVAILABLE.
 */
export interface VoiceCodeCaller {
  call(call: { tenantId: string; callerIdId: string; number: string; code: string }): Promise<void>;
}

function toView(row: CallerIdRow): CallerIdView {
  return {
    id: row.id,
    number: row.number,
    region: row.region,
    status: row.status as CallerIdView['status'],
    verifiedBy: row.verifiedBy as CallerIdView['verifiedBy'],
    reviewComment: row.reviewComment,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export class CallerIdService {
  constructor(
    private readonly repo: CallerIdRepository,
    private readonly audit: AuditService,
    /** Names of outbound routes that show a number (the routing module knows them). */
    private readonly routesUsing: (tenantId: string, number: string) => Promise<string[]> = async () => [],
    private readonly voice?: VoiceCodeCaller,
  ) {}

  /** A number shown by outbound routes is neither deleted nor renumbered (the routes would show it unverified). */
  private async checkUnused(tenantId: string, number: string) {
    const usedBy = await this.routesUsing(tenantId, number);
    if (usedBy.length > 0) throw new DomainError('CALLER_ID_IN_USE', { usedBy: usedBy.join(', ') });
  }

  async list(tenantId: string, f: CallerIdFilter) {
    const { items, total } = await this.repo.page(tenantId, f);
    return { items: items.map(toView), total };
  }

  async get(tenantId: string, id: string): Promise<CallerIdView> {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    return toView(row);
  }

  /** A new number waits for verification (unverified). */
  async create(ctx: AuditContext, input: Input): Promise<CallerIdView> {
    const row = await this.repo.insert({ ...input, region: input.region ?? null, tenantId: ctx.tenantId });
    await this.audit.record(ctx, 'callerId', 'create', { id: row.id, detail: { number: row.number } });
    return toView(row);
  }

  /** A changed number must be verified again. */
  async update(ctx: AuditContext, id: string, input: Patch): Promise<CallerIdView> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    const renumbered = input.number !== undefined && input.number !== current.number;
    if (renumbered) await this.checkUnused(ctx.tenantId, current.number);
    const row = await this.repo.update(ctx.tenantId, id, {
      ...input,
      ...(renumbered
        ? { status: 'unverified', verifiedBy: null, reviewComment: null, reviewedBy: null, reviewedAt: null }
        : {}),
    });
    if (!row) throw notFound();
    await this.audit.record(ctx, 'callerId', 'update', { id, detail: { number: row.number, ...input } });
    return toView(row);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    await this.checkUnused(ctx.tenantId, current.number);
    if (!(await this.repo.delete(ctx.tenantId, id))) throw notFound();
    await this.audit.record(ctx, 'callerId', 'delete', { id, detail: { number: current.number } });
  }

  /** The numbers among `numbers` that are not verified caller IDs of the tenant. */
  async unverified(tenantId: string, numbers: string[]): Promise<string[]> {
    const verified = await this.repo.verifiedNumbers(tenantId, numbers);
    return numbers.filter((n) => !verified.has(n));
  }

  // ---- voice verification (语音审核) ----
  /** Calls the number with a fresh six-digit code; the caller ID is 'verifying' until the code is typed in. */
  async startVoiceVerification(ctx: AuditContext, id: string): Promise<CallerIdView> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    if (current.status === 'verified') throw new DomainError('CALLER_ID_ALREADY_REVIEWED');
    if (!this.voice) throw new DomainError('CALLER_ID_VOICE_UNAVAILABLE');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const row = await this.repo.update(ctx.tenantId, id, {
      status: 'verifying',
      codeHash: sha256(`${id}:${code}`),
      codeExpiresAt: new Date(Date.now() + CODE_TTL_MS),
      codeAttempts: 0,
    });
    if (!row) throw notFound();
    try {
      await this.voice.call({ tenantId: ctx.tenantId, callerIdId: id, number: row.number, code });
    } catch (err) {
      // No call went out (telephony off, no route): the number is as it was, with no code to type.
      await this.repo.update(ctx.tenantId, id, {
        status: current.status,
        codeHash: current.codeHash,
        codeExpiresAt: current.codeExpiresAt,
        codeAttempts: current.codeAttempts,
      });
      throw err;
    }
    await this.audit.record(ctx, 'callerId', 'voiceCall', { id, detail: { number: row.number } });
    return toView(row);
  }

  /** The code the admin heard: right → verified (by voice); wrong → tries left; too many or too late → start again. */
  async verifyCode(ctx: AuditContext, id: string, code: string): Promise<CallerIdView> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    if (current.status !== 'verifying' || !current.codeHash || !current.codeExpiresAt) {
      throw new DomainError('CALLER_ID_NOT_VERIFYING');
    }
    if (current.codeExpiresAt.getTime() <= Date.now()) {
      await this.repo.update(ctx.tenantId, id, { status: 'unverified', codeHash: null, codeExpiresAt: null });
      throw new DomainError('CALLER_ID_CODE_EXPIRED');
    }
    if (!safeEqual(sha256(`${id}:${code}`), current.codeHash)) {
      const attempts = current.codeAttempts + 1;
      const spent = attempts >= CODE_MAX_ATTEMPTS;
      await this.repo.update(ctx.tenantId, id, {
        codeAttempts: attempts,
        ...(spent ? { status: 'unverified', codeHash: null, codeExpiresAt: null } : {}),
      });
      throw new DomainError('CALLER_ID_CODE_WRONG', { left: CODE_MAX_ATTEMPTS - attempts });
    }
    const row = await this.repo.update(ctx.tenantId, id, {
      status: 'verified',
      verifiedBy: 'voice',
      codeHash: null,
      codeExpiresAt: null,
      codeAttempts: 0,
      reviewedBy: ctx.userId,
      reviewedAt: new Date(),
    });
    if (!row) throw notFound();
    await this.audit.record(ctx, 'callerId', 'approve', { id, detail: { number: row.number, by: 'voice' } });
    return toView(row);
  }

  // ---- the platform operator's review (人工审核) ----
  async reviewList(f: CallerIdFilter & { tenantId?: string }): Promise<{ items: CallerIdReviewItem[]; total: number }> {
    const { items, total } = await this.repo.reviewPage(f);
    return {
      items: items.map((r) => ({ ...toView(r.callerId), tenantId: r.callerId.tenantId, tenantName: r.tenantName })),
      total,
    };
  }

  async review(ctx: AuditContext, id: string, input: Review): Promise<CallerIdView> {
    if (!(await this.repo.findAnyById(id))) throw notFound();
    const row = await this.repo.review(id, {
      status: input.status,
      verifiedBy: input.status === 'verified' ? 'admin' : null,
      reviewComment: input.comment ?? null,
      reviewedBy: ctx.userId,
      reviewedAt: new Date(),
    });
    if (!row) throw new DomainError('CALLER_ID_ALREADY_REVIEWED');
    await this.audit.record(ctx, 'callerId', input.status === 'verified' ? 'approve' : 'reject', {
      id,
      detail: { number: row.number, tenantId: row.tenantId, comment: input.comment ?? null },
    });
    return toView(row);
  }
}

import path from 'node:path';
import type {
  CallRecordData,
  CdrSink,
  Directory,
  OpenCallRecordData,
  RecordingPort,
  TrunkRegistrationStatus,
} from '@hujiao/switch';
import type { Logger } from 'pino';
import type { CallRecordInsert, CallRecordService, OpenCallRecordInsert } from '../modules/call-record/index.ts';
import type { BrowserPhoneCredentials } from '../modules/extension/browser-phone.ts';
import type { ExtensionService } from '../modules/extension/index.ts';
import type { TenantRepository } from '../modules/tenant/index.ts';
import type { TrunkStatusSource } from '../modules/trunk/index.ts';
import { cached } from './ttl-cache.ts';

/**
 * The switch's ports over the server's modules: tenants and extensions from the database, call records into
 * `call_records`, recordings under `<dataDir>/recordings/<tenantId>/<yyyy-mm-dd>/<callId>.wav`.
 */
/** Changes to tenants and extensions reach the switch within this time. */
const DIRECTORY_TTL_MS = 2000;

export function directoryPort(d: {
  tenantRepo: Pick<TenantRepository, 'findByAccount' | 'findById'>;
  extensions: Pick<ExtensionService, 'findForSwitch'>;
  /** Browser phones' credentials for one sign-in (POST /api/agent/phone). */
  browserPhones?: Pick<BrowserPhoneCredentials, 'secret'>;
}): Directory {
  const tenantByDomain = cached(DIRECTORY_TTL_MS, (domain) => d.tenantRepo.findByAccount(domain));
  const tenantById = cached(DIRECTORY_TTL_MS, (id) => d.tenantRepo.findById(id));
  const extension = cached(DIRECTORY_TTL_MS, (key) => {
    const [tenantId = '', number = ''] = key.split('|');
    return d.extensions.findForSwitch(tenantId, number);
  });
  return {
    async resolveTenant(domain) {
      const tenant = await tenantByDomain(domain.toLowerCase());
      if (!tenant?.enabled || tenant.isPlatform) return null;
      return { tenantId: tenant.id, realm: tenant.account };
    },
    async tenantById(tenantId) {
      const found = await tenantById(tenantId);
      const tenant = found?.tenant;
      if (!tenant?.enabled || tenant.isPlatform) return null;
      return { tenantId: tenant.id, realm: tenant.account };
    },
    async findExtension(tenantId, number) {
      const row = await extension(`${tenantId}|${number}`);
      if (!row) return null;
      return {
        id: row.id,
        number: row.number,
        displayName: row.displayName,
        enabled: row.enabled,
        ha1Md5: row.ha1Md5,
        ha1Sha256: row.ha1Sha256,
        qualifiedHa1Md5: row.qualifiedHa1Md5,
        qualifiedHa1Sha256: row.qualifiedHa1Sha256,
      };
    },
    ...(d.browserPhones
      ? {
          sessionCredential: (tenantId: string, number: string, username: string) =>
            (d.browserPhones as Pick<BrowserPhoneCredentials, 'secret'>).secret(tenantId, number, username),
        }
      : {}),
  };
}

export function recordingPort(recordingsDir: string): RecordingPort {
  return {
    pathFor(tenantId, callId) {
      const day = new Date().toISOString().slice(0, 10);
      // The switch makes the folder (once per tenant and day) before it records.
      return path.join(recordingsDir, tenantId, day, `${callId.replace(/[^A-Za-z0-9_.-]/g, '_')}.wav`);
    },
  };
}

/** How long opened and finished calls wait to be written together (one statement per batch, not per call). */
const CDR_BATCH_MS = 200;
const CDR_BATCH_MAX = 500;

export interface BatchingCdrSink extends Required<CdrSink> {
  /** The first answer of an open call (from the `call.answered` event): kept so a crash does not lose it. */
  answered(tenantId: string, callId: string, at: Date): void;
  /** Writes what is waiting; called on shutdown. */
  flush(): Promise<void>;
}

type CallRecordWriter = Pick<CallRecordService, 'openMany' | 'writeMany' | 'markAnswered'>;

/**
 * Call records, durable from a call's start: `open` rows, answers and final records wait at most CDR_BATCH_MS
 * (or CDR_BATCH_MAX calls) and then go out as at most three statements, in that order, one batch after the other.
 * A call that ends before its open row went out is written once, by the final upsert.
 */
export function cdrPort(
  records: CallRecordWriter,
  recordingsDir: string,
  logger: Pick<Logger, 'error'>,
): BatchingCdrSink {
  const key = (tenantId: string, callId: string) => `${tenantId}|${callId}`;
  let opened = new Map<string, OpenCallRecordInsert>();
  let answers = new Map<string, { tenantId: string; callId: string; answeredAt: Date }>();
  let ended: CallRecordInsert[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const store = async (what: string, ids: string[], write: () => Promise<void>) => {
    try {
      await write();
    } catch (err) {
      logger.error({ err, calls: ids }, `call records not stored (${what})`);
    }
  };
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const open = [...opened.values()];
    const answer = [...answers.values()];
    const final = ended;
    opened = new Map();
    answers = new Map();
    ended = [];
    if (open.length + answer.length + final.length === 0) return writing;
    writing = writing.then(async () => {
      if (open.length)
        await store(
          'open',
          open.map((r) => r.callId),
          () => records.openMany(open),
        );
      if (answer.length)
        await store(
          'answered',
          answer.map((r) => r.callId),
          () => records.markAnswered(answer),
        );
      if (final.length)
        await store(
          'ended',
          final.map((r) => r.callId),
          () => records.writeMany(final),
        );
    });
    return writing;
  };
  const schedule = () => {
    if (opened.size + answers.size + ended.length >= CDR_BATCH_MAX) void flush();
    else timer ??= setTimeout(() => void flush(), CDR_BATCH_MS);
  };

  return {
    flush,
    open(r: OpenCallRecordData) {
      opened.set(key(r.tenantId, r.callId), {
        tenantId: r.tenantId,
        callId: r.callId,
        caller: r.caller,
        callee: r.callee,
        direction: r.direction,
        startedAt: r.startedAt,
        recordingPath: relativeRecording(r.recordingPath, recordingsDir),
      });
      schedule();
    },
    answered(tenantId, callId, at) {
      const k = key(tenantId, callId);
      // Still waiting to be inserted: the open row carries the answer (one statement fewer).
      const open = opened.get(k);
      if (open) {
        open.answeredAt ??= at;
        return;
      }
      if (answers.has(k)) return;
      answers.set(k, { tenantId, callId, answeredAt: at });
      schedule();
    },
    async write(r: CallRecordData) {
      const k = key(r.tenantId, r.callId);
      opened.delete(k);
      answers.delete(k);
      ended.push(toInsert(r, recordingsDir));
      schedule();
    },
  };
}

const relativeRecording = (file: string | null, recordingsDir: string) =>
  file ? path.relative(recordingsDir, file) : null;

function toInsert(r: CallRecordData, recordingsDir: string): CallRecordInsert {
  return {
    tenantId: r.tenantId,
    callId: r.callId,
    caller: r.caller,
    callee: r.callee,
    direction: r.direction,
    startedAt: r.startedAt,
    answeredAt: r.answeredAt,
    endedAt: r.endedAt,
    durationSec: r.durationSec,
    billedSec: r.billedSec,
    hangupCause: r.hangupCause,
    hangupSide: r.hangupSide,
    recordingPath: relativeRecording(r.recordingPath, recordingsDir),
    legs: r.legs.map((l) => ({
      legId: l.legId,
      role: l.role,
      extension: l.extension,
      uri: l.uri,
      startedAt: l.createdAt.toISOString(),
      answeredAt: l.answeredAt?.toISOString() ?? null,
      endedAt: l.endedAt?.toISOString() ?? null,
      status: l.finalStatus === null ? 'none' : String(l.finalStatus),
    })),
    segments: r.segments ?? [],
    satisfaction: r.satisfaction ?? null,
  };
}

/** The trunk module's live state: the running switch's registrations and IP trunks' OPTIONS keep-alive states. */
export function trunkStatusSource(telephony: { trunkStatus(): TrunkRegistrationStatus[] }): TrunkStatusSource {
  return {
    status(tenantId, trunkId) {
      const s = telephony.trunkStatus().find((x) => x.trunkId === trunkId && x.tenantId === tenantId);
      if (!s) return undefined;
      return {
        state: s.state,
        lastError: s.lastError,
        expiresAt: s.expiresAt,
        lastOkAt: s.lastOkAt,
        activeCalls: null,
      };
    },
  };
}

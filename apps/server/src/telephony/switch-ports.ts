import path from 'node:path';
import type { CallRecordData, CdrSink, Directory, RecordingPort } from '@hujiao/switch';
import type { Logger } from 'pino';
import type { CallRecordInsert } from '../modules/call-record/index.ts';
import type { Services } from '../services.ts';

/**
 * The switch's ports over the server's modules: tenants and extensions from the database, call records into
 * `call_records`, recordings under `<dataDir>/recordings/<tenantId>/<yyyy-mm-dd>/<callId>.wav`.
 */
/** Remembers look-ups for a moment: at hundreds of calls per second each INVITE would otherwise cost queries. */
function cached<T>(ttlMs: number, load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const entries = new Map<string, { value: Promise<T>; until: number }>();
  return (key) => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (entries.size > 10_000) entries.clear();
    const value = load(key);
    entries.set(key, { value, until: now + ttlMs });
    value.catch(() => entries.delete(key));
    return value;
  };
}

/** Changes to tenants and extensions reach the switch within this time. */
const DIRECTORY_TTL_MS = 2000;

export function directoryPort(services: Services): Directory {
  const tenantByDomain = cached(DIRECTORY_TTL_MS, (domain) => services.tenantRepo.findByAccount(domain));
  const extension = cached(DIRECTORY_TTL_MS, (key) => {
    const [tenantId = '', number = ''] = key.split('|');
    return services.extensions.findForSwitch(tenantId, number);
  });
  return {
    async resolveTenant(domain) {
      const tenant = await tenantByDomain(domain.toLowerCase());
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

/** How long finished calls wait to be written together (one INSERT per batch instead of one per call). */
const CDR_BATCH_MS = 200;
const CDR_BATCH_MAX = 500;

export interface BatchingCdrSink extends CdrSink {
  /** Writes what is waiting; called on shutdown. */
  flush(): Promise<void>;
}

export function cdrPort(services: Services, recordingsDir: string, logger: Logger): BatchingCdrSink {
  let pending: CallRecordInsert[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return writing;
    writing = writing.then(() =>
      services.callRecords.writeMany(batch).catch((err: unknown) => {
        logger.error({ err, calls: batch.map((r) => r.callId) }, 'call records not stored');
      }),
    );
    return writing;
  };

  return {
    flush,
    async write(r: CallRecordData) {
      pending.push(toInsert(r, recordingsDir));
      if (pending.length >= CDR_BATCH_MAX) void flush();
      else timer ??= setTimeout(() => void flush(), CDR_BATCH_MS);
    },
  };
}

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
    recordingPath: r.recordingPath ? path.relative(recordingsDir, r.recordingPath) : null,
    legs: r.legs.map((l) => ({
      legId: l.legId,
      role: l.role,
      uri: l.uri,
      startedAt: l.createdAt.toISOString(),
      answeredAt: l.answeredAt?.toISOString() ?? null,
      endedAt: l.endedAt?.toISOString() ?? null,
      status: l.finalStatus === null ? 'none' : String(l.finalStatus),
    })),
  };
}

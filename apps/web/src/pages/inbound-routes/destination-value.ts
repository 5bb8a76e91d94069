import type { Destination } from '@hujiao/shared';

/** The fields of a form's destination that its kind uses (the form keeps other kinds' values while hidden). */
export function cleanDestination(raw: Record<string, unknown> | null | undefined): Destination | null {
  const kind = raw?.kind;
  if (!raw || typeof kind !== 'string') return null;
  const text = (k: string) => String(raw[k] ?? '').trim();
  switch (kind) {
    case 'extension':
      return { kind, number: text('number') };
    case 'ringGroup':
      return {
        kind,
        numbers: (raw.numbers as string[] | undefined) ?? [],
        strategy: raw.strategy === 'order' ? 'order' : 'all',
        ringTimeoutSec: Number(raw.ringTimeoutSec ?? 20),
      };
    case 'queue':
      return { kind, queueId: text('queueId') };
    case 'ivr':
      return { kind, ivrId: text('ivrId') };
    case 'voicemail':
      return { kind, box: text('box') };
    case 'external':
      return { kind, number: text('number') };
    case 'prompt':
      return raw.voiceFileId ? { kind, voiceFileId: text('voiceFileId') } : { kind, prompt: text('prompt') };
    case 'hangup':
      return { kind };
    default:
      return null;
  }
}

/**
 * A short text for a list cell: "分机 1001", "IVR 总机", "外线 13800138000". `names` gives the names of queues and IVR
 * menus by id where the page knows them.
 */
export function describeDestination(
  d: Destination | null | undefined,
  t: (key: string) => string,
  names?: (id: string) => string | undefined,
): string {
  if (!d) return '-';
  const kind = t(`destination.kinds.${d.kind}`);
  switch (d.kind) {
    case 'extension':
    case 'external':
      return `${kind} ${d.number}`;
    case 'ringGroup':
      return `${kind} ${d.numbers.join(',')}`;
    case 'voicemail':
      return `${kind} ${d.box}`;
    case 'queue':
      return [kind, names?.(d.queueId)].filter(Boolean).join(' ');
    case 'ivr':
      return [kind, names?.(d.ivrId)].filter(Boolean).join(' ');
    default:
      return kind;
  }
}

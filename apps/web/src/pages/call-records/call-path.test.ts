import type { CallRecord } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { callPath, legName } from './call-format.tsx';

const leg = (legId: string, extension: string | null, uri: string): CallRecord['legs'][number] => ({
  legId,
  role: legId === 'a' ? 'caller' : 'callee',
  extension,
  uri,
  startedAt: '2026-12-01T10:00:00.000Z',
  answeredAt: null,
  endedAt: null,
  status: '200',
});

describe('call path', () => {
  it('shows A→B→C after B transferred A to C, in the order the segments started', () => {
    const call = {
      caller: '1001',
      callee: '1002',
      legs: [leg('a', '1001', 'sip:1001@acme'), leg('b', '1002', 'sip:1002@acme'), leg('c', null, 'sip:1003@acme')],
      segments: [
        { kind: 'bridge', legIds: ['a', 'c'], startedAt: '2026-12-01T10:00:20.000Z', endedAt: null },
        { kind: 'hold', legIds: ['a'], startedAt: '2026-12-01T10:00:10.000Z', endedAt: '2026-12-01T10:00:15.000Z' },
        {
          kind: 'transfer',
          legIds: ['b', 'a'],
          startedAt: '2026-12-01T10:00:19.000Z',
          endedAt: '2026-12-01T10:00:20.000Z',
          detail: '1003',
        },
        {
          kind: 'bridge',
          legIds: ['a', 'b'],
          startedAt: '2026-12-01T10:00:05.000Z',
          endedAt: '2026-12-01T10:00:19.000Z',
        },
      ],
    } satisfies Pick<CallRecord, 'caller' | 'callee' | 'legs' | 'segments'>;
    expect(callPath(call)).toEqual(['1001', '1002', '1003']);
  });

  it('falls back to caller → callee without segments, and names legs by extension or URI user', () => {
    expect(callPath({ caller: '1001', callee: '1002', legs: [], segments: [] })).toEqual(['1001', '1002']);
    expect(legName(leg('x', null, 'sip:8001@10.0.0.5:5060'), 'x')).toBe('8001');
    expect(legName(undefined, 'gone')).toBe('gone');
  });
});

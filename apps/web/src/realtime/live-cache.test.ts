import type { Extension, Page, TrunkStatus, VoicemailUnread } from '@hujiao/shared';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyLiveMessage } from './live-cache.ts';

const status = (trunkId: string, state: TrunkStatus['state']): TrunkStatus => ({
  trunkId,
  state,
  lastError: null,
  expiresAt: null,
  lastOkAt: null,
  activeCalls: null,
});
const ext = (number: string): Extension => ({
  id: `id-${number}`,
  number,
  displayName: null,
  callerId: null,
  userId: null,
  userName: null,
  enabled: true,
  registered: false,
  contacts: [],
  createdAt: '2026-12-02T00:00:00.000Z',
});
const contact = {
  uri: 'sip:1001@10.0.0.5',
  source: '10.0.0.5:5060',
  transport: 'UDP',
  userAgent: null,
  expiresAt: 'x',
};

describe('live messages into the query cache', () => {
  it('trunk-status: the snapshot replaces the list, an update replaces one trunk', () => {
    const qc = new QueryClient();
    qc.setQueryData(['trunks', 'status'], [status('old', 'failed')]);
    applyLiveMessage(qc, {
      type: 'snapshot',
      topic: 'trunk-status',
      data: [status('a', 'unknown'), status('b', 'registered')],
    });
    applyLiveMessage(qc, { type: 'update', topic: 'trunk-status', data: status('a', 'online') });
    const list = qc.getQueryData<TrunkStatus[]>(['trunks', 'status']) ?? [];
    expect(list.map((s) => [s.trunkId, s.state]).sort()).toEqual([
      ['a', 'online'],
      ['b', 'registered'],
    ]);
  });

  it('extension-registration: patches every cached page of the extension list', () => {
    const qc = new QueryClient();
    const key = ['extensions', 'list', { page: 1, pageSize: 20 }];
    qc.setQueryData<Page<Extension>>(key, { items: [ext('1001'), ext('1002')], total: 2 });
    applyLiveMessage(qc, {
      type: 'snapshot',
      topic: 'extension-registration',
      data: [{ extension: '1002', contacts: [contact] }],
    });
    let rows = qc.getQueryData<Page<Extension>>(key)?.items ?? [];
    expect(rows.map((r) => [r.number, r.registered])).toEqual([
      ['1001', false],
      ['1002', true],
    ]);
    applyLiveMessage(qc, {
      type: 'update',
      topic: 'extension-registration',
      data: { extension: '1002', contacts: [] },
    });
    applyLiveMessage(qc, {
      type: 'update',
      topic: 'extension-registration',
      data: { extension: '1001', contacts: [contact] },
    });
    rows = qc.getQueryData<Page<Extension>>(key)?.items ?? [];
    expect(rows.map((r) => [r.number, r.registered, r.contacts.length])).toEqual([
      ['1001', true, 1],
      ['1002', false, 0],
    ]);
  });

  it('voicemail-count: the header count is replaced', () => {
    const qc = new QueryClient();
    const data: VoicemailUnread = { mine: 2, all: null, boxes: [{ box: '1001', new: 2, old: 0 }] };
    applyLiveMessage(qc, { type: 'update', topic: 'voicemail-count', data });
    expect(qc.getQueryData(['voicemail', 'unread'])).toEqual(data);
  });
});

import { describe, expect, it } from 'vitest';
import { type SwitchEvent, switchEventSchema, switchEventTypes } from './call-events.ts';

const at = '2026-12-01T10:00:00.000Z';
const call = { tenantId: 't1', callId: 'c1', at };

/** One event of every type, as the switch emits them. */
const samples: SwitchEvent[] = [
  {
    type: 'registration',
    action: 'added',
    registration: {
      tenantId: 't1',
      extension: '1001',
      contact: 'sip:1001@10.0.0.5:5062',
      source: '10.0.0.5:5062',
      transport: 'UDP',
      expiresAt: at,
      userAgent: null,
    },
  },
  { type: 'security.banned', address: '192.0.2.7', until: at, failures: 10 },
  {
    type: 'trunk.registration',
    tenantId: 't1',
    trunkId: 'tr1',
    state: 'failed',
    lastError: '403 Forbidden',
    expiresAt: null,
    lastOkAt: at,
    at,
  },
  {
    type: 'trunk.keepalive',
    tenantId: 't1',
    trunkId: 'tr2',
    state: 'offline',
    lastError: 'timeout',
    lastOkAt: null,
    at,
  },
  { type: 'call.created', ...call, caller: '1001', callee: '1002' },
  { type: 'leg.created', ...call, legId: 'l1', role: 'caller', uri: 'sip:1001@acme' },
  { type: 'call.ringing', ...call, legId: 'l2', status: 180, earlyMedia: false },
  { type: 'call.answered', ...call, legId: 'l2' },
  { type: 'call.bridged', ...call, legIds: ['l1', 'l2', 'l3'] },
  { type: 'call.dtmf', ...call, legId: 'l1', digit: '#' },
  { type: 'call.hangup', ...call, cause: 'normal', side: 'caller', status: null },
  { type: 'leg.answered', ...call, legId: 'l2' },
  { type: 'leg.ended', ...call, legId: 'l2', status: 486, cause: 'busy' },
  { type: 'call.held', ...call, legId: 'l1' },
  { type: 'call.resumed', ...call, legId: 'l1' },
  { type: 'call.transferred', ...call, legId: 'l2', kind: 'attended', target: '1003' },
  { type: 'conference.joined', ...call, legId: 'l4', mode: 'whisper' },
  { type: 'conference.left', ...call, legId: 'l4' },
  { type: 'call.recording', ...call, path: 't1/2026-12-01/c1.wav' },
  { type: 'originate.result', ...call, requestId: 'r1', legId: null, outcome: 'noAnswer', status: 408 },
  { type: 'flow.started', ...call, flow: 'ivr-main' },
  { type: 'flow.ended', ...call, reason: 'hangup' },
  { type: 'call.survey', ...call, legId: 'l1', score: 5 },
];

describe('switch events (JSON-safe schema)', () => {
  it('has a sample of every type, and every sample survives JSON unchanged', () => {
    expect(new Set(samples.map((s) => s.type))).toEqual(new Set(switchEventTypes));
    for (const event of samples) {
      const wire = JSON.parse(JSON.stringify(event)) as unknown;
      expect(switchEventSchema.parse(wire)).toEqual(event);
    }
  });

  it('refuses Date objects, unknown types and missing call fields', () => {
    const withDate = { type: 'call.answered', tenantId: 't1', callId: 'c1', legId: 'l1', at: new Date() };
    expect(switchEventSchema.safeParse(withDate).success).toBe(false);
    expect(switchEventSchema.safeParse({ type: 'call.exploded', ...call }).success).toBe(false);
    expect(switchEventSchema.safeParse({ type: 'call.held', callId: 'c1', legId: 'l1', at }).success).toBe(false);
    expect(switchEventSchema.safeParse({ type: 'call.answered', ...call, legId: 'l1', at: 'yesterday' }).success).toBe(
      false,
    );
  });

  it('checks the enumerations of the new events', () => {
    const bad = [
      { type: 'call.transferred', ...call, legId: 'l1', kind: 'warm', target: '1003' },
      { type: 'conference.joined', ...call, legId: 'l1', mode: 'barge' },
      { type: 'originate.result', ...call, requestId: 'r', legId: null, outcome: 'rejected', status: null },
    ];
    for (const e of bad) expect(switchEventSchema.safeParse(e).success).toBe(false);
  });
});

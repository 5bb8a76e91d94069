/**
 * A Call whose dials ring fake legs (no SIP, no sockets): each dial takes the next scripted answer. With the
 * FakeLegs of fake-leg.ts this drives the real call control (connections, hold, transfer, flows, records).
 */
import { TransportProtocol } from '@hujiao/sip';
import { Call, type CallOptions } from '../call.ts';
import type { TargetResolver } from '../call-flow-context.ts';
import type { DialAttemptOutcome, DialPlan } from '../dial.ts';
import { DialResult, dialTargetLabel } from '../flow/flow-context.ts';
import type { OutboundTarget } from '../outbound-leg.ts';
import type { CallRecordData, OpenCallRecordData } from '../types.ts';
import { type FakeContext, FakeLeg, fakeSwitchContext, PCMU } from './fake-leg.ts';

/** What the next dial does: answered by a new fake leg, or a failure. */
export type ScriptedDial =
  | { answer: true; media?: FakeLeg['media']; delayMs?: number }
  | { answer: false; result: DialResult; sipStatus: number | null; delayMs?: number };

export class FakeCdr {
  readonly opened: OpenCallRecordData[] = [];
  readonly written: CallRecordData[] = [];
  open(r: OpenCallRecordData): void {
    this.opened.push(r);
  }
  async write(r: CallRecordData): Promise<void> {
    this.written.push(r);
  }
}

export class TestCall extends Call {
  readonly script: ScriptedDial[] = [];
  readonly plans: DialPlan[] = [];
  /** Legs the fake dials answered with, in order. */
  readonly dialled: FakeLeg[] = [];

  protected override async runDial(plan: DialPlan, signal?: AbortSignal): Promise<DialAttemptOutcome> {
    this.plans.push(plan);
    const next = this.script.shift() ?? { answer: false, result: DialResult.NoAnswer, sipStatus: null };
    if (next.delayMs) {
      const aborted = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), next.delayMs);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            resolve(true);
          },
          { once: true },
        );
      });
      if (aborted) return { result: DialResult.Cancelled, sipStatus: 487, leg: null };
    }
    if (!next.answer) return { result: next.result, sipStatus: next.sipStatus, leg: null };
    const target = plan.groups[0]?.[0];
    const leg = new FakeLeg(this.ctx, {
      extension: target?.extension ?? '9999',
      media: next.media === undefined ? PCMU : next.media,
    });
    this.addLeg(leg);
    this.dialled.push(leg);
    return { result: DialResult.Answered, sipStatus: 200, leg };
  }
}

/** Dial targets to one fake fork per target (the flow/transfer code only passes them to dial()). */
export const fakeResolver: TargetResolver = async (_call, targets, { strategy }) => {
  const groups: OutboundTarget[][] = targets.map((t) => {
    const extension = dialTargetLabel(t);
    return [
      {
        contact: `sip:${extension}@127.0.0.1:5070`,
        flow: {
          protocol: TransportProtocol.Udp,
          localAddress: '127.0.0.1',
          localPort: 5060,
          remoteAddress: '127.0.0.1',
          remotePort: 5070,
        },
        extension,
        from: '<sip:1001@acme>',
        to: `<sip:${extension}@acme>`,
      },
    ];
  });
  return strategy === 'parallel' ? [groups.flat()] : groups;
};

export function testCall(o: Partial<CallOptions> & { ctx?: FakeContext } = {}) {
  const ctx = o.ctx ?? fakeSwitchContext();
  const cdr = new FakeCdr();
  const ended: Call[] = [];
  const call = new TestCall(ctx, {
    tenantId: 't1',
    caller: '1001',
    callee: '1002',
    noAnswerTimeoutMs: 5000,
    cdr,
    ...o,
    onEnd: (c) => {
      ended.push(c);
      o.onEnd?.(c);
    },
  });
  /** Resolves when the call record was written. */
  const record = async (): Promise<CallRecordData> => {
    for (let i = 0; i < 200 && cdr.written.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const r = cdr.written[0];
    if (!r) throw new Error('no call record written');
    return r;
  };
  return { ctx, call, cdr, ended, record };
}

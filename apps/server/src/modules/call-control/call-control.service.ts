import type { CallCommandRequest, CommandResult, LiveCall, OriginateRequest, SwitchCommand } from '@hujiao/shared';
import type { Call } from '@hujiao/switch';
import { DomainError } from '../../http/domain-error.ts';

/** What the service needs of the telephony service: the running switch's calls and its command API. */
export interface CallEngine {
  readonly running: boolean;
  calls(): Call[];
  execute(command: SwitchCommand): Promise<CommandResult>;
}

/** Flows from the API may play library prompts and tones, not files: a path could name another tenant's audio. */
function playsFiles(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(playsFiles);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => (k === 'file' && v !== undefined) || playsFiles(v));
  }
  return false;
}

/**
 * Toll-fraud guard: calls started or moved through the API reach extensions only. A SIP URI or a trunk target would
 * reach carriers around the outbound routes, their call classes and caps; outside numbers go through the routes.
 */
function reachesOutside(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(reachesOutside);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(
      ([k, v]) => ((k === 'uri' || k === 'trunk') && v !== undefined) || reachesOutside(v),
    );
  }
  return false;
}

const extensionsOnly = (path: string) =>
  new DomainError('VALIDATION_FAILED', {}, [
    { path, message: 'calls through the API reach extensions; outside numbers go through the outbound routes' },
  ]);

/** Call control for one tenant at a time: every command is checked against the tenant's own calls. */
export class CallControlService {
  constructor(private readonly engine: CallEngine) {}

  private running(): void {
    if (!this.engine.running) throw new DomainError('TELEPHONY_OFF');
  }

  private call(tenantId: string, callId: string): Call {
    const call = this.engine.calls().find((c) => c.id === callId && c.tenantId === tenantId && !c.isEnded);
    if (!call) throw new DomainError('CALL_NOT_FOUND');
    return call;
  }

  originate(tenantId: string, request: OriginateRequest): Promise<CommandResult> {
    this.running();
    if (request.flow && playsFiles(request.flow)) {
      throw new DomainError('VALIDATION_FAILED', {}, [
        { path: 'flow', message: 'flows started through the API play prompts or tones, not files' },
      ]);
    }
    if (reachesOutside(request.to)) throw extensionsOnly('to');
    if (request.flow && reachesOutside(request.flow)) throw extensionsOnly('flow');
    return this.engine.execute({ ...request, tenantId, command: 'originate' });
  }

  command(tenantId: string, callId: string, request: CallCommandRequest): Promise<CommandResult> {
    this.running();
    this.call(tenantId, callId);
    if (reachesOutside(request)) throw extensionsOnly(request.command === 'redirect' ? 'flow' : 'target');
    if (request.command === 'redirect' && playsFiles(request.flow)) {
      throw new DomainError('VALIDATION_FAILED', {}, [
        { path: 'flow', message: 'flows started through the API play prompts or tones, not files' },
      ]);
    }
    return this.engine.execute({ ...request, callId } as SwitchCommand);
  }

  live(tenantId: string): LiveCall[] {
    if (!this.engine.running) return [];
    return this.engine
      .calls()
      .filter((c) => c.tenantId === tenantId && !c.isEnded)
      .map((c) => ({
        callId: c.id,
        caller: c.options.caller,
        callee: c.options.callee,
        startedAt: c.startedAt.toISOString(),
        answeredAt: c.answeredAt?.toISOString() ?? null,
        legs: c.liveLegs().map((l) => ({
          legId: l.id,
          role: l.role,
          extension: l.extension,
          state: l.state,
          held: c.isHeld(l),
          partners: c.partnersOf(l).map((p) => p.id),
        })),
      }));
  }
}

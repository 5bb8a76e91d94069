import { G711Law } from '@hujiao/media';
import { TransportProtocol } from '@hujiao/sip';
import type { TrunkDialTarget } from '../flow/flow-context.ts';
import type { OutboundTarget } from '../outbound-leg.ts';
import { formatCallerId } from './caller-id.ts';
import type { HostResolver, TrunkCalls } from './trunk-peers.ts';
import type { TrunkDirectory, TrunkInfo } from './trunk-types.ts';

/** What an outgoing leg through a trunk needs beyond an ordinary target. */
export interface TrunkLegPlan {
  trunkId: string;
  /** The outside number (Request-URI user). */
  number: string;
  /** Answers one 401/407 of the carrier (RFC 3261 §22.2); null for an IP trunk without credentials. */
  credentials: { username: string; password: string } | null;
  /** P-Asserted-Identity and Privacy (RFC 3325), when the trunk sends them. */
  headers: Array<[string, string]>;
  /** Offered codecs, in order. */
  codecs: G711Law[];
  /** RFC 4733 telephone-event in the offer (false: DTMF as SIP INFO). */
  telephoneEvent: boolean;
  /** Takes a call slot of the trunk (null when at maxCalls); the leg gives it back when it ends. */
  acquire(): (() => void) | null;
  /** The next trunk of the list, tried when this one fails over (failsOver). */
  next: OutboundTarget | null;
}

/**
 * Whether a trunk's final status moves the dial to the next trunk (ADR 0009): 408 (also our timeout), 5xx (503
 * also for a transport error or a trunk at its cap) and 6xx other than 600 Busy Everywhere and 603 Decline. 486,
 * 404, 484, 480 and other 4xx are about the number or the callee: the dial ends.
 */
export function failsOver(status: number): boolean {
  if (status === 408) return true;
  if (status >= 500 && status < 600) return true;
  return status >= 600 && status !== 600 && status !== 603;
}

/** A URI user part (RFC 3261 §25.1): percent-encoded, but '+' (E.164) as it is. */
export function escapeUser(user: string): string {
  return encodeURIComponent(user).replace(/%2B/gi, '+');
}

const quote = (name: string) => `"${name.replace(/["\\\r\n]/g, '')}" `;

export interface TrunkDialerDeps {
  trunks: TrunkDirectory;
  calls: TrunkCalls;
  resolve: HostResolver;
  /** Our local SIP address and UDP/TCP ports, for the flows towards carriers. */
  localAddress: string;
  localPort(protocol: TransportProtocol): number;
}

/** Turns a `{ trunk }` dial target into one fork: the first usable trunk, the others chained as its failovers. */
export class TrunkDialer {
  constructor(private readonly deps: TrunkDialerDeps) {}

  async targets(
    tenantId: string,
    target: TrunkDialTarget,
    fallback: { callerId: string; callerName: string | null },
  ): Promise<OutboundTarget[]> {
    let head: OutboundTarget | null = null;
    let tail: OutboundTarget | null = null;
    for (const id of target.trunkIds) {
      const trunk = await this.deps.trunks.trunkById(id);
      // Another enterprise's trunk, or a disabled one, is never dialled.
      if (!trunk?.enabled || trunk.tenantId !== tenantId) continue;
      const address = await this.deps.resolve(trunk.host).catch(() => null);
      if (!address) continue;
      const t = this.build(trunk, address, target, fallback);
      if (tail?.trunk) tail.trunk.next = t;
      else head = t;
      tail = t;
    }
    return head ? [head] : [];
  }

  private build(
    trunk: TrunkInfo,
    address: string,
    target: TrunkDialTarget,
    fallback: { callerId: string; callerName: string | null },
  ): OutboundTarget {
    const protocol = trunk.transport === 'tcp' ? TransportProtocol.Tcp : TransportProtocol.Udp;
    const number = target.number;
    const host = trunk.port === 5060 ? trunk.host : `${trunk.host}:${trunk.port}`;
    const param = protocol === TransportProtocol.Tcp ? ';transport=tcp' : '';
    const contact = `sip:${escapeUser(number)}@${host}${param}`;
    const callerId = formatCallerId(target.callerId ?? fallback.callerId, trunk);
    const callerName = target.callerName ?? (target.callerId ? null : fallback.callerName);
    const identity = `<sip:${escapeUser(callerId)}@${trunk.host}>`;
    const anonymous = trunk.privacy === 'id';
    // RFC 3325 §9.3: with Privacy: id the From says nothing; the asserted identity goes in P-Asserted-Identity.
    const from = anonymous
      ? '"Anonymous" <sip:anonymous@anonymous.invalid>'
      : `${callerName ? quote(callerName) : ''}${identity}`;
    const headers: Array<[string, string]> = [];
    if (trunk.assertIdentity)
      headers.push(['P-Asserted-Identity', `${callerName ? quote(callerName) : ''}${identity}`]);
    if (anonymous) headers.push(['Privacy', 'id']);
    const user = trunk.authUsername || trunk.username;
    const codecs = (trunk.codecs.length > 0 ? trunk.codecs : ['PCMA', 'PCMU']).map((c) =>
      c === 'PCMA' ? G711Law.PCMA : G711Law.PCMU,
    );
    const calls = this.deps.calls;
    return {
      contact,
      flow: {
        protocol,
        localAddress: this.deps.localAddress,
        localPort: this.deps.localPort(protocol),
        remoteAddress: address,
        remotePort: trunk.port,
      },
      extension: number,
      from,
      to: `<sip:${escapeUser(number)}@${host}>`,
      trunk: {
        trunkId: trunk.id,
        number,
        credentials: user && trunk.password ? { username: user, password: trunk.password } : null,
        headers,
        codecs,
        telephoneEvent: trunk.dtmfMode !== 'info',
        acquire: () => calls.acquire(trunk),
        next: null,
      },
    };
  }
}

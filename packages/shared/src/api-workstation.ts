import { z } from 'zod';

/** GET /api/agent/today: the agent's own calls since `since` (the browser's local midnight: the agent's "today"). */
export const agentDayQuery = z.object({ since: z.iso.datetime({ offset: true }) });

/**
 * The workstation's status bar (状态条): today's answered inbound, outbound and missed calls (rang the agent's
 * phone, taken by nobody or by a colleague) of the agent's extensions, and the last call's number and talk time.
 */
export const agentDay = z.object({
  inbound: z.number().int(),
  outbound: z.number().int(),
  missed: z.number().int(),
  lastCall: z
    .object({
      number: z.string(),
      direction: z.enum(['in', 'out']),
      talkSec: z.number().int(),
      endedAt: z.string(),
    })
    .nullable(),
  /** The latest missed calls (newest first, at most 20): who called and when, to call back. */
  missedCalls: z.array(z.object({ recordId: z.string(), number: z.string(), at: z.string() })),
});
export type AgentDay = z.infer<typeof agentDay>;

/**
 * POST /api/agent/phone: what the browser phone (JsSIP) signs in with. The credential is made for this sign-in only
 * (digest user `extension*id`, a random password the server keeps only as a hash): never the extension's own
 * password. It stops working when the session ends or at `expiresAt`.
 */
export const browserPhoneCredential = z.object({
  extension: z.string(),
  /** The SIP domain (the enterprise's account): sip:extension@domain. */
  domain: z.string(),
  authorizationUser: z.string(),
  password: z.string(),
  /** ws:// or wss:// of the switch's SIP over WebSocket, on the host the page was served from. */
  wsUrl: z.string(),
  /** STUN/TURN servers for the browser's own peer connection (none: host candidates only). */
  iceServers: z.array(
    z.object({ urls: z.string(), username: z.string().optional(), credential: z.string().optional() }),
  ),
  expiresAt: z.string(),
});
export type BrowserPhoneCredential = z.infer<typeof browserPhoneCredential>;

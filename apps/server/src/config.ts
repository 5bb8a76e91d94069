import path from 'node:path';
import { z } from 'zod';

const DIGEST_ALGORITHMS = ['MD5', 'SHA-256'] as const;
type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** Every setting comes from an environment variable with the CC_ prefix; see README "Configuration". */
/** A comma-separated list whose every item matches `item` (absent: undefined; empty or bad: `message`). */
function commaList(item: RegExp, message: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const list = v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      if (list.length === 0 || list.some((a) => !item.test(a))) {
        ctx.addIssue({ code: 'custom', message: `${message}, not "${v}"` });
        return z.NEVER;
      }
      return list;
    });
}

const envSchema = z.object({
  CC_HOST: z.string().default('0.0.0.0'),
  CC_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CC_DATA_DIR: z.string().default('./data'),
  CC_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  CC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CC_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  CC_ADMIN_ACCOUNT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{1,31}$/)
    .default('admin'),
  CC_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  CC_COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  CC_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  CC_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  CC_WEB_DIR: z.string().optional(),
  /** Enables GET /metrics (Prometheus) for scrapers that send this bearer token; unset: no metrics route. */
  CC_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CC_SIP_ENABLED: z.enum(['true', 'false']).default('true'),
  CC_SIP_BIND: z.string().default('0.0.0.0'),
  CC_SIP_PORT: z.coerce.number().int().min(1).max(65535).default(5060),
  CC_SIP_WS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** SIP over secure WebSocket for browser phones on https pages, with CC_SIP_TLS_CERT and CC_SIP_TLS_KEY (PEM). */
  CC_SIP_WSS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** The WebSocket URL browser phones connect to when a proxy stands in front (default: the page's host, WS port). */
  CC_SIP_WS_URL: z
    .string()
    .regex(/^wss?:\/\/[^\s]+$/, 'must be a ws:// or wss:// URL')
    .optional(),
  CC_SIP_TLS_CERT: z.string().min(1).optional(),
  CC_SIP_TLS_KEY: z.string().min(1).optional(),
  /** ICE host addresses offered to browser phones, comma-separated (default: CC_SIP_ADDRESS or the LAN address). */
  CC_WEBRTC_HOSTS: commaList(/^\d{1,3}(\.\d{1,3}){3}$/, 'must be IPv4 addresses separated by commas'),
  /** STUN/TURN servers for browser phones, comma-separated URLs (stun:host:port, turn:host:port?transport=udp). */
  CC_WEBRTC_ICE_SERVERS: commaList(
    /^(stun|turns?):[^\s,]+$/,
    'must be stun:, turn: or turns: URLs separated by commas',
  ),
  /** The credentials of the turn: servers above (coturn's static user, for example). */
  CC_WEBRTC_TURN_USERNAME: z.string().min(1).optional(),
  CC_WEBRTC_TURN_CREDENTIAL: z.string().min(1).optional(),
  /** The address phones reach the server at, written into SDP and Contact; default: the first LAN IPv4. */
  CC_SIP_ADDRESS: z.string().optional(),
  CC_RTP_PORT_MIN: z.coerce.number().int().min(1024).max(65534).default(20000),
  CC_RTP_PORT_MAX: z.coerce.number().int().min(1025).max(65535).default(29999),
  CC_SIP_REALM: z
    .string()
    .regex(/^[a-z0-9.-]{1,64}$/)
    .default('hujiao'),
  CC_NO_ANSWER_SECONDS: z.coerce.number().int().min(5).max(600).default(45),
  /** Digest algorithms offered to phones, topmost preferred (RFC 8760 §2.4): "MD5", "SHA-256,MD5", "MD5,SHA-256". */
  CC_SIP_DIGEST: z
    .string()
    .default('MD5')
    .transform((value, ctx) => {
      const list = value.split(',').map((a) => a.trim().toUpperCase());
      const unknown = list.some((a) => !DIGEST_ALGORITHMS.includes(a as DigestAlgorithm));
      if (unknown || new Set(list).size !== list.length) {
        ctx.addIssue({
          code: 'custom',
          message: `must list MD5 and/or SHA-256, each once, topmost preferred (e.g. "SHA-256,MD5"), not "${value}"`,
        });
        return z.NEVER;
      }
      return list as DigestAlgorithm[];
    }),
  /** Distinct user names one address may probe without authenticating within a minute before it is banned. */
  CC_SIP_SCAN_THRESHOLD: z.coerce.number().int().min(2).max(10_000).default(30),
  /** Seconds between OPTIONS keep-alives to each IP trunk's carrier (0: none; their state stays unknown). */
  CC_TRUNK_KEEPALIVE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  CC_IMPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(20_000).default(2500),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['CC_LOG_LEVEL'];
  adminAccount: string;
  adminPassword: string | undefined;
  sessionTtlMs: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  loginLockMinutes: number;
  webDir: string | undefined;
  /** Customer-import rows per transaction. */
  importBatchRows: number;
  /** The bearer token of GET /metrics; undefined: no metrics route. */
  metricsToken: string | undefined;
  sip: {
    enabled: boolean;
    bind: string;
    port: number;
    wsPort: number | undefined;
    /** Where browsers reach the SIP WebSocket when it is not the page's host and the WS port (a proxy). */
    wsUrl: string | undefined;
    /** SIP over secure WebSocket: port and PEM files (both or neither). */
    wss: { port: number; tls: { certFile: string; keyFile: string } } | undefined;
    /** Browser phones' ICE: host addresses (undefined: the SIP address) and STUN/TURN servers. */
    webrtc: {
      hosts: string[] | undefined;
      iceServers: Array<{ urls: string; username?: string; credential?: string }>;
    };
    address: string | undefined;
    rtpPortMin: number;
    rtpPortMax: number;
    noAnswerMs: number;
    realm: string;
    /** Digest algorithms offered, topmost preferred. */
    digestAlgorithms: DigestAlgorithm[];
    /** Distinct user names probed without authenticating in a minute that ban a source (scanners). */
    scanThreshold: number;
    /** OPTIONS keep-alive to IP trunks, seconds (0 = off). */
    trunkKeepaliveSec: number;
  };
}

export class ConfigError extends Error {}

/** Reads the environment once; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.CC_RTP_PORT_MIN >= e.CC_RTP_PORT_MAX) {
    throw new ConfigError('Invalid configuration:\n  CC_RTP_PORT_MIN: must be below CC_RTP_PORT_MAX');
  }
  if (e.CC_SIP_WSS_PORT !== undefined && (!e.CC_SIP_TLS_CERT || !e.CC_SIP_TLS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  CC_SIP_WSS_PORT: needs CC_SIP_TLS_CERT and CC_SIP_TLS_KEY (PEM files of the certificate)',
    );
  }
  const turn = {
    ...(e.CC_WEBRTC_TURN_USERNAME ? { username: e.CC_WEBRTC_TURN_USERNAME } : {}),
    ...(e.CC_WEBRTC_TURN_CREDENTIAL ? { credential: e.CC_WEBRTC_TURN_CREDENTIAL } : {}),
  };
  return {
    host: e.CC_HOST,
    port: e.CC_PORT,
    // npm runs workspace scripts inside the workspace; INIT_CWD is where the user typed the command.
    dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), e.CC_DATA_DIR),
    databaseUrl: e.CC_DATABASE_URL,
    logLevel: e.CC_LOG_LEVEL,
    adminAccount: e.CC_ADMIN_ACCOUNT,
    adminPassword: e.CC_ADMIN_PASSWORD,
    sessionTtlMs: e.CC_SESSION_HOURS * 3600_000,
    cookieSecure: e.CC_COOKIE_SECURE === 'true',
    loginMaxFailures: e.CC_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.CC_LOGIN_LOCK_MINUTES,
    webDir: e.CC_WEB_DIR,
    importBatchRows: e.CC_IMPORT_BATCH_ROWS,
    metricsToken: e.CC_METRICS_TOKEN,
    sip: {
      enabled: e.CC_SIP_ENABLED === 'true',
      bind: e.CC_SIP_BIND,
      port: e.CC_SIP_PORT,
      wsPort: e.CC_SIP_WS_PORT,
      wsUrl: e.CC_SIP_WS_URL,
      wss:
        e.CC_SIP_WSS_PORT !== undefined && e.CC_SIP_TLS_CERT && e.CC_SIP_TLS_KEY
          ? { port: e.CC_SIP_WSS_PORT, tls: { certFile: e.CC_SIP_TLS_CERT, keyFile: e.CC_SIP_TLS_KEY } }
          : undefined,
      webrtc: {
        hosts: e.CC_WEBRTC_HOSTS,
        iceServers: (e.CC_WEBRTC_ICE_SERVERS ?? []).map((urls) =>
          urls.startsWith('stun:') ? { urls } : { urls, ...turn },
        ),
      },
      address: e.CC_SIP_ADDRESS,
      rtpPortMin: e.CC_RTP_PORT_MIN,
      rtpPortMax: e.CC_RTP_PORT_MAX,
      noAnswerMs: e.CC_NO_ANSWER_SECONDS * 1000,
      realm: e.CC_SIP_REALM,
      digestAlgorithms: e.CC_SIP_DIGEST,
      scanThreshold: e.CC_SIP_SCAN_THRESHOLD,
      trunkKeepaliveSec: e.CC_TRUNK_KEEPALIVE_SECONDS,
    },
  };
}

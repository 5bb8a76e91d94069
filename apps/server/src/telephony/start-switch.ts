import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createSwitch, type Switch } from '@hujiao/switch';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Services } from '../services.ts';
import { cdrPort, directoryPort, recordingPort } from './switch-ports.ts';

/** The first non-internal IPv4 address: what phones on the LAN reach us at, unless CC_SIP_ADDRESS says. */
export function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** The address written into SDP/Contact and shown to phones as proxy. */
export function sipAddress(config: Pick<Config, 'sip'>): string {
  return config.sip.address ?? (config.sip.bind === '0.0.0.0' ? lanAddress() : config.sip.bind);
}

/** Starts the SIP/RTP engine with the server's ports and shows its registrations in the extension API. */
export async function startSwitch(config: Config, services: Services, logger: Logger): Promise<Switch> {
  const recordingsDir = path.join(config.dataDir, 'recordings');
  const address = sipAddress(config);
  const cdr = cdrPort(services, recordingsDir, logger);
  const sw = await createSwitch({
    sipPort: config.sip.port,
    bindAddress: config.sip.bind,
    advertisedAddress: address,
    wsPort: config.sip.wsPort,
    rtpPortMin: config.sip.rtpPortMin,
    rtpPortMax: config.sip.rtpPortMax,
    noAnswerTimeoutMs: config.sip.noAnswerMs,
    serverRealm: config.sip.realm,
    digestAlgorithms: config.sip.digestAlgorithms,
    serverHosts: [address, config.sip.bind, '127.0.0.1', 'localhost'],
    logger: logger.child({ module: 'switch' }),
    directory: directoryPort(services),
    recordings: recordingPort(recordingsDir),
    cdr,
    events: {
      emit: (event) => logger.debug({ event }, 'switch event'),
    },
  });
  services.telephony.registrations = {
    contacts: (tenantId, number) =>
      sw
        .registrations(tenantId)
        .filter((r) => r.extension === number)
        .map((r) => ({
          uri: r.contact,
          source: r.source,
          transport: r.transport,
          userAgent: r.userAgent,
          expiresAt: new Date(r.expiresAt),
        })),
  };
  // Records of the last calls are still batched in memory when the switch stops.
  const closeSwitch = sw.close.bind(sw);
  sw.close = async () => {
    await closeSwitch();
    await cdr.flush();
  };
  logger.info(
    { sipPort: config.sip.port, address, rtp: `${config.sip.rtpPortMin}-${config.sip.rtpPortMax}` },
    'SIP engine listening',
  );
  return sw;
}

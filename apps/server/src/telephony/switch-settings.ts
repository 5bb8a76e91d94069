import { networkInterfaces } from 'node:os';
import type { SwitchOptions } from '@hujiao/switch';
import type { Config } from '../config.ts';

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

/** The switch's settings from the server's configuration (ports, addresses, timers, digest algorithms). */
export function switchSettings(
  config: Config,
): Omit<SwitchOptions, 'logger' | 'directory' | 'recordings' | 'cdr' | 'events'> {
  const address = sipAddress(config);
  return {
    sipPort: config.sip.port,
    bindAddress: config.sip.bind,
    advertisedAddress: address,
    wsPort: config.sip.wsPort,
    ...(config.sip.wss ? { wss: config.sip.wss } : {}),
    webrtc: {
      hostAddresses: config.sip.webrtc.hosts ?? [address],
      iceServers: config.sip.webrtc.iceServers,
    },
    rtpPortMin: config.sip.rtpPortMin,
    rtpPortMax: config.sip.rtpPortMax,
    noAnswerTimeoutMs: config.sip.noAnswerMs,
    serverRealm: config.sip.realm,
    digestAlgorithms: config.sip.digestAlgorithms,
    enumerationThreshold: config.sip.scanThreshold,
    trunkKeepaliveSec: config.sip.trunkKeepaliveSec,
    serverHosts: [address, config.sip.bind, '127.0.0.1', 'localhost'],
  };
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults: PGlite in ./data, port 3000, no admin password', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.adminPassword).toBeUndefined();
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ CC_PORT: 'abc', CC_DATABASE_URL: 'mysql://x', CC_ADMIN_PASSWORD: 'short' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ CC_PORT: 'abc', CC_DATABASE_URL: 'mysql://x', CC_ADMIN_PASSWORD: 'short' });
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toContain('CC_PORT');
      expect(msg).toContain('CC_DATABASE_URL');
      expect(msg).toContain('CC_ADMIN_PASSWORD');
    }
  });

  it('reads CC_SIP_DIGEST as the offered digest algorithms, topmost preferred, MD5 by default', () => {
    expect(loadConfig({}).sip.digestAlgorithms).toEqual(['MD5']);
    expect(loadConfig({ CC_SIP_DIGEST: 'SHA-256,MD5' }).sip.digestAlgorithms).toEqual(['SHA-256', 'MD5']);
    expect(loadConfig({ CC_SIP_DIGEST: ' md5 , sha-256 ' }).sip.digestAlgorithms).toEqual(['MD5', 'SHA-256']);
    for (const bad of ['SHA1', 'MD5,MD5', '', 'MD5,,SHA-256']) {
      expect(() => loadConfig({ CC_SIP_DIGEST: bad })).toThrow(
        `CC_SIP_DIGEST: must list MD5 and/or SHA-256, each once, topmost preferred (e.g. "SHA-256,MD5"), not "${bad}"`,
      );
    }
  });

  it('reads CC_SIP_SCAN_THRESHOLD (distinct names probed per minute that ban a source), 30 by default', () => {
    expect(loadConfig({}).sip.scanThreshold).toBe(30);
    expect(loadConfig({ CC_SIP_SCAN_THRESHOLD: '100' }).sip.scanThreshold).toBe(100);
    expect(() => loadConfig({ CC_SIP_SCAN_THRESHOLD: '1' })).toThrow('CC_SIP_SCAN_THRESHOLD');
  });

  it('reads the browser phones’ settings: WSS with its certificate, ICE host addresses, STUN and TURN', () => {
    const c = loadConfig({
      CC_SIP_WSS_PORT: '7443',
      CC_SIP_TLS_CERT: '/etc/hujiao/cert.pem',
      CC_SIP_TLS_KEY: '/etc/hujiao/key.pem',
      CC_WEBRTC_HOSTS: '192.168.1.10, 10.0.0.5',
      CC_WEBRTC_ICE_SERVERS: 'stun:stun.example.com:3478,turn:turn.example.com:3478?transport=udp',
      CC_WEBRTC_TURN_USERNAME: 'hujiao',
      CC_WEBRTC_TURN_CREDENTIAL: 's3cret',
    });
    expect(c.sip.wss).toEqual({
      port: 7443,
      tls: { certFile: '/etc/hujiao/cert.pem', keyFile: '/etc/hujiao/key.pem' },
    });
    expect(c.sip.webrtc).toEqual({
      hosts: ['192.168.1.10', '10.0.0.5'],
      iceServers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: 'turn:turn.example.com:3478?transport=udp', username: 'hujiao', credential: 's3cret' },
      ],
    });
    expect(loadConfig({}).sip.webrtc).toEqual({ hosts: undefined, iceServers: [] });
    expect(() => loadConfig({ CC_SIP_WSS_PORT: '7443' })).toThrow(/CC_SIP_TLS_CERT and CC_SIP_TLS_KEY/);
    expect(() => loadConfig({ CC_WEBRTC_HOSTS: 'my-server' })).toThrow(/CC_WEBRTC_HOSTS: must be IPv4 addresses/);
    expect(() => loadConfig({ CC_WEBRTC_ICE_SERVERS: 'http://x' })).toThrow(/CC_WEBRTC_ICE_SERVERS: must be stun:/);
    // Behind a proxy the browsers reach the SIP WebSocket on its own URL.
    expect(loadConfig({ CC_SIP_WS_URL: 'wss://cc.example.com/sip' }).sip.wsUrl).toBe('wss://cc.example.com/sip');
    expect(loadConfig({}).sip.wsUrl).toBeUndefined();
    expect(() => loadConfig({ CC_SIP_WS_URL: 'https://cc.example.com' })).toThrow(/CC_SIP_WS_URL: must be a ws/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/env.js';
import { loadTemporalConfig } from '../../config/temporal.js';

describe('Temporal connection settings', () => {
  it('defaults to the embedded dev server', () => {
    const config = loadTemporalConfig({});
    expect(config).toMatchObject({
      embedded: true,
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'afbryd',
      devServer: { port: 7233, uiPort: 8233, dataDir: '.data' },
    });
    expect(config.tls).toBeUndefined();
    expect(config.apiKey).toBeUndefined();
  });

  it('connects to an existing cluster with an API key over TLS', () => {
    const config = loadTemporalConfig({
      TEMPORAL_ADDRESS: 'afbryd.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'afbryd.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(config).toMatchObject({ embedded: false, address: 'afbryd.a1b2c.tmprl.cloud:7233', apiKey: 'secret-key' });
    expect(config.tls).toEqual({});
  });

  it('reads mTLS certificates and the server name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afbryd-tls-'));
    writeFileSync(join(dir, 'client.pem'), 'CERT');
    writeFileSync(join(dir, 'client.key'), 'KEY');
    const config = loadTemporalConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(config.tls?.serverNameOverride).toBe('temporal.internal');
    expect(config.tls?.clientCertPair?.crt.toString()).toBe('CERT');
    expect(config.tls?.clientCertPair?.key.toString()).toBe('KEY');
  });

  it.each([
    [{ TEMPORAL_ADDRESS: 'localhost' }, 'invalid configuration: TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233'],
    [{ TEMPORAL_TLS: 'maybe' }, 'invalid configuration: TEMPORAL_TLS must be true or false'],
    [{ AFBRYD_UI_PORT: '0' }, 'invalid configuration: AFBRYD_UI_PORT Number must be greater than or equal to 1'],
    [
      { TEMPORAL_TLS_CLIENT_CERT_PATH: '/x.pem' },
      'invalid configuration: TEMPORAL_TLS_CLIENT_CERT_PATH TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together',
    ],
    [
      { TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' },
      'invalid configuration: TEMPORAL_TLS TEMPORAL_TLS=false contradicts an API key or client certificate, which need TLS',
    ],
    [
      { TEMPORAL_ADDRESS: 'h:1', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/nonexistent/ca.pem' },
      'TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read /nonexistent/ca.pem (ENOENT)',
    ],
  ])('refuses %j with one line', (env, message) => {
    expect(() => loadTemporalConfig(env)).toThrow(ConfigError);
    expect(() => loadTemporalConfig(env)).toThrow(message);
  });
});

/** The Entra ID settings (issue 16 item 7): zod-validated, static by default, each fault named. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/env.js';
import { loadDataHubConfig } from '../../config/datahub.js';

const entra = {
  AFBRYD_DATAHUB_AUTH: 'entra',
  AFBRYD_DATAHUB_ENTRA_TENANT: '11111111-2222-3333-4444-555555555555',
  AFBRYD_DATAHUB_ENTRA_CLIENT_ID: 'afbryd-client',
  AFBRYD_DATAHUB_ENTRA_SCOPE: 'datahub-b2b/.default',
};

describe('DataHub authentication settings', () => {
  it('defaults to the static token of the embedded stack', () => {
    expect(loadDataHubConfig({}).auth).toEqual({ mode: 'static', token: 'afbryd-dev-token' });
  });

  it('reads Entra ID client credentials with a secret, with the documented defaults', () => {
    const config = loadDataHubConfig({ ...entra, AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET: 's3cret' });
    expect(config.auth).toEqual({
      mode: 'entra',
      authority: 'https://login.microsoftonline.com',
      tenant: entra.AFBRYD_DATAHUB_ENTRA_TENANT,
      clientId: 'afbryd-client',
      scope: 'datahub-b2b/.default',
      credential: { kind: 'secret', secret: 's3cret' },
      refreshMarginMs: 300_000,
    });
    // The sender GLN comes from the same configuration as the credentials.
    expect(config.supplierGln).toBe('5799999911118');
  });

  it('reads a certificate and its key instead of a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afbryd-auth-'));
    writeFileSync(join(dir, 'c.pem'), 'x');
    writeFileSync(join(dir, 'k.pem'), 'x');
    const config = loadDataHubConfig({ ...entra, AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE: join(dir, 'c.pem'), AFBRYD_DATAHUB_ENTRA_PRIVATE_KEY_FILE: join(dir, 'k.pem') });
    expect(config.auth.mode === 'entra' && config.auth.credential).toEqual({ kind: 'certificate', certificateFile: join(dir, 'c.pem'), privateKeyFile: join(dir, 'k.pem') });
  });

  it.each([
    [{ AFBRYD_DATAHUB_AUTH: 'entra' }, /AFBRYD_DATAHUB_ENTRA_TENANT.*required/],
    [{ ...entra }, /AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET give a client secret, or a certificate/],
    [{ ...entra, AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET: 'x', AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE: 'package.json', AFBRYD_DATAHUB_ENTRA_PRIVATE_KEY_FILE: 'package.json' }, /not both/],
    [{ ...entra, AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE: 'package.json' }, /needs its private key/],
    [{ ...entra, AFBRYD_DATAHUB_ENTRA_CERTIFICATE_FILE: '/no/such.pem', AFBRYD_DATAHUB_ENTRA_PRIVATE_KEY_FILE: 'package.json' }, /CERTIFICATE_FILE no such file/],
    [{ ...entra, AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET: 'x', AFBRYD_DATAHUB_ENTRA_SCOPE: 'datahub-b2b' }, /must end in \/\.default/],
    [{ ...entra, AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET: 'x', AFBRYD_DATAHUB_ENTRA_AUTHORITY: 'ftp://x' }, /AUTHORITY must be an http/],
    [{ AFBRYD_DATAHUB_AUTH: 'oauth' }, /AFBRYD_DATAHUB_AUTH must be static or entra/],
  ])('refuses %j', (env, message) => {
    expect(() => loadDataHubConfig(env)).toThrow(ConfigError);
    expect(() => loadDataHubConfig(env)).toThrow(message);
  });
});

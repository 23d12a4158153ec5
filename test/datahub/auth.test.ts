/**
 * Entra ID authentication against the simulator (issue 16 item 7): acquiring, caching, refreshing
 * before expiry, the one retry after a 401, the tokens DataHub refuses (issuer, audience, lifetime,
 * azp, roles, signature), and the certificate flow. Clocks are injected: the provider's is a
 * variable, the simulator's is manual; nothing waits on real time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EntraTokenProvider, type EntraCredential } from '../../activities/datahub-auth.js';
import { B2BDataHubPort } from '../../activities/datahub-b2b.js';
import { DATAHUB_CONFIGURATION_FAULT } from '../../activities/datahub.js';
import { DataHubConfigurationFault, DataHubPoller } from '../../client/datahub-poller.js';
import { loadDataHubConfig } from '../../config/datahub.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { POINT, SUPPLIER_GLN, messageFor, simClient } from './support.js';

const START = '2026-11-05T08:00:00.000Z';
const CLIENT = 'afbryd-test-client';
const SECRET = 'test-secret';

/** A self-signed certificate and its PKCS#8 key, made for this run (never committed). */
function certificate(dir: string, name: string): { certificatePem: string; privateKeyPem: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`], { stdio: 'ignore' });
  return { certificatePem: readFileSync(cert, 'utf8'), privateKeyPem: readFileSync(key, 'utf8') };
}

let sim: RunningDataHubSimulator;
let s: ReturnType<typeof simClient>;
let certs: { good: { certificatePem: string; privateKeyPem: string }; other: { certificatePem: string; privateKeyPem: string }; dir: string };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'afbryd-entra-'));
  certs = { good: certificate(dir, 'afbryd'), other: certificate(dir, 'stranger'), dir };
  sim = await startDataHubSimulator({
    port: 0,
    clock: { mode: 'manual', now: START },
    // No static token: only Entra ID tokens are taken.
    parties: {},
    entra: {
      tokenLifetimeSeconds: 3600,
      clients: [
        { clientId: CLIENT, secret: SECRET, gln: SUPPLIER_GLN, role: 'energysupplier' },
        { clientId: 'afbryd-cert-client', certificatePem: certs.good.certificatePem, gln: SUPPLIER_GLN, role: 'energysupplier' },
      ],
    },
  });
  s = simClient(sim.url);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await s.reset();
  await s.clock(START);
});

const entraState = async () => (await s.call('GET', '/sim/entra')).json as { issued: number; refused: { reason: string }[]; audience: string; issuer: string };

/** A provider on its own clock (ms), pointed at the simulator's authority. */
function provider(options: { credential?: EntraCredential; clientId?: string; scope?: string; clock?: { ms: number } } = {}) {
  const clock = options.clock ?? { ms: Date.parse(START) };
  const tokens = new EntraTokenProvider({
    authority: sim.entra.authorityUrl,
    tenant: sim.entra.options.tenant,
    clientId: options.clientId ?? CLIENT,
    scope: options.scope ?? `${sim.entra.options.audience}/.default`,
    credential: options.credential ?? { kind: 'secret', secret: SECRET },
    refreshMarginMs: 300_000,
    now: () => clock.ms,
  });
  return { tokens, clock, port: new B2BDataHubPort({ baseUrl: sim.url, tokenSource: tokens, supplierGln: SUPPLIER_GLN, timeoutMs: 5000, serverErrorRetry: { attempts: 1, delayMs: 1 } }) };
}

/**
 * One authenticated call of the port: a D05 meter check (the adapter has no master data query since
 * issue 16 item 8, which the token tests used as their probe). Its own key each time.
 */
let probes = 0;
const probe = (port: B2BDataHubPort) =>
  port.send(messageFor(`auth-probe-${++probes}-${Math.random().toString(36).slice(2, 8)}`, { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D05', date: '2026-11-12' }));
const configurationFault = (err: unknown) => err instanceof ApplicationFailure && err.type === DATAHUB_CONFIGURATION_FAULT;

describe('acquiring and caching', () => {
  it('acquires a token with the client secret and sends the document as the GLN its azp maps to', async () => {
    const { port, tokens } = provider();
    const answer = await port.send(messageFor('auth-1', { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D01', date: '2026-11-12' }));
    expect(answer.status).toBe('accepted');
    expect(tokens.requests).toBe(1);
    const [entry] = await s.log();
    expect(entry).toMatchObject({ httpStatus: 202, senderGln: SUPPLIER_GLN });
  });

  it('makes one token request for many calls, concurrent ones included', async () => {
    const { port, tokens } = provider();
    await Promise.all(Array.from({ length: 8 }, () => probe(port)));
    for (let i = 0; i < 4; i++) expect(await probe(port)).toMatchObject({ status: 'accepted' });
    expect(tokens.requests).toBe(1);
    expect((await entraState()).issued).toBe(1);
  });

  it('is refused without any token (the static token is off here)', async () => {
    expect((await s.call('GET', '/api/peek/MeasureData', undefined, 'afbryd-dev-token')).status).toBe(401);
  });
});

describe('refresh before expiry', () => {
  it('renews the token the margin before expires_in runs out, on its own clock', async () => {
    const { port, tokens, clock } = provider();
    await probe(port);
    clock.ms += (3600 - 300) * 1000 - 1; // just inside: still the cached token
    await probe(port);
    expect(tokens.requests).toBe(1);
    clock.ms += 1; // the margin reached: a new token before the old one expires
    await s.advance(new Date(clock.ms).toISOString());
    await probe(port);
    expect(tokens.requests).toBe(2);
    // DataHub never saw an expired token.
    expect((await entraState()).refused).toEqual([]);
  });
});

describe('one retry after a 401', () => {
  it('a rotated signing key: the old token is refused, one fresh token succeeds', async () => {
    const { port, tokens } = provider();
    await probe(port);
    await s.call('POST', '/sim/entra/rotate-key', {});
    expect(await probe(port)).toMatchObject({ status: 'accepted' });
    expect(tokens.requests).toBe(2);
    expect((await entraState()).refused.map((r) => r.reason)).toEqual([expect.stringMatching(/signature/i)]);
  });

  it('revoked tokens: the send is retried once with a fresh token and accepted, once', async () => {
    const { port, tokens } = provider();
    await probe(port);
    await s.call('POST', '/sim/entra/revoke', {});
    const answer = await port.send(messageFor('auth-revoked', { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D01', date: '2026-11-12' }));
    expect(answer.status).toBe('accepted');
    expect(tokens.requests).toBe(2);
    expect((await s.log()).map((e) => e.httpStatus).slice(-2)).toEqual([401, 202]);
  });

  it('a token DataHub holds expired (its clock ahead): refused on lifetime, renewed once', async () => {
    const { port, tokens } = provider();
    await probe(port);
    await s.advance(new Date(Date.parse(START) + 3601_000).toISOString());
    await probe(port);
    expect(tokens.requests).toBe(2);
    expect((await entraState()).refused.map((r) => r.reason)).toEqual([expect.stringMatching(/ERR_JWT_EXPIRED/)]);
  });

  it('a second 401 is the configuration fault (a token for another audience: the scope is wrong)', async () => {
    const { port, tokens } = provider({ scope: 'other-api-sim/.default' });
    const err = await port.send(messageFor('auth-aud', { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D01', date: '2026-11-12' })).catch((e: unknown) => e);
    expect(configurationFault(err)).toBe(true);
    expect((err as Error).message).toMatch(/answered 401/);
    expect(tokens.requests).toBe(2);
    expect((await entraState()).refused.map((r) => r.reason)).toEqual([expect.stringMatching(/aud/), expect.stringMatching(/aud/)]);
  });

  it('the poller retries a peek once with a fresh token', async () => {
    const { tokens } = provider();
    const poller = new DataHubPoller({ client: {} as Client, baseUrl: sim.url, tokenSource: tokens, supplierGln: SUPPLIER_GLN, unmatchedFile: join(certs.dir, 'unmatched.jsonl'), categories: ['MeasureData'], log: () => {} });
    expect(await poller.pollOnce()).toEqual([]);
    await s.call('POST', '/sim/entra/rotate-key', {});
    expect(await poller.pollOnce()).toEqual([]);
    expect(tokens.requests).toBe(2);
    expect(poller.metrics().configurationFaults).toBe(0);
  });
});

describe('tokens DataHub refuses (TokenConfiguration.cs, MarketActorAuthenticator.cs)', () => {
  const mint = async (claims: Record<string, unknown>) => ((await s.call('POST', '/sim/entra/mint', { claims })).json as { access_token: string }).access_token;
  const good = { azp: CLIENT, roles: ['energysupplier'] };
  const peek = async (token: string) => (await s.call('GET', '/api/peek/MeasureData', undefined, token)).status;

  it('takes a well-formed token', async () => {
    expect(await peek(await mint(good))).toBe(204);
  });

  it.each([
    ['another issuer', { iss: 'https://login.microsoftonline.com/someone-else/v2.0' }, /iss/],
    ['another audience', { aud: 'other-api-sim' }, /aud/],
    ['expired', { exp: Math.floor(Date.parse(START) / 1000) - 1 }, /ERR_JWT_EXPIRED/],
    ['not yet valid', { nbf: Math.floor(Date.parse(START) / 1000) + 60 }, /nbf/],
    ['an azp no actor has', { azp: 'unknown-client' }, /no actor for azp/],
    ['no azp', { azp: undefined }, /no actor for azp/],
    ['two roles', { roles: ['energysupplier', 'gridaccessprovider'] }, /exactly one/],
    ['an unknown role', { roles: ['customer'] }, /exactly one/],
  ])('refuses a token with %s', async (_what, claims, reason) => {
    expect(await peek(await mint({ ...good, ...claims }))).toBe(401);
    expect((await entraState()).refused.at(-1)?.reason).toMatch(reason);
  });

  it('refuses a token signed with another key', async () => {
    const token = await mint(good);
    await s.call('POST', '/sim/entra/rotate-key', {});
    expect(await peek(token)).toBe(401);
  });
});

describe('certificate (client assertion)', () => {
  it('acquires a token with a client assertion signed by the certificate key, x5t its thumbprint', async () => {
    const { port, tokens } = provider({ clientId: 'afbryd-cert-client', credential: { kind: 'certificate', ...certs.good } });
    expect(await probe(port)).toMatchObject({ status: 'accepted' });
    expect(tokens.requests).toBe(1);
  });

  it('a certificate the app does not have registered is refused by Entra ID: a configuration fault, DataHub is not called', async () => {
    const { port } = provider({ clientId: 'afbryd-cert-client', credential: { kind: 'certificate', ...certs.other } });
    const err = await port.send(messageFor('auth-cert', { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D01', date: '2026-11-12' })).catch((e: unknown) => e);
    expect(configurationFault(err)).toBe(true);
    expect((err as Error).message).toMatch(/AADSTS700027/);
    expect(await s.log()).toEqual([]);
  });

  it('a key that is not the certificate’s is refused at start', () => {
    expect(() => provider({ clientId: 'afbryd-cert-client', credential: { kind: 'certificate', certificatePem: certs.good.certificatePem, privateKeyPem: certs.other.privateKeyPem } })).toThrow(/does not belong/);
  });
});

describe('client secret and configuration', () => {
  it('a wrong secret is a configuration fault for the adapter and the poller', async () => {
    const { port, tokens } = provider({ credential: { kind: 'secret', secret: 'wrong' } });
    const err = await probe(port).catch((e: unknown) => e);
    expect(configurationFault(err)).toBe(true);
    expect((err as Error).message).toMatch(/AADSTS7000215/);
    const poller = new DataHubPoller({ client: {} as Client, baseUrl: sim.url, tokenSource: tokens, supplierGln: SUPPLIER_GLN, unmatchedFile: join(certs.dir, 'u2.jsonl'), categories: ['MeasureData'], log: () => {} });
    await poller.pollOnce().catch(() => undefined);
    expect(poller.metrics().configurationFaults).toBeGreaterThan(0);
  });

  it('B2BDataHubPort.fromConfig with AFBRYD_DATAHUB_AUTH=entra talks to the simulator', async () => {
    const config = loadDataHubConfig({
      AFBRYD_DATAHUB_URL: sim.url,
      AFBRYD_DATAHUB_AUTH: 'entra',
      AFBRYD_DATAHUB_ENTRA_AUTHORITY: sim.entra.authorityUrl,
      AFBRYD_DATAHUB_ENTRA_TENANT: sim.entra.options.tenant,
      AFBRYD_DATAHUB_ENTRA_CLIENT_ID: CLIENT,
      AFBRYD_DATAHUB_ENTRA_CLIENT_SECRET: SECRET,
      AFBRYD_DATAHUB_ENTRA_SCOPE: `${sim.entra.options.audience}/.default`,
    });
    expect(await probe(B2BDataHubPort.fromConfig(config))).toMatchObject({ status: 'accepted' });
  });
});

it('DataHubConfigurationFault is what the poller reports for a persistent 401', () => {
  expect(new DataHubConfigurationFault('x', 401).status).toBe(401);
});

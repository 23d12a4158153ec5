/**
 * The simulator's stand-in for Microsoft Entra ID and for DataHub 3's bearer-token check.
 *
 * Token endpoint (OAuth 2.0 client credentials, as Energinet's own test driver asks for a token:
 * `opengeh-edi` `SubsystemTests/Drivers/B2BTokenReceiver.cs`):
 * `POST {authorityPath}/{tenant}/oauth2/v2.0/token` (form-encoded) with `grant_type=client_credentials`,
 * `client_id`, `scope={audience}/.default`, and `client_secret` or a `client_assertion` (RFC 7523: a
 * JWT signed with the registered certificate's key, `x5t` its SHA-1 thumbprint, `aud` the token
 * endpoint, `iss` = `sub` = the client id). Errors as Entra ID answers them: `{error,
 * error_description}` with AADSTS codes. Also `…/v2.0/.well-known/openid-configuration` and
 * `…/discovery/v2.0/keys` (its public key), as DataHub reads them.
 *
 * Tokens are RS256 JWTs signed with the simulator's own key (generated at start with `jose`), with
 * `iss`, `aud`, `iat`/`nbf`/`exp` on the simulator's (controllable) clock, `azp` = the client id,
 * one `roles` claim, `tid`, `ver` 2.0.
 *
 * The check (its own reading of DataHub's, never imported from the adapter):
 * - `B2BApi/Configuration/TokenConfiguration.cs`: signature against the issuer's keys, issuer,
 *   audience (DataHub's backend app id), lifetime, clock skew zero;
 * - `B2BApi/Authentication/MarketActorAuthenticator.cs`, `ClaimsMap.cs`: `azp` → the actor's GLN
 *   (the client registry here), exactly one `roles` claim that is a known role.
 * Any failure → 401.
 */
import { X509Certificate, createHash, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';

/** `ClaimsMap.cs`: the `roles` claim values DataHub 3 knows, and the market role code each stands for (`BuildingBlocks.Domain/Models/ActorRole.cs`). */
export const ROLE_CLAIMS: Readonly<Record<string, string>> = {
  energysupplier: 'DDQ',
  gridaccessprovider: 'DDM',
  gridoperator: 'DDM',
  metereddataresponsible: 'MDR',
  balanceresponsibleparty: 'DDK',
  systemoperator: 'EZ',
  delegated: 'DEL',
};

export const entraClientSchema = z
  .object({
    clientId: z.string().min(1),
    /** The GLN DataHub's actor register maps this client (its `azp`) to. */
    gln: z.string().regex(/^\d{13}$/),
    /** The `roles` claim put in its tokens (one, as DataHub requires). */
    role: z.string().min(1).default('energysupplier'),
    secret: z.string().min(1).optional(),
    /** PEM of the client's registered X.509 certificate (for `client_assertion`). */
    certificatePem: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => c.secret !== undefined || c.certificatePem !== undefined, 'a client needs a secret or a certificate');
export type EntraClient = z.input<typeof entraClientSchema>;

export const entraOptionsSchema = z
  .object({
    /** The path the authority lives at on the simulator. @default "/entra" */
    authorityPath: z.string().regex(/^\/[A-Za-z0-9/_-]*$/).default('/entra'),
    /** @default "00000000-0000-4000-8000-00000000a1b2" (fictional) */
    tenant: z.string().regex(/^[A-Za-z0-9.-]+$/).default('00000000-0000-4000-8000-00000000a1b2'),
    /** DataHub's backend app id: the audience its B2B endpoints accept. @default "datahub-b2b-sim" */
    audience: z.string().min(1).default('datahub-b2b-sim'),
    /** Other apps the authority issues tokens for (a token for one of these is refused by DataHub's endpoints). @default ["other-api-sim"] */
    otherAudiences: z.array(z.string().min(1)).default(['other-api-sim']),
    /** The public base URL clients reach the simulator at (issuer, assertion audience). @default the simulator's own URL */
    publicUrl: z.string().url().optional(),
    /** The issuer; @default `{publicUrl}{authorityPath}/{tenant}/v2.0` (Entra ID's v2 form). */
    issuer: z.string().min(1).optional(),
    /** Lifetime of an issued token, seconds. @default 3600 */
    tokenLifetimeSeconds: z.number().int().min(1).default(3600),
    /** @default one: `afbryd-dev-client` / `afbryd-dev-secret` → 5799999911118, energysupplier */
    clients: z.array(entraClientSchema).default([{ clientId: 'afbryd-dev-client', secret: 'afbryd-dev-secret', gln: '5799999911118', role: 'energysupplier' }]),
  })
  .strict();
export type SimEntraOptions = z.input<typeof entraOptionsSchema>;

/** What the token check found. */
export type TokenCheck = { ok: true; gln: string; role: string } | { ok: false; reason: string };

type Client = z.output<typeof entraClientSchema> & { thumbprint?: string; publicKey?: KeyObject };

/** The simulated authority and DataHub's token check. */
export class SimEntra {
  readonly options: z.output<typeof entraOptionsSchema>;
  private readonly clients = new Map<string, Client>();
  /** Generated on first use, so a simulator that only sees static tokens never pays for an RSA key. */
  private keyPromise: Promise<Awaited<ReturnType<typeof generateKeyPair>> & { kid: string }> | undefined;
  private baseUrl = 'http://127.0.0.1';
  private readonly revoked = new Set<string>();
  private readonly issuedJtis: string[] = [];
  private readonly usedAssertions = new Set<string>();
  /** Tokens issued, and refusals with their reasons (newest last), for `GET /sim/entra`. */
  readonly stats = { issued: 0, refused: [] as { at: string; reason: string }[] };

  private constructor(
    options: SimEntraOptions,
    private readonly now: () => number,
  ) {
    this.options = entraOptionsSchema.parse(options);
    for (const c of this.options.clients) this.register(c);
  }

  static async create(options: SimEntraOptions, now: () => number): Promise<SimEntra> {
    return new SimEntra(options, now);
  }

  private key(): Promise<Awaited<ReturnType<typeof generateKeyPair>> & { kid: string }> {
    this.keyPromise ??= generateKeyPair('RS256', { extractable: true }).then((pair) => ({ ...pair, kid: randomUUID() }));
    return this.keyPromise;
  }

  /** Adds or replaces a client registration. */
  register(input: EntraClient): void {
    const c = entraClientSchema.parse(input);
    const client: Client = { ...c };
    if (c.certificatePem) {
      const cert = new X509Certificate(c.certificatePem);
      client.thumbprint = createHash('sha1').update(cert.raw).digest('base64url');
      client.publicKey = cert.publicKey;
    }
    this.clients.set(c.clientId, client);
  }

  /** The simulator's URL, once it listens. */
  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  get authorityUrl(): string {
    return `${(this.options.publicUrl ?? this.baseUrl).replace(/\/+$/, '')}${this.options.authorityPath}`;
  }

  get issuer(): string {
    return this.options.issuer ?? `${this.authorityUrl}/${this.options.tenant}/v2.0`;
  }

  get tokenEndpoint(): string {
    return `${this.authorityUrl}/${this.options.tenant}/oauth2/v2.0/token`;
  }

  /** A new signing key: every token signed with the old one is refused from now on (Entra ID rotates its keys). */
  async rotateKey(): Promise<void> {
    this.keyPromise = undefined;
    await this.key();
  }

  /** Back to the start (with `POST /sim/reset`): no tokens counted, refused or revoked; the key and clients stay. */
  reset(): void {
    this.stats.issued = 0;
    this.stats.refused.length = 0;
    this.revoked.clear();
    this.issuedJtis.length = 0;
  }

  /** Revokes every token issued so far. */
  revokeAll(): number {
    for (const jti of this.issuedJtis.splice(0)) this.revoked.add(jti);
    return this.revoked.size;
  }

  async jwks(): Promise<{ keys: unknown[] }> {
    const key = await this.key();
    return { keys: [{ ...(await exportJWK(key.publicKey)), kid: key.kid, use: 'sig', alg: 'RS256' }] };
  }

  openIdConfiguration(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      token_endpoint: this.tokenEndpoint,
      jwks_uri: `${this.authorityUrl}/${this.options.tenant}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
  }

  /**
   * Signs a token with the simulator's key; `claims` override the defaults (tests mint wrong ones).
   * Times are seconds on the simulator's clock.
   */
  async sign(claims: JWTPayload & { azp?: string; roles?: string[] }): Promise<string> {
    const key = await this.key();
    const iat = Math.floor(this.now() / 1000);
    const jti = randomUUID();
    this.issuedJtis.push(jti);
    return new SignJWT({ ver: '2.0', tid: this.options.tenant, iat, nbf: iat, exp: iat + this.options.tokenLifetimeSeconds, iss: this.issuer, aud: this.options.audience, jti, ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .sign(key.privateKey);
  }

  /** `POST …/oauth2/v2.0/token`. */
  async token(tenant: string, form: Record<string, string> | undefined, requestUrl: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const fail = (status: number, error: string, description: string) => {
      this.refuse(`token endpoint: ${error}: ${description}`);
      return { status, body: { error, error_description: description } };
    };
    if (tenant !== this.options.tenant) return fail(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    if (!form) return fail(400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter: grant_type.');
    if (form.grant_type !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
    const client = form.client_id ? this.clients.get(form.client_id) : undefined;
    if (!client) return fail(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.client_id ?? ''}' was not found in the directory.`);
    const scope = /^(.+)\/\.default$/.exec(form.scope ?? '');
    const audience = scope?.[1];
    if (!audience || ![this.options.audience, ...this.options.otherAudiences].includes(audience)) {
      return fail(400, 'invalid_scope', `AADSTS500011: The resource principal named ${form.scope ?? ''} was not found in the tenant.`);
    }
    if (form.client_secret !== undefined) {
      if (client.secret === undefined || form.client_secret !== client.secret) return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    } else if (form.client_assertion !== undefined) {
      if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return fail(400, 'invalid_request', 'AADSTS50027: Invalid client_assertion_type.');
      }
      const problem = await this.checkAssertion(client, form.client_assertion, requestUrl);
      if (problem) return fail(401, 'invalid_client', problem);
    } else {
      return fail(401, 'invalid_client', "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    const accessToken = await this.sign({ aud: audience, azp: client.clientId, azpacr: form.client_secret !== undefined ? '1' : '2', sub: client.clientId, oid: client.clientId, roles: [client.role] });
    this.stats.issued++;
    return { status: 200, body: { token_type: 'Bearer', expires_in: this.options.tokenLifetimeSeconds, ext_expires_in: this.options.tokenLifetimeSeconds, access_token: accessToken } };
  }

  private async checkAssertion(client: Client, assertion: string, requestUrl: string): Promise<string | undefined> {
    if (!client.publicKey || !client.thumbprint) return 'AADSTS700027: The client has no certificate registered.';
    let header;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      return 'AADSTS50027: JWT token is invalid or malformed.';
    }
    if (header.x5t !== client.thumbprint) return 'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.';
    try {
      const { payload } = await jwtVerify(assertion, client.publicKey, {
        algorithms: ['RS256', 'PS256'],
        audience: [this.tokenEndpoint, requestUrl],
        issuer: client.clientId,
        subject: client.clientId,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp', 'jti'],
      });
      if (this.usedAssertions.has(payload.jti!)) return 'AADSTS700024: Client assertion replayed (its jti was used before).';
      this.usedAssertions.add(payload.jti!);
    } catch (err) {
      return `AADSTS700027: Client assertion failed signature validation (${(err as Error).message}).`;
    }
    return undefined;
  }

  /** DataHub's check of a bearer JWT: signature, issuer, audience, lifetime (skew zero), `azp` → GLN, one known role. */
  async check(token: string): Promise<TokenCheck> {
    const refuse = (reason: string): TokenCheck => {
      this.refuse(`bearer token: ${reason}`);
      return { ok: false, reason };
    };
    let payload: JWTPayload & { azp?: unknown; roles?: unknown };
    try {
      ({ payload } = await jwtVerify(token, (await this.key()).publicKey, {
        algorithms: ['RS256'],
        issuer: this.issuer,
        audience: this.options.audience,
        currentDate: new Date(this.now()),
        clockTolerance: 0,
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (err) {
      return refuse(`${(err as { code?: string }).code ?? 'invalid'}: ${(err as Error).message}`);
    }
    if (payload.jti && this.revoked.has(payload.jti)) return refuse('revoked');
    const azp = typeof payload.azp === 'string' ? payload.azp : undefined;
    const client = azp ? this.clients.get(azp) : undefined;
    if (!client) return refuse(`no actor for azp ${azp ?? '(none)'}`);
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    if (roles.length !== 1 || !ROLE_CLAIMS[roles[0]!]) return refuse(`needs exactly one known roles claim, got ${JSON.stringify(payload.roles ?? null)}`);
    return { ok: true, gln: client.gln, role: ROLE_CLAIMS[roles[0]!]! };
  }

  private refuse(reason: string): void {
    this.stats.refused.push({ at: new Date(this.now()).toISOString(), reason });
    if (this.stats.refused.length > 200) this.stats.refused.shift();
  }
}

/**
 * The bearer token afbryd sends to DataHub 3's B2B interface (issue 16 item 7, RULES 10).
 *
 * How DataHub 3 checks it (Energinet's `opengeh-edi`, June 2025 snapshot):
 * - `B2BApi/Configuration/TokenConfiguration.cs`: a JWT from Microsoft Entra ID, validated against
 *   the tenant's OpenID metadata (`https://login.microsoftonline.com/{tenant}/v2.0/...`): signature
 *   (the tenant's signing keys), issuer, audience (DataHub's backend app id) and lifetime, with a
 *   clock skew of zero.
 * - `B2BApi/Authentication/JwtTokenParser.cs`: `Authorization: Bearer …`, else refused.
 * - `B2BApi/Authentication/MarketActorAuthenticator.cs` + `ClaimsMap.cs`: the `azp` claim (the
 *   caller's client id) is looked up as the actor's external id to find its GLN, and exactly one
 *   `roles` claim names its market role (`energysupplier` → DDQ); anything else → 401
 *   (`MarketActorAuthenticatorMiddleware.cs`).
 * - `IncomingMessages.Domain/Validation/SenderAuthorizer.cs`: each document's sender GLN must be
 *   that actor (00002) and its role one the actor holds (00001).
 *
 * How a client gets the token (`SubsystemTests/Drivers/B2BTokenReceiver.cs`): OAuth 2.0 client
 * credentials, `POST {authority}/{tenant}/oauth2/v2.0/token` with `grant_type=client_credentials`,
 * `client_id`, `client_secret` and `scope={DataHub backend app id}/.default`. A certificate instead
 * of a secret is Entra ID's own alternative (a `client_assertion` JWT signed with the certificate's
 * key, its SHA-1 thumbprint as `x5t`); whether DataHub's test environment registers certificates for
 * suppliers is unconfirmed (docs/DEPLOYMENT.md).
 *
 * The token is cached and renewed a margin before `expires_in` runs out (measured on the injected
 * clock); concurrent callers share one request. After a 401 the adapter and poller drop the token
 * they sent ({@link EntraTokenProvider.invalidate}) and try once more with a fresh one.
 */
import { X509Certificate, createHash, createPrivateKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT, importPKCS8 } from 'jose';
import { z } from 'zod';
import type { DataHubAuthConfig } from '../config/datahub.js';

/** Where the bearer token comes from. */
export interface BearerTokenSource {
  /** The token to send now. @throws DataHubAuthError */
  token(): Promise<string>;
  /** A 401 refused this token: forget it, so the next {@link token} fetches a fresh one. */
  invalidate(token: string): void;
  /** Whether a retry after a 401 can bring a different token (false for a static one). */
  readonly renewable: boolean;
}

/**
 * One call with a bearer token, the DataHub 3 way for both the adapter and the poller: a 401 with a
 * renewable token (Entra ID) drops that token and sends the call once more with a fresh one — a token
 * revoked, expired early or signed with a key DataHub has rotated away. A second 401 is returned for
 * the caller to report as a configuration fault. The same request both times, so DataHub sees at most
 * one delivery.
 * @param bearer the caller's way to get a token (it translates a token failure into its own error)
 * @param send one attempt with a token
 */
export async function sendWithTokenRetry(
  tokens: BearerTokenSource,
  bearer: () => Promise<string>,
  send: (token: string) => Promise<Response>,
): Promise<Response> {
  const token = await bearer();
  const response = await send(token);
  if (response.status !== 401 || !tokens.renewable) return response;
  await response.body?.cancel().catch(() => undefined);
  tokens.invalidate(token);
  return send(await bearer());
}

/**
 * The token could not be obtained. `configuration`: Entra ID refused the client (a 4xx: unknown
 * client, wrong secret or certificate, wrong scope) — an operator must fix the settings;
 * otherwise Entra ID was unreachable or failed (5xx, network) — an outage, retried.
 */
export class DataHubAuthError extends Error {
  override readonly name = 'DataHubAuthError';
  constructor(
    message: string,
    readonly configuration: boolean,
  ) {
    super(message);
  }
}

/** The static token of the embedded stack (`AFBRYD_DATAHUB_TOKEN`). */
export class StaticTokenSource implements BearerTokenSource {
  readonly renewable = false;
  constructor(private readonly value: string) {}
  async token(): Promise<string> {
    return this.value;
  }
  invalidate(): void {}
}

/** How the client proves itself to Entra ID. */
export type EntraCredential = { kind: 'secret'; secret: string } | { kind: 'certificate'; certificatePem: string; privateKeyPem: string };

/** Options of {@link EntraTokenProvider}. */
export interface EntraTokenOptions {
  /** e.g. `https://login.microsoftonline.com`, or the simulator's `http://127.0.0.1:7300/entra`. */
  authority: string;
  tenant: string;
  clientId: string;
  /** `<DataHub backend app id>/.default`. */
  scope: string;
  credential: EntraCredential;
  /** Renew this long before the token expires, ms. @default 300000 */
  refreshMarginMs?: number;
  /** The clock, ms since the epoch (tests inject one). @default Date.now */
  now?: () => number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Timeout of one token request, ms. @default 30000 */
  timeoutMs?: number;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().int().positive(),
});

/** The SHA-1 thumbprint of a certificate's DER, base64url: the `x5t` header Entra ID matches the registered certificate by. */
export function certificateThumbprint(certificatePem: string): string {
  return createHash('sha1').update(new X509Certificate(certificatePem).raw).digest('base64url');
}

/** Microsoft Entra ID client credentials, cached and renewed before expiry. */
export class EntraTokenProvider implements BearerTokenSource {
  readonly renewable = true;
  private cached: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly fetchFn: typeof fetch;
  private readonly refreshMarginMs: number;
  private readonly tokenUrl: string;
  /** How many token requests were made (for tests and metrics). */
  requests = 0;

  constructor(private readonly options: EntraTokenOptions) {
    this.now = options.now ?? Date.now;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.refreshMarginMs = options.refreshMarginMs ?? 300_000;
    this.tokenUrl = `${options.authority.replace(/\/+$/, '')}/${encodeURIComponent(options.tenant)}/oauth2/v2.0/token`;
    if (options.credential.kind === 'certificate') {
      // Fail at start, not at the first case, when the key is not the certificate's.
      const cert = new X509Certificate(options.credential.certificatePem);
      if (!cert.checkPrivateKey(createPrivateKey(options.credential.privateKeyPem))) {
        throw new DataHubAuthError('the private key does not belong to the certificate', true);
      }
    }
  }

  /** The provider as `config/datahub.ts` configures it (reads the certificate files). */
  static fromConfig(auth: Extract<DataHubAuthConfig, { mode: 'entra' }>, extra: Pick<EntraTokenOptions, 'now' | 'fetch' | 'timeoutMs'> = {}): EntraTokenProvider {
    const credential: EntraCredential =
      auth.credential.kind === 'secret'
        ? auth.credential
        : { kind: 'certificate', certificatePem: readFileSync(auth.credential.certificateFile, 'utf8'), privateKeyPem: readFileSync(auth.credential.privateKeyFile, 'utf8') };
    return new EntraTokenProvider({ authority: auth.authority, tenant: auth.tenant, clientId: auth.clientId, scope: auth.scope, credential, refreshMarginMs: auth.refreshMarginMs, ...extra });
  }

  async token(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.expiresAt - this.refreshMarginMs) return cached.token;
    // One request for all who ask while it runs.
    this.pending ??= this.acquire().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(token: string): void {
    // Only the token that was refused: a 401 that arrives after a refresh must not drop the new one.
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async acquire(): Promise<string> {
    const requestedAt = this.now();
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, scope: this.options.scope });
    if (this.options.credential.kind === 'secret') {
      form.set('client_secret', this.options.credential.secret);
    } else {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', await this.assertion(requestedAt, this.options.credential));
    }
    this.requests++;
    let response: Response;
    try {
      response = await this.fetchFn(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new DataHubAuthError(`Entra ID token endpoint not reachable: ${(err as Error).message}`, false);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      // Entra's error body: { error, error_description } (never the secret; the description is safe to log).
      const body = safeJson(text) as { error?: unknown; error_description?: unknown } | undefined;
      const said = [body?.error, body?.error_description].filter((x) => typeof x === 'string').join(': ').slice(0, 300);
      throw new DataHubAuthError(`Entra ID refused the client credentials (${response.status}${said ? `: ${said}` : ''})`, true);
    }
    if (response.status !== 200) throw new DataHubAuthError(`Entra ID token endpoint answered ${response.status}`, false);
    const parsed = tokenResponseSchema.safeParse(safeJson(text));
    if (!parsed.success) throw new DataHubAuthError('Entra ID answered the token request with an unexpected body', false);
    // Expiry from expires_in on our own clock, from when we asked (a conservative start).
    this.cached = { token: parsed.data.access_token, expiresAt: requestedAt + parsed.data.expires_in * 1000 };
    return parsed.data.access_token;
  }

  /** The client assertion (RFC 7523) Entra ID takes in place of a secret: signed with the certificate's key, `x5t` its thumbprint. */
  private async assertion(nowMs: number, credential: Extract<EntraCredential, { kind: 'certificate' }>): Promise<string> {
    const key = await importPKCS8(credential.privateKeyPem, 'RS256');
    const iat = Math.floor(nowMs / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5t: certificateThumbprint(credential.certificatePem) })
      .setIssuer(this.options.clientId)
      .setSubject(this.options.clientId)
      .setAudience(this.tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + 600)
      .sign(key);
  }
}

/** The token source a configuration asks for. */
export function tokenSourceFromConfig(auth: DataHubAuthConfig, extra: Pick<EntraTokenOptions, 'now' | 'fetch' | 'timeoutMs'> = {}): BearerTokenSource {
  return auth.mode === 'static' ? new StaticTokenSource(auth.token) : EntraTokenProvider.fromConfig(auth, extra);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

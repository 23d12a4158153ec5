/**
 * The DataHub and grid simulator as an HTTP server: the B2B endpoints of DataHub 3 (RULES 10) and the
 * simulator's own admin endpoints. Run it as a process (`simulators/datahub-server/main.ts`) or in a
 * test with {@link startDataHubSimulator}.
 *
 * DataHub's endpoints (bearer token → the party):
 * - `POST /api/incomingMessages/{DocumentType}` — RequestEndOfSupply, RequestService,
 *   RequestCancellation, RequestChangeOfSupplier (any case): 202, or 400 with DataHub 3's JSON error
 *   body — one error `{"Error":{"Code","Message","Target"}}`, several `{"Error":{"Code":"BadRequest",
 *   "Message":"Multiple errors in message","Target":"","Details":{"Errors":[…]}}}`, five-digit codes
 *   (`JsonResponseFactory.cs`, `ValidationErrors/*.cs`); 415 (text/plain) without a JSON
 *   `Content-Type`; 500 (no body) for any other document type; 401 without a known token.
 * - `GET /api/peek/{category}` (MasterData, Aggregations, MeasureData, alias TimeSeries; any case;
 *   which are served is the behaviour `peekCategories`) — needs a `Content-Type` (else 415); 200 with
 *   a `MessageId` header and the document, 204 when the party's queue is empty, 500 for a category
 *   DataHub does not know (`PeekRequestListener.cs`).
 * - `DELETE /api/dequeue/{messageId}` — 200, or 400 if the message is not (any longer) in the queue
 *   (`DequeueRequestListener.cs`).
 *
 * Simulator-only endpoints (no token; the server listens on 127.0.0.1 by default):
 * - `GET /sim/metering-points/{gsrn}` — master data (meter kind, customer class, grid company,
 *   connection state). It needs a bearer token like DataHub's endpoints, since the adapter uses it in
 *   place of DataHub's master data query; 404 for an unknown point.
 * - `POST /sim/metering-points/{gsrn}/rsm022` — queue an RSM-022 AccountingPointCharacteristics of
 *   the point for its supplier (with the simulator's master-data notices on, one is queued whenever a
 *   point is added or changed). afbryd's adapter never reads master data by any simulator route.
 * - `POST /sim/metering-points` — add or replace one (`{ meteringPointId, meterKind, customerClass,
 *   gridCompanyGln, supplierGln? }`).
 * - `GET /sim/clock`; `POST /sim/clock {now}` (a manual clock at an ISO instant; moved forward, the
 *   grid's due actions run on the way) or `{mode:'system'}`; `POST /sim/advance {to}` or
 *   `{minutes}` / `{hours}` / `{days}` — moves a manual clock forward, running the due actions.
 * - `GET /sim/behaviour`; `POST /sim/behaviour {…}` — change refusal rate, delays, faults (see
 *   `behaviourSchema` in model.ts). `POST /sim/faults {incoming:[{when:'before'|'after', status}]}`
 *   — fail the next incoming messages, before or after processing them.
 * - `POST /sim/outbound` — put a document into a party's queue (a raw `{document}`, or
 *   `{documentType, records:[…]}` built by the simulator); `POST /sim/grid/disconnect
 *   {meteringPointId, date?}` — a disconnection the grid makes on its own (SV 2.2.4).
 * - `GET /sim/log?since=N` — every incoming message, duplicates and failures included;
 *   `GET /sim/queues` — each party's queue with peek and dequeue counts; `GET /sim/queues/{messageId}`
 *   — one queued document; `GET /sim/dequeued` — messages dequeued, with their peek counts; `GET /sim/state` — metering points, processes, pending grid actions.
 * - `POST /sim/reset {seed?}` — back to the fixtures. `GET /health`.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { CONTENT_TYPE_ERROR, DOCUMENT_FORMATS, ERROR, categoryOf, type MeteringPointFixture } from './fixtures.js';
import { errorBody, unauthorisedBody } from './documents.js';
import { DataHubModel, behaviourSchema, faultSchema, outboundSchema, type DataHubModelOptions } from './model.js';
import { SimEntra, entraClientSchema, type SimEntraOptions } from './entra.js';

/** Options of {@link startDataHubSimulator}. */
export interface DataHubSimulatorOptions extends DataHubModelOptions {
  /** The port; 0 picks a free one. @default 7300 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** How often the grid's due actions run on the system clock, in ms. @default 1000 */
  tickMs?: number;
  /** The Entra ID stand-in: authority path, tenant, audience, clients (`entra.ts`). @default one dev client */
  entra?: SimEntraOptions;
}

/** A running simulator. */
export interface RunningDataHubSimulator {
  /** e.g. `http://127.0.0.1:7300` */
  url: string;
  port: number;
  /** The Entra ID stand-in (its authority URL, tenant, audience; tests register clients on it). */
  entra: SimEntra;
  close(): Promise<void>;
}

const MALFORMED = Symbol('malformed JSON');
type Body = unknown;

const meteringPointSchema = z
  .object({
    meteringPointId: z.string().regex(/^\d{18}$/),
    meterKind: z.enum(['physical', 'remote', 'hourly']),
    customerClass: z.enum(['household', 'business', 'business-large']),
    gridCompanyGln: z.string().regex(/^\d{13}$/),
    supplierGln: z.string().regex(/^\d{13}$/).optional(),
  })
  .strict();

const clockSchema = z.union([
  z.object({ now: z.string().datetime({ offset: true }) }).strict(),
  z.object({ mode: z.literal('system') }).strict(),
]);

const advanceSchema = z
  .object({
    to: z.string().datetime({ offset: true }).optional(),
    minutes: z.number().min(0).optional(),
    hours: z.number().min(0).optional(),
    days: z.number().min(0).optional(),
  })
  .strict()
  .refine((a) => Object.keys(a).length === 1, 'give exactly one of to, minutes, hours, days');

/** Builds the Fastify app over a model (not listening). */
export function buildDataHubSimulatorApp(model: DataHubModel, entra: SimEntra): { app: FastifyInstance; releaseHanging: () => void } {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 5 * 1024 * 1024 });
  const hanging = new Set<() => void>();

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, MALFORMED);
    }
  });
  // The token endpoint's form (OAuth 2.0); DataHub's endpoints answer 415 to this Content-Type before reading the body.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(null, MALFORMED));

  /**
   * The GLN a bearer token stands for: a static token of the embedded stack (`parties`), or an Entra
   * ID JWT that passes DataHub's check (`entra.ts`: signature, issuer, audience, lifetime, azp, roles).
   */
  const partyOf = async (authorization: string | undefined): Promise<string | undefined> => {
    const fixed = model.partyOf(authorization);
    if (fixed) return fixed;
    const m = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i.exec(authorization ?? '');
    if (!m) return undefined;
    const checked = await entra.check(m[1]!);
    return checked.ok ? checked.gln : undefined;
  };

  const bad = (reply: FastifyReply, error: unknown) =>
    reply.code(400).send({ error: error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') : String((error as Error).message ?? error) });
  const parse = <T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: Body): T => {
    if (body === MALFORMED) throw new Error('the body is not JSON');
    return schema.parse(body ?? {});
  };

  // ----- DataHub's B2B endpoints

  /**
   * DataHub 3 reads the document format from `Content-Type` and answers 415 (text/plain) without a
   * usable one (`B2BApi/Common/HttpRequestDataExtensions.cs`, `B2BApi/Extensions/DocumentFormatParser.cs`);
   * the simulator speaks JSON only, so XML and ebIX get a 415 too (its own).
   */
  const contentTypeProblem = (reply: FastifyReply, header: string | undefined): FastifyReply | undefined => {
    if (!header || header.trim() === '') return reply.code(415).header('content-type', 'text/plain; charset=utf-8').send(CONTENT_TYPE_ERROR.missing);
    const main = header.split(';')[0]!.trim();
    const format = main.slice(main.indexOf('/') + 1).toLowerCase();
    if (!(DOCUMENT_FORMATS as readonly string[]).includes(format)) {
      return reply.code(415).header('content-type', 'text/plain; charset=utf-8').send(CONTENT_TYPE_ERROR.invalid);
    }
    if (format !== 'json') return reply.code(415).header('content-type', 'text/plain; charset=utf-8').send('the simulator speaks application/json only');
    return undefined;
  };

  app.post<{ Params: { documentType: string } }>('/api/incomingMessages/:documentType', async (request, reply) => {
    const body = request.body as Body;
    const sender = await partyOf(request.headers.authorization);
    if (sender) {
      const refused = contentTypeProblem(reply, request.headers['content-type']);
      if (refused) return refused;
      if (body === MALFORMED) {
        return reply.code(400).send(errorBody([{ Code: ERROR.invalidStructure, Message: 'the body is not a JSON document', Target: 'body' }]));
      }
    }
    const result = model.incoming(request.params.documentType, body, sender);
    if (result.delayMs > 0) await new Promise((r) => setTimeout(r, result.delayMs));
    reply.code(result.status);
    return result.body === undefined ? reply.send() : reply.send(result.body);
  });

  app.get<{ Params: { category: string } }>('/api/peek/:category', async (request, reply) => {
    const party = await partyOf(request.headers.authorization);
    if (!party) return reply.code(401).send(unauthorisedBody());
    const refused = contentTypeProblem(reply, request.headers['content-type']);
    if (refused) return refused;
    // EnumerationType.FromName throws for a category it does not know: an unhandled 500 (PeekRequestListener.cs).
    const category = categoryOf(request.params.category);
    if (!category || !model.getBehaviour().peekCategories.includes(category)) return reply.code(500).send();
    const message = model.peek(party, category);
    reply.header('content-type', 'application/json; charset=utf-8');
    if (!message) return reply.code(204).send();
    return reply.code(200).header('MessageId', message.messageId).send(JSON.stringify(message.document));
  });

  app.delete<{ Params: { messageId: string } }>('/api/dequeue/:messageId', async (request, reply) => {
    const party = await partyOf(request.headers.authorization);
    if (!party) return reply.code(401).send(unauthorisedBody());
    const result = model.dequeue(party, request.params.messageId);
    // DequeueRequestListener.cs: 200 when dequeued, 400 otherwise (an unknown id), text/plain, no body.
    if (result === 'dequeued') return reply.code(200).header('content-type', 'text/plain; charset=utf-8').send();
    if (result === 'unknown') return reply.code(400).header('content-type', 'text/plain; charset=utf-8').send();
    if (result === 'hang') {
      await new Promise<void>((resolve) => {
        hanging.add(resolve);
        setTimeout(resolve, 5 * 60_000).unref();
      });
    }
    return reply.code(503).send({ error: 'simulated dequeue failure (the message stays in the queue)' });
  });

  // ----- the Entra ID stand-in (its own signing key; `entra.ts`)

  const authority = entra.options.authorityPath.replace(/\/+$/, '');
  app.post<{ Params: { tenant: string } }>(`${authority}/:tenant/oauth2/v2.0/token`, async (request, reply) => {
    const form = request.body && typeof request.body === 'object' ? (request.body as Record<string, string>) : undefined;
    const requestUrl = `${request.protocol}://${request.headers.host ?? ''}${request.url.split('?')[0]}`;
    const result = await entra.token(request.params.tenant, form, requestUrl);
    return reply.code(result.status).header('cache-control', 'no-store').send(result.body);
  });
  app.get<{ Params: { tenant: string } }>(`${authority}/:tenant/v2.0/.well-known/openid-configuration`, async (request, reply) =>
    request.params.tenant === entra.options.tenant ? reply.send(entra.openIdConfiguration()) : reply.code(400).send({ error: 'invalid_tenant' }),
  );
  app.get<{ Params: { tenant: string } }>(`${authority}/:tenant/discovery/v2.0/keys`, async (request, reply) =>
    request.params.tenant === entra.options.tenant ? reply.send(await entra.jwks()) : reply.code(400).send({ error: 'invalid_tenant' }),
  );

  // ----- simulator-only

  /** `GET /sim/entra`: the authority's settings, tokens issued, refusals with reasons (no secrets). */
  app.get('/sim/entra', async () => ({
    authority: entra.authorityUrl,
    tenant: entra.options.tenant,
    audience: entra.options.audience,
    issuer: entra.issuer,
    tokenEndpoint: entra.tokenEndpoint,
    issued: entra.stats.issued,
    refused: entra.stats.refused,
  }));
  /** `POST /sim/entra/rotate-key`: a new signing key; tokens signed with the old one are refused (401). */
  app.post('/sim/entra/rotate-key', async () => {
    await entra.rotateKey();
    return { rotated: true };
  });
  /** `POST /sim/entra/revoke`: every token issued so far is refused (401). */
  app.post('/sim/entra/revoke', async () => ({ revoked: entra.revokeAll() }));
  /** `POST /sim/entra/clients`: register or replace a client (`{clientId, gln, role?, secret?, certificatePem?}`). */
  app.post('/sim/entra/clients', async (request, reply) => {
    try {
      const client = parse(entraClientSchema, request.body);
      entra.register(client);
      return reply.send({ clientId: client.clientId, gln: client.gln });
    } catch (err) {
      return bad(reply, err);
    }
  });
  /** `POST /sim/entra/mint {claims}`: a token signed with the simulator's key with any claims (to test refusals). */
  app.post('/sim/entra/mint', async (request, reply) => {
    try {
      const body = parse(z.object({ claims: z.record(z.unknown()).default({}) }).strict(), request.body);
      return reply.send({ access_token: await entra.sign(body.claims) });
    } catch (err) {
      return bad(reply, err);
    }
  });

  app.get<{ Params: { gsrn: string } }>('/sim/metering-points/:gsrn', async (request, reply) => {
    if (!(await partyOf(request.headers.authorization))) {
      return reply.code(401).send(unauthorisedBody());
    }
    const point = model.meteringPoint(request.params.gsrn);
    return point ? reply.send(point) : reply.code(404).send({ error: 'unknown metering point' });
  });

  app.post<{ Params: { gsrn: string } }>('/sim/metering-points/:gsrn/rsm022', async (request, reply) => {
    const sent = model.sendMasterData(request.params.gsrn);
    return sent ? reply.send(sent) : reply.code(404).send({ error: 'unknown metering point' });
  });

  app.post('/sim/metering-points', async (request, reply) => {
    try {
      const point = parse(meteringPointSchema, request.body) as MeteringPointFixture;
      model.upsertMeteringPoint(point);
      return reply.send(model.meteringPoint(point.meteringPointId));
    } catch (err) {
      return bad(reply, err);
    }
  });

  app.get('/sim/clock', async () => model.clockState());
  app.post('/sim/clock', async (request, reply) => {
    try {
      const body = parse(clockSchema, request.body);
      model.setClock('now' in body ? { mode: 'manual', now: body.now } : { mode: 'system' });
      return reply.send(model.clockState());
    } catch (err) {
      return bad(reply, err);
    }
  });
  app.post('/sim/advance', async (request, reply) => {
    try {
      const body = parse(advanceSchema, request.body);
      const now = model.now();
      const to = body.to
        ? Date.parse(body.to)
        : now + ((body.minutes ?? 0) * 60_000 + (body.hours ?? 0) * 3_600_000 + (body.days ?? 0) * 86_400_000);
      model.advance(to);
      return reply.send(model.clockState());
    } catch (err) {
      return bad(reply, err);
    }
  });

  app.get('/sim/behaviour', async () => model.getBehaviour());
  app.post('/sim/behaviour', async (request, reply) => {
    try {
      return reply.send(model.setBehaviour(parse(behaviourSchema.partial(), request.body)));
    } catch (err) {
      return bad(reply, err);
    }
  });
  app.post('/sim/faults', async (request, reply) => {
    try {
      const body = parse(z.object({ incoming: z.array(faultSchema) }).strict(), request.body);
      model.addFaults(body.incoming);
      return reply.send({ added: body.incoming.length });
    } catch (err) {
      return bad(reply, err);
    }
  });

  app.post('/sim/outbound', async (request, reply) => {
    try {
      return reply.send(model.enqueueOutbound(parse(outboundSchema, request.body)));
    } catch (err) {
      return bad(reply, err);
    }
  });
  app.post('/sim/grid/disconnect', async (request, reply) => {
    try {
      const body = parse(
        z.object({ meteringPointId: z.string().regex(/^\d{18}$/), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
        request.body,
      );
      const result = model.gridInitiatedDisconnection(body.meteringPointId, body.date);
      return result ? reply.send(result) : reply.code(404).send({ error: 'unknown metering point, or no supplier on it' });
    } catch (err) {
      return bad(reply, err);
    }
  });

  app.get<{ Querystring: { since?: string } }>('/sim/log', async (request) => model.log(Number(request.query.since ?? 0) || 0));
  app.get('/sim/queues', async () => model.queueView());
  app.get('/sim/dequeued', async () => model.dequeued());
  app.get<{ Params: { messageId: string } }>('/sim/queues/:messageId', async (request, reply) => {
    const message = model.queuedDocument(request.params.messageId);
    return message ? reply.send(message) : reply.code(404).send({ error: 'not in any queue' });
  });
  app.get('/sim/state', async () => model.state());
  app.post('/sim/reset', async (request, reply) => {
    try {
      const body = parse(z.object({ seed: z.number().int().optional() }).strict(), request.body);
      model.reset(body.seed);
      entra.reset();
      return reply.send({ reset: true });
    } catch (err) {
      return bad(reply, err);
    }
  });
  app.get('/health', async () => ({ ok: true }));

  const releaseHanging = () => {
    for (const resolve of hanging) resolve();
    hanging.clear();
  };
  return { app, releaseHanging };
}

/**
 * Starts the simulator in this process.
 * @example
 * const sim = await startDataHubSimulator({ port: 0, clock: { mode: 'manual', now: '2026-11-05T08:00:00Z' } });
 * // … sim.url …
 * await sim.close();
 */
export async function startDataHubSimulator(options: DataHubSimulatorOptions = {}): Promise<RunningDataHubSimulator> {
  const model = new DataHubModel(options);
  const entra = await SimEntra.create(options.entra ?? {}, () => model.now());
  const { app, releaseHanging } = buildDataHubSimulatorApp(model, entra);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 7300, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 7300);
  const tick = setInterval(() => {
    try {
      model.runDue(model.now());
    } catch (err) {
      console.error(`datahub simulator: grid action failed: ${(err as Error).message}`);
    }
  }, options.tickMs ?? 1000);
  tick.unref();
  entra.setBaseUrl(`http://${host}:${port}`);
  return {
    url: `http://${host}:${port}`,
    port,
    entra,
    close: async () => {
      clearInterval(tick);
      releaseHanging();
      await app.close();
    },
  };
}

/**
 * The billing API: how the billing system and operators reach cases over HTTP.
 *
 *   POST /cases               start a case (201), or find the invoice's case / join the open one (200)
 *   GET  /cases?stage=…       list cases from Temporal visibility
 *   GET  /cases/:id           a case: stage, next step, timeline with legal basis and cause, letters, …
 *   POST /cases/:id/events    deliver a billing or operator event → applied / duplicate / rejected
 *   GET  /cases/failed        cases whose workflow failed, of every kind (without master data: UnknownMeteringPoint)
 *   POST /master-data         a metering point's master data (grid company, hourly settlement, disconnection method)
 *   POST /imports             import a CSV of cases (billing run, or cases in flight from a previous system): imports.ts
 *   POST /owner-liability-cases, POST /disconnection-requests (+ GET …/:id, POST …/:id/events): owner liability
 *                             (BEK §25) and requested disconnections (D12): owner-routes.ts
 *   GET  /openapi.json        the OpenAPI 3 document (no token needed)
 *   GET  /healthz, /readyz    the process is up; Temporal and the evidence archive answer (no token needed)
 *
 * `:id` is the case id `case-<GSRN>-<customerId>` (the workflow id; `id` in the answer of POST /cases).
 *
 * Every other route needs `Authorization: Bearer <token>`; the token names its actor, which is
 * written into each event delivered (and so into the case's timeline), and its prefix the role
 * (`roles.ts`: 403 for a route or event type the role may not use). Input is validated with the
 * zod schemas of `schemas.ts` before anything reaches Temporal: invalid content gets 422 naming every
 * invalid field (a body that is not JSON 400), and nothing is started or signalled. An event the case's
 * state refuses is 409 `refused-by-case` with the reason. Messages and logs never carry a value sent
 * (it may be personal data): logs name the route, the case id, the actor and the status only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import swagger from '@fastify/swagger';
import type { Client } from '@temporalio/client';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseDocument, deliverEvent, listCases, readCase, recordedBeforeClose, retryByAttentionReason, startCase, type ArchivedCaseReader } from '../cases.js';
import { listFailedCases, masterDataBodySchema, supplyMasterData, type MasterDataStore } from '../master-data.js';
import { ATTENTION } from '../../workflows/shared/attention.js';
import { classifyTemporalError } from '../temporal-errors.js';
import { createMetrics, gaugeFrom, type AfbrydMetrics } from '../../ops/metrics.js';
import { importsRoutes } from './imports.js';
import { ownerRoutes } from './owner-routes.js';
import { pagesRoutes, type CustomerNames } from './pages.js';
import { ROUTE_ROLES, deniedMessage, eventRolesOf, roleOfActor, rolesLine, routeKey, type Role } from './roles.js';
import type { CaseEvent } from '../../workflows/case/definitions.js';
import {
  apiEventSchema,
  caseListResponseSchema,
  caseParamsSchema,
  caseResponseSchema,
  eventResponseSchema,
  fieldIssues,
  isCaseId,
  issuesResponseSchema,
  listQuerySchema,
  refusal,
  refusalResponseSchema,
  safeErrorMap,
  startCaseBodySchema,
  startCaseResponseSchema,
  type FieldIssue,
} from './schemas.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The actor named by the request's bearer token (set by the authentication hook). */
    actor: string;
    /** The actor's role (its prefix; client/api/roles.ts says what each may do). */
    role: Role | '';
    /** The case the request is about, once known (for the log line). */
    caseRef: string;
  }
  interface FastifyContextConfig {
    /** The route needs no bearer token. */
    public?: boolean;
  }
}

/** Where the API logs (pino options). */
export interface ApiLoggerOptions {
  /** @default 'info' */
  level?: string;
  /** Where log lines go (one JSON object a line). @default stdout */
  stream?: { write(line: string): void };
}

/** Options of {@link buildApi}. */
export interface ApiOptions {
  client: Client;
  /** The task queue new cases run on. */
  taskQueue: string;
  /** Bearer token → actor (`billing`, `operator:jens`, …). */
  tokens: Readonly<Record<string, string>>;
  /** @default false (no logging) */
  logger?: ApiLoggerOptions | false;
  /**
   * How long a request may wait for Temporal (and the case's worker) before it answers 503.
   * @default 15000
   */
  temporalTimeoutMs?: number;
  /** The largest request body accepted, in bytes. @default 65536 */
  bodyLimit?: number;
  /** The API's metrics (ops/metrics.ts), served at `GET /metrics`. @default a registry of its own */
  metrics?: AfbrydMetrics;
  /**
   * The evidence archive: `GET /cases/:id` reads a closed case from it once Temporal has dropped the
   * history. @default none (a case unknown to Temporal is 404)
   */
  evidence?: ArchivedCaseReader;
  /**
   * The master-data store (the evidence archive's database: `EvidenceStore`): `POST /master-data` and
   * `POST /cases` with `masterData` write to it. @default none (those answer 503)
   */
  masterData?: MasterDataStore;
  /**
   * The customer registry: the case page shows the customer's name from it, at render time only
   * (client/api/pages.ts). @default none (the page shows the customer number)
   */
  customers?: CustomerNames;
  /** The clock of the pages' "today" (tests). @default Date.now */
  now?: () => number;
}

/** How long /readyz waits for each dependency. */
const READY_TIMEOUT_MS = 3_000;

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/i;

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Finds a token's actor in constant time per known token (no early exit on a match). */
function tokenChecker(tokens: Readonly<Record<string, string>>): (token: string) => string | undefined {
  const known = Object.entries(tokens).map(([token, actor]) => ({ hash: digest(token), actor }));
  return (token) => {
    const hash = digest(token);
    let found: string | undefined;
    for (const k of known) if (timingSafeEqual(hash, k.hash)) found ??= k.actor;
    return found;
  };
}

type Problem = { error: string; message: string; issues?: FieldIssue[] };

/** Any reply (whatever the route's types). */
type AnyReply = { code(status: number): AnyReply; type(contentType: string): AnyReply; send(payload: unknown): AnyReply };

function send<R>(reply: R, status: number, problem: Problem): R {
  return (reply as unknown as AnyReply).code(status).type('application/json; charset=utf-8').send(problem) as unknown as R;
}

/** Safe words for Fastify's own 4xx errors (their messages are generic, but say it ourselves). */
const FASTIFY_ERRORS: Record<string, Problem> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { error: 'too-large', message: 'the request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { error: 'unsupported-media-type', message: 'send the body as application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { error: 'invalid-request', message: 'the body is empty; send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { error: 'invalid-request', message: 'the body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { error: 'invalid-request', message: 'the body does not match its Content-Length' },
};

/** `POST /cases/retry`: the reasons a retry clears (workflows/shared/attention.ts). */
const RETRYABLE_REASONS = Object.entries(ATTENTION)
  .filter(([, kind]) => kind.clearedBy === 'retryStep')
  .map(([code]) => code) as [string, ...string[]];
const retryBodySchema = z
  .object({
    reason: z.enum(RETRYABLE_REASONS).describe('An attention reason a retry clears'),
    dryRun: z.boolean().optional().describe('List the cases only'),
  })
  .strict();
const retryResponseSchema = z.object({
  cases: z.array(
    z.object({ id: z.string(), step: z.string().optional(), outcome: z.enum(['applied', 'duplicate', 'rejected', 'planned', 'unanswered']), reason: z.string().optional() }),
  ),
  truncated: z.boolean(),
});

const failedQuerySchema = z
  .object({
    failureType: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, 'must be a failure type, e.g. UnknownMeteringPoint').optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();

const failedResponseSchema = z.object({
  cases: z.array(
    z.object({
      workflowId: z.string(),
      runId: z.string(),
      workflowType: z.string().describe('caseWorkflow, caseWorkflowV2, ownerLiabilityWorkflow or requestedDisconnectionWorkflow'),
      meteringPointId: z.string().optional().describe('The GSRN in the workflow id'),
      closedAt: z.string().optional(),
      failureType: z.string().optional(),
      next: z.string().describe('What the operator does next, with the commands'),
    }),
  ),
  truncated: z.boolean(),
});

const masterDataResponseSchema = z.object({
  meteringPointId: z.string(),
  stored: z.boolean().describe('False when the store keeps facts with a later validity'),
  nudged: z.array(z.string()).describe('The open cases told that master data arrived'),
});

const problems = {
  400: issuesResponseSchema.describe('A body that cannot be read (not JSON, empty). Nothing was started or delivered.'),
  401: issuesResponseSchema.describe('No bearer token, or an unknown one'),
  403: issuesResponseSchema.describe("The token's role may not use this route or send this event type (`x-roles`, `x-event-roles`)"),
  404: issuesResponseSchema.describe('No such case'),
  409: refusalResponseSchema.describe("The case's state refuses the event (`error: refused-by-case`, the outcome and its reason), or the case is closed, or changed at the same moment (retry)"),
  422: issuesResponseSchema.describe('Invalid content: `issues` names every invalid field (never its value). Nothing was started or delivered.'),
  503: issuesResponseSchema.describe('Temporal or the case worker did not answer in time; retrying is safe (same messageId)'),
};

/** The parts of the OpenAPI document {@link withRoles} touches. */
interface OpenApiDocument {
  paths?: Record<string, Record<string, { description?: string; 'x-roles'?: readonly string[]; 'x-event-roles'?: unknown; requestBody?: { content?: Record<string, { schema?: EventBodySchema }> } }>>;
}
type EventBodySchema = { oneOf?: EventBodySchema[]; anyOf?: EventBodySchema[]; description?: string; properties?: { type?: { enum?: unknown[]; const?: unknown } }; 'x-roles'?: readonly string[] };

/**
 * Shows the table of roles (client/api/roles.ts) in the OpenAPI document: `x-roles` and a line of the
 * description on every operation; on an events route also `x-event-roles` (event type → roles) and
 * `x-roles` with a line on each event type's schema.
 */
function withRoles(document: OpenApiDocument): OpenApiDocument {
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    const url = path.replace(/\{([^}]+)\}/g, ':$1');
    for (const [method, operation] of Object.entries(operations)) {
      const roles = ROUTE_ROLES[routeKey(method, url)];
      if (!roles) continue;
      operation['x-roles'] = roles === 'public' ? [] : roles;
      operation.description = [operation.description, rolesLine(roles)].filter(Boolean).join(' ');
      const events = eventRolesOf(url);
      if (!events) continue;
      operation['x-event-roles'] = events;
      const body = operation.requestBody?.content?.['application/json']?.schema;
      for (const variant of body?.oneOf ?? body?.anyOf ?? []) {
        const type = variant.properties?.type?.enum?.[0] ?? variant.properties?.type?.const;
        const allowed = typeof type === 'string' ? events[type] : undefined;
        if (!allowed) continue;
        variant['x-roles'] = allowed;
        variant.description = [variant.description, rolesLine(allowed)].filter(Boolean).join(' ');
      }
    }
  }
  return document;
}

/**
 * The CSV routes (`…/csv`, client/api/pages.ts) answer 200 as `text/csv`; their errors stay JSON.
 */
function csvAnswers(document: OpenApiDocument): OpenApiDocument {
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    if (!path.endsWith('/csv')) continue;
    for (const operation of Object.values(operations)) {
      const ok = (operation as { responses?: Record<string, { content?: Record<string, unknown> }> }).responses?.['200'];
      if (ok?.content?.['application/json']) ok.content = { 'text/csv': ok.content['application/json'] };
    }
  }
  return document;
}

/**
 * Builds the API (not listening: call `listen`, or `inject` in tests).
 */
export function buildApi(options: ApiOptions): FastifyInstance {
  const { client, taskQueue } = options;
  const timeoutMs = options.temporalTimeoutMs ?? 15_000;
  const actorOf = tokenChecker(options.tokens);
  const metrics = options.metrics ?? createMetrics('api');
  // Counted in visibility at each scrape: search attributes only, no personal data.
  const countOpen = (clause: string) => async () =>
    (await client.withDeadline(Date.now() + READY_TIMEOUT_MS, () => client.workflow.count(`ExecutionStatus = 'Running' AND ${clause}`))).count;
  gaugeFrom(metrics.registry, 'afbryd_cases_needing_attention', 'Open cases of every kind with an open attention reason (AfbrydNeedsAttention)', countOpen('AfbrydNeedsAttention = true'));
  gaugeFrom(metrics.registry, 'afbryd_cases_overdue', "Open cases whose grid report is overdue (AfbrydOverdue, RULES 4)", countOpen('AfbrydOverdue = true'));
  if (Object.keys(options.tokens).length === 0) throw new Error('buildApi: at least one bearer token is needed');
  for (const [i, actor] of Object.values(options.tokens).entries()) {
    if (!roleOfActor(actor)) throw new Error(`buildApi: token ${i + 1}: its actor names no role (client/api/roles.ts)`);
  }

  const logger: FastifyServerOptions['logger'] = options.logger
    ? {
        level: options.logger.level ?? 'info',
        ...(options.logger.stream ? { stream: options.logger.stream } : {}),
        // afbryd's one log format (ops/log.ts): {"level":"info","at":"<ISO>","component":"api","msg":…}.
        base: { component: 'api' },
        timestamp: () => `,"at":"${new Date().toISOString()}"`,
        formatters: { level: (label: string) => ({ level: label }) },
        // Headers are never logged; should one be, its credentials are not.
        redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization'], censor: '[redacted]' },
        serializers: {
          req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? '(none)' }),
          res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
          // Never an error's message or stack in the request log: they may quote input.
          err: ((err: Error & { code?: string }) => ({ type: err.name, ...(err.code ? { code: err.code } : {}) })) as never,
        },
      }
    : false;

  const app = Fastify({
    logger,
    // Our own one line per request below: ids only, never the URL as sent or a body.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only (no text/plain bodies).
  app.removeContentTypeParser('text/plain');
  // Validation happens in the preValidation hook below (every part at once, value-free messages);
  // the route schemas serve that hook and the OpenAPI document. Answers are not checked against the
  // response schemas, so a richer case view never turns into a 500.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'afbryd billing API',
        version: '0.1.0',
        description:
          "Starts unpaid-invoice cases and delivers billing and operator events to them. A case's id is `case-<GSRN>-<customerId>` (the Temporal workflow id). " +
          'Every route but this document needs `Authorization: Bearer <token>`; the token names the actor recorded in the case timeline, and the actor\'s prefix its role ' +
          '(billing, operator, customer-service, auditor, datahub). Each operation lists the roles that may use it (`x-roles`), each events route the roles of each event type ' +
          '(`x-event-roles`); any other role gets 403. ' +
          'Invalid content gets 422 naming every invalid field (never echoing its value), and nothing is started or signalled; an event the case refuses gets 409 (`refused-by-case`) with the reason.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'cases', description: 'Unpaid-invoice cases' },
        { name: 'master-data', description: "Metering points' master data (issue 16 item 8)" },
        { name: 'operations', description: 'Health and readiness, without a token' },
        { name: 'pages', description: "Customer service's case page (/sag) and the operator worklist (/arbejdsliste): the JSON they read" },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => csvAnswers(withRoles((documentObject as { openapiObject: OpenApiDocument }).openapiObject)) as never,
  });

  app.decorateRequest('actor', '');
  app.decorateRequest('role', '');

  // ----- every route has its row in the table of roles (client/api/roles.ts), checked as it is registered
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const roles = ROUTE_ROLES[routeKey(method, route.url)];
      if (!roles) throw new Error(`buildApi: the route ${routeKey(method, route.url)} has no row in ROUTE_ROLES (client/api/roles.ts)`);
      if ((roles === 'public') !== Boolean(route.config?.public)) {
        throw new Error(`buildApi: the route ${routeKey(method, route.url)} is ${roles === 'public' ? '' : 'not '}public in ROUTE_ROLES but not in its config`);
      }
    }
  });
  app.decorateRequest('caseRef', '');

  // ----- authentication
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    const actor = match?.[1] ? actorOf(match[1]) : undefined;
    if (!actor) {
      reply.header('www-authenticate', 'Bearer realm="afbryd"');
      return send(reply, 401, {
        error: 'unauthorized',
        message: header === undefined ? 'a bearer token is required (Authorization: Bearer <token>)' : 'the bearer token is not valid',
      });
    }
    request.actor = actor;
    const role = roleOfActor(actor);
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const url = request.routeOptions.url;
    if (url === undefined) return; // no such route: 404 below
    const allowed = ROUTE_ROLES[routeKey(method, url)];
    if (!role || !Array.isArray(allowed) || !allowed.includes(role)) {
      return send(reply, 403, { error: 'forbidden', message: deniedMessage(role ?? (actor as Role), `use ${method} ${url}`, Array.isArray(allowed) ? allowed : []) });
    }
    request.role = role;
  });

  // ----- the event type's roles, before the body is validated (a denied type is 403 whatever else it holds)
  app.addHook('preValidation', async (request, reply) => {
    const table = eventRolesOf(request.routeOptions.url ?? '');
    if (!table || !request.role) return;
    const type = (request.body as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(table, type)) return; // unknown types: the validation names them
    const allowed = table[type]!;
    if (!allowed.includes(request.role)) {
      return send(reply, 403, { error: 'forbidden', message: deniedMessage(request.role, `send the event ${type}`, allowed) });
    }
  });

  // ----- validation of every part at once
  app.addHook('preValidation', async (request, reply) => {
    const schema = request.routeOptions.schema as
      | { params?: z.ZodTypeAny; querystring?: z.ZodTypeAny; body?: z.ZodTypeAny }
      | undefined;
    if (!schema) return;
    const issues: FieldIssue[] = [];
    const parts = [
      ['params', 'params'],
      ['querystring', 'query'],
      ['body', 'body'],
    ] as const;
    for (const [part, field] of parts) {
      const zod = schema[part];
      if (!zod) continue;
      const result = zod.safeParse(request[field] ?? (part === 'querystring' ? {} : undefined), { errorMap: safeErrorMap });
      if (result.success) (request as unknown as Record<string, unknown>)[field] = result.data;
      else issues.push(...fieldIssues(part, result.error));
    }
    if (issues.length > 0) {
      return send(reply, 422, {
        error: 'invalid-request',
        message: `${issues.length} invalid field${issues.length === 1 ? '' : 's'}: ${issues.map((i) => `${i.in}${i.path ? `.${i.path}` : ''}`).join(', ')}`,
        issues,
      });
    }
  });

  // ----- one log line per request: route, case id, actor, status (never the URL as sent, a body or a header)
  app.addHook('onResponse', async (request, reply) => {
    const id = request.caseRef || (request.params as { id?: unknown } | undefined)?.id;
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        ...(typeof id === 'string' && isCaseId(id) ? { caseId: id } : {}),
        ...(request.actor ? { actor: request.actor } : {}),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    metrics.apiRequests.inc({ route: `${request.method} ${request.routeOptions.url ?? '(no route)'}`, status: String(reply.statusCode) });
  });

  app.setNotFoundHandler((_request, reply) => send(reply, 404, { error: 'not-found', message: 'no such route' }));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const temporal = classifyTemporalError(err);
    if (temporal) {
      request.log.warn({ err, ...(temporal.grpcCode !== undefined ? { grpcCode: temporal.grpcCode } : {}) }, `temporal: ${temporal.message}`);
      return send(reply, temporal.status, { error: temporal.error, message: temporal.message });
    }
    const status = err.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
      return send(reply, status, known ?? { error: 'invalid-request', message: (STATUS_CODES[status] ?? 'bad request').toLowerCase() });
    }
    // A fault of ours: the message stays in the log (it names no input), the caller gets none of it.
    request.log.error({ err }, `unexpected error: ${(err.message ?? '').split('\n')[0]}`);
    return send(reply, 500, { error: 'internal', message: 'an internal error; it has been logged' });
  });

  /** Runs Temporal calls with a deadline, so that a missing worker answers 503 instead of hanging. */
  const withTemporal = <T>(fn: () => Promise<T>): Promise<T> => client.withDeadline(Date.now() + timeoutMs, fn);

  // ----- routes: in a plugin, so that they are registered after the OpenAPI plugin sees them
  app.register(async (instance) => {
    const api = instance.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/openapi.json',
      { config: { public: true }, schema: { hide: true } },
      async () => app.swagger(),
    );

    const healthSchema = z.object({ status: z.literal('ok') });
    api.get(
      '/healthz',
      {
        config: { public: true },
        schema: { tags: ['operations'], summary: 'The process is up (no token)', response: { 200: healthSchema.describe('Up') } },
      },
      async () => ({ status: 'ok' as const }),
    );

    api.get(
      '/metrics',
      { config: { public: true }, schema: { hide: true } },
      async (_request, reply) => {
        reply.type(metrics.registry.contentType);
        return metrics.registry.metrics();
      },
    );

    const check = z.enum(['ok', 'unavailable', 'not-configured']);
    const readySchema = z.object({
      status: z.enum(['ready', 'not-ready']),
      checks: z.object({ temporal: check, evidence: check }).describe('Temporal answers (its system info); the evidence archive answers a read'),
    });
    api.get(
      '/readyz',
      {
        config: { public: true },
        schema: {
          tags: ['operations'],
          summary: 'Temporal and the evidence archive answer (no token)',
          response: { 200: readySchema.describe('Ready'), 503: readySchema.describe('Temporal or the evidence archive does not answer') },
        },
      },
      async (_request, reply) => {
        const within = <T>(p: Promise<T>) =>
          Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS).unref())]);
        const [temporal, evidence] = await Promise.all([
          within(client.withDeadline(Date.now() + READY_TIMEOUT_MS, () => client.workflowService.getSystemInfo({}))).then(
            () => 'ok' as const,
            () => 'unavailable' as const,
          ),
          options.evidence
            ? within(options.evidence.readCase('afbryd-readiness-probe')).then(
                () => 'ok' as const,
                () => 'unavailable' as const,
              )
            : Promise.resolve('not-configured' as const),
        ]);
        const ready = temporal === 'ok' && evidence !== 'unavailable';
        reply.code(ready ? 200 : 503);
        return { status: ready ? ('ready' as const) : ('not-ready' as const), checks: { temporal, evidence } };
      },
    );

    api.post(
      '/cases',
      {
        schema: {
          tags: ['cases'],
          summary: 'Start a case for a missed payment',
          description:
            'Idempotent per invoice: an invoice already in a case (open or closed) answers that case with 200 (status existing-open / existing-closed); ' +
            "a further invoice for a metering point and customer with an open case joins it (200, status joined, recorded with the token's actor); otherwise 201 (started).",
          body: startCaseBodySchema,
          response: {
            201: startCaseResponseSchema.describe('A new case was started (Location: its URL)'),
            200: startCaseResponseSchema.describe('The invoice is already in a case (open or closed), or joined the open case'),
            ...problems,
          },
        },
      },
      async (request, reply) => {
        const { masterData, ...body } = request.body;
        if (masterData) {
          // The billing system's master data of the point: stored before the case starts, so it plans with it.
          if (!options.masterData) return send(reply, 503, { error: 'unavailable', message: 'no master-data store is configured (the evidence archive)' }) as never;
          await options.masterData.upsertMasterData({
            meteringPointId: body.meteringPointId,
            gridCompanyGln: masterData.gridCompanyGln,
            hourlySettled: masterData.hourlySettled,
            ...(masterData.disconnectionMethod ? { disconnectionMethod: masterData.disconnectionMethod } : {}),
            validFrom: new Date().toISOString(),
            source: 'billing',
            sourceRef: request.actor,
          });
        }
        const result = await withTemporal(() => startCase(client, body, { taskQueue, actor: request.actor }));
        const url = `/cases/${encodeURIComponent(result.workflowId)}`;
        if (result.status === 'started') reply.code(201).header('location', url);
        else reply.code(200);
        request.caseRef = result.workflowId;
        return { status: result.status, id: result.workflowId, caseId: result.caseId, runId: result.runId, url, ...(result.ended ? { ended: result.ended } : {}) };
      },
    );

    api.get(
      '/cases/failed',
      {
        schema: {
          tags: ['cases'],
          summary: 'Cases whose workflow failed',
          description:
            'From Temporal visibility, newest first: unpaid-invoice cases (either version), owner-liability cases and requested disconnections whose workflow FAILED, with the failure type and what the operator does next (`next`). `failureType=UnknownMeteringPoint` lists the runs that failed for want of master data (issue 16 item 8): version 1 cases, and owner-liability cases and requested disconnections started before release 0.6.9. Supply the master data (POST /master-data), then reset the run to its first workflow task (`next` gives the command); a start at the door answers existing-failed.',
          querystring: failedQuerySchema,
          response: { 200: failedResponseSchema.describe('The failed cases, newest first'), ...problems },
        },
      },
      async (request) => {
        const { failureType, limit } = request.query;
        return withTemporal(() => listFailedCases(client, { ...(failureType ? { failureType } : {}), ...(limit ? { limit } : {}) }));
      },
    );

    api.post(
      '/master-data',
      {
        schema: {
          tags: ['master-data'],
          summary: "A metering point's master data",
          description:
            'Stores the grid company, hourly settlement and disconnection method of a metering point in the master-data store (source `operator` for an operator, `billing` for billing; a later RSM-022 with a newer validity replaces it) and nudges its open case, which goes on at once if it waited for master data (`master-data-missing`).',
          body: masterDataBodySchema,
          response: { 200: masterDataResponseSchema.describe('Stored (or newer facts kept), and the open cases told'), ...problems },
        },
      },
      async (request, reply) => {
        if (!options.masterData) return send(reply, 503, { error: 'unavailable', message: 'no master-data store is configured (the evidence archive)' }) as never;
        const { meteringPointId, facts, validFrom } = request.body;
        return supplyMasterData(options.masterData, client, {
          meteringPointId,
          facts,
          ...(validFrom ? { validFrom } : {}),
          source: request.role === 'billing' ? 'billing' : 'operator',
          sourceRef: request.actor,
        });
      },
    );

    api.get(
      '/cases',
      {
        schema: {
          tags: ['cases'],
          summary: 'List cases from Temporal visibility',
          description:
            "Filters by the search attributes AfbrydStage, AfbrydNeedsAttention, AfbrydCustomerId, AfbrydCutoffDay and AfbrydAttentionReasons (release 0.6.5); a run without the last three (older, or version 1) is decided by its workflow id, AfbrydCutoffDate or its caseView. Visibility is eventually consistent: a case's last change may show a moment later.",
          querystring: listQuerySchema,
          response: { 200: caseListResponseSchema.describe('The matching cases, newest first'), ...problems },
        },
      },
      async (request) => {
        const { stage, needsAttention, limit, customer, cutoffFrom, cutoffTo, attentionReason, open } = request.query;
        return withTemporal(() =>
          listCases(client, {
            ...(stage ? { stage } : {}),
            ...(needsAttention !== undefined ? { needsAttention } : {}),
            ...(limit ? { limit } : {}),
            ...(customer ? { customerId: customer } : {}),
            ...(cutoffFrom ? { cutoffFrom } : {}),
            ...(cutoffTo ? { cutoffTo } : {}),
            ...(attentionReason ? { attentionReason } : {}),
            ...(open !== undefined ? { open } : {}),
          }),
        );
      },
    );

    api.post(
      '/cases/retry',
      {
        schema: {
          tags: ['cases'],
          summary: 'Retry every open case stopped on an attention reason a retry clears',
          description:
            'Issue 16 item 4: one DataHub configuration fault can stop thousands of cases; once it is fixed they go on together. Sends `retryStep` (message id `retry:<reason>:<since>`, so a second call for the same stop answers duplicate) to every open case of this deployment with the reason open. `dryRun` lists them only. A case that cannot answer is listed as `unanswered` and does not stop the others.',
          body: retryBodySchema,
          response: { 200: retryResponseSchema.describe('What became of each case'), ...problems },
        },
      },
      async (request) => {
        const { reason, dryRun } = request.body;
        // Over many cases: each call keeps its own 30 s deadline (client/cases.ts).
        return retryByAttentionReason(client, reason, { actor: request.actor, dryRun: dryRun === true, taskQueue });
      },
    );

    api.get(
      '/cases/:id',
      {
        schema: {
          tags: ['cases'],
          summary: 'A case: stage, next step and date, timeline with legal basis and cause',
          description: 'The latest run of the case id. A closed case is shown while Temporal keeps its history, and after that from the evidence archive (`source: evidence-archive`).',
          params: caseParamsSchema,
          response: { 200: caseResponseSchema.describe('The case'), ...problems },
        },
      },
      async (request) => {
        // The view's detail parts are open objects in the schema (test/api/openapi-responses.test.ts checks the answers against it).
        return caseDocument(await withTemporal(() => readCase(client, request.params.id, options.evidence ? { evidence: options.evidence } : {}))) as never;
      },
    );

    api.post(
      '/cases/:id/events',
      {
        schema: {
          tags: ['cases'],
          summary: 'Deliver a billing or operator event',
          description:
            "Answers 200 with what became of the event: applied, or duplicate (the messageId was seen before; the first outcome is in `reason`). " +
            "An event the case's state refuses answers 409 `refused-by-case` with the reason (recorded in the timeline; no attention reason, since the caller hears it). " +
            "Invalid content answers 422 naming every field. The event's actor is the bearer token's actor. A closed case answers 409 `case-closed`, except to a message it recorded before it closed (a retry after a lost answer): 200 `duplicate`.",
          params: caseParamsSchema,
          body: apiEventSchema,
          response: { 200: eventResponseSchema.describe('What became of the event'), ...problems },
        },
      },
      async (request, reply) => {
        const handle = client.workflow.getHandle(request.params.id);
        const event = { ...request.body, actor: request.actor } as CaseEvent;
        return withTemporal(async () => {
          try {
            const outcome = await deliverEvent(handle, event);
            if (outcome.outcome === 'rejected') return send(reply, 409, refusal(outcome));
            return outcome;
          } catch (err) {
            if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
            // No running workflow: is there a closed case under this id?
            const description = await handle.describe();
            if (description.status.name !== 'RUNNING') {
              // A retry of the message that closed it (its answer lost) is a duplicate, not a refusal.
              const recorded = await recordedBeforeClose(handle, event.messageId);
              if (recorded) return recorded;
              return send(reply, 409, { error: 'case-closed', message: `the case is closed (${description.status.name.toLowerCase()}); start a new case for a new invoice` });
            }
            throw err;
          }
        });
      },
    );
  });
  app.register(importsRoutes, { client, taskQueue, rowTimeoutMs: timeoutMs });
  app.register(ownerRoutes, { client, taskQueue, temporalTimeoutMs: timeoutMs });
  app.register(pagesRoutes, {
    client,
    taskQueue,
    withTemporal,
    ...(options.evidence ? { evidence: options.evidence } : {}),
    ...(options.customers ? { customers: options.customers } : {}),
    ...(options.now ? { now: options.now } : {}),
  });

  return app;
}

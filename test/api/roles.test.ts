/**
 * Roles (issue 17 item 1): every role × every route × every event type of every events route,
 * against the API on the shared dev server. The expected answer comes from the one table
 * (client/api/roles.ts); what is checked is the server's behaviour: a denied request is 403 with one
 * line naming the role and who may, an allowed one goes through to Temporal (a valid request about a
 * case that does not exist: 404; a start with an empty body: the validation's answer). Nothing is
 * started. A few rows are written out by hand too, so a wrong table cannot pass by agreeing with itself.
 */
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApi } from '../../client/api/app.js';
import { EVENT_ROLES, ROLES, ROUTE_ROLES, type Role } from '../../client/api/roles.js';
import { apiEventSchema } from '../../client/api/schemas.js';
import { ownerLiabilityEventSchema, requestedDisconnectionEventSchema } from '../../client/owner-cases.js';

const TOKEN: Record<Role, string> = {
  billing: 'roles-billing-token-0123456789',
  operator: 'roles-operator-token-0123456789',
  'customer-service': 'roles-cs-token-0123456789',
  auditor: 'roles-auditor-token-0123456789',
  datahub: 'roles-datahub-token-0123456789',
};
const ACTOR: Record<Role, string> = {
  billing: 'billing',
  operator: 'operator:jens',
  'customer-service': 'customer-service:anne',
  auditor: 'auditor:revisor-1',
  datahub: 'datahub',
};
const as = (role: Role) => ({ authorization: `Bearer ${TOKEN[role]}` });

const GSRN = '571313100000000017';
/** Ids no case has. */
const MISSING = {
  '/cases/:id': `case-${GSRN}-C-roles-missing`,
  '/owner-liability-cases/:id': `owner-${GSRN}-O-roles-missing`,
  '/disconnection-requests/:id': `disconnect-${GSRN}-R-roles-missing`,
} as const;

/** A valid body of every event type (valid, so an allowed one reaches Temporal and finds no case: 404). */
const SAMPLE: Record<string, Record<string, unknown>> = {
  paymentReceived: { amountOre: 1000 },
  securityProvided: { amountOre: 1000 },
  paymentArrangementAgreed: { arrangement: 'instalments' },
  supplyAgreementSigned: { validatedWith: 'mitid', effectiveFrom: '2027-01-04' },
  customerMoved: { moveOutDate: '2027-01-04' },
  invoiceMissed: { invoice: { invoiceId: 'INV-R', amountOre: 1000, dueDate: '2027-01-04' } },
  complaintFiled: { complaintId: 'K-1' },
  complaintResolved: { complaintId: 'K-1', upheld: false },
  appealFiled: { appealId: 'A-1' },
  appealDecided: { appealId: 'A-1', upheld: false },
  hold: { reason: 'investigation', note: 'checking the meter' },
  release: {},
  retryStep: {},
  proceedBelowMinimum: { note: 'aftalt med teamleder' },
  dataHubOutageMarked: {},
  dataHubOutageCleared: {},
  taskDone: { taskId: 'T-1' },
  acknowledgeAttention: { code: 'message-rejected', note: 'dealt with' },
  reopeningInformationGiven: { note: 'told by phone' },
  authorityAnswered: { authority: 'police' },
  courtScheduled: { courtCaseId: 'F-1', meeting: 'enforcement', date: '2027-01-04', time: '10:00' },
  agreementSigned: { signedBy: 'owner', agreementId: 'AGR-9', effectiveFrom: '2027-01-04' },
  ownerAskedForDisconnection: {},
  contactAttemptRecorded: { date: '2026-01-05', channel: 'phone' },
  ownerUnreachableDisconnection: {},
  agreementEndConflict: { plannedCutoff: '2027-01-04' },
  caseCancelled: { reason: 'opened-in-error' },
  cancellationRequested: {},
  reopeningRequested: {},
  caseClosed: {},
  requestConfirmed: {},
  requestRejected: { code: 'E10' },
  disconnected: { date: '2027-01-04' },
  notDisconnected: { reason: 'D44' },
  supplierSwitched: { effectiveDate: '2027-01-04' },
  reopened: { date: '2027-01-04' },
  notReopened: {},
  endOfSupplyCancelled: {},
};

/** A request to every route that is not an events route; allowed, it is answered without starting anything. */
const ROUTE_REQUESTS: Record<string, { method: 'GET' | 'POST'; url: string; payload?: unknown; contentType?: string; allowed: number[] }> = {
  'POST /cases': { method: 'POST', url: '/cases', payload: {}, allowed: [422] },
  'GET /cases': { method: 'GET', url: '/cases?limit=1', allowed: [200] },
  'POST /cases/retry': { method: 'POST', url: '/cases/retry', payload: { reason: 'message-rejected' }, allowed: [422] },
  'GET /cases/failed': { method: 'GET', url: '/cases/failed?limit=1', allowed: [200] },
  'POST /master-data': { method: 'POST', url: '/master-data', payload: {}, allowed: [422] },
  'GET /cases/:id': { method: 'GET', url: `/cases/${MISSING['/cases/:id']}`, allowed: [404] },
  'POST /imports': { method: 'POST', url: '/imports?dryRun=true', payload: 'nonsense_column\n1\n', contentType: 'text/csv', allowed: [400] },
  'POST /owner-liability-cases': { method: 'POST', url: '/owner-liability-cases', payload: {}, allowed: [422] },
  'GET /owner-liability-cases/:id': { method: 'GET', url: `/owner-liability-cases/${MISSING['/owner-liability-cases/:id']}`, allowed: [404] },
  'POST /disconnection-requests': { method: 'POST', url: '/disconnection-requests', payload: {}, allowed: [422] },
  'GET /disconnection-requests/:id': { method: 'GET', url: `/disconnection-requests/${MISSING['/disconnection-requests/:id']}`, allowed: [404] },
  // The pages' JSON (client/api/pages.ts); the pages themselves are public static assets.
  'GET /session': { method: 'GET', url: '/session', allowed: [200] },
  'GET /search': { method: 'GET', url: '/search?q=', allowed: [422] },
  'GET /cases/:id/answer': { method: 'GET', url: `/cases/${MISSING['/cases/:id']}/answer`, allowed: [404] },
  'GET /worklist/:list': { method: 'GET', url: '/worklist/nonsense', allowed: [422] },
  'GET /worklist/:list/csv': { method: 'GET', url: '/worklist/nonsense/csv', allowed: [422] },
};

let app: FastifyInstance;
let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('devServerAddress') });
  const tokens = Object.fromEntries(ROLES.map((r) => [TOKEN[r], ACTOR[r]]));
  app = buildApi({ client: new Client({ connection }), taskQueue: 'roles-no-worker', tokens, temporalTimeoutMs: 20_000 });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await connection?.close();
});

function expectDenied(r: { statusCode: number; json(): unknown }, role: Role, allowed: readonly Role[]) {
  expect(r.statusCode).toBe(403);
  const body = r.json() as { error: string; message: string };
  expect(body.error).toBe('forbidden');
  expect(body.message).toMatch(new RegExp(`^the role ${role} may not .+; allowed: ${allowed.join(', ')}$`));
  expect(body.message).not.toContain('\n');
}

describe('every route, for every role', () => {
  const routes = Object.entries(ROUTE_ROLES).filter(([key]) => !key.endsWith('/events'));
  it('has a request for every route that is not an events route', () => {
    expect(routes.map(([key]) => key).filter((k) => ROUTE_ROLES[k] !== 'public').sort()).toEqual(Object.keys(ROUTE_REQUESTS).sort());
  });
  for (const [key, roles] of routes) {
    if (roles === 'public') continue;
    for (const role of ROLES) {
      const allowed = roles.includes(role);
      it(`${key} as ${role}: ${allowed ? 'allowed' : '403'}`, async () => {
        const req = ROUTE_REQUESTS[key]!;
        const r = await app.inject({
          method: req.method,
          url: req.url,
          headers: { ...as(role), ...(req.contentType ? { 'content-type': req.contentType } : {}) },
          ...(req.payload !== undefined ? { payload: req.payload as string } : {}),
        });
        if (allowed) expect(req.allowed).toContain(r.statusCode);
        else expectDenied(r, role, roles);
      });
    }
  }
});

describe('every event type of every events route, for every role', () => {
  const schemas = {
    '/cases/:id/events': apiEventSchema.options,
    '/owner-liability-cases/:id/events': ownerLiabilityEventSchema.options,
    '/disconnection-requests/:id/events': requestedDisconnectionEventSchema.options,
  } as const;
  for (const [route, table] of Object.entries(EVENT_ROLES) as [keyof typeof EVENT_ROLES, Record<string, readonly Role[]>][]) {
    it(`${route}: the table has a row for exactly the event types the route takes`, () => {
      const taken = (schemas[route] as readonly { shape: { type: { value: string } } }[]).map((s) => s.shape.type.value);
      expect(Object.keys(table).sort()).toEqual([...taken].sort());
    });
    const path = route.replace(':id', MISSING[route.replace('/events', '') as keyof typeof MISSING]);
    for (const [type, roles] of Object.entries(table)) {
      for (const role of ROLES) {
        const allowed = roles.includes(role);
        it(`POST ${route} ${type} as ${role}: ${allowed ? 'allowed' : '403'}`, async () => {
          expect(SAMPLE[type], `a sample body of ${type}`).toBeDefined();
          const r = await app.inject({ method: 'POST', url: path, headers: as(role), payload: { type, messageId: `roles-${type}-${role}`, ...SAMPLE[type] } });
          const routeRoles = ROUTE_ROLES[`POST ${route}`] as readonly Role[];
          if (allowed) expect({ status: r.statusCode, body: r.json() }).toMatchObject({ status: 404 });
          else expectDenied(r, role, routeRoles.includes(role) ? roles : routeRoles);
        });
      }
    }
  }
});

describe('rows written out by hand', () => {
  const event = (role: Role, type: string) =>
    app.inject({ method: 'POST', url: `/cases/${MISSING['/cases/:id']}/events`, headers: as(role), payload: { type, messageId: `hand-${type}-${role}`, ...SAMPLE[type] } });

  it('billing registers a payment but never lifts a hold', async () => {
    expect((await event('billing', 'paymentReceived')).statusCode).toBe(404);
    const lift = await event('billing', 'release');
    expect(lift.statusCode).toBe(403);
    expect(lift.json().message).toBe('the role billing may not send the event release; allowed: operator');
    expect((await event('billing', 'complaintResolved')).statusCode).toBe(403);
    expect((await event('billing', 'hold')).statusCode).toBe(403);
  });

  it('customer service registers a complaint, and can neither hold, lift nor pay', async () => {
    expect((await event('customer-service', 'complaintFiled')).statusCode).toBe(404);
    for (const type of ['release', 'hold', 'paymentReceived', 'acknowledgeAttention']) expect((await event('customer-service', type)).statusCode).toBe(403);
  });

  it('only an operator moves a case on below the minimum arrears (RULES 11, release 0.6.10)', async () => {
    expect((await event('operator', 'proceedBelowMinimum')).statusCode).toBe(404);
    for (const role of ['billing', 'customer-service'] as const) {
      const r = await event(role, 'proceedBelowMinimum');
      expect(r.statusCode).toBe(403);
      expect(r.json().message).toBe(`the role ${role} may not send the event proceedBelowMinimum; allowed: operator`);
    }
  });

  it('the auditor reads and sends nothing; a denied type is 403 even with an invalid body', async () => {
    expect((await app.inject({ method: 'GET', url: `/cases/${MISSING['/cases/:id']}`, headers: as('auditor') })).statusCode).toBe(404);
    const r = await app.inject({ method: 'POST', url: `/cases/${MISSING['/cases/:id']}/events`, headers: as('auditor'), payload: { type: 'retryStep' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toBe('the role auditor may not use POST /cases/:id/events; allowed: billing, operator, customer-service');
    const s = await app.inject({ method: 'POST', url: '/cases', headers: as('auditor'), payload: {} });
    expect(s.statusCode).toBe(403);
  });

  it('the OpenAPI document shows the roles of every operation and event type', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const events = doc.paths['/cases/{id}/events'].post;
    expect(events['x-roles']).toEqual(['billing', 'operator', 'customer-service']);
    expect(events['x-event-roles'].release).toEqual(['operator']);
    expect(events.description).toContain('Roles: billing, operator, customer-service.');
    const variants = events.requestBody.content['application/json'].schema.oneOf ?? events.requestBody.content['application/json'].schema.anyOf;
    expect(variants.find((v: { properties: { type: { enum: string[] } } }) => v.properties.type.enum[0] === 'release')['x-roles']).toEqual(['operator']);
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { 'x-roles'?: unknown }>>)) {
      for (const [method, op] of Object.entries(ops)) expect(op['x-roles'], `${method} ${path}`).toBeDefined();
    }
  });
});

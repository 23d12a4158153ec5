/**
 * The billing API's doors against bad callers (no worker needed: nothing must reach a case): bearer
 * tokens, malformed bodies that must never give a 5xx, personal data that must never be echoed back
 * or logged, the OpenAPI document, and Temporal being unreachable.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../client/api/app.js';
import { caseWorkflowId } from '../../workflows/case/definitions.js';
import { allocatePort } from '../support/ports.js';
import { ACTORS, GSRN, TOKENS, asBilling, asOperator, freshCustomer, startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness({ worker: false, prefix: 'api-input' });
});

afterAll(async () => {
  await h?.close();
});

function goodBody(customerId = freshCustomer('input')) {
  return {
    customerId,
    meteringPointId: GSRN,
    invoices: [{ invoiceId: 'INV-1', amountOre: 150_000, dueDate: '2027-06-14' }],
    customerClass: 'household',
  };
}

async function notStarted(customerId: string): Promise<void> {
  await expect(h.client.workflow.getHandle(caseWorkflowId(GSRN, customerId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('authentication', () => {
  it.each([
    ['no token', {}, 'a bearer token is required (Authorization: Bearer <token>)'],
    ['an unknown token', { authorization: 'Bearer not-a-known-token-at-all' }, 'the bearer token is not valid'],
    ['another scheme', { authorization: `Basic ${TOKENS.billing}` }, 'the bearer token is not valid'],
    ['an empty bearer', { authorization: 'Bearer ' }, 'the bearer token is not valid'],
    ['a token with a prefix of a good one', { authorization: `Bearer ${TOKENS.billing.slice(0, -1)}` }, 'the bearer token is not valid'],
  ])('answers 401 for %s, and starts nothing', async (_what, headers, message) => {
    const body = goodBody();
    for (const [method, url] of [
      ['POST', '/cases'],
      ['GET', '/cases'],
      ['GET', `/cases/${caseWorkflowId(GSRN, body.customerId)}`],
      ['POST', `/cases/${caseWorkflowId(GSRN, body.customerId)}/events`],
    ] as const) {
      const r = await h.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: body } : {}) });
      expect(r.statusCode, `${method} ${url}`).toBe(401);
      expect(r.json()).toEqual({ error: 'unauthorized', message });
      expect(r.headers['www-authenticate']).toBe('Bearer realm="afbryd"');
    }
    await notStarted(body.customerId);
  });

  it('needs no token for the OpenAPI document', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(r.statusCode).toBe(200);
  });
});

describe('malformed input never gives a 5xx', () => {
  const huge = 'x'.repeat(200_000);
  const cases: Array<[string, { payload?: unknown; body?: string; contentType?: string; url?: string; method?: 'POST' | 'GET' }]> = [
    ['a string for the body', { payload: JSON.stringify('hello') , contentType: 'application/json' }],
    ['an array for the body', { payload: [goodBody()] }],
    ['null', { body: 'null', contentType: 'application/json' }],
    ['a number', { body: '42', contentType: 'application/json' }],
    ['an empty JSON body', { body: '', contentType: 'application/json' }],
    ['broken JSON', { body: '{"customerId": "C-1", ', contentType: 'application/json' }],
    ['a prototype-poisoning body', { body: '{"__proto__": {"admin": true}, "customerId": "C-1"}', contentType: 'application/json' }],
    ['a constructor-poisoning body', { body: '{"constructor": {"prototype": {"admin": true}}}', contentType: 'application/json' }],
    ['text/plain', { body: 'customerId=C-1', contentType: 'text/plain' }],
    ['a form', { body: 'customerId=C-1', contentType: 'application/x-www-form-urlencoded' }],
    ['a huge body (200 kB)', { payload: { ...goodBody(), customerId: huge } }],
    ['a long string in a field', { payload: { ...goodBody(), customerId: 'x'.repeat(10_000) } }],
    ['wrong types everywhere', { payload: { customerId: 17, meteringPointId: 571313100000000017, invoices: 'INV-1', customerClass: true } }],
    ['an object for an array', { payload: { ...goodBody(), invoices: { invoiceId: 'INV-1', amountOre: 1, dueDate: '2027-01-01' } } }],
    ['an array for an object', { payload: { ...goodBody(), invoices: [['INV-1', 1, '2027-01-01']] } }],
    ['an invalid date (30 Feb)', { payload: { ...goodBody(), invoices: [{ invoiceId: 'INV-1', amountOre: 1, dueDate: '2027-02-30' }] } }],
    ['a 17-digit GSRN', { payload: { ...goodBody(), meteringPointId: '57131310000000001' } }],
    ['a 19-digit GSRN', { payload: { ...goodBody(), meteringPointId: '5713131000000000170' } }],
    ['an unsafe amount', { body: `{"customerId":"C-1","meteringPointId":"${GSRN}","invoices":[{"invoiceId":"I","amountOre":1e400,"dueDate":"2027-01-01"}],"customerClass":"household"}`, contentType: 'application/json' }],
    ['no invoices', { payload: { ...goodBody(), invoices: [] } }],
    ['deeply nested JSON', { body: `${'['.repeat(5000)}${']'.repeat(5000)}`, contentType: 'application/json' }],
    ['an event of no type', { url: `/cases/${caseWorkflowId(GSRN, 'C-1')}/events`, payload: { messageId: 'm' } }],
    ['an event with an object for its type', { url: `/cases/${caseWorkflowId(GSRN, 'C-1')}/events`, payload: { type: { $ne: 1 }, messageId: 'm' } }],
    ['an event with a huge messageId', { url: `/cases/${caseWorkflowId(GSRN, 'C-1')}/events`, payload: { type: 'paymentReceived', messageId: 'm'.repeat(5_000), amountOre: 1 } }],
    ['an event with an invalid date', { url: `/cases/${caseWorkflowId(GSRN, 'C-1')}/events`, payload: { type: 'customerMoved', messageId: 'm', moveOutDate: '2027-13-01' } }],
    ['an event to a malformed id', { url: '/cases/%00%ff/events', payload: { type: 'paymentReceived', messageId: 'm', amountOre: 1 } }],
    ['a very long id', { url: `/cases/case-${GSRN}-${'c'.repeat(500)}`, method: 'GET' }],
    ['an unknown stage', { url: '/cases?stage=%27%20OR%201%3D1', method: 'GET' }],
    ['a repeated stage', { url: '/cases?stage=opened&stage=closed', method: 'GET' }],
    ['a limit out of range', { url: '/cases?limit=100000', method: 'GET' }],
    ['an unknown route', { url: '/admin', method: 'GET' }],
  ];

  it.each(cases)('%s → 4xx', async (_what, c) => {
    const method = c.method ?? 'POST';
    const r = await h.app.inject({
      method,
      url: c.url ?? '/cases',
      headers: { ...asBilling, ...(c.contentType ? { 'content-type': c.contentType } : {}) },
      ...(c.body !== undefined ? { body: c.body } : c.payload !== undefined ? { payload: c.payload as object } : {}),
    });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    const answer = r.json();
    expect(answer).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String) }));
    expect(r.body.length).toBeLessThan(4_000);
  });

  it('names the field of a 17-digit GSRN, of 30 February and of dates afbryd cannot plan with', async () => {
    const customerId = freshCustomer('dates');
    const r = await h.app.inject({
      method: 'POST',
      url: '/cases',
      headers: asBilling,
      payload: {
        ...goodBody(customerId),
        meteringPointId: '57131310000000001',
        invoices: [
          { invoiceId: 'INV-1', amountOre: 1, dueDate: '2027-02-30' },
          { invoiceId: 'INV-2', amountOre: 1, dueDate: '27-1-1' },
          { invoiceId: 'INV-3', amountOre: 1, dueDate: '1999-12-31' },
          { invoiceId: 'INV-4', amountOre: 1, dueDate: '2028-02-29' },
        ],
      },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().issues).toEqual([
      { in: 'body', path: 'meteringPointId', message: 'must be exactly 18 digits (a GSRN)' },
      { in: 'body', path: 'invoices.0.dueDate', message: 'must be a real calendar date written YYYY-MM-DD' },
      { in: 'body', path: 'invoices.1.dueDate', message: 'must be a date written YYYY-MM-DD' },
      // Outside the holiday table (2000-2060), with a year to spare for the steps after.
      { in: 'body', path: 'invoices.2.dueDate', message: 'must be in the years 2000-2059' },
    ]);
    await notStarted(customerId);
  });
});

describe('personal data is never echoed or logged', () => {
  const CPR = '010190-1234';
  const EMAIL = 'jens.hansen@example.dk';

  it('keeps a CPR number and an e-mail address out of the answer and the log', async () => {
    const before = h.logLines.length;
    const customerId = freshCustomer('canary');
    const answers: string[] = [];
    // In an unknown field, in bad fields, as an unknown field's name, in an enum, in an event.
    const attempts = [
      { url: '/cases', payload: { ...goodBody(customerId), cpr: CPR, contact: { email: EMAIL } } },
      { url: '/cases', payload: { ...goodBody(customerId), customerId: EMAIL, meteringPointId: CPR } },
      { url: '/cases', payload: { ...goodBody(customerId), customerId: CPR.replace('-', '') } },
      { url: '/cases', payload: { ...goodBody(customerId), [EMAIL]: 1, [CPR]: 2 } },
      { url: '/cases', payload: { ...goodBody(customerId), customerClass: EMAIL, meterKind: CPR } },
      { url: '/cases', payload: { ...goodBody(customerId), withoutArrears: { ground: 7, name: EMAIL } } },
      { url: `/cases/${caseWorkflowId(GSRN, customerId)}/events`, payload: { type: 'hold', messageId: 'm-1', reason: CPR, note: 5, email: EMAIL } },
      { url: `/cases/${caseWorkflowId(GSRN, customerId)}/events`, payload: { type: EMAIL, messageId: CPR } },
    ];
    for (const a of attempts) {
      const r = await h.app.inject({ method: 'POST', url: a.url, headers: a.url === '/cases' ? asBilling : asOperator, payload: a.payload });
      expect(r.statusCode).toBe(422);
      answers.push(r.body);
    }
    // In the URL: the path and the query string.
    for (const url of [`/cases/${encodeURIComponent(EMAIL)}`, `/cases/${CPR}`, `/cases?email=${encodeURIComponent(EMAIL)}&cpr=${CPR}`, `/${EMAIL}`]) {
      const r = await h.app.inject({ method: 'GET', url, headers: asBilling });
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      answers.push(r.body);
    }
    const logged = h.logLines.slice(before).join('');
    expect(logged).toContain('"statusCode":422');
    for (const text of [...answers, logged]) {
      expect(text).not.toContain(CPR);
      expect(text).not.toContain(CPR.replace('-', ''));
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain('jens.hansen');
    }
    // The answer still names the fields.
    expect(JSON.parse(answers[0]!).issues.map((i: { path: string }) => i.path)).toEqual(['cpr', 'contact']);
    expect(JSON.parse(answers[3]!).issues.map((i: { path: string }) => i.path)).toEqual(['(an unknown field)', '(an unknown field)']);
    expect(JSON.parse(answers[2]!).issues).toEqual([{ in: 'body', path: 'customerId', message: 'must be a customer number, not a CPR number' }]);
    await notStarted(customerId);
  });

  it('logs neither the bearer token nor bodies; each request is one line with route, actor and status', async () => {
    const before = h.logLines.length;
    await h.app.inject({ method: 'GET', url: '/cases?stage=opened&limit=1', headers: asBilling });
    await h.app.inject({ method: 'GET', url: '/cases', headers: { authorization: 'Bearer wrong-token-value-123456' } });
    const lines = h.logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(TOKENS.billing);
    expect(logged).not.toContain('wrong-token-value');
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toEqual([
      expect.objectContaining({ method: 'GET', route: '/cases', actor: 'billing', statusCode: 200 }),
      expect.objectContaining({ method: 'GET', route: '/cases', statusCode: 401 }),
    ]);
    expect(requests[1]).not.toHaveProperty('actor');
  });
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3 document listing the routes, their schemas and the bearer scheme', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/cases',
      '/cases/failed',
      '/cases/retry',
      '/cases/{id}',
      // the case page's answer (pages.ts)
      '/cases/{id}/answer',
      '/cases/{id}/events',
      // owner liability and requested disconnections (owner-routes.ts; test/api/owner-routes.test.ts)
      '/disconnection-requests',
      '/disconnection-requests/{id}',
      '/disconnection-requests/{id}/events',
      // health and readiness (no token)
      '/healthz',
      '/imports',
      '/master-data',
      '/owner-liability-cases',
      '/owner-liability-cases/{id}',
      '/owner-liability-cases/{id}/events',
      '/readyz',
      // the pages' search, session and worklist (pages.ts; the HTML pages themselves are not in the document)
      '/search',
      '/session',
      '/worklist/{list}',
      '/worklist/{list}/csv',
    ]);
    expect(Object.keys(doc.paths['/cases']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/cases/{id}'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/cases/{id}/events'])).toEqual(['post']);

    const start = doc.paths['/cases'].post;
    expect(Object.keys(start.responses).sort()).toEqual(['200', '201', '400', '401', '403', '404', '409', '422', '503']);
    const startBody = start.requestBody.content['application/json'].schema;
    expect(startBody.additionalProperties).toBe(false);
    expect(startBody.required.sort()).toEqual(['customerClass', 'customerId', 'invoices', 'meteringPointId']);
    expect(startBody.properties.meteringPointId.pattern).toBe('^\\d{18}$');

    const list = doc.paths['/cases'].get;
    const stage = list.parameters.find((p: { name: string }) => p.name === 'stage');
    expect(stage).toMatchObject({ in: 'query', required: false, schema: { enum: expect.arrayContaining(['opened', 'reminder-1', 'closed']) } });

    const show = doc.paths['/cases/{id}'].get;
    expect(show.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(show.responses['200'].content['application/json'].schema.properties).toHaveProperty('timeline');

    const events = doc.paths['/cases/{id}/events'].post;
    const eventTypes = JSON.stringify(events.requestBody.content['application/json'].schema);
    for (const t of ['paymentReceived', 'invoiceMissed', 'hold', 'release']) expect(eventTypes).toContain(`"${t}"`);
    expect(eventTypes).not.toContain('"disconnected"');
    expect(eventTypes).not.toContain('"actor"');
  });
});

describe('Temporal unreachable', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await allocatePort()}` }) });
  });
  afterAll(async () => {
    await client?.connection.close();
  });

  it('answers 503, not a 5xx crash, and the API keeps answering', async () => {
    const app = buildApi({ client, taskQueue: 'nowhere', tokens: ACTORS, temporalTimeoutMs: 1_500 });
    try {
      // Up, but not ready: Temporal does not answer (no token needed for either).
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not-ready', checks: { temporal: 'unavailable', evidence: 'not-configured' } });
      const started = await app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: goodBody() });
      expect(started.statusCode).toBe(503);
      expect(started.json()).toMatchObject({ error: 'unavailable' });
      const shown = await app.inject({ method: 'GET', url: `/cases/${caseWorkflowId(GSRN, 'C-1')}`, headers: asBilling });
      expect(shown.statusCode).toBe(503);
      const bad = await app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: {} });
      expect(bad.statusCode).toBe(422);
    } finally {
      await app.close();
    }
  });
});

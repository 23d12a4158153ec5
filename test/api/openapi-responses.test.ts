/**
 * Every answer of the billing API validates against its own OpenAPI document (issue 17 item 2): the
 * document is checked by a real OpenAPI validator (@seriousme/openapi-schema-validator), and every
 * response of a run through every route — started, joined, read running and closed (with its fees),
 * events applied, duplicate, refused (409), invalid (422), denied (403), unknown (404), owner liability
 * and requested disconnections with their refusals, the import — is validated with ajv against the
 * schema the document gives for its route and status. A field the document does not name breaks a
 * strict generated client, so it fails here.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv, type ValidateFunction } from 'ajv';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, copenhagenLocalTime } from '../../rules/index.js';
import { caseEventSignal } from '../../workflows/case/definitions.js';
import { GSRN, asBilling, asOperator, freshCustomer, startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };
const ajv = new Ajv({ strict: false, allErrors: true });
const compiled = new Map<string, ValidateFunction>();
/** Every (operation, status) answered, and the problems found. */
const seen = new Set<string>();
const problems: string[] = [];

beforeAll(async () => {
  h = await startApiHarness({ worker: true, prefix: 'api-openapi' });
  document = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});

afterAll(async () => {
  await h?.close();
});

/** The document's path template of a URL (`/cases/{id}/events`). */
function templateOf(url: string): string | undefined {
  const path = url.split('?')[0]!;
  return Object.keys(document.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
}

/** Sends a request and validates its answer against the document. */
async function call(options: InjectOptions & { url: string; method: 'GET' | 'POST' }): Promise<LightMyRequestResponse> {
  const r = await h.app.inject(options);
  const template = templateOf(options.url);
  const where = `${options.method} ${template ?? options.url} ${r.statusCode}`;
  seen.add(where);
  const response = template ? document.paths[template]?.[options.method.toLowerCase()]?.responses[String(r.statusCode)] : undefined;
  if (!response) {
    problems.push(`${where}: the document names no such answer`);
    return r;
  }
  if (String(r.headers['content-type'] ?? '').startsWith('text/csv')) {
    // A CSV answer: the document must name it as text/csv, a string.
    const csv = response.content?.['text/csv']?.schema as { type?: string } | undefined;
    if (csv?.type !== 'string') problems.push(`${where}: the document names no text/csv string answer`);
    return r;
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) {
    problems.push(`${where}: the document gives no JSON schema`);
    return r;
  }
  let validate = compiled.get(where);
  if (!validate) compiled.set(where, (validate = ajv.compile(schema)));
  if (!validate(r.json())) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    problems.push(`${where}: ${[...new Set(errors)].join('; ')}`);
  }
  return r;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI document', async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('every answer validates against the document', () => {
  it('cases: start, join, read, list, events applied / duplicate / refused / invalid / denied, closed with fees', async () => {
    await call({ method: 'GET', url: '/healthz' });
    const ready = await call({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready', checks: { temporal: 'ok', evidence: 'not-configured' } });
    const customer = freshCustomer('oas');
    h.deps!.customers.add(customer, { name: 'Kunde Eksempel (fiktiv)', address: ['Kundevej 1', '9999 Eksempelby'], digitalPostId: `dp-${customer}` });
    const today = copenhagenLocalTime(Date.now()).date;
    // Overdue long ago: reminder 1 (with its fee) goes at once.
    const due = addDays(today, -60);
    const start = (invoiceId: string) => ({ customerId: customer, meteringPointId: GSRN, meterKind: 'physical', customerClass: 'household', invoices: [{ invoiceId, amountOre: 150_000, dueDate: due }] });
    const started = (await call({ method: 'POST', url: '/cases', headers: asBilling, payload: start('INV-O1') })).json();
    await call({ method: 'POST', url: '/cases', headers: asBilling, payload: start('INV-O1') });
    await call({ method: 'POST', url: '/cases', headers: asBilling, payload: start('INV-O2') });
    await call({ method: 'POST', url: '/cases', headers: asBilling, payload: {} });
    await call({ method: 'POST', url: '/cases', headers: { authorization: 'Bearer nope-nope-nope-nope' }, payload: {} });
    const url = `/cases/${started.id}`;
    // Wait for reminder 1 and its fee.
    for (let i = 0; i < 100; i++) {
      const v = (await call({ method: 'GET', url, headers: asOperator })).json();
      if (v.letters?.length > 0 && v.fees?.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await call({ method: 'GET', url: '/cases?limit=5', headers: asOperator });
    await call({ method: 'GET', url: '/cases?stage=nowhere', headers: asOperator });
    await call({ method: 'GET', url: `/cases/case-${GSRN}-C-nobody-at-all`, headers: asOperator });
    const events = `${url}/events`;
    await call({ method: 'POST', url: events, headers: asOperator, payload: { type: 'hold', messageId: 'h-1', reason: 'investigation', note: 'checking the meter' } });
    await call({ method: 'GET', url, headers: asOperator });
    await call({ method: 'POST', url: events, headers: asOperator, payload: { type: 'release', messageId: 'r-1' } });
    await call({ method: 'POST', url: events, headers: asOperator, payload: { type: 'release', messageId: 'r-1' } });
    await call({ method: 'POST', url: events, headers: asOperator, payload: { type: 'release', messageId: 'r-2' } });
    await call({ method: 'POST', url: events, headers: asBilling, payload: { type: 'release', messageId: 'r-3' } });
    await call({ method: 'POST', url: events, headers: asBilling, payload: { type: 'paymentReceived', messageId: 'p-0', amountOre: 'x' } });
    await call({ method: 'POST', url: events, headers: asBilling, payload: { type: 'paymentReceived', messageId: 'p-1', amountOre: 10_000_000 } });
    await h.client.workflow.getHandle(started.id).result();
    const closed = (await call({ method: 'GET', url, headers: asOperator })).json();
    expect(closed.stage).toBe('closed');
    expect(closed.fees?.length ?? 0).toBeGreaterThan(0);
    await call({ method: 'POST', url: events, headers: asBilling, payload: { type: 'paymentReceived', messageId: 'p-2', amountOre: 1 } });
    await call({ method: 'POST', url: '/imports?dryRun=true', headers: { ...asBilling, 'content-type': 'text/csv' }, payload: 'customer_id\nC-1\n' });
    await call({ method: 'POST', url: '/imports?dryRun=maybe', headers: { ...asBilling, 'content-type': 'text/csv' }, payload: 'customer_id\nC-1\n' });
    expect(problems).toEqual([]);
  });

  it('owner liability and requested disconnections: start, read, events applied and refused, a refused requester', async () => {
    const owner = freshCustomer('oas-owner');
    h.deps!.customers.add(owner, { name: 'Ejer Eksempel (fiktiv)', address: ['Ejervej 1', '9999 Eksempelby'], digitalPostId: `dp-${owner}` });
    const today = copenhagenLocalTime(Date.now()).date;
    const o = (await call({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: { meteringPointId: GSRN, ownerId: owner, terminatedAgreementId: 'AGR-1', agreementEnd: '2027-12-31', meterKind: 'physical' } })).json();
    await call({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: { meteringPointId: GSRN, ownerId: owner, terminatedAgreementId: 'AGR-1', agreementEnd: '2027-12-31', meterKind: 'physical' } });
    await call({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: { meteringPointId: GSRN, ownerId: owner, terminatedAgreementId: 'AGR-2', agreementEnd: '2027-12-31', meterKind: 'physical' } });
    await call({ method: 'GET', url: `/owner-liability-cases/${o.id}`, headers: asOperator });
    await call({ method: 'POST', url: `/owner-liability-cases/${o.id}/events`, headers: asOperator, payload: { type: 'contactAttemptRecorded', messageId: 'a-1', date: today, channel: 'phone' } });
    await call({ method: 'POST', url: `/owner-liability-cases/${o.id}/events`, headers: asOperator, payload: { type: 'ownerUnreachableDisconnection', messageId: 'u-1' } });
    await call({ method: 'POST', url: `/owner-liability-cases/${o.id}/events`, headers: asOperator, payload: { type: 'contactAttemptRecorded', messageId: 'a-2', date: today, channel: 'pigeon' } });
    await call({ method: 'GET', url: `/owner-liability-cases/owner-${GSRN}-O-nobody`, headers: asOperator });

    const requestId = freshCustomer('oas-req');
    const wantedDate = addDays(today, 20);
    const body = { requestId, meteringPointId: GSRN, customerId: 'C-2001', requesterRole: 'customer', ownerId: 'O-4001', ownerConsentId: 'CONSENT-9', customerClass: 'business', wantedDate };
    const d = (await call({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: body })).json();
    await call({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: body });
    await call({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: { ...body, requestId: `${requestId}-t`, requesterRole: 'tenant-moving-out' } });
    await call({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: { ...body, wantedDate: 'soon' } });
    for (let i = 0; i < 50; i++) {
      const v = (await call({ method: 'GET', url: `/disconnection-requests/${d.id}`, headers: asOperator })).json();
      if (v.request) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await call({ method: 'POST', url: `/disconnection-requests/${d.id}/events`, headers: asBilling, payload: { type: 'reopeningRequested', messageId: 'r-1' } });
    await call({ method: 'POST', url: `/disconnection-requests/${d.id}/events`, headers: asBilling, payload: { type: 'cancellationRequested', messageId: 'c-1' } });
    await h.client.workflow.getHandle(d.id).result();
    await call({ method: 'GET', url: `/disconnection-requests/${d.id}`, headers: asOperator });
    await call({ method: 'POST', url: `/disconnection-requests/${d.id}/events`, headers: asBilling, payload: { type: 'cancellationRequested', messageId: 'c-2' } });
    expect(problems).toEqual([]);
  });

  it("the pages' JSON: session, search, the answer, the worklist and its CSV", async () => {
    const customer = freshCustomer('oas-pages');
    h.deps!.customers.add(customer, { name: 'Side Eksempel (fiktiv)', address: ['Sidevej 2', '9999 Eksempelby'], digitalPostId: `dp-${customer}` });
    const today = copenhagenLocalTime(Date.now()).date;
    const started = (
      await call({
        method: 'POST',
        url: '/cases',
        headers: asBilling,
        payload: { customerId: customer, meteringPointId: GSRN, meterKind: 'physical', customerClass: 'household', invoices: [{ invoiceId: `INV-${customer}`, amountOre: 150_000, dueDate: addDays(today, -60) }] },
      })
    ).json();
    await call({ method: 'GET', url: '/session', headers: asOperator });
    await call({ method: 'GET', url: '/session' });
    for (let i = 0; i < 100; i++) {
      if ((await call({ method: 'GET', url: `/search?q=${customer}`, headers: asOperator })).json().cases?.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await call({ method: 'GET', url: `/search?q=INV-${customer}`, headers: asOperator });
    await call({ method: 'GET', url: '/search?q=', headers: asOperator });
    for (let i = 0; i < 100; i++) {
      if ((await call({ method: 'GET', url: `/cases/${started.id}/answer`, headers: asOperator })).json().letters?.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await call({ method: 'GET', url: `/cases/case-${GSRN}-C-nobody-at-all/answer`, headers: asOperator });
    await call({ method: 'GET', url: `/cases?customer=${customer}&open=true&cutoffFrom=2026-01-01`, headers: asOperator });
    await h.client.workflow.getHandle(started.id).signal(caseEventSignal, { messageId: 'oas-stray', actor: 'datahub', type: 'reopened', date: '2026-01-05' });
    for (let i = 0; i < 100; i++) {
      if ((await call({ method: 'GET', url: `/worklist/attention?customer=${customer}`, headers: asOperator })).json().rows?.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await call({ method: 'GET', url: `/worklist/attention/csv?customer=${customer}`, headers: asOperator });
    await call({ method: 'GET', url: `/worklist/due?customer=${customer}&from=2020-01-01`, headers: asOperator });
    await call({ method: 'GET', url: '/worklist/failed', headers: asOperator });
    await call({ method: 'GET', url: '/worklist/cutoffs?from=2026-12-10&to=2026-12-01', headers: asOperator });
    await call({ method: 'GET', url: '/worklist/nonsense/csv', headers: asOperator });
    expect(problems).toEqual([]);
  });

  it('saw the answers it meant to check', () => {
    for (const want of [
      'GET /healthz 200', 'GET /readyz 200', 'POST /cases 201', 'POST /cases 200', 'POST /cases 422', 'POST /cases 401', 'GET /cases 200', 'GET /cases 422', 'GET /cases/{id} 200', 'GET /cases/{id} 404',
      'POST /cases/{id}/events 200', 'POST /cases/{id}/events 409', 'POST /cases/{id}/events 422', 'POST /cases/{id}/events 403', 'POST /imports 400', 'POST /imports 422',
      'POST /owner-liability-cases 201', 'POST /owner-liability-cases 200', 'POST /owner-liability-cases 409', 'GET /owner-liability-cases/{id} 200', 'GET /owner-liability-cases/{id} 404',
      'POST /owner-liability-cases/{id}/events 200', 'POST /owner-liability-cases/{id}/events 409', 'POST /owner-liability-cases/{id}/events 422',
      'POST /disconnection-requests 201', 'POST /disconnection-requests 200', 'POST /disconnection-requests 422', 'GET /disconnection-requests/{id} 200',
      'POST /disconnection-requests/{id}/events 200', 'POST /disconnection-requests/{id}/events 409',
      'GET /session 200', 'GET /session 401', 'GET /search 200', 'GET /search 422', 'GET /cases/{id}/answer 200', 'GET /cases/{id}/answer 404',
      'GET /worklist/{list} 200', 'GET /worklist/{list} 422', 'GET /worklist/{list}/csv 200', 'GET /worklist/{list}/csv 422',
    ]) {
      expect(seen, want).toContain(want);
    }
  });
});

/**
 * The JSON behind the case page and the worklist (client/api/pages.ts), and the list filters of
 * `GET /cases` (issue 17 items 4 and 5), on the shared dev server with a worker: search by customer
 * number, metering point, case id and invoice id, and by the short case number on the letters; the answer with the customer's name from the
 * registry (never in a log line); the worklist's attention list and its CSV; the pages themselves
 * served without a token and without data. Amounts worked out by hand.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../client/api/app.js';
import { startCase } from '../../client/cases.js';
import { addDays, copenhagenLocalTime } from '../../rules/index.js';
import { caseEventSignal } from '../../workflows/case/definitions.js';
import { ACTORS, GSRN, asBilling, asOperator, eventually, freshCustomer, startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
/** The API as the process builds it: with the evidence archive (the worker's) and the customer registry. */
let app: FastifyInstance;
const logLines: string[] = [];
const NAME = 'Sidetest Navn Eksempel (fiktiv)';
let customer: string;
let id: string;
/** The case id (the long one: metering point, customer, invoice). */
let caseId: string;

beforeAll(async () => {
  h = await startApiHarness({ worker: true, prefix: 'api-pages' });
  app = buildApi({
    client: h.client,
    taskQueue: h.taskQueue,
    tokens: ACTORS,
    evidence: h.deps!.evidence,
    customers: h.deps!.customers,
    logger: { level: 'debug', stream: { write: (line) => void logLines.push(line) } },
    temporalTimeoutMs: 20_000,
  });
  await app.ready();
  customer = freshCustomer('pages');
  h.deps!.customers.add(customer, { name: NAME, address: ['Sidevej 1', '9999 Eksempelby'], digitalPostId: `dp-${customer}` });
  const today = copenhagenLocalTime(Date.now()).date;
  // Due 60 days ago: reminder 1 goes at once.
  const r = await app.inject({
    method: 'POST',
    url: '/cases',
    headers: asBilling,
    payload: { customerId: customer, meteringPointId: GSRN, meterKind: 'physical', customerClass: 'household', invoices: [{ invoiceId: `INV-${customer}`, amountOre: 845_000, dueDate: addDays(today, -60) }] },
  });
  expect(r.statusCode).toBe(201);
  id = r.json().id;
  caseId = r.json().caseId;
});

afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('search', () => {
  it('finds the case by customer number, metering point, case id and invoice id', async () => {
    const byCustomer = await eventually(async () => {
      const r = (await app.inject({ method: 'GET', url: `/search?q=${customer}`, headers: asOperator })).json();
      return r.cases?.length === 1 ? r : undefined;
    }, 'the case in visibility');
    expect(byCustomer.kind).toBe('customer');
    expect(byCustomer.cases[0]).toMatchObject({ id, customerId: customer, meteringPointId: GSRN, status: 'RUNNING' });
    const byPoint = (await app.inject({ method: 'GET', url: `/search?q=${GSRN}`, headers: asOperator })).json();
    expect(byPoint.kind).toBe('metering-point');
    expect(byPoint.cases.map((c: { id: string }) => c.id)).toContain(id);
    const byCaseId = (await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(caseId)}`, headers: asOperator })).json();
    expect(byCaseId).toMatchObject({ kind: 'case-number', cases: [{ id }] });
    const byInvoice = (await app.inject({ method: 'GET', url: `/search?q=INV-${customer}`, headers: asOperator })).json();
    expect(byInvoice).toMatchObject({ kind: 'invoice', cases: [{ id }] });
    const none = (await app.inject({ method: 'GET', url: '/search?q=C-nobody-here', headers: asOperator })).json();
    expect(none).toEqual({ kind: 'none', cases: [], truncated: false });
    expect((await app.inject({ method: 'GET', url: '/search?q=', headers: asOperator })).statusCode).toBe(422);
    // A CPR number, an e-mail address or a phone number never reaches a visibility query.
    for (const q of ['010190-1234', 'kunde@example.invalid', '+4512345678']) {
      const r = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}`, headers: asOperator });
      expect(r.statusCode).toBe(422);
      expect(r.body).not.toContain(q);
    }
    expect((await app.inject({ method: 'GET', url: '/cases?customer=010190-1234', headers: asOperator })).statusCode).toBe(422);
  });

  it('GET /cases lists by customer (open), and the cut-off range and reason narrow it', async () => {
    const list = (await app.inject({ method: 'GET', url: `/cases?customer=${customer}&open=true`, headers: asOperator })).json();
    expect(list.cases.map((c: { id: string }) => c.id)).toEqual([id]);
    // No request yet: no cut-off, so a range finds nothing.
    const inRange = (await app.inject({ method: 'GET', url: `/cases?customer=${customer}&cutoffFrom=2026-01-01&cutoffTo=2030-12-31`, headers: asOperator })).json();
    expect(inRange.cases).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/cases?cutoffFrom=2026-02-30', headers: asOperator })).statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: '/cases?attentionReason=nonsense', headers: asOperator })).statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: "/cases?customer=x'%20OR%20'1", headers: asOperator })).statusCode).toBe(422);
  });
});

describe('the answer', () => {
  it('says where the case stands in Danish, with the name from the registry and the letter as received; the name is in no log line', async () => {
    const answer = await eventually(async () => {
      const r = (await app.inject({ method: 'GET', url: `/cases/${id}/answer`, headers: { authorization: 'Bearer test-operator-token-0123456789' } })).json();
      return r.letters?.[0]?.body && r.answer?.feesOre > 0 ? r : undefined;
    }, 'reminder 1 in the evidence archive');
    expect(answer.customerName).toBe(NAME);
    expect(answer.stage).toBe('reminder-1');
    // 8.450,00 kr and reminder 1's fee (100 kr, the default: RULES 2, Interest Act §9b) = 8.550,00 kr, as the letter states it.
    expect(answer.answer.whatStopsIt[0]).toBe('Betal 8.550,00 kr (hele det skyldige beløb: 8.450,00 kr og gebyrer på 100,00 kr): så lukkes sagen.');
    expect(answer.answer.standing).toBe('Vi har sendt 1. rykker, fordi 8.450,00 kr ikke er betalt til tiden.');
    expect(answer.letters[0].body).toMatch(/I alt at betale:\s+8\.550,00 kr\./);
    expect(answer.letters[0]).toMatchObject({ kind: 'reminder1', kindText: '1. rykker', channel: 'digital' });
    expect(answer.letters[0].body).toContain(NAME);
    expect(answer.timeline.some((t: { text: string; lang: string }) => t.text === '1. rykker sendt' && t.lang === 'da')).toBe(true);
    expect(logLines.some((l) => l.includes(NAME) || l.includes('Sidevej'))).toBe(false);
  });
});

describe('the short case number on the letters (issue 15 item 13)', () => {
  /** One character changed: the case number with its last (check) character replaced. */
  const typo = (n: string) => `${n.slice(0, 8)}${n.endsWith('0') ? '1' : '0'}`;

  it('the answer and the search find the case by it (case-insensitive, with or without the hyphen), and the answer shows it', async () => {
    const answer = await eventually(async () => {
      const r = (await app.inject({ method: 'GET', url: `/cases/${id}/answer`, headers: asOperator })).json();
      return r.caseNumber && r.letters?.[0]?.body ? r : undefined;
    }, 'reminder 1 with its case number');
    const short: string = answer.caseNumber;
    expect(short).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    // The archive's number, the one the letter printed (the letter is read back from the archive).
    expect((await h.deps!.evidence.readCaseNumber(caseId))?.caseNumber).toBe(short);
    expect(answer.letters[0].body).toMatch(new RegExp(`Sagsnr\\.:\\s+${short}\n`));
    expect(answer.letters[0].body).not.toContain(caseId);
    // The customer id only inside this test's invoice number (INV-<customer>), which the reminder names.
    expect(answer.letters[0].body.replaceAll(`INV-${customer}`, '')).not.toContain(customer);

    const written = short.toLowerCase().replace('-', '');
    const bySearch = (await app.inject({ method: 'GET', url: `/search?q=${written}`, headers: asOperator })).json();
    expect(bySearch).toEqual({ kind: 'case-number', cases: [expect.objectContaining({ id, customerId: customer })], truncated: false });
    const byNumber = (await app.inject({ method: 'GET', url: `/cases/${written}/answer`, headers: asOperator })).json();
    expect(byNumber).toMatchObject({ id, caseId, caseNumber: short, customerName: NAME });
  });

  it('a mistyped number is said to be mistyped, in Danish for the page and in English in the API; an unknown one is 404', async () => {
    const short = (await h.deps!.evidence.readCaseNumber(caseId))!.caseNumber;
    const mistyped = (await app.inject({ method: 'GET', url: `/search?q=${typo(short)}`, headers: asOperator })).json();
    expect(mistyped).toMatchObject({ kind: 'none', cases: [], problem: { code: 'case-number-check' } });
    expect(mistyped.problem.da).toBe(
      'Sagsnummeret passer ikke: kontroltegnet (det sidste tegn) stemmer ikke med de andre. Tjek, om et tegn er skrevet forkert, eller om to tegn er byttet om.',
    );
    // Two neighbours swapped (where they differ).
    const chars = short.replace('-', '').split('');
    const i = chars.findIndex((c, k) => k < 7 && c !== chars[k + 1]);
    [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
    const swapped = `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
    const r = await app.inject({ method: 'GET', url: `/cases/${swapped}/answer`, headers: asOperator });
    expect(r.statusCode).toBe(422);
    expect(r.json().issues).toEqual([
      { in: 'params', path: 'id', message: expect.stringMatching(/^the case number does not check: .*\(Sagsnummeret passer ikke: kontroltegnet/) },
    ]);
    // A number that checks but was never given (A000000 with its check character, worked by hand in test/evidence/case-number.test.ts).
    const unknown = await app.inject({ method: 'GET', url: '/cases/A000-000W/answer', headers: asOperator });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'not-found', message: 'no case has the case number A000-000W' });
    expect((await app.inject({ method: 'GET', url: '/cases/not-a-case/answer', headers: asOperator })).statusCode).toBe(422);
  });
});

describe('the worklist', () => {
  it('lists a flagged case with its reason in Danish and the action that clears it; acknowledging removes it; CSV too', async () => {
    await h.client.workflow.getHandle(id).signal(caseEventSignal, { messageId: 'pages-api-stray', actor: 'datahub', type: 'reopened', date: '2026-01-05' });
    const row = await eventually(async () => {
      const r = (await app.inject({ method: 'GET', url: `/worklist/attention?customer=${customer}`, headers: asOperator })).json();
      return r.rows?.find((x: { id: string }) => x.id === id);
    }, 'the flagged case on the attention list');
    expect(row.reasons).toEqual([
      expect.objectContaining({
        code: 'message-rejected',
        text: 'en besked fra DataHub eller et andet system passede ikke til sagen og blev ikke brugt',
        clearedBy: 'acknowledge',
        action: 'Håndtér det uden for sagen, og kvittér med en note',
      }),
    ]);
    const byReason = (await app.inject({ method: 'GET', url: `/cases?customer=${customer}&attentionReason=message-rejected`, headers: asOperator })).json();
    expect(byReason.cases.map((c: { id: string }) => c.id)).toEqual([id]);
    const csv = await app.inject({ method: 'GET', url: `/worklist/attention/csv?customer=${customer}`, headers: asOperator });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('workflow_id,case_number,customer_id,metering_point_id,workflow_type,stage,amount_due_kr,reason,reason_da,detail,since,cleared_by,action_da');
    expect(lines[1]).toContain(`${id},${caseId},${customer},${GSRN},caseWorkflowV2,reminder-1,`);
    const ack = await app.inject({ method: 'POST', url: `/cases/${id}/events`, headers: asOperator, payload: { type: 'acknowledgeAttention', messageId: 'ack-1', code: 'message-rejected', note: 'stray message' } });
    expect(ack.json().outcome).toBe('applied');
    const after = (await app.inject({ method: 'GET', url: `/worklist/attention?customer=${customer}`, headers: asOperator })).json();
    expect(after.rows.find((x: { id: string }) => x.id === id)).toBeUndefined();
  });

  it('cut-offs and due steps take a range of days; a range backwards is refused', async () => {
    const due = (await app.inject({ method: 'GET', url: `/worklist/due?from=2020-01-01&to=2020-01-02&customer=${customer}`, headers: asOperator })).json();
    expect(due).toMatchObject({ list: 'due', from: '2020-01-01', to: '2020-01-02', rows: [] });
    expect((await app.inject({ method: 'GET', url: '/worklist/cutoffs?from=2026-12-10&to=2026-12-01', headers: asOperator })).statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: '/worklist/failed', headers: asOperator })).json()).toMatchObject({ list: 'failed', title: 'Fejlede kørsler' });
  });
});

describe('version 1 cases until they drain', () => {
  it('a caseWorkflow case is found by customer and listed on the attention list from its caseView', async () => {
    const v1customer = freshCustomer('pages-v1');
    h.deps!.customers.add(v1customer, { name: 'V1 Eksempel (fiktiv)', address: ['Gammelvej 1', '9999 Eksempelby'], digitalPostId: `dp-${v1customer}` });
    const today = copenhagenLocalTime(Date.now()).date;
    const started = await startCase(
      h.client,
      { customerId: v1customer, meteringPointId: GSRN, meterKind: 'physical', customerClass: 'household', invoices: [{ invoiceId: `INV-${v1customer}`, amountOre: 100_000, dueDate: addDays(today, -60) }] },
      { taskQueue: h.taskQueue, workflowType: 'caseWorkflow' },
    );
    // Version 1 sets no AfbrydCustomerId: found by its workflow id.
    const found = await eventually(async () => {
      const r = (await app.inject({ method: 'GET', url: `/cases?customer=${v1customer}`, headers: asOperator })).json();
      return r.cases?.length === 1 ? r.cases[0] : undefined;
    }, 'the version 1 case by its customer');
    expect(found).toMatchObject({ id: started.workflowId, workflowType: 'caseWorkflow', customerId: v1customer });
    expect(found.attentionReasons).toBeUndefined();
    // A stray DataHub message flags it (version 1 keeps a bare flag): the list reads its caseView.
    await h.client.workflow.getHandle(started.workflowId).signal(caseEventSignal, { messageId: 'pages-v1-stray', actor: 'datahub', type: 'reopened', date: '2026-01-05' });
    const row = await eventually(async () => {
      const r = (await app.inject({ method: 'GET', url: `/worklist/attention?customer=${v1customer}`, headers: asOperator })).json();
      return r.rows?.find((x: { id: string }) => x.id === started.workflowId);
    }, 'the version 1 case on the attention list');
    expect(row.workflowType).toBe('caseWorkflow');
    expect(row.reasons.map((x: { code: string }) => x.code)).toEqual(['flagged-in-version-1']);
    const byReason = (await app.inject({ method: 'GET', url: `/cases?customer=${v1customer}&attentionReason=flagged-in-version-1`, headers: asOperator })).json();
    expect(byReason.cases.map((c: { id: string }) => c.id)).toEqual([started.workflowId]);
  });
});

describe('the pages', () => {
  it('are served without a token, with no data in them, behind a strict content security policy', async () => {
    for (const url of ['/sag', '/arbejdsliste', '/ui/app.js', '/ui/app.css']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.body).not.toContain(customer);
    }
    expect((await app.inject({ method: 'GET', url: '/sag' })).body).toContain('<html lang="da">');
    expect((await app.inject({ method: 'GET', url: '/session' })).statusCode).toBe(401);
  });
});

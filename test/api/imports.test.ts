/**
 * `POST /imports` (client/api/imports.ts): a CSV of cases over HTTP. Bad files and bad callers get a
 * 4xx naming each problem and start nothing; a dry run validates every row; with a worker, the valid
 * rows start and a second post of the same file starts nothing new.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/case/definitions.js';
import { GSRN, asBilling, freshCustomer, startApiHarness, type ApiHarness } from './harness.js';

const HEADER = 'customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,reminder1_sent,reminder1_channel,reminder2_sent,reminder2_channel';
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`;
const asCsv = { ...asBilling, 'content-type': 'text/csv' };

async function notStarted(h: ApiHarness, customerId: string): Promise<void> {
  await expect(h.client.workflow.getHandle(caseWorkflowId(GSRN, customerId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('POST /imports without a worker: nothing reaches a case', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ worker: false, prefix: 'api-imports' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('needs a bearer token', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/imports', headers: { 'content-type': 'text/csv' }, body: csv() });
    expect(r.statusCode).toBe(401);
  });

  it.each([
    ['JSON', 'application/json', '{"rows":[]}'],
    ['no content type', undefined, 'a,b'],
    ['text/plain', 'text/plain', csv()],
  ])('answers 415 for %s', async (_what, type, body) => {
    const r = await h.app.inject({ method: 'POST', url: '/imports', headers: { ...asBilling, ...(type ? { 'content-type': type } : {}) }, body });
    expect(r.statusCode).toBe(415);
    expect(r.json()).toEqual({ error: 'unsupported-media-type', message: 'send the CSV file as the body, with Content-Type: text/csv' });
  });

  it('answers 400 naming each problem of a file that cannot be imported, and starts nothing', async () => {
    const customer = freshCustomer('imp-file');
    const r = await h.app.inject({
      method: 'POST',
      url: '/imports',
      headers: asCsv,
      body: `customer_id,metering_point_id,customer_class,invoice_id,amount_ore,name\r\n${customer},${GSRN},household,INV-1,100,Jens Hansen\r\n`,
    });
    expect(r.statusCode).toBe(400);
    const answer = r.json();
    expect(answer).toMatchObject({ error: 'invalid-file', message: 'the file cannot be imported: 2 problems; nothing was started' });
    expect(answer.issues).toEqual([
      { in: 'body', path: '', message: expect.stringMatching(/^unknown column "name"/) },
      { in: 'body', path: '', message: 'missing column due_date' },
    ]);
    expect(r.body).not.toContain('Jens');
    await notStarted(h, customer);
  });

  it.each([
    ['an empty body', '', /body/, 422],
    ['a header only of blanks', '\r\n\r\n', /the file is empty/, 400],
    ['an unclosed quote', `${HEADER}\r\n"C-1,${GSRN}\r\n`, /not CSV: line 2/, 400],
  ])('answers 4xx for %s', async (_what, body, message, status) => {
    const r = await h.app.inject({ method: 'POST', url: '/imports', headers: asCsv, body });
    expect(r.statusCode).toBe(status);
    expect(JSON.stringify(r.json())).toMatch(message);
  });

  it('answers 422 naming querystring.dryRun for a bad value', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/imports?dryRun=maybe', headers: asCsv, body: csv() });
    expect(r.statusCode).toBe(422);
    expect(r.json().issues).toEqual([{ in: 'querystring', path: 'dryRun', message: 'must be one of: true, false' }]);
  });

  it('answers 413 for a file over the limit', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/imports', headers: asCsv, body: `${HEADER}\r\n${'x'.repeat(2 * 1024 * 1024 + 10)}` });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ error: 'too-large' });
  });

  it('a dry run validates every row, names the problems of each bad one by row and line, and starts nothing', async () => {
    const good = freshCustomer('imp-dry');
    const r = await h.app.inject({
      method: 'POST',
      url: '/imports?dryRun=true',
      headers: asCsv,
      body: csv(
        `${good},${GSRN},household,INV-1,150000,2026-09-14,,,,`,
        // reminder 2 nine days after reminder 1
        `${good}-b,${GSRN},household,INV-2,150000,2026-09-14,2026-09-17,digital,2026-09-26,digital`,
        // a CPR number as the customer id, and a GSRN of 17 digits
        `0101011234,57131310000000001,household,INV-3,150000,2026-09-14,,,,`,
        `${good}-c,${GSRN},household,INV-4,150000`,
      ),
    });
    expect(r.statusCode).toBe(200);
    const answer = r.json();
    expect(answer.summary).toEqual({ rows: 4, started: 0, existing: 0, joined: 0, rejected: 3, failed: 0, valid: 1 });
    expect(answer.results.map((x: { status: string }) => x.status)).toEqual(['valid', 'rejected', 'rejected', 'rejected']);
    expect(answer.rejected).toEqual([
      {
        row: 2,
        line: 3,
        problems: [expect.stringContaining('before 2026-09-27 — BEK §27 stk. 2 / Interest Act §9b'), expect.stringContaining('before 2026-09-28')],
      },
      { row: 3, line: 4, problems: ['customer_id must be a customer number, not a CPR number', 'metering_point_id must be exactly 18 digits (a GSRN)'] },
      { row: 4, line: 5, problems: ['the row has 5 fields, the header has 10'] },
    ]);
    expect(r.body).not.toContain('0101011234');
    expect(h.logLines.join('\n')).not.toContain('0101011234');
    await notStarted(h, good);
  });

  it('is in the OpenAPI document: a text/csv body, the summary answer, and its 4xx', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const route = doc.paths['/imports'].post;
    expect(Object.keys(route.requestBody.content)).toEqual(['text/csv']);
    expect(route.requestBody.content['text/csv'].schema.type).toBe('string');
    expect(route.parameters).toEqual([expect.objectContaining({ name: 'dryRun', in: 'query' })]);
    expect(Object.keys(route.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '422']);
    expect(Object.keys(route.responses['200'].content['application/json'].schema.properties).sort()).toEqual(['rejected', 'results', 'summary']);
  });
});

describe('POST /imports with a worker', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ worker: true, prefix: 'api-imports-run' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('starts the valid rows, rejects the bad one; posting the same file again starts nothing new', async () => {
    const a = freshCustomer('imp-a');
    const b = freshCustomer('imp-b');
    const body = csv(
      `${a},${GSRN},household,INV-A,150000,2027-06-14,,,,`,
      `${b},${GSRN},business,INV-B,90000,2027-06-14,,,,`,
      `${a}-bad,${GSRN},household,INV-C,0,2027-06-14,,,,`,
    );
    const first = await h.app.inject({ method: 'POST', url: '/imports', headers: asCsv, body });
    expect(first.statusCode).toBe(200);
    expect(first.json().summary).toEqual({ rows: 3, started: 2, existing: 0, joined: 0, rejected: 1, failed: 0, valid: 0 });
    expect(first.json().results.slice(0, 2)).toEqual([
      expect.objectContaining({ row: 1, status: 'started', id: caseWorkflowId(GSRN, a) }),
      expect.objectContaining({ row: 2, status: 'started', id: caseWorkflowId(GSRN, b) }),
    ]);
    expect(first.json().rejected).toEqual([{ row: 3, line: 4, problems: ['amount_ore must be more than 0'] }]);
    await notStarted(h, `${a}-bad`);

    const again = await h.app.inject({ method: 'POST', url: '/imports', headers: asCsv, body });
    expect(again.json().summary).toEqual({ rows: 3, started: 0, existing: 2, joined: 0, rejected: 1, failed: 0, valid: 0 });
    const logged = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'import');
    expect(logged.at(-1)).toMatchObject({ started: 0, existing: 2, rejected: 1 });
  });
});

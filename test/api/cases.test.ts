/**
 * The billing API against the shared dev server and an in-process worker: starting is idempotent per
 * invoice (201, then 200), a further invoice joins (200), a case shows its timeline with legal basis
 * and the actor of each event, events are answered applied / duplicate / rejected, a closed case
 * refuses events (409), and cases are listed from visibility.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/case/definitions.js';
import { GSRN, asBilling, asOperator, eventually, freshCustomer, startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness({ worker: true, prefix: 'api-cases' });
});

afterAll(async () => {
  await h?.close();
});

function body(customerId: string, invoiceId: string, dueDate = '2027-06-14', amountOre = 150_000) {
  return { customerId, meteringPointId: GSRN, meterKind: 'physical', invoices: [{ invoiceId, amountOre, dueDate }], customerClass: 'household' };
}

async function getCase(id: string) {
  const r = await h.app.inject({ method: 'GET', url: `/cases/${id}`, headers: asOperator });
  expect(r.statusCode).toBe(200);
  return r.json();
}

describe('POST /cases', () => {
  it('starts a case (201), answers the same invoice with its case (200), and joins a further invoice (200)', async () => {
    const customer = freshCustomer('start');
    const first = await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, 'INV-A') });
    expect(first.statusCode).toBe(201);
    const started = first.json();
    expect(started).toMatchObject({ status: 'started', id: caseWorkflowId(GSRN, customer), caseId: `${GSRN}-${customer}-INV-A` });
    expect(first.headers.location).toBe(`/cases/${started.id}`);

    const again = await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, 'INV-A') });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...started, status: 'existing-open' });

    const joined = await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, 'INV-B', '2027-07-14', 50_000) });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ status: 'joined', id: started.id, runId: started.runId });

    const view = await getCase(started.id);
    expect(view.invoices.map((i: { invoiceId: string }) => i.invoiceId)).toEqual(['INV-A', 'INV-B']);
    expect(view.amountDueOre).toBe(200_000);
    // The joined invoice is recorded with the token's actor.
    const join = view.timeline.find((t: { what: string }) => t.what.startsWith('invoice INV-B joins'));
    expect(join.cause).toMatchObject({ type: 'event', actor: 'billing', eventType: 'invoiceMissed' });
  });
});

describe('GET /cases/:id', () => {
  it('shows stage, next step and date, the timeline with legal basis and cause, letters and the settings version', async () => {
    const customer = freshCustomer('show');
    h.deps!.customers.add(customer, { name: 'Testperson Eksempel', address: ['Fiktivvej 1', '9999 Eksempelby'], digitalPostId: `dp-${customer}` });
    // Due long ago: reminder 1 is due at once.
    const started = await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, 'INV-OLD', '2020-01-06') });
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;

    const view = await eventually(async () => {
      const v = await getCase(id);
      return v.stage === 'reminder-1' ? v : undefined;
    }, 'reminder 1');
    expect(view).toMatchObject({ id, status: 'RUNNING', customerId: customer, meteringPointId: GSRN, customerClass: 'household', meterKind: 'physical' });
    expect(view.settingsVersion).toEqual(expect.any(String));
    expect(view.settings).toBeUndefined();
    expect(view.next).toMatchObject({ step: 'reminder2', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), basis: expect.any(String) });
    expect(view.letters).toHaveLength(1);
    expect(view.letters[0]).toMatchObject({ kind: 'reminder1', channel: 'digital' });
    const reminder = view.timeline.find((t: { what: string }) => t.what === 'rykker 1 sent');
    expect(reminder.basis).toMatch(/BEK §27/);
    expect(reminder.cause).toMatchObject({ type: 'timer', date: expect.any(String) });
    expect(reminder.facts).toMatchObject({ channel: 'digital', paymentDeadline: expect.any(String) });

    // An operator's event: the actor comes from the token and shows in the timeline.
    const paid = await h.app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: asOperator,
      payload: { type: 'paymentReceived', messageId: 'pay-part-1', amountOre: 50_000 },
    });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ outcome: 'applied', stage: 'reminder-1' });
    const after = await getCase(id);
    const payment = after.timeline.find((t: { cause: { messageId?: string } }) => t.cause.messageId === 'pay-part-1');
    expect(payment.cause).toEqual({ type: 'event', messageId: 'pay-part-1', actor: 'operator:jens', eventType: 'paymentReceived' });
  });

  it('answers 404 for an unknown case, and 422 for something that is not a case id', async () => {
    const unknown = await h.app.inject({ method: 'GET', url: `/cases/${caseWorkflowId(GSRN, 'C-nobody-here')}`, headers: asOperator });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'not-found' });
    const bad = await h.app.inject({ method: 'GET', url: '/cases/not-a-case', headers: asOperator });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().issues).toEqual([{ in: 'params', path: 'id', message: expect.stringContaining('case-<18-digit GSRN>') }]);
  });
});

describe('POST /cases/:id/events', () => {
  it('answers applied and duplicate with 200, and a refusal by the case with 409 and the reason', async () => {
    const customer = freshCustomer('events');
    const id = (await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, 'INV-E') })).json().id;
    const send = (payload: object, headers = asBilling) => h.app.inject({ method: 'POST', url: `/cases/${id}/events`, headers, payload });

    const applied = await send({ type: 'paymentReceived', messageId: 'm-1', amountOre: 50_000 });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toEqual({
      messageId: 'm-1',
      outcome: 'applied',
      reason: 'partial payment of 500.00 kr; 1000.00 kr still due',
      stage: 'opened',
      caseId: expect.any(String),
    });

    const duplicate = await send({ type: 'paymentReceived', messageId: 'm-1', amountOre: 50_000 });
    expect(duplicate.statusCode).toBe(200);
    expect(duplicate.json()).toMatchObject({ messageId: 'm-1', outcome: 'duplicate', reason: 'already applied' });

    const rejected = await send({ type: 'release', messageId: 'op-1' }, asOperator);
    expect(rejected.statusCode).toBe(409);
    expect(rejected.json()).toMatchObject({
      error: 'refused-by-case',
      message: expect.stringMatching(/^the case refused the event: .*no open hold/),
      messageId: 'op-1',
      outcome: 'rejected',
      reason: expect.stringContaining('no open hold'),
    });

    const hold = await send({ type: 'hold', messageId: 'op-2', reason: 'welfare-concern', note: 'a social worker is involved' }, asOperator);
    expect(hold.json()).toMatchObject({ outcome: 'applied', stage: expect.any(String) });

    const view = await getCase(id);
    expect(view.stage).toBe('on-hold');
    expect(view.holds).toEqual([expect.objectContaining({ holdId: 'operator:op-2', kind: 'operator', note: 'a social worker is involved' })]);
    // A refusal the caller heard (the rejected release) and a hold are no attention reasons (issue 14).
    expect(view.needsAttention).toBe(false);
    expect(view.attention ?? []).toEqual([]);
    const actors = view.timeline.filter((t: { cause: { type: string } }) => t.cause.type === 'event').map((t: { cause: { actor: string } }) => t.cause.actor);
    expect(actors).toEqual(['billing', 'operator:jens', 'operator:jens']);

    // Listed from visibility by stage and attention.
    const listed = await eventually(async () => {
      const r = await h.app.inject({ method: 'GET', url: '/cases?stage=on-hold&needsAttention=false', headers: asOperator });
      expect(r.statusCode).toBe(200);
      return r.json().cases.find((c: { id: string }) => c.id === id);
    }, 'the case in the list');
    expect(listed).toMatchObject({ id, stage: 'on-hold', needsAttention: false, customerClass: 'household', status: 'RUNNING' });
    const other = await h.app.inject({ method: 'GET', url: '/cases?stage=disconnected', headers: asOperator });
    expect(other.json().cases.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('refuses an event with an actor, or an invalid one, naming every field, and delivers nothing', async () => {
    const customer = freshCustomer('badevent');
    const id = (await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, 'INV-X') })).json().id;
    const r = await h.app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: asBilling,
      payload: { type: 'paymentReceived', messageId: 'm-x', amountOre: '500', actor: 'operator:boss' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().issues).toEqual([
      { in: 'body', path: 'amountOre', message: 'must be a number, not a string' },
      { in: 'body', path: 'actor', message: 'is set from your bearer token and cannot be sent' },
    ]);
    const unknownType = await h.app.inject({ method: 'POST', url: `/cases/${id}/events`, headers: asBilling, payload: { type: 'disconnected', messageId: 'dh-1', date: '2027-01-04' } });
    expect(unknownType.statusCode).toBe(422);
    expect(unknownType.json().issues).toEqual([{ in: 'body', path: 'type', message: expect.stringMatching(/^must be one of: paymentReceived, /) }]);
    const view = await getCase(id);
    expect(view.timeline.filter((t: { cause: { type: string } }) => t.cause.type === 'event')).toEqual([]);
  });

  it('answers 409 for a closed case, and POST /cases answers its invoice with the closed case', async () => {
    const customer = freshCustomer('closed');
    const started = (await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, 'INV-C') })).json();
    const paid = await h.app.inject({
      method: 'POST',
      url: `/cases/${started.id}/events`,
      headers: asBilling,
      payload: { type: 'paymentReceived', messageId: 'pay-all', amountOre: 150_000 },
    });
    // The reply to a closing event carries the stage after it (no DataHub request to cancel: closed at once).
    expect(paid.json()).toMatchObject({ outcome: 'applied', stage: 'closed' });
    await h.client.workflow.getHandle(started.id).result();

    const closedView = await getCase(started.id);
    expect(closedView).toMatchObject({ status: 'COMPLETED', stage: 'closed', closed: { reason: 'paid' } });

    const late = await h.app.inject({
      method: 'POST',
      url: `/cases/${started.id}/events`,
      headers: asBilling,
      payload: { type: 'paymentReceived', messageId: 'pay-late', amountOre: 1 },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: 'case-closed' });

    // Billing retries the payment that closed the case (its answer was lost): the closed case recorded
    // it, so the retry is a duplicate, not a refusal that reads as if the payment never arrived.
    const retried = await h.app.inject({
      method: 'POST',
      url: `/cases/${started.id}/events`,
      headers: asBilling,
      payload: { type: 'paymentReceived', messageId: 'pay-all', amountOre: 150_000 },
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ messageId: 'pay-all', outcome: 'duplicate', reason: expect.stringContaining('recorded before the case closed') });

    const same = await h.app.inject({ method: 'POST', url: '/cases', headers: asBilling, payload: body(customer, 'INV-C') });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ status: 'existing-closed', id: started.id, runId: started.runId });
  });

  it('answers 404 for events to an unknown case', async () => {
    const r = await h.app.inject({
      method: 'POST',
      url: `/cases/${caseWorkflowId(GSRN, 'C-never-started')}/events`,
      headers: asBilling,
      payload: { type: 'paymentReceived', messageId: 'm-1', amountOre: 1 },
    });
    expect(r.statusCode).toBe(404);
  });
});

describe('bad input changes nothing', () => {
  it('names every invalid field and starts nothing', async () => {
    const customer = freshCustomer('bad');
    const r = await h.app.inject({
      method: 'POST',
      url: '/cases',
      headers: asBilling,
      payload: {
        customerId: customer,
        meteringPointId: GSRN,
        invoices: [
          { invoiceId: 'INV-1', amountOre: 1.5, dueDate: '2027-02-30' },
          { invoiceId: 'INV-2', amountOre: 100, dueDate: '2027-02-28', extra: true },
        ],
        customerClass: 'household',
        meterKind: 'digital',
        preferredChannel: 'pigeon',
        circumstances: 'police',
        withoutArrears: [],
        colour: 'blue',
      },
    });
    expect(r.statusCode).toBe(422);
    const { issues, error } = r.json();
    expect(error).toBe('invalid-request');
    expect(issues.map((i: { path: string }) => i.path).sort()).toEqual(
      [
        'invoices.0.amountOre',
        'invoices.0.dueDate',
        'invoices.1.extra',
        'meterKind',
        'preferredChannel',
        'circumstances',
        'withoutArrears',
        'colour',
      ].sort(),
    );
    await expect(h.client.workflow.getHandle(caseWorkflowId(GSRN, customer)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const listed = await h.app.inject({ method: 'GET', url: '/cases', headers: asOperator });
    expect(listed.json().cases.map((c: { id: string }) => c.id)).not.toContain(caseWorkflowId(GSRN, customer));
  });
});

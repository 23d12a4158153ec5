/**
 * The billing API's routes for owner liability and requested disconnections (client/api/owner-routes.ts)
 * against the shared dev server and an in-process worker: starting is idempotent by workflow id (201,
 * then 200; another agreement while a case is open 409), events are answered applied / duplicate /
 * rejected with the reason, a tenant moving out is refused with 422 and nothing is started, a closed case
 * refuses events (409), bad input names every field, and the OpenAPI document lists the routes.
 *
 * These run on the real clock: the assertions hold whatever the day (dates relative to today are
 * checked against the rules, not against fixed values; the hand-worked dates are in test/rules/owner.test.ts
 * and test/workflows/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, copenhagenLocalTime, earliestCutoff, isDisconnectionDay } from '../../rules/index.js';
import { GSRN, asBilling, asOperator, eventually, freshCustomer, startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness({ worker: true, prefix: 'api-owner' });
});

afterAll(async () => {
  await h?.close();
});

function ownerBody(ownerId: string, agreement = 'AGR-1') {
  return { meteringPointId: GSRN, ownerId, terminatedAgreementId: agreement, agreementEnd: '2027-12-31', meterKind: 'physical' };
}

function addOwner(ownerId: string): void {
  h.deps!.customers.add(ownerId, { name: 'Ejer Eksempel (fiktiv)', address: ['Ejervej 1', '9999 Eksempelby'], digitalPostId: `dp-${ownerId}` });
}

async function getJson(url: string) {
  const r = await h.app.inject({ method: 'GET', url, headers: asOperator });
  expect(r.statusCode).toBe(200);
  return r.json();
}

describe('POST /owner-liability-cases', () => {
  it('starts a case (201), answers the same agreement with it (200), and refuses another agreement while it is open (409)', async () => {
    const owner = freshCustomer('owner');
    addOwner(owner);
    const first = await h.app.inject({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: ownerBody(owner) });
    expect(first.statusCode).toBe(201);
    const started = first.json();
    expect(started).toMatchObject({ status: 'started', id: `owner-${GSRN}-${owner}`, caseId: `${GSRN}-${owner}-AGR-1` });
    expect(first.headers.location).toBe(`/owner-liability-cases/${started.id}`);

    const again = await h.app.inject({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: ownerBody(owner) });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...started, status: 'existing-open' });

    const other = await h.app.inject({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: ownerBody(owner, 'AGR-2') });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ error: 'conflict', message: expect.stringContaining(`case ${GSRN}-${owner}-AGR-1`) });

    const view = await eventually(async () => {
      const v = await getJson(`/owner-liability-cases/${started.id}`);
      return v.settingsVersion ? v : undefined;
    }, 'the settings snapshot');
    expect(view).toMatchObject({ id: started.id, status: 'RUNNING', kind: 'owner-liability', ownerId: owner, agreementEnd: '2027-12-31', ownerClass: 'household' });
    expect(view.settings).toBeUndefined();
    expect(view.timeline[0]).toMatchObject({ basis: expect.stringMatching(/^BEK §25 stk\. 2/), cause: { type: 'start' } });
  });

  it('answers events: a contact attempt in the future and a disconnection without acceptance are rejected with the reason; the owner’s request is applied', async () => {
    const owner = freshCustomer('events');
    addOwner(owner);
    const today = copenhagenLocalTime(Date.now()).date;
    // The agreement ended yesterday: the request is not held back to after it (BEK §25 stk. 6–7).
    const payload = { ...ownerBody(owner), agreementEnd: addDays(today, -1) };
    const id = (await h.app.inject({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload })).json().id;
    const send = (payload: object, headers = asOperator) => h.app.inject({ method: 'POST', url: `/owner-liability-cases/${id}/events`, headers, payload });

    const future = await send({ type: 'contactAttemptRecorded', messageId: 'a-future', date: addDays(today, 2), channel: 'phone' });
    expect(future.statusCode).toBe(409);
    expect(future.json()).toMatchObject({ error: 'refused-by-case', outcome: 'rejected', reason: expect.stringContaining('is in the future') });

    const attempt = await send({ type: 'contactAttemptRecorded', messageId: 'a-1', date: today, channel: 'phone', note: 'no answer' });
    expect(attempt.json()).toMatchObject({ outcome: 'applied', reason: `attempt to reach the owner recorded: phone on ${today}` });

    const early = await send({ type: 'ownerUnreachableDisconnection', messageId: 'u-1' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: 'refused-by-case', outcome: 'rejected', reason: expect.stringMatching(/^no disconnection without the owner's acceptance: BEK §25 stk\. 8/) });

    const asked = await send({ type: 'ownerAskedForDisconnection', messageId: 'ask-1' }, asBilling);
    expect(asked.json()).toMatchObject({ outcome: 'applied', reason: 'the owner asked for the supply to be disconnected: forwarded to DataHub at once' });
    const duplicate = await send({ type: 'ownerAskedForDisconnection', messageId: 'ask-1' }, asBilling);
    expect(duplicate.json()).toMatchObject({ outcome: 'duplicate' });

    const requested = await eventually(async () => {
      const v = await getJson(`/owner-liability-cases/${id}`);
      return v.request ? v : undefined;
    }, 'the DataHub request');
    // Sent at once (any calendar day); the cut-off is the earliest household disconnection day ≥ 3 working days ahead.
    const sentDate = requested.request.sentDate;
    expect(requested.request).toMatchObject({ flag: 'D12', cutoff: earliestCutoff({ request: sentDate, customerClass: 'household' }).date });
    // Release 0.6.9: D12 is not on RSM-005; the view shows it waits for DataHub's confirmation to go as RSM-020.
    expect(requested.request.circumstancesPending).toEqual(['agreed-with-customer']);
    expect(requested.stage).toBe('disconnection-requested');
    // The refusals above were answered to their caller (the update door): they open no attention reason.
    expect(requested).toMatchObject({ needsAttention: false, attention: [] });
    const ask = requested.timeline.find((t: { cause: { messageId?: string } }) => t.cause.messageId === 'ask-1');
    expect(ask.cause).toEqual({ type: 'event', messageId: 'ask-1', actor: 'billing', eventType: 'ownerAskedForDisconnection' });
    expect(requested.contactAttempts).toEqual([expect.objectContaining({ date: today, channel: 'phone', actor: 'operator:jens' })]);

    const cancel = await send({ type: 'caseCancelled', messageId: 'c-1', reason: 'opened-in-error' });
    expect(cancel.json()).toMatchObject({ outcome: 'applied' });
    await h.client.workflow.getHandle(id).result();
    const closed = await getJson(`/owner-liability-cases/${id}`);
    expect(closed).toMatchObject({ status: 'COMPLETED', stage: 'closed', closed: { reason: 'cancelled' }, request: { status: 'cancelled' } });
    const late = await send({ type: 'ownerAskedForDisconnection', messageId: 'ask-2' }, asBilling);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: 'case-closed' });
    // The cancellation sent again (its answer lost): the closed case recorded it — a duplicate, not a refusal.
    const again = await send({ type: 'caseCancelled', messageId: 'c-1', reason: 'opened-in-error' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ messageId: 'c-1', outcome: 'duplicate', reason: expect.stringContaining('recorded before the case closed: applied') });
  });

  it('names every invalid field and starts nothing; refuses an actor in the body; needs a token', async () => {
    const bad = await h.app.inject({
      method: 'POST',
      url: '/owner-liability-cases',
      headers: asBilling,
      payload: { meteringPointId: '123', ownerId: '010190-1234', terminatedAgreementId: 'AGR 1', agreementEnd: '2027-02-30', ownerName: 'x' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['agreementEnd', 'meteringPointId', 'ownerId', 'ownerName', 'terminatedAgreementId']);
    expect(JSON.stringify(bad.json())).not.toContain('010190');

    const owner = freshCustomer('badevent');
    addOwner(owner);
    const id = (await h.app.inject({ method: 'POST', url: '/owner-liability-cases', headers: asBilling, payload: ownerBody(owner) })).json().id;
    const withActor = await h.app.inject({
      method: 'POST',
      url: `/owner-liability-cases/${id}/events`,
      headers: asOperator,
      payload: { type: 'contactAttemptRecorded', messageId: 'x', date: '2027-01-04', channel: 'pigeon', actor: 'operator:boss' },
    });
    expect(withActor.statusCode).toBe(422);
    expect(withActor.json().issues).toEqual([
      { in: 'body', path: 'channel', message: expect.stringMatching(/^must be one of: letter, digital-post, email, phone, sms, visit/) },
      { in: 'body', path: 'actor', message: 'is set from your bearer token and cannot be sent' },
    ]);
    const wrongKind = await h.app.inject({ method: 'POST', url: `/owner-liability-cases/${id}/events`, headers: asBilling, payload: { type: 'paymentReceived', messageId: 'p', amountOre: 1 } });
    expect(wrongKind.statusCode).toBe(422);

    const noToken = await h.app.inject({ method: 'POST', url: '/owner-liability-cases', payload: ownerBody(owner) });
    expect(noToken.statusCode).toBe(401);
    const notAnId = await h.app.inject({ method: 'GET', url: '/owner-liability-cases/case-1', headers: asOperator });
    expect(notAnId.statusCode).toBe(422);
    const unknown = await h.app.inject({ method: 'GET', url: `/owner-liability-cases/owner-${GSRN}-O-never-started`, headers: asOperator });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('POST /disconnection-requests', () => {
  it('refuses a tenant moving out with 422 "use owner liability" and starts nothing', async () => {
    const requestId = freshCustomer('REQ-T');
    const r = await h.app.inject({
      method: 'POST',
      url: '/disconnection-requests',
      headers: asBilling,
      payload: { requestId, meteringPointId: GSRN, customerId: 'C-1001', requesterRole: 'tenant-moving-out', customerClass: 'household', wantedDate: '2027-03-15' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ error: 'refused', message: expect.stringMatching(/^use owner liability/), basis: expect.stringContaining('BEK §25 stk. 2') });
    const none = await h.app.inject({ method: 'GET', url: `/disconnection-requests/disconnect-${GSRN}-${requestId}`, headers: asOperator });
    expect(none.statusCode).toBe(404);
  });

  it('starts a request (201, then 200), sends D12 with a cut-off the rules allow, and cancels it', async () => {
    const requestId = freshCustomer('REQ');
    const wantedDate = addDays(copenhagenLocalTime(Date.now()).date, 14);
    const body = { requestId, meteringPointId: GSRN, customerId: 'C-2001', requesterRole: 'customer', ownerId: 'O-4001', ownerConsentId: 'CONSENT-9', customerClass: 'business', wantedDate };
    const first = await h.app.inject({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: body });
    expect(first.statusCode).toBe(201);
    const id = first.json().id;
    expect(id).toBe(`disconnect-${GSRN}-${requestId}`);
    const again = await h.app.inject({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'existing-open', id });

    const requested = await eventually(async () => {
      const v = await getJson(`/disconnection-requests/${id}`);
      return v.stage === 'disconnection-requested' ? v : undefined;
    }, 'the request sent');
    // 14 days ahead is ≥ 3 working days: the date chosen, or the next business disconnection day.
    expect(requested.cutoff.date >= wantedDate).toBe(true);
    expect(isDisconnectionDay(requested.cutoff.date, 'business')).toBe(true);
    expect(Boolean(requested.cutoff.moved)).toBe(requested.cutoff.date !== wantedDate);
    expect(requested.request).toMatchObject({ flag: 'D12', cutoff: requested.cutoff.date, status: 'sent', circumstancesPending: ['agreed-with-customer'] });
    expect(requested.requester).toMatchObject({ allowed: true, basis: expect.stringContaining('CONSENT-9') });

    const reopenEarly = await h.app.inject({ method: 'POST', url: `/disconnection-requests/${id}/events`, headers: asBilling, payload: { type: 'reopeningRequested', messageId: 'r-1' } });
    expect(reopenEarly.statusCode).toBe(409);
    expect(reopenEarly.json()).toMatchObject({ outcome: 'rejected', reason: 'the supply is not disconnected: cancel the request instead' });
    const cancel = await h.app.inject({ method: 'POST', url: `/disconnection-requests/${id}/events`, headers: asBilling, payload: { type: 'cancellationRequested', messageId: 'c-1' } });
    expect(cancel.json()).toMatchObject({ outcome: 'applied', reason: expect.stringContaining('the DataHub request is cancelled') });
    await h.client.workflow.getHandle(id).result();
    const closed = await getJson(`/disconnection-requests/${id}`);
    expect(closed).toMatchObject({ status: 'COMPLETED', stage: 'closed', closed: { reason: 'cancelled' }, request: { status: 'cancelled' } });
    const late = await h.app.inject({ method: 'POST', url: `/disconnection-requests/${id}/events`, headers: asBilling, payload: { type: 'cancellationRequested', messageId: 'c-2' } });
    expect(late.statusCode).toBe(409);
    const closedAgain = await h.app.inject({ method: 'POST', url: '/disconnection-requests', headers: asBilling, payload: body });
    expect(closedAgain.json()).toMatchObject({ status: 'existing-closed', id });
  });
});

describe('the OpenAPI document', () => {
  it('lists the routes of owner liability and requested disconnections, with bearer auth', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/owner-liability-cases', '/owner-liability-cases/{id}', '/owner-liability-cases/{id}/events', '/disconnection-requests', '/disconnection-requests/{id}', '/disconnection-requests/{id}/events']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/disconnection-requests'].post.responses['422']).toBeDefined();
    expect(doc.paths['/owner-liability-cases'].post.tags).toEqual(['owner-liability']);
    expect(doc.security).toEqual([{ bearer: [] }]);
  });
});

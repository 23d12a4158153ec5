/**
 * A disconnection the customer or the owner asks for (RULES 9, 10): an owner closing a holiday home, a
 * business closing a site.
 *
 * 1. The request is validated (`rules/owner.ts: checkRequester`): the owner, or a customer with the
 *    owner's recorded consent; a tenant moving out is refused with "use owner liability" (BEK §25
 *    stk. 2: the owner-liability case applies).
 * 2. The cut-off is the date the requester chose if the rules allow it (≥ 3 working days after the
 *    request, a disconnection day of the class); a no-disconnection day or a too-early date is moved to
 *    the next possible day, and the reason is recorded (`requestedCutoff`).
 * 3. The DataHub request — an end of supply (RSM-005) flagged D12, "ordinary disconnection agreed with
 *    the customer" — goes at once, or 60 days before a cut-off further ahead (regulation H1). From release
 *    0.6.9 (`circumstancesAsServiceRequests`) the D12 is not on RSM-005 but follows as RSM-020 in the
 *    end-of-supply process once DataHub confirms it; and a metering point without master data makes the
 *    case wait with `master-data-missing` instead of failing (`masterDataWait`).
 * 4. The grid's window (RULES 4) and its answer, as in the unpaid-invoice case: disconnected, refused
 *    (an operator acts), or nothing by the window deadline + the grace (flagged for an operator).
 * 5. Cancellation before the disconnection (RSM-024); reopening after it: start of supply (BRS-009),
 *    then BRS-039 D03, and the grid's report.
 */
import * as wf from '@temporalio/workflow';
import type * as datahubActivities from '../../activities/datahub.js';
import type * as ownerSettingsActivities from '../../activities/owner-settings.js';
import {
  checkRequester,
  copenhagenInstant,
  copenhagenLocalTime,
  expectedReopening,
  gridReportDeadline,
  gridWindow,
  maxDate,
  requestedCutoff,
  type Dated,
  type IsoDate,
} from '../../rules/index.js';
import type { OwnerCaseSettings } from '../owner-liability/definitions.js';
import { CASE_KIND, CUSTOMER_CLASS, CUSTOMER_ID, METERING_POINT_ID, METER_KIND } from '../search-attributes.js';
import { needsAttention, publishedAttention, raiseAttentionAndFlag, refuseMalformedWithFlag } from '../shared/attention.js';
import { featuresOf } from '../releases.js';
import { setEventDoors } from '../shared/doors.js';
import { applyEarlyConfirmation, circumstancesDue, sendCircumstancesInProcess } from '../shared/circumstances.js';
import { cancelDataHubRequest, nowIso, recorder } from '../shared/kernel.js';
import { awaitMasterData } from '../shared/master-data.js';
import { daysOf, searchAttributePublisher } from '../shared/publish.js';
import { factOrTimeout } from '../shared/wait.js';
import {
  REQUESTED_DISCONNECTION_CASE_KIND,
  requestedDisconnectionEventOutcomeQuery,
  requestedDisconnectionEventSignal,
  requestedDisconnectionViewQuery,
  submitRequestedDisconnectionEventUpdate,
  type Cause,
  type RequestedDisconnectionEvent,
  type RequestedDisconnectionInput,
  type RequestedDisconnectionStage,
  type RequestedDisconnectionView,
} from './definitions.js';
import { applyRequestedEvent, requestPending, type RequestedState } from './state.js';

type DataHub = ReturnType<typeof datahubActivities.createDataHubActivities>;
type OwnerSettingsActivities = ReturnType<typeof ownerSettingsActivities.createOwnerSettingsActivities>;

// DataHub: idempotent (message ids from the idempotency key), retried with backoff without limit — a
// request that cannot go out now must go out as soon as it can.
const outside = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} satisfies wf.ActivityOptions;

const { sendDataHubRequest, sendSpecialCircumstances, lookupMeteringPoint } = wf.proxyActivities<DataHub>(outside);
// Reads the worker's configuration: local, and recorded in history as the case's snapshot.
const { snapshotOwnerCaseSettings } = wf.proxyLocalActivities<OwnerSettingsActivities>({ startToCloseTimeout: '10 seconds' });

/** Runs one requested disconnection. */
export async function requestedDisconnectionWorkflow(input: RequestedDisconnectionInput): Promise<RequestedDisconnectionView> {
  // The release table (workflows/releases.ts), decided once, before any await.
  const features = featuresOf('requestedDisconnectionWorkflow');
  const today = (): IsoDate => copenhagenLocalTime(Date.now()).date;
  const state: RequestedState = {
    caseId: input.caseId,
    kind: REQUESTED_DISCONNECTION_CASE_KIND,
    requestId: input.requestId,
    meteringPointId: input.meteringPointId,
    customerId: input.customerId,
    requesterRole: input.requesterRole,
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
    ...(input.ownerConsentId ? { ownerConsentId: input.ownerConsentId } : {}),
    customerClass: input.customerClass,
    ...(input.meterKind ? { meterKind: input.meterKind } : {}),
    stage: 'received',
    wantedDate: input.wantedDate,
    attention: [],
    timeline: [],
    outcomes: {},
    wake: 0,
  };
  const publishAttributes = searchAttributePublisher(() => {
    const cutoff = requestPending(state) ? state.request?.cutoff : undefined;
    return {
      stage: state.stage,
      needsAttention: publishedAttention(state, features.attentionReasons),
      ...(cutoff ? { cutoff } : {}),
      details: currentDetails(state),
      ...daysOf(state, features.dayAttributes),
    };
  });
  /** The timeline's record (workflows/shared/kernel.ts). */
  const record = recorder(state);
  const requestedOn = today();

  state.timeline.push({
    at: nowIso(),
    what: `disconnection requested by the ${input.requesterRole} (customer ${input.customerId}) for ${input.wantedDate}`,
    cause: { type: 'start' },
    facts: { requestId: input.requestId, wantedDate: input.wantedDate, requesterRole: input.requesterRole },
  });

  const receive = (event: RequestedDisconnectionEvent, door: 'signal' | 'update') => {
    const outcome = applyRequestedEvent(state, event, { now: nowIso(), today: today(), features: { rejectionsByTransaction: features.rejectionsByTransaction } }, door);
    publish();
    return outcome;
  };
  // The doors (workflows/shared/doors.ts): the update tells the requester whether the cancellation or reopening
  // applied; a refusal nobody hears (a signal) opens an attention reason.
  setEventDoors(
    { signal: requestedDisconnectionEventSignal, update: submitRequestedDisconnectionEventUpdate, viewQuery: requestedDisconnectionViewQuery, outcomeQuery: requestedDisconnectionEventOutcomeQuery },
    {
      receive,
      refuseMalformed: refuseMalformedWithFlag(state, nowIso),
      view: () => view(state),
      outcomeOf: (messageId) => state.outcomes[messageId] ?? null,
      state,
      now: nowIso,
      publish,
    },
  );

  wf.upsertSearchAttributes([
    { key: CASE_KIND, value: REQUESTED_DISCONNECTION_CASE_KIND },
    { key: CUSTOMER_CLASS, value: input.customerClass },
    { key: METERING_POINT_ID, value: input.meteringPointId },
    ...(features.dayAttributes ? [{ key: CUSTOMER_ID, value: input.customerId }] : []),
  ] as Parameters<typeof wf.upsertSearchAttributes>[0]);
  publish();

  // ----- helpers

  function setStage(stage: RequestedDisconnectionStage): void {
    state.stage = stage;
    publish();
  }

  function publish(): void {
    publishAttributes();
  }

  function changedSince(wake: number): () => boolean {
    return () => state.wake !== wake || Boolean(state.closing);
  }

  async function close(): Promise<RequestedDisconnectionView> {
    const closing = state.closing!;
    const request = state.request;
    // Decided now, not when the closing message arrived: a request may have gone out since.
    const mustCancel = closing.reason === 'cancelled' || closing.reason === 'closed-by-operator';
    if (mustCancel && request && (requestPending(state) || request.status === 'not-disconnected')) {
      // RSM-024 (workflows/shared/kernel.ts): one request, cycle 0 → the key `<caseId>:datahub-cancel:0`.
      const cancel = await cancelDataHubRequest({ caseId: input.caseId, meteringPointId: input.meteringPointId, request });
      request.status = 'cancelled';
      if (cancel.status === 'rejected') {
        raiseAttentionAndFlag(state, 'cancellation-rejected', `DataHub rejected the cancellation of ${request.transactionId} (${cancel.code ?? '?'}${cancel.message ? `: ${cancel.message}` : ''})`, nowIso(), cancel.messageId);
      }
      record(`DataHub request cancelled: ${cancel.status}`, closing.cause, 'RULES 10: RSM-024 RequestCancellation; SV 2.2.1 d', { messageId: cancel.messageId });
    }
    state.closed = { reason: closing.reason, at: nowIso(), ...(closing.why ? { why: closing.why } : {}) };
    record(`case closed: ${closing.reason}${closing.why ? ` (${closing.why})` : ''}`, closing.cause);
    state.stage = 'closed';
    delete state.next;
    publish();
    await wf.condition(wf.allHandlersFinished);
    return view(state);
  }

  // ----- 1. who asks (RULES 9, 10)
  const check = checkRequester({ role: input.requesterRole, ...(input.ownerConsentId ? { ownerConsentId: input.ownerConsentId } : {}) });
  if (!check.allowed) {
    state.requester = { allowed: false, basis: check.basis, reason: check.reason };
    record(`request refused: ${check.reason}`, { type: 'start' }, check.basis);
    state.closing = { reason: 'refused', cause: { type: 'start' }, cancelRequest: false, why: check.reason };
    return close();
  }
  state.requester = { allowed: true, basis: check.basis };
  record('the requester may ask for the disconnection', { type: 'start' }, check.basis);

  // ----- settings and facts, recorded in history
  const s: OwnerCaseSettings = input.settings ?? (await snapshotOwnerCaseSettings());
  state.settings = s;
  const rules = s.rules;
  if (!state.meterKind) {
    // Release 0.6.9 (masterDataWait): no master data is no failure; the case waits for it (workflows/shared/master-data.ts).
    // Its metering point is published already, so the poller and the doors find the waiting case.
    const found = features.masterDataWait
      ? await awaitMasterData({
          meteringPointId: input.meteringPointId,
          lookup: lookupMeteringPoint,
          state,
          step: 'disconnectionRequest',
          closing: () => Boolean(state.closing),
          publish: publishAttributes,
          whileWaiting: [],
        })
      : await lookupMeteringPoint({ meteringPointId: input.meteringPointId });
    // Cancelled (or closed by an operator) while it waited for master data: nothing was sent.
    if (!found) return close();
    state.meterKind = found.meterKind;
  }
  const meter = state.meterKind;
  wf.upsertSearchAttributes([{ key: METER_KIND, value: meter }]);
  record(`settings ${s.versionId} snapshotted; meter kind ${meter}`, { type: 'start' }, undefined, { settingsVersion: s.versionId });

  // ----- 2. the cut-off (RULES 10; SV 2.2.1 b, 2.3.2)
  // Counted from the day the request can go: from release 0.6.9 (masterDataWait) the day the master data
  // is there — a case that waited for it asks later than it was asked — else the day the case opened.
  const requestDay = features.masterDataWait ? today() : requestedOn;
  const decision = requestedCutoff({ requestedOn: requestDay, wanted: input.wantedDate, customerClass: input.customerClass }, rules);
  state.cutoff = { ...decision.cutoff, ...(decision.reason ? { moved: decision.reason } : {}) };
  state.sendOn = decision.sendOn;
  record(
    decision.moved ? `cut-off ${decision.cutoff.date}, not ${input.wantedDate}: ${decision.reason}` : `cut-off ${decision.cutoff.date}, as chosen`,
    { type: 'start' },
    decision.cutoff.basis,
    { wantedDate: input.wantedDate, cutoff: decision.cutoff.date, sendOn: decision.sendOn.date },
  );
  publish();

  // ----- 3. the request: at once, or when the cut-off is within 60 days
  if (decision.sendOn.date > requestDay) {
    setStage('scheduled');
    state.next = { step: 'disconnectionRequest', date: decision.sendOn.date, basis: decision.sendOn.basis };
    publish();
    const wait = copenhagenInstant(decision.sendOn.date, s.stepTimeLocal) - Date.now();
    if (wait > 0) await factOrTimeout(() => Boolean(state.closing), wait, 'anmodningen til DataHub (højst 60 dage før skæringsdatoen)');
    if (state.closing) return close();
  }
  await requestDisconnection(decision.sendOn.date > requestDay ? { type: 'timer', date: decision.sendOn.date } : { type: 'start' });

  // ----- 4., 5. the grid's answer; cancellation; reopening
  for (;;) {
    if (state.closing) break;
    // Release 0.6.9 (circumstancesAsServiceRequests): DataHub confirmed the end of supply with its process id.
    if (circumstancesDue(state.request)) {
      await sendCircumstances();
      continue;
    }
    if (requestPending(state)) {
      await awaitGrid();
      continue;
    }
    if (state.disconnected && !state.reopening) {
      if (state.reopeningWanted) {
        await reopen();
        continue;
      }
      setStage('disconnected');
      await awaitMessage('the requester to ask for the reopening (or an operator to close the case)');
      continue;
    }
    if (state.reopening) {
      await awaitMessage('the grid company to report the reopening (via DataHub)', { step: 'reopening', date: state.reopening.expected.date, basis: state.reopening.expected.basis });
      continue;
    }
    await awaitMessage(`an operator: the request was ${state.request?.status} (${state.request?.rejection?.code ?? '-'}); cancel it or close the case`);
  }
  return close();

  // ----- the steps

  /** The end of supply with D12 (RULES 10; on RSM-005 before release 0.6.9, as RSM-020 after it), with the cut-off decided above. */
  async function requestDisconnection(cause: Cause): Promise<void> {
    const cutoff: Dated = decision.cutoff;
    const window = gridWindow(cutoff.date, meter, input.customerClass, rules);
    const report = gridReportDeadline(window.deadline, s.exceptions, rules);
    const sentDate = today();
    // Release 0.6.9: DataHub's confirmation may overtake the result; it is kept meanwhile (RequestInFlight).
    if (features.circumstancesAsServiceRequests) state.requestInFlight = true;
    const receipt = await sendDataHubRequest({
      idempotencyKey: `${input.caseId}:datahub-request:0`,
      caseId: input.caseId,
      request: {
        kind: 'RequestEndOfSupply',
        meteringPointId: input.meteringPointId,
        cutoff: cutoff.date,
        // Release 0.6.9 (RULES 10): RSM-005 has no field for it; D12 follows as RSM-020 once DataHub confirms.
        circumstances: features.circumstancesAsServiceRequests ? [] : ['agreed-with-customer'],
      },
    });
    state.request = {
      flag: 'D12',
      messageId: receipt.messageId,
      transactionId: receipt.transactionId,
      ...(receipt.processId ? { processId: receipt.processId } : {}),
      sentDate,
      cutoff: cutoff.date,
      cutoffBasis: cutoff.basis,
      windowDeadline: window.deadline,
      windowDeadlineBasis: window.basis,
      reportBy: report.reportBy,
      overdueFrom: report.overdueFrom,
      status: receipt.status === 'accepted' ? 'sent' : 'rejected',
      ...(receipt.status === 'rejected' ? { rejection: { code: receipt.code ?? '?', ...(receipt.message ? { text: receipt.message } : {}) } } : {}),
      ...(features.circumstancesAsServiceRequests && receipt.status === 'accepted' ? { circumstancesPending: ['agreed-with-customer' as const] } : {}),
    };
    if (receipt.status === 'rejected') {
      raiseAttentionAndFlag(state, 'request-rejected', `DataHub rejected the request (${receipt.code}: ${receipt.message})`, nowIso(), receipt.messageId);
      record(`DataHub rejected the request (${receipt.code}: ${receipt.message}); an operator must act`, cause, 'RULES 10', { messageId: receipt.messageId });
    } else {
      record(
        features.circumstancesAsServiceRequests
          ? 'DataHub request sent: end of supply with D12 (ordinary disconnection agreed with the customer) to follow as RSM-020 once DataHub confirms it'
          : 'DataHub request sent: end of supply flagged D12 (ordinary disconnection agreed with the customer)',
        cause, `${check.allowed ? check.basis : ''}; ${cutoff.basis}`, {
        messageId: receipt.messageId,
        transactionId: receipt.transactionId,
        cutoff: cutoff.date,
        windowDeadline: window.deadline,
        windowDeadlineBasis: window.basis,
      });
    }
    const early = applyEarlyConfirmation(state);
    if (early) record('DataHub’s confirmation, which came before the request was recorded, applied to it', { type: 'event', messageId: early.messageId, eventType: 'requestConfirmed' }, 'RULES 10');
    setStage('disconnection-requested');
  }

  /** The grid's window (RULES 4): no outcome by the window deadline + the grace flags the case. */
  async function awaitGrid(): Promise<void> {
    const request = state.request!;
    state.next = { step: 'gridWindow', date: request.windowDeadline, basis: request.windowDeadlineBasis, waitingFor: 'the grid company to disconnect (reported via DataHub)' };
    publish();
    while (requestPending(state) && !state.closing && !circumstancesDue(state.request)) {
      const changed = changedSince(state.wake);
      if (request.overdue) {
        await wf.condition(changed);
        continue;
      }
      const wait = copenhagenInstant(request.overdueFrom, '00:00') - Date.now();
      if (wait > 0 && (await factOrTimeout(changed, wait, 'netselskabets frist for at melde udfaldet'))) continue;
      request.overdue = true;
      raiseAttentionAndFlag(state, 'grid-overdue', `no outcome from the grid by ${request.reportBy} (window deadline ${request.windowDeadline})`, nowIso(), request.messageId);
      record(`no outcome from the grid by ${request.reportBy} (window deadline ${request.windowDeadline}): overdue, an operator must check with the grid company and DataHub`, { type: 'timer', date: request.overdueFrom }, 'RULES 4; SV 2.2.1 h');
      publish();
    }
  }

  /**
   * D12 as RSM-020 RequestService in the end-of-supply process, now that DataHub has confirmed it with
   * its process id (RULES 10, release 0.6.9; workflows/shared/circumstances.ts). A rejection opens
   * `request-rejected`; the end of supply stands.
   */
  async function sendCircumstances(): Promise<void> {
    const cause: Cause = { type: 'timer', date: today() };
    await sendCircumstancesInProcess({
      send: sendSpecialCircumstances,
      idempotencyKey: `${input.caseId}:circumstances:0`,
      caseId: input.caseId,
      meteringPointId: input.meteringPointId,
      request: state.request!,
      record: (what, basis, facts) => record(what, cause, basis, facts),
      flagRejected: (detail, ref) => raiseAttentionAndFlag(state, 'request-rejected', detail, nowIso(), ref),
    });
    publish();
  }

  /** Genåbning (RULES 10, SV 3.2): start of supply after the completed end of supply, then D03. */
  async function reopen(): Promise<void> {
    const cause = state.reopeningWanted!.cause;
    const day = today();
    const startOfSupply = await sendDataHubRequest({
      idempotencyKey: `${input.caseId}:datahub-start-of-supply:0`,
      caseId: input.caseId,
      request: { kind: 'RequestStartOfSupply', meteringPointId: input.meteringPointId, startDate: maxDate(day, state.disconnected!.date), customerId: input.customerId },
    });
    record(`start of supply registered (BRS-009): ${startOfSupply.status}`, cause, 'RULES 10 BRS-009: after a completed end of supply', { messageId: startOfSupply.messageId });
    const expected = expectedReopening({ at: copenhagenLocalTime(Date.now()).local, meter }, rules);
    const reconnect = await sendDataHubRequest({
      idempotencyKey: `${input.caseId}:datahub-reopen:0`,
      caseId: input.caseId,
      request: { kind: 'RequestService', meteringPointId: input.meteringPointId, serviceType: 'D03', date: day },
    });
    state.reopening = {
      requestedOn: day,
      startOfSupplyMessageId: startOfSupply.messageId,
      messageId: reconnect.messageId,
      expected: { date: expected.date, basis: expected.basis, from: expected.from, to: expected.to },
      status: reconnect.status === 'accepted' && startOfSupply.status === 'accepted' ? 'sent' : 'rejected',
    };
    if (state.reopening.status === 'rejected') {
      const refused = reconnect.status === 'rejected' ? reconnect : startOfSupply;
      raiseAttentionAndFlag(state, 'reopening-rejected', `DataHub rejected the ${refused === reconnect ? 'reopening (D03)' : 'start of supply (BRS-009)'} (${refused.code ?? '?'}${refused.message ? `: ${refused.message}` : ''})`, nowIso(), refused.messageId);
    }
    record(`reopening requested (BRS-039 D03): ${reconnect.status}; expected ${expected.date} ${expected.from}–${expected.to}`, cause, expected.basis, {
      messageId: reconnect.messageId,
      expectedDate: expected.date,
    });
    setStage('reopening');
  }

  async function awaitMessage(waitingFor: string, next?: { step: string; date?: IsoDate; basis?: string }): Promise<void> {
    state.next = { step: next?.step ?? 'operator', ...(next?.date ? { date: next.date } : {}), ...(next?.basis ? { basis: next.basis } : {}), waitingFor };
    publish();
    await wf.condition(changedSince(state.wake));
  }
}

/** The operator's view: the state without the workflow's internals. */
function view(state: RequestedState): RequestedDisconnectionView {
  const { outcomes: _o, closing: _c, reopeningWanted: _r, wake: _w, requestInFlight: _f, earlyConfirmation: _e, ...rest } = state;
  return { ...rest, needsAttention: needsAttention(state) };
}

/** One line for the Web UI's "current details". */
function currentDetails(state: RequestedState): string {
  const next = state.next
    ? `next: ${state.next.step}${state.next.date ? ` on ${state.next.date}` : ''}${state.next.waitingFor ? ` (waiting for ${state.next.waitingFor})` : ''}`
    : '';
  const cutoff = state.cutoff ? `cut-off ${state.cutoff.date}${state.cutoff.moved ? ' (moved)' : ''}` : `wanted ${state.wantedDate}`;
  const attention = needsAttention(state) ? `NEEDS ATTENTION: ${(state.attention ?? []).map((r) => r.code).join(', ')}` : '';
  return [`stage: ${state.stage}`, cutoff, next, attention].filter(Boolean).join(' · ');
}

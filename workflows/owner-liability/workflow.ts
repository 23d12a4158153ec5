/**
 * Owner liability (ejerhæftelse, BEK §25; RULES 9): a customer terminated its supply agreement and no new
 * one exists for the metering point.
 *
 * The owner's letter goes out without undue delay (stk. 2; `ownerLetterTiming`), with a deadline of
 * ≥ 5 hverdage from its receipt (stk. 3), the contract on a marketed product's terms (stk. 5), the day the
 * owner is bound — the later of the deadline's end and the end of the terminated agreement (stk. 3, 6) —
 * the owner's notice (stk. 5), and the earliest possible disconnection with the fact that consumption is
 * paid until then (stk. 4, 7). Then, whichever comes first:
 * - a new agreement signed by anyone before the owner is bound: the case closes;
 * - the owner asks for disconnection: the request goes to DataHub at once (an end of supply flagged D12,
 *   "agreed with the customer"); disconnected before the owner is bound → not bound (stk. 4);
 * - the owner cannot be reached: operators record each attempt (dated, with its channel); once the
 *   attempts meet `unreachableMin*` **[interpretation]** an operator may have the case request the
 *   disconnection without the owner's acceptance (flagged D13, "other reason"; stk. 8), with the basis
 *   recorded;
 * - nothing: the owner is bound from the day computed, recorded with its basis, and the case closes.
 *
 * Every date comes from `rules/owner.ts` and is recorded in the timeline with its legal basis and cause.
 *
 * Release 0.6.9 (workflows/releases.ts): the D12/D13 goes as RSM-020 in the end-of-supply process once
 * DataHub confirms it, not on RSM-005 (`circumstancesAsServiceRequests`), and a metering point without
 * master data makes the case wait with `master-data-missing` instead of failing (`masterDataWait`).
 */
import * as wf from '@temporalio/workflow';
import type * as datahubActivities from '../../activities/datahub.js';
import type { OwnerNoticeLetter } from '../../activities/letters/types.js';
import type * as mailActivities from '../../activities/mail.js';
import type * as ownerSettingsActivities from '../../activities/owner-settings.js';
import {
  copenhagenInstant,
  copenhagenLocalTime,
  earliestCutoff,
  cutoffAfterAgreement,
  earliestDisconnection,
  requestSendDay,
  gridReportDeadline,
  gridWindow,
  ownerBoundAfterDisconnection,
  ownerBoundFrom,
  ownerDeadline,
  ownerLetterDate,
  ownerNoticeEnd,
  receiptDate,
  receiptSettingsOf,
  type Dated,
  type IsoDate,
  type MeterKind,
} from '../../rules/index.js';
import { CASE_KIND, CUSTOMER_CLASS, METERING_POINT_ID, METER_KIND } from '../search-attributes.js';
import { needsAttention, publishedAttention, raiseAttentionAndFlag, refuseMalformedWithFlag } from '../shared/attention.js';
import { featuresOf } from '../releases.js';
import { setEventDoors } from '../shared/doors.js';
import { applyEarlyConfirmation, circumstancesDue, sendCircumstancesInProcess } from '../shared/circumstances.js';
import { cancelDataHubRequest, nowIso, recorder } from '../shared/kernel.js';
import { awaitMasterData } from '../shared/master-data.js';
import { daysOf, searchAttributePublisher } from '../shared/publish.js';
import { factOrTimeout } from '../shared/wait.js';
import {
  OWNER_LIABILITY_CASE_KIND,
  ownerLiabilityEventOutcomeQuery,
  ownerLiabilityEventSignal,
  ownerLiabilityViewQuery,
  submitOwnerLiabilityEventUpdate,
  type Cause,
  type OwnerCaseSettings,
  type OwnerLiabilityEvent,
  type OwnerLiabilityInput,
  type OwnerLiabilityStage,
  type OwnerLiabilityView,
} from './definitions.js';
import { applyOwnerEvent, requestPending, type OwnerState } from './state.js';

type Mail = ReturnType<typeof mailActivities.createMailActivities>;
type DataHub = ReturnType<typeof datahubActivities.createDataHubActivities>;
type OwnerSettingsActivities = ReturnType<typeof ownerSettingsActivities.createOwnerSettingsActivities>;

// Outside parties (digital post, DataHub): idempotent calls, retried with backoff without limit — a
// letter or a request that cannot go out now must go out as soon as it can. A failure the party will not
// fix by itself (non-retryable, e.g. an owner unknown to the registry) stops the step for an operator.
const outside = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} satisfies wf.ActivityOptions;

const { sendLetter } = wf.proxyActivities<Mail>({ ...outside, summary: "send the owner's letter" });
const { sendDataHubRequest, sendSpecialCircumstances, lookupMeteringPoint } = wf.proxyActivities<DataHub>(outside);
// Reads the worker's configuration: local, and recorded in history as the case's snapshot.
const { snapshotOwnerCaseSettings } = wf.proxyLocalActivities<OwnerSettingsActivities>({ startToCloseTimeout: '10 seconds' });

/** Runs one owner-liability case. */
export async function ownerLiabilityWorkflow(input: OwnerLiabilityInput): Promise<OwnerLiabilityView> {
  // The release table (workflows/releases.ts), decided once, before any await.
  const features = featuresOf('ownerLiabilityWorkflow');
  const today = (): IsoDate => copenhagenLocalTime(Date.now()).date;
  const ownerClass = input.ownerClass ?? 'household';
  const state: OwnerState = {
    caseId: input.caseId,
    kind: OWNER_LIABILITY_CASE_KIND,
    meteringPointId: input.meteringPointId,
    ownerId: input.ownerId,
    terminatedAgreementId: input.terminatedAgreementId,
    agreementEnd: input.agreementEnd,
    ownerClass,
    ...(input.meterKind ? { meterKind: input.meterKind } : {}),
    stage: 'opened',
    letters: [],
    contactAttempts: [],
    attention: [],
    timeline: [],
    openedOn: today(),
    channelHint: input.preferredChannel ?? 'digital',
    outcomes: {},
    wake: 0,
  };
  let settings: OwnerCaseSettings | undefined = input.settings;
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
  /** The owner was told the deadline ran out while a request was pending (recorded once). */
  let boundNoted = false;

  // Heads the timeline whatever arrived with the start.
  state.timeline.push({
    at: nowIso(),
    what: `case opened: the customer's agreement ${input.terminatedAgreementId} ends ${input.agreementEnd} and no new agreement exists for the metering point`,
    basis: 'BEK §25 stk. 2: the customer terminated; the owner must be told without undue delay',
    cause: { type: 'start' },
    facts: { agreementEnd: input.agreementEnd, terminatedAgreementId: input.terminatedAgreementId },
  });

  const receive = (event: OwnerLiabilityEvent, door: 'signal' | 'update') => {
    const outcome = applyOwnerEvent(
      state,
      event,
      {
        now: nowIso(),
        today: today(),
        ...(settings ? { settings: { owner: settings.owner, rules: settings.rules } } : {}),
        features: { rejectionsByTransaction: features.rejectionsByTransaction },
      },
      door,
    );
    publish();
    return outcome;
  };
  // The doors (workflows/shared/doors.ts): the update tells the caller applied / duplicate / rejected (and why);
  // a refusal nobody hears (a signal) opens an attention reason.
  setEventDoors(
    { signal: ownerLiabilityEventSignal, update: submitOwnerLiabilityEventUpdate, viewQuery: ownerLiabilityViewQuery, outcomeQuery: ownerLiabilityEventOutcomeQuery },
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

  // ----- settings and facts, recorded in history
  settings ??= await snapshotOwnerCaseSettings();
  const s: OwnerCaseSettings = settings;
  state.settings = s;
  const rules = s.rules;
  if (!state.meterKind) {
    // Release 0.6.9 (masterDataWait): no master data is no failure; the case waits for it (workflows/shared/master-data.ts).
    const found = features.masterDataWait
      ? await awaitMasterData({
          meteringPointId: input.meteringPointId,
          lookup: lookupMeteringPoint,
          state,
          step: 'ownerLetter',
          closing: () => Boolean(state.closing),
          publish: publishAttributes,
          // What identifies the case, published now, so the poller and the doors find the waiting case.
          whileWaiting: [
            { key: CASE_KIND, value: OWNER_LIABILITY_CASE_KIND },
            { key: CUSTOMER_CLASS, value: ownerClass },
            { key: METERING_POINT_ID, value: input.meteringPointId },
          ],
        })
      : await lookupMeteringPoint({ meteringPointId: input.meteringPointId });
    if (found) state.meterKind = found.meterKind;
  }
  // Unset only when the case closed while it waited for master data (release 0.6.9): the main flow then ends at once.
  const meter = state.meterKind as MeterKind;
  record(`settings ${s.versionId} snapshotted; ${meter ? `meter kind ${meter}` : 'no master data'}; owner's class ${ownerClass}`, { type: 'start' }, undefined, { settingsVersion: s.versionId });
  wf.upsertSearchAttributes([
    { key: CASE_KIND, value: OWNER_LIABILITY_CASE_KIND },
    { key: CUSTOMER_CLASS, value: ownerClass },
    ...(meter ? [{ key: METER_KIND, value: meter }] : []),
    { key: METERING_POINT_ID, value: input.meteringPointId },
  ] as Parameters<typeof wf.upsertSearchAttributes>[0]);
  publish();

  // ----- helpers

  function setStage(stage: OwnerLiabilityStage): void {
    state.stage = stage;
    publish();
  }

  function publish(): void {
    publishAttributes();
  }

  /** Something the main loop must look at: a message was applied, or the case is closing. */
  function changedSince(wake: number): () => boolean {
    return () => state.wake !== wake || Boolean(state.closing);
  }

  /**
   * Waits until a day (at the configured local time; today: now). Interrupted by any applied message,
   * so that the main loop can act on it first.
   * @returns true when the day came, false when interrupted
   */
  async function dayHasCome(step: string, due: Dated, summary: string): Promise<boolean> {
    state.next = { step, date: due.date, basis: due.basis };
    publish();
    if (due.date <= today()) return true;
    const interrupted = await factOrTimeout(changedSince(state.wake), Math.max(1, copenhagenInstant(due.date, s.stepTimeLocal) - Date.now()), summary);
    return !interrupted;
  }

  // ----- the steps

  /**
   * The owner's letter (BEK §25 stk. 2–7). Its dates count from its own receipt: planned for the channel
   * that last delivered; received later than planned (digital post failed over to a physical letter), a
   * corrected letter with dates from the actual receipt follows.
   */
  async function ownerLetter(): Promise<void> {
    const due = ownerLetterDate(state.openedOn, s.owner, rules);
    if (!(await dayHasCome('ownerLetter', due, 'brev til ejeren (BEK §25 stk. 2)'))) return;
    const cause: Cause = due.date === state.openedOn && state.letters.length === 0 ? { type: 'start' } : { type: 'timer', date: due.date };
    const letterDay = today();
    let deadline!: Dated;
    let boundFrom!: Dated;
    let earliest!: ReturnType<typeof earliestDisconnection>;
    const build = (receipt: IsoDate): OwnerNoticeLetter => {
      deadline = ownerDeadline(receipt, s.owner, rules);
      boundFrom = ownerBoundFrom({ deadline: deadline.date, agreementEnd: input.agreementEnd });
      // Release 0.6.1 (ownerAfterAgreementEnd): never before the day after the terminated agreement ends.
      earliest = earliestDisconnection(
        { askedOn: receipt, customerClass: ownerClass, meter, ...(features.ownerAfterAgreementEnd ? { agreementEnd: input.agreementEnd } : {}) },
        rules,
      );
      return {
        kind: 'ownerNotice',
        caseId: input.caseId,
        meteringPointId: input.meteringPointId,
        customerClass: ownerClass,
        letterDate: letterDay,
        agreementEnd: input.agreementEnd,
        deadline: deadline.date,
        boundFrom: boundFrom.date,
        product: { ...s.owner.ownerProduct },
        noticeMonths: s.owner.ownerNoticeMonths,
        earliestDisconnection: {
          askBy: receipt,
          cutoff: earliest.cutoff.date,
          windowDeadline: earliest.windowDeadline.date,
          ...(earliest.heldToAgreementEnd ? { afterAgreementEnd: true } : {}),
        },
      };
    };
    const key = `${input.caseId}:ownerNotice:0`;
    const planned = receiptDate(letterDay, state.channelHint, rules).date;
    /** The receipt the dates of the letter that counts were computed from. */
    let told = planned;
    let receipt;
    try {
      receipt = await sendLetter({
        idempotencyKey: key,
        caseId: input.caseId,
        customerId: input.ownerId,
        letter: build(planned),
        preferredChannel: state.channelHint,
        rulesSettings: receiptSettingsOf(rules),
      });
      state.channelHint = receipt.channel;
      if (receipt.receivedDate > planned) {
        record(`the owner's letter was received later than planned (${receipt.receivedDate}, by ${receipt.channel}); a corrected letter follows`, cause);
        told = receiptDate(letterDay, receipt.channel, rules).date;
        receipt = await sendLetter({
          idempotencyKey: `${key}:corrected`,
          caseId: input.caseId,
          customerId: input.ownerId,
          letter: { ...build(told), correctsEarlierLetter: true },
          preferredChannel: receipt.channel,
          rulesSettings: receiptSettingsOf(rules),
        });
      }
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      const c = err.cause as { type?: string; message?: string } | undefined;
      state.stuck = { failure: `${c?.type ?? 'ActivityFailure'}: ${c?.message ?? err.message}` };
      raiseAttentionAndFlag(state, 'step-failed', `ownerLetter: ${state.stuck.failure}`, nowIso(), 'ownerLetter');
      record(`the owner's letter stopped: ${state.stuck.failure}; an operator must fix it and retry (or record the attempts to reach the owner)`, cause);
      state.next = { step: 'ownerLetter', waitingFor: 'an operator to fix the failure and retry the letter' };
      publish();
      return;
    }
    // Dates as the owner was told them: from the letter that counts (the corrected one, if sent).
    build(told);
    state.letters.push({
      kind: 'ownerNotice',
      letterId: receipt.letterId,
      channel: receipt.channel,
      sentDate: receipt.sentDate,
      receivedDate: receipt.receivedDate,
      contentHash: receipt.contentHash,
    });
    state.deadline = deadline;
    state.boundFrom = boundFrom;
    state.productId = s.owner.ownerProduct.productId;
    state.noticeExample = { noticeGiven: receipt.receivedDate, endsAtLatest: ownerNoticeEnd(receipt.receivedDate, s.owner) };
    state.earliestDisconnection = {
      askBy: earliest.askedOn,
      cutoff: earliest.cutoff,
      windowDeadline: earliest.windowDeadline,
      payment: 'the owner pays for consumption at the §72 f price from the end of the terminated agreement until the disconnection (or a contract begins) (BEK §25 stk. 7)',
    };
    record("owner's letter sent with the contract", cause, due.basis, {
      letterId: receipt.letterId,
      channel: receipt.channel,
      received: receipt.receivedDate,
      productId: s.owner.ownerProduct.productId,
    });
    record(`the owner's deadline: ${deadline.date}`, cause, deadline.basis, { deadline: deadline.date });
    record(`the owner is bound from ${boundFrom.date} unless a new agreement is made first`, cause, boundFrom.basis, { boundFrom: boundFrom.date });
    record(
      `earliest disconnection if the owner asks by ${earliest.askedOn}: cut-off ${earliest.cutoff.date}, the grid by ${earliest.windowDeadline.date}; consumption is paid until the disconnection`,
      cause,
      `${earliest.cutoff.basis}; ${earliest.windowDeadline.basis}; BEK §25 stk. 7`,
      { cutoff: earliest.cutoff.date, windowDeadline: earliest.windowDeadline.date },
    );
    if (!state.request) setStage('owner-notified');
    else publish();
  }

  /**
   * The disconnection request (RULES 10): an end of supply (RSM-005) sent at once, with D12 "agreed
   * with the customer" when the owner asked (BEK §25 stk. 4), or D13 "other reason" when the owner could
   * not be reached (stk. 8) — on RSM-005 itself before release 0.6.9, after it as RSM-020 once DataHub
   * confirms (sendCircumstances). Its cut-off is the earliest disconnection day ≥ 3 working days ahead.
   */
  async function requestDisconnection(): Promise<void> {
    const wanted = state.wanted!;
    const requestDay = today();
    const owners = wanted.ground === 'owner-asked';
    let cutoff: Dated = owners
      ? earliestDisconnection({ askedOn: requestDay, customerClass: ownerClass, meter }, rules).cutoff
      : (() => {
          const c = earliestCutoff({ request: requestDay, customerClass: ownerClass }, rules);
          return { date: c.date, basis: `BEK §25 stk. 8: without the owner's acceptance, the owner could not be reached; ${c.basis}` };
        })();
    if (features.ownerAfterAgreementEnd) {
      // Release 0.6.1: never before the day after the terminated agreement ends (BEK §25 stk. 6–7; RULES 9,
      // 11); a cut-off more than 60 days ahead waits until 60 days before it (regulation H1).
      cutoff = cutoffAfterAgreement(cutoff, input.agreementEnd, ownerClass, rules).cutoff;
      const send = requestSendDay(requestDay, cutoff.date, rules);
      if (send.date > requestDay) {
        // The main flow comes back here (the wish stays) when the day has come or a message arrived.
        await dayHasCome('disconnectionRequest', send, 'anmodning om afbrydelse (tidligst 60 dage før afbrydelsesdatoen)');
        return;
      }
    }
    const window = gridWindow(cutoff.date, meter, ownerClass, rules);
    const report = gridReportDeadline(window.deadline, s.exceptions, rules);
    const circumstance = owners ? 'agreed-with-customer' : 'other';
    // Release 0.6.9: DataHub's confirmation may overtake the result; it is kept meanwhile (RequestInFlight).
    if (features.circumstancesAsServiceRequests) state.requestInFlight = true;
    const receipt = await sendDataHubRequest({
      idempotencyKey: `${input.caseId}:datahub-request:0`,
      caseId: input.caseId,
      request: {
        kind: 'RequestEndOfSupply',
        meteringPointId: input.meteringPointId,
        cutoff: cutoff.date,
        // Release 0.6.9 (RULES 10): RSM-005 has no field for it; it follows as RSM-020 once DataHub confirms.
        circumstances: features.circumstancesAsServiceRequests ? [] : [circumstance],
      },
    });
    state.request = {
      flag: owners ? 'D12' : 'D13',
      messageId: receipt.messageId,
      transactionId: receipt.transactionId,
      ...(receipt.processId ? { processId: receipt.processId } : {}),
      sentDate: requestDay,
      cutoff: cutoff.date,
      cutoffBasis: cutoff.basis,
      windowDeadline: window.deadline,
      windowDeadlineBasis: window.basis,
      reportBy: report.reportBy,
      overdueFrom: report.overdueFrom,
      status: receipt.status === 'accepted' ? 'sent' : 'rejected',
      ...(receipt.status === 'rejected' ? { rejection: { code: receipt.code ?? '?', ...(receipt.message ? { text: receipt.message } : {}) } } : {}),
      ...(features.circumstancesAsServiceRequests && receipt.status === 'accepted' ? { circumstancesPending: [circumstance] } : {}),
    };
    const messageId = wanted.cause.type === 'event' ? wanted.cause.messageId : '';
    state.disconnectionGround = { ground: wanted.ground, basis: wanted.basis, messageId };
    delete state.wanted;
    if (receipt.status === 'rejected') {
      raiseAttentionAndFlag(state, 'request-rejected', `DataHub rejected the request (${receipt.code}: ${receipt.message})`, nowIso(), receipt.messageId);
      record(`DataHub rejected the request (${receipt.code}: ${receipt.message}); an operator must act`, wanted.cause, 'RULES 10', { messageId: receipt.messageId });
    } else {
      record(
        `DataHub request sent: end of supply ${features.circumstancesAsServiceRequests ? 'with' : 'flagged'} ${owners ? 'D12 (disconnection agreed with the customer)' : 'D13 (other reason: the owner could not be reached)'}${features.circumstancesAsServiceRequests ? ' to follow as RSM-020 once DataHub confirms it' : ''}`,
        wanted.cause,
        `${wanted.basis}; ${cutoff.basis}`,
        { messageId: receipt.messageId, transactionId: receipt.transactionId, cutoff: cutoff.date, windowDeadline: window.deadline, windowDeadlineBasis: window.basis },
      );
    }
    const early = applyEarlyConfirmation(state);
    if (early) record('DataHub’s confirmation, which came before the request was recorded, applied to it', { type: 'event', messageId: early.messageId, eventType: 'requestConfirmed' }, 'RULES 10');
    setStage('disconnection-requested');
  }

  /**
   * The owner's D12 or D13 as RSM-020 RequestService in the end-of-supply process, now that DataHub has
   * confirmed it with its process id (RULES 10, release 0.6.9; workflows/shared/circumstances.ts). A
   * rejection opens `request-rejected`; the end of supply stands.
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

  /**
   * The grid's window (RULES 4): waits for DataHub's word. No outcome by the window deadline + the grace
   * flags the case for an operator. If the owner would be bound meanwhile, that is recorded: whether the
   * owner is bound is decided by the day the grid reports it disconnected (stk. 4).
   */
  async function awaitGrid(): Promise<void> {
    const request = state.request!;
    state.next = {
      step: 'gridWindow',
      date: request.windowDeadline,
      basis: request.windowDeadlineBasis,
      waitingFor: 'the grid company to disconnect (reported via DataHub)',
    };
    publish();
    for (;;) {
      if (!requestPending(state) || state.closing || circumstancesDue(state.request)) return;
      const changed = changedSince(state.wake);
      const milestones: { at: number; summary: string; run: () => void }[] = [];
      if (!request.overdue) {
        milestones.push({
          at: copenhagenInstant(request.overdueFrom, '00:00'),
          summary: 'netselskabets frist for at melde udfaldet',
          run: () => {
            request.overdue = true;
            raiseAttentionAndFlag(state, 'grid-overdue', `no outcome from the grid by ${request.reportBy} (window deadline ${request.windowDeadline})`, nowIso(), request.messageId);
            record(`no outcome from the grid by ${request.reportBy} (window deadline ${request.windowDeadline}): overdue, an operator must check with the grid company and DataHub`, { type: 'timer', date: request.overdueFrom }, `RULES 4; SV 2.2.1 h`);
            publish();
          },
        });
      }
      if (state.boundFrom && !boundNoted) {
        const boundFrom = state.boundFrom;
        milestones.push({
          at: copenhagenInstant(boundFrom.date, '00:00'),
          summary: 'ejerens frist er udløbet',
          run: () => {
            boundNoted = true;
            const ground = state.disconnectionGround?.ground;
            record(
              ground === 'owner-unreachable'
                ? `the owner's deadline has run out; the owner is not bound: the owner could not be reached and the disconnection is requested`
                : `the owner's deadline has run out with the disconnection still pending: the owner is bound from ${boundFrom.date} unless the grid reports a disconnection before that day`,
              { type: 'timer', date: boundFrom.date },
              ground === 'owner-unreachable' ? 'BEK §25 stk. 3, 8' : `${boundFrom.basis}; BEK §25 stk. 4`,
            );
            publish();
          },
        });
      }
      milestones.sort((a, b) => a.at - b.at);
      const first = milestones[0];
      if (!first) {
        await wf.condition(changed);
        continue;
      }
      const wait = first.at - Date.now();
      if (wait > 0 && (await factOrTimeout(changed, wait, first.summary))) continue;
      first.run();
    }
  }

  /** The grid disconnected: bound or not (BEK §25 stk. 4, 6, 8), then the case closes. */
  function afterDisconnection(): void {
    const d = state.disconnected!;
    const cause: Cause = { type: 'event', messageId: d.messageId, eventType: 'disconnected' };
    setStage('disconnected');
    if (state.disconnectionGround?.ground === 'owner-unreachable') {
      state.binding = { bound: false, basis: `BEK §25 stk. 8: disconnected ${d.date} without the owner's acceptance, the owner could not be reached; consumption is paid until the disconnection (stk. 7)` };
      record('the owner is not bound: disconnected because the owner could not be reached', cause, state.binding.basis);
      state.closing = { reason: 'disconnected-owner-unreachable', cause, cancelRequest: false };
      return;
    }
    if (state.deadline && state.boundFrom) {
      const b = ownerBoundAfterDisconnection({ disconnected: d.date, boundFrom: state.boundFrom.date, deadline: state.deadline.date });
      state.binding = { bound: b.bound, ...(b.bound ? { from: state.boundFrom.date } : {}), basis: b.basis };
      record(b.bound ? `the owner is bound from ${state.boundFrom.date} until the disconnection on ${d.date}` : `the owner is not bound: disconnected on ${d.date} at the owner's request`, cause, b.basis);
      state.closing = { reason: b.bound ? 'disconnected-owner-bound' : 'disconnected-not-bound', cause, cancelRequest: false };
      return;
    }
    state.binding = { bound: false, basis: `BEK §25 stk. 4: disconnected ${d.date} at the owner's request before any deadline ran out; consumption is paid until the disconnection (stk. 7)` };
    record(`the owner is not bound: disconnected on ${d.date} at the owner's request`, cause, state.binding.basis);
    state.closing = { reason: 'disconnected-not-bound', cause, cancelRequest: false };
  }

  /** Nothing happened before the day the owner is bound: bound by the contract sent (BEK §25 stk. 3, 6). */
  async function awaitBinding(): Promise<void> {
    const boundFrom = state.boundFrom!;
    state.next = {
      step: 'ownerBound',
      date: boundFrom.date,
      basis: boundFrom.basis,
      waitingFor: "a new agreement, or the owner's request for disconnection, before the owner is bound",
    };
    publish();
    const wait = copenhagenInstant(boundFrom.date, '00:00') - Date.now();
    if (wait > 0 && (await factOrTimeout(changedSince(state.wake), wait, 'ejeren bliver bundet af kontrakten (BEK §25 stk. 6)'))) return;
    const cause: Cause = { type: 'timer', date: boundFrom.date };
    const notice = ownerNoticeEnd(boundFrom.date, s.owner);
    state.binding = { bound: true, from: boundFrom.date, basis: boundFrom.basis };
    record(
      `no other agreement by the deadline ${state.deadline!.date}: the owner is bound by the contract on ${s.owner.ownerProduct.productId} from ${boundFrom.date}`,
      cause,
      `BEK §25 stk. 3, 6; ${boundFrom.basis}`,
      { boundFrom: boundFrom.date, productId: s.owner.ownerProduct.productId },
    );
    record(
      `consumption from the end of the terminated agreement (${input.agreementEnd}) is the owner's; the owner may leave with notice (given ${boundFrom.date}, it ends at the latest ${notice.date})`,
      cause,
      `BEK §25 stk. 7; ${notice.basis}`,
    );
    state.closing = { reason: 'owner-bound', cause, cancelRequest: false };
  }

  /** Waits for a message (an operator must act, or a party must answer). */
  async function awaitMessage(waitingFor: string): Promise<void> {
    state.next = { step: state.stuck ? 'ownerLetter' : 'operator', waitingFor };
    publish();
    await wf.condition(changedSince(state.wake));
  }

  // ----- the main flow
  for (;;) {
    if (state.closing) break;
    // Release 0.6.9 (circumstancesAsServiceRequests): DataHub confirmed the end of supply with its process id.
    if (circumstancesDue(state.request)) {
      await sendCircumstances();
      continue;
    }
    if (state.wanted && !state.request) {
      await requestDisconnection();
      continue;
    }
    if (state.disconnected) {
      afterDisconnection();
      continue;
    }
    if (state.stuck && state.retryRequested) {
      delete state.stuck;
      state.retryRequested = false;
    }
    if (state.letters.length === 0 && !state.stuck) {
      await ownerLetter();
      continue;
    }
    if (requestPending(state)) {
      await awaitGrid();
      continue;
    }
    if (state.request) {
      await awaitMessage(`an operator: the request was ${state.request.status} (${state.request.rejection?.code ?? '-'}); cancel the case, or wait for a new agreement`);
      continue;
    }
    if (state.stuck) {
      await awaitMessage("an operator to fix the failure and retry the owner's letter");
      continue;
    }
    await awaitBinding();
  }

  // ----- closing
  const closing = state.closing!;
  // Decided now, not when the closing message arrived: a request may have gone out since.
  const mustCancel = closing.reason === 'new-agreement' || closing.reason === 'cancelled';
  if (mustCancel && state.request && (requestPending(state) || state.request.status === 'not-disconnected')) {
    const request = state.request;
    // RSM-024 (workflows/shared/kernel.ts): one request, cycle 0 → the key `<caseId>:datahub-cancel:0`.
    const cancel = await cancelDataHubRequest({ caseId: input.caseId, meteringPointId: input.meteringPointId, request });
    request.status = 'cancelled';
    if (cancel.status === 'rejected') {
      raiseAttentionAndFlag(state, 'cancellation-rejected', `DataHub rejected the cancellation of ${request.transactionId} (${cancel.code ?? '?'}${cancel.message ? `: ${cancel.message}` : ''})`, nowIso(), cancel.messageId);
    }
    record(`DataHub request cancelled: ${cancel.status}`, closing.cause, 'SV 2.2.1 d', { messageId: cancel.messageId });
  }
  state.closed = { reason: closing.reason, at: nowIso() };
  record(`case closed: ${closing.reason}`, closing.cause);
  state.stage = 'closed';
  delete state.next;
  publish();
  await wf.condition(wf.allHandlersFinished);
  return view(state);
}

/** The operator's view: the state without the workflow's internals. */
function view(state: OwnerState): OwnerLiabilityView {
  const { openedOn: _o, channelHint: _c, outcomes: _x, closing: _cl, wanted: _w, stuck: _s, retryRequested: _r, wake: _k, requestInFlight: _f, earlyConfirmation: _e, ...rest } = state;
  return { ...rest, needsAttention: needsAttention(state) };
}

/** One line for the Web UI's "current details". */
function currentDetails(state: OwnerState): string {
  const next = state.next
    ? `next: ${state.next.step}${state.next.date ? ` on ${state.next.date}` : ''}${state.next.waitingFor ? ` (waiting for ${state.next.waitingFor})` : ''}`
    : '';
  const bound = state.binding ? `bound: ${state.binding.bound ? `yes, from ${state.binding.from}` : 'no'}` : state.boundFrom ? `bound from ${state.boundFrom.date} unless a new agreement` : '';
  const attention = needsAttention(state) ? `NEEDS ATTENTION: ${(state.attention ?? []).map((r) => r.code).join(', ')}` : '';
  return [`stage: ${state.stage}`, `owner ${state.ownerId}`, bound, next, attention].filter(Boolean).join(' · ');
}

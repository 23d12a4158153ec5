/**
 * The unpaid-invoice case, from reminder 1 to reopening (RULES 2, 3, 6, 7).
 *
 * Household: rykker 1 → rykker 2 → sikkerhedsstillelse (security demand) → varsel om ophævelse
 * (termination notice) → ophævelse + afbrydelsesvarsel + DataHub request with the cut-off date
 * (Ønsket Skæringsdato) → the grid's window → disconnected → genåbning (reopening).
 * Business: rykker 1 → rykker 2 → disconnection notice + DataHub request → window → reopening.
 *
 * Every date comes from `rules/`, counted from the receipt the mail activity returns; every step is
 * recorded in the timeline with its legal basis and its cause. Events arrive as a signal (DataHub
 * poller, tests) or an update (billing API, operators) and are applied by `applyEvent` (state.ts).
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type * as billingActivities from '../../activities/billing.js';
import type * as datahubActivities from '../../activities/datahub.js';
import type { LetterContent, LetterKind } from '../../activities/letters/types.js';
import type * as mailActivities from '../../activities/mail.js';
import type * as settingsActivities from '../../activities/settings.js';
import {
  addDays,
  businessRequestDate,
  copenhagenInstant,
  copenhagenLocalTime,
  earliestCutoff,
  expectedReopening,
  gridWindow,
  householdRequestDate,
  newAgreementDeadline,
  receiptDate,
  reminder1Date,
  reminder2Date,
  reminderPaymentDeadline,
  securityDeadline,
  securityDemandDate,
  terminationEffective,
  terminationNoticeDate,
  type Dated,
  type IsoDate,
} from '../../rules/index.js';
import {
  CASE_KIND,
  CUSTOMER_CLASS,
  CUTOFF_DATE,
  METERING_POINT_ID,
  METER_KIND,
  NEEDS_ATTENTION,
  STAGE,
} from '../search-attributes.js';
import { factOrTimeout } from '../shared/wait.js';
import {
  caseEventSignal,
  caseViewQuery,
  eventOutcomeQuery,
  submitCaseEventUpdate,
  type CaseEvent,
  type CaseInput,
  type CaseSettings,
  type CaseView,
  type Cause,
  type EventOutcome,
  type SentLetter,
  type Stage,
  type StepName,
  type TimelineEntry,
} from './definitions.js';
import { applyEvent, reopeningGrounds, requestPending, stageOf, type CaseState } from './state.js';

type Mail = ReturnType<typeof mailActivities.createMailActivities>;
type DataHub = ReturnType<typeof datahubActivities.createDataHubActivities>;
type Billing = ReturnType<typeof billingActivities.createBillingActivities>;
type Settings = ReturnType<typeof settingsActivities.createSettingsActivities>;

// Outside parties (digital post, DataHub, billing): idempotent calls, retried with backoff without
// limit, since a letter or a request that cannot go out now must go out as soon as it can. A failure
// the party will not fix by itself (non-retryable) stops the step for an operator (see runStep).
const outside = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} satisfies wf.ActivityOptions;

const { sendLetter } = wf.proxyActivities<Mail>({ ...outside, summary: 'send a letter' });
const { sendDataHubRequest, lookupMeteringPoint } = wf.proxyActivities<DataHub>(outside);
const { expectedMonthlyPayment } = wf.proxyActivities<Billing>(outside);
// Reads the worker's configuration: local, and recorded in history as the case's snapshot.
const { snapshotCaseSettings } = wf.proxyLocalActivities<Settings>({ startToCloseTimeout: '10 seconds' });

/** Runs one case. */
export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const state: CaseState = initialState(input);
  /** What the search attributes last said, so that only changes are upserted. */
  let published: { stage?: string; attention?: boolean; cutoff?: string } = {};
  const nowIso = () => new Date().toISOString();

  // Recorded before the handlers are set (buffered messages are delivered as soon as they are), so
  // that it heads the timeline whatever arrived with the start.
  state.timeline.push({
    at: nowIso(),
    what: 'case opened',
    cause: { type: 'start' },
    facts: { amountDueOre: state.amountDueOre, ...(input.withoutArrears ? { withoutArrears: true } : {}) },
  });

  const receive = (event: CaseEvent): EventOutcome => {
    const outcome = applyEvent(state, event, nowIso());
    publish();
    return outcome;
  };
  wf.setHandler(caseEventSignal, (event) => {
    const problem = malformed(event);
    if (problem) {
      // A signal has no caller to answer: record the refusal so that it is never silently dropped.
      state.timeline.push({ at: nowIso(), what: `message rejected: ${problem}`, cause: { type: 'start' } });
      state.needsAttention = true;
      publish();
      return;
    }
    receive(event);
  });
  // An update, not a signal: the billing API must answer applied / duplicate / rejected.
  wf.setHandler(submitCaseEventUpdate, receive, {
    validator: (event) => {
      const problem = malformed(event);
      if (problem) throw new Error(problem);
    },
  });
  wf.setHandler(caseViewQuery, () => view(state));
  wf.setHandler(eventOutcomeQuery, (messageId) => state.outcomes[messageId] ?? null);

  // ----- settings and facts, recorded in history
  const settings: CaseSettings = input.settings ?? (await snapshotCaseSettings());
  state.settings = settings;
  const rules = settings.rules;
  if (!state.meterKind) {
    const masterData = await lookupMeteringPoint({ meteringPointId: input.meteringPointId });
    state.meterKind = masterData.meterKind;
  }
  const household = input.customerClass === 'household';
  record(`settings ${settings.versionId} snapshotted; meter kind ${state.meterKind}`, { type: 'start' }, undefined, {
    settingsVersion: settings.versionId,
  });
  wf.upsertSearchAttributes([
    { key: CASE_KIND, value: 'unpaid-invoice' },
    { key: CUSTOMER_CLASS, value: input.customerClass },
    { key: METER_KIND, value: state.meterKind },
    { key: METERING_POINT_ID, value: input.meteringPointId },
  ]);
  publish();

  // ----- helpers that read like the rules

  function today(): IsoDate {
    return copenhagenLocalTime(Date.now()).date;
  }

  function record(what: string, cause: Cause, basis?: string, facts?: TimelineEntry['facts']): void {
    state.timeline.push({ at: nowIso(), what, cause, ...(basis ? { basis } : {}), ...(facts ? { facts } : {}) });
  }

  function setStage(stage: Stage): void {
    state.stage = stage;
    publish();
  }

  function publish(): void {
    const stage = stageOf(state);
    const cutoff = requestPending(state) ? state.request?.cutoff : undefined;
    const updates: SearchAttributeUpdatePair[] = [];
    if (published.stage !== stage) updates.push({ key: STAGE, value: stage });
    if (published.attention !== state.needsAttention) updates.push({ key: NEEDS_ATTENTION, value: state.needsAttention });
    if (published.cutoff !== cutoff) {
      updates.push({ key: CUTOFF_DATE, value: cutoff ? new Date(copenhagenInstant(cutoff, '00:00')) : null });
    }
    if (updates.length > 0) wf.upsertSearchAttributes(updates);
    published = { stage, attention: state.needsAttention, ...(cutoff ? { cutoff } : {}) };
    wf.setCurrentDetails(currentDetails(state));
  }

  /** Something happened that the main flow must act on before going on. */
  function mustReplan(): boolean {
    return state.interrupted || Boolean(state.closing) || state.holds.length > 0 || state.cancelRequest;
  }

  /** The cause of the step about to run: a release's message, or the timer of its date. */
  let resumeCause: Cause | undefined;
  function stepCause(date: IsoDate): Cause {
    const cause = resumeCause ?? { type: 'timer' as const, date };
    resumeCause = undefined;
    return cause;
  }

  /**
   * Waits until the step's day (at the configured local time), unless something interrupts the case.
   * With `redo` set (a released hold), the step runs now.
   * @returns true when the day came; false when interrupted (the main loop re-plans).
   */
  async function dayHasCome(step: StepName, due: Dated, summary: string): Promise<boolean> {
    state.next = { step, date: due.date, basis: due.basis };
    publish();
    if (state.redo) {
      state.redo = false;
      state.next = { step, date: today(), basis: `${due.basis}; redone after a released hold (RULES 2 events table)` };
      return true;
    }
    const at = copenhagenInstant(due.date, settings.case.stepTimeLocal);
    const wait = at - Date.now();
    if (wait <= 0) return !mustReplan();
    const interrupted = await factOrTimeout(mustReplan, wait, summary);
    return !interrupted;
  }

  /** Idempotency key of a step: case + step + cycle (never a random id). */
  function key(step: string): string {
    return `${input.caseId}:${step}:${state.cycle}`;
  }

  /**
   * Sends a letter whose dates count from its own receipt. The dates are planned for the channel
   * that last delivered; if the letter is received later than planned (digital post could not
   * deliver and it went by post), a corrected letter with dates from its own receipt follows, so no
   * customer ever gets a shorter period than the law gives.
   */
  async function sendDated(
    kind: LetterKind,
    build: (receipt: IsoDate) => LetterContent,
    cause: Cause,
  ): Promise<{ letter: SentLetter; content: LetterContent }> {
    const planned = receiptDate(today(), state.channelHint, rules).date;
    const plannedContent = build(planned);
    let content: LetterContent = { ...plannedContent, letterDate: today() };
    let receipt = await sendLetter({
      idempotencyKey: key(kind),
      caseId: input.caseId,
      customerId: input.customerId,
      letter: content,
      preferredChannel: state.channelHint,
      rulesSettings: rules,
    });
    state.channelHint = receipt.channel;
    const replanned = receipt.receivedDate > planned ? receiptDate(today(), receipt.channel, rules).date : planned;
    const replannedContent = replanned === planned ? plannedContent : build(replanned);
    if (receipt.receivedDate > planned && JSON.stringify(replannedContent) === JSON.stringify(plannedContent)) {
      // None of the letter's dates count from its receipt (e.g. a reminder's payment deadline): it stands.
      record(`${kind} received later than planned (${receipt.receivedDate}, by ${receipt.channel}); its dates do not count from the receipt, so no correction is needed`, cause);
    } else if (receipt.receivedDate > planned) {
      record(`${kind} received later than planned (${receipt.receivedDate}, by ${receipt.channel}); a corrected letter follows`, cause);
      content = { ...replannedContent, letterDate: today(), correctsEarlierLetter: true };
      receipt = await sendLetter({
        idempotencyKey: `${key(kind)}:corrected`,
        caseId: input.caseId,
        customerId: input.customerId,
        letter: content,
        preferredChannel: receipt.channel,
        rulesSettings: rules,
      });
    }
    const letter: SentLetter = {
      kind,
      cycle: state.cycle,
      letterId: receipt.letterId,
      channel: receipt.channel,
      sentDate: receipt.sentDate,
      receivedDate: receipt.receivedDate,
      contentHash: receipt.contentHash,
    };
    state.letters.push(letter);
    return { letter, content };
  }

  function lastLetter(kind: LetterKind): SentLetter | undefined {
    return [...state.letters].reverse().find((l) => l.kind === kind);
  }

  const common = () => ({ caseId: input.caseId, meteringPointId: input.meteringPointId, customerClass: input.customerClass });

  // ----- the steps, one per legal step

  /** Rykker 1 and 2 (BEK §27 stk. 2–3). */
  async function sendReminder(n: 1 | 2): Promise<void> {
    const step = n === 1 ? 'reminder1' : 'reminder2';
    let due: Dated;
    if (n === 1) {
      const firstDue = state.invoices.map((i) => i.dueDate).sort()[0]!;
      due = reminder1Date(firstDue, rules);
    } else {
      const r1 = lastLetter('reminder1')!;
      due = reminder2Date(r1.sentDate, reminderPaymentDeadline(r1.sentDate, rules).date, rules);
    }
    if (!(await dayHasCome(step, due, `rykker ${n}`))) return;
    const cause = stepCause(due.date);
    const { letter, content } = await sendDated(
      step,
      () => ({
        ...common(),
        kind: step,
        amountDueOre: state.amountDueOre,
        invoiceIds: state.invoices.map((i) => i.invoiceId),
        paymentDeadline: reminderPaymentDeadline(today(), rules).date,
        ...(household && settings.case.reminderFeeOre > 0 ? { reminderFeeOre: settings.case.reminderFeeOre } : {}),
        securityMaxMonths: household ? settings.case.securityMonths : 0,
        securityDeadlineHverdage: rules.securityDeadlineHverdage,
      }),
      cause,
    );
    const deadline = (content as { paymentDeadline: IsoDate }).paymentDeadline;
    record(`rykker ${n} sent`, cause, due.basis, {
      letterId: letter.letterId,
      channel: letter.channel,
      received: letter.receivedDate,
      paymentDeadline: deadline,
    });
    setStage(n === 1 ? 'reminder-1' : 'reminder-2');
    state.step = n === 1 ? 'reminder2' : household ? 'securityDemand' : 'disconnectionRequest';
  }

  /** Krav om sikkerhedsstillelse (BEK §26 stk. 1, §27). */
  async function demandSecurity(): Promise<void> {
    let due: Dated;
    if (input.withoutArrears && !lastLetter('reminder2')) {
      due = { date: today(), basis: `BEK §26 stk. 1, §27 stk. 1: security demand without arrears (${input.withoutArrears.ground})` };
    } else {
      const r2 = lastLetter('reminder2')!;
      due = securityDemandDate(reminderPaymentDeadline(r2.sentDate, rules).date);
    }
    if (!(await dayHasCome('securityDemand', due, 'krav om sikkerhedsstillelse'))) return;
    const cause = stepCause(due.date);
    const monthly = await expectedMonthlyPayment({ customerId: input.customerId, meteringPointId: input.meteringPointId });
    const securityAmountOre = monthly.amountOre * settings.case.securityMonths;
    let deadline: Dated | undefined;
    const { letter } = await sendDated(
      'securityDemand',
      (receipt) => {
        deadline = securityDeadline(receipt, { withoutArrears: Boolean(input.withoutArrears) }, rules);
        return {
          ...common(),
          kind: 'securityDemand',
          amountDueOre: state.amountDueOre,
          securityAmountOre,
          deadline: deadline.date,
          withoutArrears: Boolean(input.withoutArrears),
        };
      },
      cause,
    );
    state.securityDeadline = { ...deadline!, securityAmountOre };
    record('security demanded', cause, due.basis, {
      letterId: letter.letterId,
      channel: letter.channel,
      received: letter.receivedDate,
      securityAmountOre,
      deadline: deadline!.date,
      deadlineBasis: deadline!.basis,
    });
    setStage('security-demand');
    state.step = 'terminationNotice';
  }

  /** Varsel om ophævelse (BEK §28 stk. 1–2). */
  async function noticeOfTermination(): Promise<void> {
    const due = terminationNoticeDate(state.securityDeadline!.date);
    if (!(await dayHasCome('terminationNotice', due, 'varsel om ophævelse'))) return;
    const cause = stepCause(due.date);
    let effective: Dated | undefined;
    const { letter } = await sendDated(
      'terminationNotice',
      (receipt) => {
        effective = terminationEffective(receipt, rules);
        return {
          ...common(),
          kind: 'terminationNotice',
          securityAmountOre: state.securityDeadline!.securityAmountOre,
          effective: effective.date,
        };
      },
      cause,
    );
    state.terminationEffective = effective!;
    record('termination notice sent', cause, due.basis, {
      letterId: letter.letterId,
      channel: letter.channel,
      received: letter.receivedDate,
      effective: effective!.date,
      effectiveBasis: effective!.basis,
    });
    setStage('termination-notice');
    state.step = 'disconnectionRequest';
  }

  /**
   * Ophævelse + afbrydelsesvarsel + the DataHub request (BEK §28 stk. 3; SV 2.2.1 a–b). The cut-off
   * is the earliest disconnection day ≥ 3 working days after the request and after the hverdag
   * following the letter's receipt.
   */
  async function requestDisconnection(): Promise<void> {
    const due = household
      ? householdRequestDate(state.terminationEffective!.date, rules)
      : businessRequestDate(reminderPaymentDeadline(lastLetter('reminder2')!.sentDate, rules).date, rules);
    if (!(await dayHasCome('disconnectionRequest', due, 'ophævelse og anmodning om afbrydelse'))) return;
    const cause = stepCause(due.date);
    const requestDay = today();
    let cutoff: Dated | undefined;
    let window: ReturnType<typeof gridWindow> | undefined;
    const { letter, content } = await sendDated(
      'disconnectionNotice',
      (receipt) => {
        cutoff = earliestCutoff({ request: requestDay, customerClass: input.customerClass, letterReceipt: receipt }, rules);
        window = gridWindow(cutoff.date, state.meterKind!, input.customerClass, rules);
        return {
          ...common(),
          kind: 'disconnectionNotice',
          meterKind: state.meterKind!,
          cutoff: cutoff.date,
          windowDeadline: window.deadline,
          ...(household ? { newAgreementBy: newAgreementDeadline(cutoff.date, rules).date } : {}),
          amountDueOre: state.amountDueOre,
        };
      },
      cause,
    );
    const kind = household ? 'end-of-supply' : settings.case.businessRequestKind;
    const receipt = await sendDataHubRequest({
      idempotencyKey: key('datahub-request'),
      caseId: input.caseId,
      request:
        kind === 'end-of-supply'
          ? {
              kind: 'RequestEndOfSupply',
              meteringPointId: input.meteringPointId,
              cutoff: cutoff!.date,
              circumstances: input.circumstances ?? [],
            }
          : { kind: 'RequestService', meteringPointId: input.meteringPointId, serviceType: 'D01', date: cutoff!.date },
    });
    state.request = {
      kind,
      cycle: state.cycle,
      messageId: receipt.messageId,
      transactionId: receipt.transactionId,
      ...(receipt.processId ? { processId: receipt.processId } : {}),
      sentDate: requestDay,
      cutoff: cutoff!.date,
      cutoffBasis: cutoff!.basis,
      windowDeadline: window!.deadline,
      windowDeadlineBasis: window!.basis,
      status: receipt.status === 'accepted' ? 'sent' : 'rejected',
    };
    record(household ? 'agreement terminated; disconnection notice sent' : 'disconnection notice sent', cause, due.basis, {
      letterId: letter.letterId,
      channel: letter.channel,
      received: letter.receivedDate,
      ...(household ? { newAgreementBy: (content as { newAgreementBy?: string }).newAgreementBy ?? '' } : {}),
    });
    if (receipt.status === 'rejected') {
      state.needsAttention = true;
      record(`DataHub rejected the request (${receipt.code}: ${receipt.message}); an operator must act`, cause, 'RULES 10', {
        messageId: receipt.messageId,
      });
    } else {
      record(`DataHub request sent (${kind})`, cause, cutoff!.basis, {
        messageId: receipt.messageId,
        transactionId: receipt.transactionId,
        cutoff: cutoff!.date,
        windowDeadline: window!.deadline,
        windowDeadlineBasis: window!.basis,
      });
    }
    setStage('disconnection-requested');
    state.step = 'gridWindow';
  }

  /** The grid's window (RULES 4): wait for DataHub's word. */
  async function awaitGrid(): Promise<void> {
    state.next = {
      step: 'gridWindow',
      ...(state.request ? { date: state.request.windowDeadline, basis: state.request.windowDeadlineBasis } : {}),
      waitingFor: 'the grid company to disconnect (reported via DataHub)',
    };
    publish();
    await wf.condition(mustReplan);
    if (state.disconnected && state.request?.status === 'disconnected' && !state.closing) {
      setStage('disconnected');
      state.step = 'awaitReopeningGrounds';
    }
  }

  /** Disconnected: reopening needs a new agreement with the arrears paid, or security, etc. (RULES 7). */
  async function awaitReopeningGrounds(): Promise<void> {
    state.next = {
      step: 'awaitReopeningGrounds',
      waitingFor: 'a new supply agreement with the arrears paid, security, or a payment arrangement (BEK §26 stk. 4; RULES 7)',
    };
    publish();
    await wf.condition(() => reopeningGrounds(state) || Boolean(state.closing));
    if (!state.closing) state.step = 'reopening';
  }

  /** Genåbning (SV 3.2): tell the customer, then request the reopening via DataHub. */
  async function reopen(): Promise<void> {
    const cause: Cause = resumeCause ?? { type: 'timer', date: today() };
    const expected = expectedReopening({ at: copenhagenLocalTime(Date.now()).local, meter: state.meterKind! }, rules);
    const { letter } = await sendDated(
      'reopeningNotice',
      () => ({
        ...common(),
        kind: 'reopeningNotice',
        meterKind: state.meterKind!,
        expectedDate: expected.date,
        from: expected.from,
        to: expected.to,
        reopeningMethod: expected.method,
      }),
      cause,
    );
    record('reopening notice sent', cause, expected.basis, {
      letterId: letter.letterId,
      expectedDate: expected.date,
      from: expected.from,
      to: expected.to,
    });
    if (state.request?.kind === 'end-of-supply') {
      // After a completed end of supply the supplier registers the start of supply (BRS-009) first.
      const moveIn = await sendDataHubRequest({
        idempotencyKey: key('datahub-start-of-supply'),
        caseId: input.caseId,
        request: {
          kind: 'RequestStartOfSupply',
          meteringPointId: input.meteringPointId,
          startDate: maxIso(today(), state.disconnected!.date),
          customerId: input.customerId,
        },
      });
      record(`start of supply registered (BRS-009): ${moveIn.status}`, cause, 'RULES 10 BRS-009', { messageId: moveIn.messageId });
    }
    const reconnect = await sendDataHubRequest({
      idempotencyKey: key('datahub-reopen'),
      caseId: input.caseId,
      request: { kind: 'RequestService', meteringPointId: input.meteringPointId, serviceType: 'D03', date: today() },
    });
    if (reconnect.status === 'rejected') state.needsAttention = true;
    record(`reopening requested (BRS-039 D03): ${reconnect.status}`, cause, 'SV 3.2.1 b', { messageId: reconnect.messageId });
    setStage('reopening');
    state.next = { step: 'reopening', date: expected.date, basis: expected.basis, waitingFor: 'the grid company to reopen' };
    publish();
    await wf.condition(() => Boolean(state.closing));
  }

  /** Cancels the pending DataHub request without undue delay (SV 2.2.1 d). */
  async function cancelRequest(): Promise<void> {
    state.cancelRequest = false;
    const request = state.request;
    if (!request || (request.status !== 'sent' && request.status !== 'confirmed')) return;
    const receipt = await sendDataHubRequest({
      idempotencyKey: `${input.caseId}:datahub-cancel:${request.cycle}`,
      caseId: input.caseId,
      request: {
        kind: 'RequestCancellation',
        meteringPointId: input.meteringPointId,
        originalTransactionId: request.transactionId,
        ...(request.processId ? { processId: request.processId } : {}),
      },
    });
    request.status = 'cancelled';
    if (receipt.status === 'rejected') state.needsAttention = true;
    const cause = state.cancelCause ?? state.closing?.cause ?? { type: 'start' };
    delete state.cancelCause;
    record(`DataHub request cancelled: ${receipt.status}`, cause, 'SV 2.2.1 d', {
      messageId: receipt.messageId,
    });
    publish();
  }

  /** On release: the step whose period was running is redone with fresh dates (RULES 2 table). */
  function stepToRedo(): StepName {
    switch (state.step) {
      case 'reminder1':
        return 'reminder1';
      case 'reminder2':
        return 'reminder1';
      case 'securityDemand':
        return 'reminder2';
      case 'terminationNotice':
        return 'securityDemand';
      case 'disconnectionRequest':
        return household ? 'terminationNotice' : 'reminder2';
      case 'gridWindow':
        return household ? 'terminationNotice' : 'disconnectionRequest';
      default:
        return state.step;
    }
  }

  /**
   * Runs a step; a failure no retry will fix (an unknown customer, a letter the template refuses)
   * stops the case for an operator instead of failing it: it is recorded, flagged, and retried when
   * an operator sends `retryStep` (after fixing the data).
   */
  async function runStep(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      const cause = err.cause as { type?: string; message?: string } | undefined;
      const failure = `${cause?.type ?? 'ActivityFailure'}: ${cause?.message ?? err.message}`;
      state.stuck = { step: state.step, failure };
      state.needsAttention = true;
      record(`${state.step} stopped: ${failure}; an operator must fix it and retry`, { type: 'start' });
      state.next = { step: state.step, waitingFor: 'an operator to fix the failure and retry the step' };
      publish();
      await wf.condition(() => Boolean(state.retryRequested) || Boolean(state.closing) || state.holds.length > 0);
      delete state.stuck;
      state.retryRequested = false;
      state.redo = true;
    }
  }

  // ----- the main flow

  state.step = input.withoutArrears ? 'securityDemand' : 'reminder1';
  if (input.withoutArrears) state.redo = true;
  for (;;) {
    if (state.cancelRequest) await cancelRequest();
    if (state.closing) break;
    if (state.holds.length > 0) {
      state.next = { step: state.step, waitingFor: 'the holds to be released' };
      publish();
      await wf.condition(() => state.holds.length === 0 || Boolean(state.closing) || state.cancelRequest);
      if (state.holds.length === 0 && !state.closing) {
        // Released: the step whose period was running is redone now, in a new cycle (new letters,
        // new idempotency keys). Before any letter there is nothing to redo: the plan stands.
        resumeCause = state.resumeCause;
        delete state.resumeCause;
        state.cycle += 1;
        if (state.letters.length > 0) {
          state.step = stepToRedo();
          state.redo = true;
        }
      }
      continue;
    }
    state.interrupted = false;
    await runStep(() => {
      switch (state.step) {
        case 'reminder1':
          return sendReminder(1);
        case 'reminder2':
          return sendReminder(2);
        case 'securityDemand':
          return demandSecurity();
        case 'terminationNotice':
          return noticeOfTermination();
        case 'disconnectionRequest':
          return requestDisconnection();
        case 'gridWindow':
          return awaitGrid();
        case 'awaitReopeningGrounds':
          return awaitReopeningGrounds();
        case 'reopening':
          return reopen();
      }
    });
  }

  // ----- closed
  state.closed = { reason: state.closing!.reason, at: nowIso() };
  record(`case closed: ${state.closing!.reason}`, state.closing!.cause);
  state.stage = 'closed';
  delete state.next;
  publish();
  await wf.condition(wf.allHandlersFinished);
  return view(state);
}

/** Why an inbound message cannot even be recorded, or undefined if its shape is fine. */
function malformed(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return 'an event must be an object';
  const e = event as { messageId?: unknown; type?: unknown };
  if (typeof e.messageId !== 'string' || e.messageId.length === 0 || e.messageId.length > 200) {
    return 'an event needs a messageId (1–200 characters)';
  }
  if (typeof e.type !== 'string') return 'an event needs a type';
  return undefined;
}

function maxIso(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

function initialState(input: CaseInput): CaseState {
  const amountDueOre = input.invoices.reduce((sum, i) => sum + i.amountOre, 0);
  return {
    caseId: input.caseId,
    customerId: input.customerId,
    meteringPointId: input.meteringPointId,
    customerClass: input.customerClass,
    ...(input.meterKind ? { meterKind: input.meterKind } : {}),
    stage: 'opened',
    invoices: input.invoices.map((i) => ({ ...i })),
    amountDueOre,
    letters: [],
    holds: [],
    needsAttention: false,
    timeline: [],
    step: 'reminder1',
    cycle: 0,
    redo: false,
    interrupted: false,
    cancelRequest: false,
    channelHint: input.preferredChannel ?? 'digital',
    filed: [],
    outcomes: {},
  };
}

/** The operator's view: the state without the workflow's internals. */
function view(state: CaseState): CaseView {
  const {
    step: _s,
    cycle: _c,
    redo: _r,
    interrupted: _i,
    cancelRequest: _x,
    cancelCause: _xc,
    closing: _cl,
    channelHint: _h,
    outcomes: _o,
    filed: _f,
    resumeCause: _rc,
    retryRequested: _rr,
    agreement: _a,
    securityProvided: _sp,
    arrangement: _ar,
    complaintUpheld: _cu,
    ...rest
  } = state;
  return { ...rest, stage: stageOf(state) };
}

/** One line for the Web UI's "current details". */
function currentDetails(state: CaseState): string {
  const stage = stageOf(state);
  const next = state.next
    ? `next: ${state.next.step}${state.next.date ? ` on ${state.next.date}` : ''}${state.next.waitingFor ? ` (waiting for ${state.next.waitingFor})` : ''}`
    : '';
  const due = `due ${(state.amountDueOre / 100).toFixed(2)} kr`;
  return [`stage: ${stage}`, due, next, state.needsAttention ? 'NEEDS ATTENTION' : ''].filter(Boolean).join(' · ');
}

export type { CaseState };

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
 *
 * When the grid does not disconnect (RULES 4, 5, 2.6, 8; issue 6), behind the patches below: a refusal
 * (D41–D44, D58) involves the municipality, the police or the bailiff court and is followed by a new
 * RSM-020 request in the same end-of-supply process; circumstances known beforehand are handled before
 * the first request (SV 2.3.4); silent parties are chased and become operator tasks; a grid without an
 * outcome by the window deadline + 1 working day makes the case overdue (`AfbrydOverdue`); a
 * cancellation's timing may cost a late fee, booked when the grid's charge arrives, and a grid that
 * disconnected before it got the cancellation reopens by itself; fees go to billing exactly once; the
 * deposit starts as a child workflow that outlives the case.
 */
import { WorkflowExecutionAlreadyStartedError, type SearchAttributeUpdatePair } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type * as authoritiesActivities from '../../activities/authorities.js';
import type * as billingActivities from '../../activities/billing.js';
import type * as datahubActivities from '../../activities/datahub.js';
import type * as gridCompanyActivities from '../../activities/grid-company.js';
import type { LetterContent, LetterKind } from '../../activities/letters/types.js';
import type * as mailActivities from '../../activities/mail.js';
import type * as settingsActivities from '../../activities/settings.js';
import {
  addDays,
  addWorkingDays,
  businessRequestDate,
  cancellationTiming,
  chasePlan,
  copenhagenInstant,
  copenhagenLocalTime,
  courtFee,
  DEFAULT_EXCEPTION_SETTINGS,
  DEFAULT_FEE_SETTINGS,
  earliestCutoff,
  expectedReopening,
  feeMethodOf,
  followUpRequestDate,
  gridFee,
  gridReportDeadline,
  gridWindow,
  lateFeeIsCustomers,
  passesOnGridFees,
  refusalStep,
  reminderFee,
  supplierFee,
  householdRequestDate,
  maxDate,
  newAgreementDeadline,
  receiptDate,
  receiptSettingsOf,
  reminder1Date,
  reminder2Date,
  reminderPaymentDeadline,
  securityDeadline,
  securityDemandDate,
  terminationEffective,
  terminationNoticeDate,
  type Authority,
  type Dated,
  type Fee,
  type FeeDecision,
  type FollowUpServiceType,
  type IsoDate,
  type RefusalCode,
} from '../../rules/index.js';
import type { depositWorkflow } from '../deposit/workflow.js';
import { DEPOSIT_WORKFLOW_TYPE, depositWorkflowId, type DepositInput } from '../deposit/definitions.js';
import {
  CASE_KIND,
  CUSTOMER_CLASS,
  CUTOFF_DATE,
  METERING_POINT_ID,
  METER_KIND,
  NEEDS_ATTENTION,
  OVERDUE,
  STAGE,
} from '../search-attributes.js';
import { setEventDoors } from '../shared/doors.js';
import { factOrTimeout } from '../shared/wait.js';
import {
  caseEventSignal,
  caseViewQuery,
  eventOutcomeQuery,
  submitCaseEventUpdate,
  type AuthorityContact,
  type CaseEvent,
  type ChargedFee,
  type CaseInput,
  type CaseSettings,
  type CaseClosedResult,
  type CaseView,
  type Cause,
  type EventOutcome,
  type ImportedHistory,
  type ImportedLetter,
  type SentLetter,
  type Stage,
  type StepName,
  type TimelineEntry,
} from './definitions.js';
import {
  addTask,
  applyEvent,
  closeTasks,
  reopeningGrounds,
  requestPending,
  stageOf,
  type CaseFeatures,
  type CaseState,
} from './state.js';

type Mail = ReturnType<typeof mailActivities.createMailActivities>;
type DataHub = ReturnType<typeof datahubActivities.createDataHubActivities>;
type Billing = ReturnType<typeof billingActivities.createBillingActivities>;
type Settings = ReturnType<typeof settingsActivities.createSettingsActivities>;
type Authorities = ReturnType<typeof authoritiesActivities.createAuthoritiesActivities>;
type GridCompany = ReturnType<typeof gridCompanyActivities.createGridCompanyActivities>;
/** The evidence archive's activity (activities/evidence.ts). */
interface Evidence {
  archiveClosedCase(input: { caseId: string; view: CaseView; reason: string; closedAt: string }): Promise<void>;
}

// Outside parties (digital post, DataHub, billing, the authorities, the grid company's desk):
// idempotent calls, retried with backoff without limit, since a letter or a request that cannot go out
// now must go out as soon as it can. A failure the party will not fix by itself (non-retryable) stops
// the step for an operator (see runStep).
const outside = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} satisfies wf.ActivityOptions;

const { sendLetter } = wf.proxyActivities<Mail>({ ...outside, summary: 'send a letter' });
const { sendDataHubRequest, lookupMeteringPoint } = wf.proxyActivities<DataHub>(outside);
// Release 0.4: the metering point's master data is a read, not a step with effects: a local activity
// (no activity task, no extra workflow task), retried like the outside parties.
const { lookupMeteringPoint: lookupMeteringPointLocally } = wf.proxyLocalActivities<DataHub>({
  startToCloseTimeout: '30 seconds',
  retry: outside.retry,
});
const { expectedMonthlyPayment } = wf.proxyActivities<Billing>(outside);
// Fees: the same as `outside` (a fee must reach billing once it can); billing dedupes by the key.
const { chargeFee } = wf.proxyActivities<Billing>({ ...outside, summary: 'pass a fee to billing' });
const { notifyAuthority, requestEnforcement, chaseAuthority, withdrawEnforcement } = wf.proxyActivities<Authorities>(outside);
const { messageGridCompany } = wf.proxyActivities<GridCompany>({ ...outside, summary: 'message the grid company' });
// Reads the worker's configuration: local, and recorded in history as the case's snapshot.
const { snapshotCaseSettings } = wf.proxyLocalActivities<Settings>({ startToCloseTimeout: '10 seconds' });
// The evidence archive (issue 7): retried without limit, since a closed case must reach it.
const { archiveClosedCase } = wf.proxyActivities<Evidence>({ ...outside, summary: 'archive the closed case' });

// ----- Patches (STYLE §5), issue 6. Each is decided ONCE, when a case starts (`features` below), not
// at the point where the code diverges: a case started before the release keeps the old behaviour for
// its whole life (no case is half old, half new: its fees, deadlines and waits stay those it started
// with), and the pure reducer (state.ts) reads the same flags. Released histories replay with every
// flag off.
// Removal: only once no case started before this release is open AND the replay suite carries no
// history recorded before it (the 0.1.0 histories in test/replay/histories are immutable: retiring
// them is a later release's decision). Then replace each `wf.patched(ID)` by `wf.deprecatePatch(ID)`
// and `true`; one release later delete the call, the flag and the old branch.

/** Refusals D41–D44/D58 → authorities and a new RSM-020 request; known circumstances before the first request (RULES 5). */
export const PATCH_SPECIAL_CIRCUMSTANCES = 'afbryd-6-special-circumstances';
/** The grid's report deadline: the overdue flag, an operator task and a reminder to the grid; the outage mark (RULES 4). */
export const PATCH_GRID_SLA = 'afbryd-6-grid-sla';
/** A cancellation's timing: a possible late fee, waiting for the grid's own reopening (RULES 2.6). */
export const PATCH_CANCELLATION_TIMING = 'afbryd-6-cancellation-timing';
/** Fees passed to billing (reminder fees or the business compensation, grid and supplier fees; RULES 8). */
export const PATCH_FEES = 'afbryd-6-fees';
/** The deposit started as a child workflow (parent close policy ABANDON) when security is provided (BEK §29). */
export const PATCH_DEPOSIT_CHILD = 'afbryd-6-deposit-child';
/**
 * Issue 7: a closed case's final view goes to the evidence archive, so the doors can show it after
 * Temporal has dropped its history. Decided where the case closes (not at start): a case started
 * before the release and closing after it is archived too; a released history that closed without
 * it replays without it.
 */
export const PATCH_EVIDENCE_ARCHIVE = 'afbryd-7-evidence-archive';
/**
 * A closing event or a hold that arrives while the disconnection notice or the DataHub request is
 * under way finds no request to cancel (the reducer cancels only a pending one); the request that
 * then goes out is cancelled at once, so a customer who paid is never disconnected (found by the chaos
 * run, issue 9). Decided where it diverges, only when it happens: a released history in which it
 * happened replays as it ran.
 */
export const PATCH_CANCEL_LATE_REQUEST = 'afbryd-9-cancel-late-request';

/**
 * Release 0.4.0: ONE patch for the whole release, decided when a case starts. A case started on 0.4.0
 * or later records this marker alone and has every feature above (issue 6's five, the evidence archive,
 * the late request's cancellation) without their markers; a case started before it has no such marker
 * and evaluates the feature patches where it always did, so its history replays as it ran. Each
 * `wf.patched` is a marker and an upsert of `TemporalChangeVersion` (a visibility write): one instead
 * of five at the start is 8 fewer events and 4 fewer visibility writes per case (issue 9,
 * docs/PERFORMANCE.md). The release also:
 * - looks the metering point up as a local activity;
 * - publishes the search attributes in one upsert at the start, with only what the start did not set;
 * - returns a small result (`CaseClosedResult`), since the final view is in the evidence archive.
 *
 * Future releases: one patch id per release, not one per feature.
 */
export const PATCH_RELEASE_0_4 = 'afbryd-release-0.4';

/**
 * Version 1's last patch (issue 14): version 1 is frozen and drains into version 2. At its long waits
 * — the wait for the reopening grounds, and any wait for a step's day longer than the history horizon
 * (`historyHorizonDays`, default 30) — a case continues as new INTO `caseWorkflowV2`, carrying its
 * state (workflows/case/v2/workflow.ts `carriedState`). Decided where it diverges, only when a case
 * gets there: a recorded history that never reached such a wait after the release replays as it ran.
 * Removal: with version 1 itself, once visibility counts no open `caseWorkflow` run.
 */
export const PATCH_DRAIN_TO_V2 = 'afbryd-14-drain-to-v2';

const continueIntoV2 = wf.makeContinueAsNewFunc<(input: CaseInput & { carried: { from: 'caseWorkflow'; reason: 'drain'; state: CaseState } }) => Promise<unknown>>({
  workflowType: 'caseWorkflowV2',
});

/** A date agreed with an authority or set by the court, for a (new) request. */
interface Agreed {
  date: IsoDate;
  time?: string;
  note?: string;
  /** "agreed with the police (POL-1)", "set by the bailiff court (FOG-2)". */
  by: string;
  authority: Authority;
  reference: string;
}

/** Runs one case. */
export async function caseWorkflow(input: CaseInput): Promise<CaseView | CaseClosedResult> {
  const state: CaseState = initialState(input);
  /** What the search attributes last said, so that only changes are upserted. */
  let published: { stage?: string; attention?: boolean; cutoff?: string; overdue: boolean } = { overdue: false };
  const nowIso = () => new Date().toISOString();

  // Recorded before the handlers are set (buffered messages are delivered as soon as they are), so
  // that it heads the timeline whatever arrived with the start.
  state.timeline.push({
    at: nowIso(),
    what: 'case opened',
    cause: { type: 'start' },
    facts: { amountDueOre: state.amountDueOre, ...(input.withoutArrears ? { withoutArrears: true } : {}) },
  });
  // Decided once, before any message is applied (see the patch ids above). A case of release 0.4 or
  // later has every feature under one marker; an older one evaluates its own patches as it did.
  const release04 = wf.patched(PATCH_RELEASE_0_4);
  const features: CaseFeatures = release04
    ? { specialCircumstances: true, gridSla: true, cancellationTiming: true, fees: true, deposit: true }
    : {
        specialCircumstances: wf.patched(PATCH_SPECIAL_CIRCUMSTANCES),
        gridSla: wf.patched(PATCH_GRID_SLA),
        cancellationTiming: wf.patched(PATCH_CANCELLATION_TIMING),
        fees: wf.patched(PATCH_FEES),
        deposit: wf.patched(PATCH_DEPOSIT_CHILD),
      };
  state.features = features;
  if (release04) published = publishedAtStart();

  // Release 0.4: DataHub's answer to a disconnection request can arrive before the request's own
  // activity result (a fast DataHub; 10–27 % of the chaos run's cases): its signal is delivered first
  // in the same workflow task and finds no pending request, and 0.3 rejected it and flagged the case.
  // Such answers are kept while the request is in flight, then applied in order once it is recorded.
  let requestInFlight = false;
  const earlyAnswers: CaseEvent[] = [];
  const receive = (event: CaseEvent): EventOutcome => {
    if (requestInFlight && answersTheRequest(event) && state.outcomes[event.messageId] === undefined) {
      if (!earlyAnswers.some((e) => e.messageId === event.messageId)) earlyAnswers.push(event);
      return { messageId: event.messageId, outcome: 'applied', reason: 'kept until the DataHub request it answers is recorded', stage: stageOf(state) };
    }
    const outcome = applyEvent(state, event, nowIso());
    publish();
    return outcome;
  };
  // The doors (workflows/shared/doors.ts): the update answers the billing API applied / duplicate / rejected.
  setEventDoors(
    { signal: caseEventSignal, update: submitCaseEventUpdate, viewQuery: caseViewQuery, outcomeQuery: eventOutcomeQuery },
    { receive, view: () => view(state), outcomeOf: (messageId) => state.outcomes[messageId] ?? null, state, now: nowIso, publish },
  );

  // ----- settings and facts, recorded in history
  const settings: CaseSettings = input.settings ?? ((await snapshotCaseSettings()) as CaseSettings);
  state.settings = settings;
  const rules = settings.rules;
  const exceptions = settings.exceptions ?? DEFAULT_EXCEPTION_SETTINGS;
  const fees = settings.fees ?? DEFAULT_FEE_SETTINGS;
  if (!state.meterKind) {
    const lookup = release04 ? lookupMeteringPointLocally : lookupMeteringPoint;
    const masterData = await lookup({ meteringPointId: input.meteringPointId });
    state.meterKind = masterData.meterKind;
    state.gridCompanyGln = masterData.gridCompanyGln;
  }
  const household = input.customerClass === 'household';
  record(`settings ${settings.versionId} snapshotted; meter kind ${state.meterKind}`, { type: 'start' }, undefined, {
    settingsVersion: settings.versionId,
  });
  const caseAttributes: SearchAttributeUpdatePair[] = [
    { key: CASE_KIND, value: 'unpaid-invoice' },
    { key: CUSTOMER_CLASS, value: input.customerClass },
    { key: METER_KIND, value: state.meterKind },
    { key: METERING_POINT_ID, value: input.meteringPointId },
  ];
  if (release04) {
    // One upsert with what the start did not already set (startCase sets kind, class, stage and
    // metering point), merged with the stage and attention flag.
    const atStart = wf.workflowInfo().typedSearchAttributes;
    publish(caseAttributes.filter((pair) => atStart.get(pair.key as never) !== pair.value));
  } else {
    wf.upsertSearchAttributes(caseAttributes);
    publish();
  }

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

  /**
   * Upserts the search attributes that changed since they were last published (and `extra`, in the
   * same upsert), and the Web UI's current details.
   */
  function publish(extra: SearchAttributeUpdatePair[] = []): void {
    const stage = stageOf(state);
    const cutoff = requestPending(state) ? state.request?.cutoff : undefined;
    const updates: SearchAttributeUpdatePair[] = [...extra];
    if (published.stage !== stage) updates.push({ key: STAGE, value: stage });
    if (published.attention !== state.needsAttention) updates.push({ key: NEEDS_ATTENTION, value: state.needsAttention });
    if (published.cutoff !== cutoff) {
      updates.push({ key: CUTOFF_DATE, value: cutoff ? new Date(copenhagenInstant(cutoff, '00:00')) : null });
    }
    // Overdue (RULES 4): no outcome by the grid's report deadline, unless an operator marked a DataHub outage.
    const overdue = Boolean(state.gridSla?.overdue) && !state.dataHubOutage && requestPending(state);
    if (published.overdue !== overdue) updates.push({ key: OVERDUE, value: overdue });
    if (updates.length > 0) wf.upsertSearchAttributes(updates);
    published = { stage, attention: state.needsAttention, ...(cutoff ? { cutoff } : {}), overdue };
    wf.setCurrentDetails(currentDetails(state));
  }

  /**
   * What the start's own search attributes already say (release 0.4), so that `publish` upserts only
   * what differs. Read from the workflow's start (deterministic): a case started without them (a test,
   * an older client) gets them in its first upsert.
   */
  function publishedAtStart(): typeof published {
    const atStart = wf.workflowInfo().typedSearchAttributes;
    const stage = atStart.get(STAGE);
    const attention = atStart.get(NEEDS_ATTENTION);
    const overdue = atStart.get(OVERDUE);
    return {
      ...(stage !== undefined ? { stage } : {}),
      ...(attention !== undefined ? { attention } : {}),
      // As before 0.4: the overdue flag is first upserted when it turns true.
      overdue: overdue ?? false,
    };
  }

  /**
   * Sends a disconnection request, keeping DataHub's answers that arrive meanwhile (release 0.4) until
   * the caller has recorded the request and calls {@link applyEarlyAnswers}; if the send fails, they
   * apply at once (and find no request, as before).
   */
  async function whileRequestInFlight<T>(send: () => Promise<T>): Promise<T> {
    requestInFlight = release04;
    try {
      return await send();
    } catch (err) {
      applyEarlyAnswers();
      throw err;
    }
  }

  /** The request is recorded: DataHub's answers that came before it now apply (release 0.4). */
  function applyEarlyAnswers(): void {
    requestInFlight = false;
    for (const answer of earlyAnswers.splice(0)) receive(answer);
  }

  /** Something happened that the main flow must act on before going on. */
  function mustReplan(): boolean {
    return state.interrupted || Boolean(state.closing) || state.holds.length > 0 || state.cancelRequest;
  }

  /** The cause of the step about to run: the message that lifted the hold, or the timer of its date. */
  let resumeCause: Cause | undefined;
  function stepCause(date: IsoDate): Cause {
    const cause = resumeCause ?? { type: 'timer' as const, date };
    resumeCause = undefined;
    return cause;
  }

  /**
   * Waits until the step's day (at the configured local time), unless something interrupts the case.
   * With `redo` set (a lifted hold), the step runs now.
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
    if (wait > (settings.case.historyHorizonDays ?? 30) * 86_400_000 && wf.patched(PATCH_DRAIN_TO_V2)) await drainToV2(`a wait of more than ${settings.case.historyHorizonDays ?? 30} days for ${step}`);
    const interrupted = await factOrTimeout(mustReplan, wait, summary);
    return !interrupted;
  }

  /** Idempotency key of a step: case + step + cycle (never a random id). */
  function key(step: string): string {
    return `${input.caseId}:${step}:${state.cycle}`;
  }

  /** Drains this version 1 case into version 2 (PATCH_DRAIN_TO_V2): continue-as-new with its state. */
  async function drainToV2(why: string): Promise<never> {
    record(`version 1 drains into version 2 of the case workflow (${why}); the case goes on there`, { type: 'start' });
    publish();
    await wf.condition(wf.allHandlersFinished);
    const { imported: _imported, ...rest } = input;
    return continueIntoV2({ ...rest, carried: { from: 'caseWorkflow', reason: 'drain', state } });
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
      rulesSettings: receiptSettingsOf(rules),
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
        rulesSettings: receiptSettingsOf(rules),
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
    // The fee this reminder may carry (Interest Act §9a–§9b), decided before the letter states it.
    const fee: FeeDecision | undefined = features.fees
      ? reminderFee(
          {
            customerClass: input.customerClass,
            date: today(),
            reminderFeeOre: settings.case.reminderFeeOre,
            charged: (state.fees ?? []).map((f) => ({ kind: f.kind, date: f.date })),
          },
          fees,
        )
      : undefined;
    const feeInLetter = fee
      ? fee.charge && fee.fee.kind === 'reminder-fee'
        ? { reminderFeeOre: fee.fee.amountOre }
        : {}
      : household && settings.case.reminderFeeOre > 0
        ? { reminderFeeOre: settings.case.reminderFeeOre }
        : {};
    const { letter, content } = await sendDated(
      step,
      () => ({
        ...common(),
        kind: step,
        amountDueOre: state.amountDueOre,
        invoiceIds: state.invoices.map((i) => i.invoiceId),
        paymentDeadline: reminderPaymentDeadline(today(), rules).date,
        ...feeInLetter,
        securityMaxMonths: household ? settings.case.securityMonths : 0,
        securityDeadlineHverdage: rules.securityDeadlineHverdage,
      }),
      cause,
    );
    const deadline = (content as { paymentDeadline: IsoDate }).paymentDeadline;
    // The fee goes to billing with the reminder and is recorded in the reminder's own line.
    const charged = fee?.charge ? await charge(fee.fee, `fee:${fee.fee.kind}:${step}:${state.cycle}`, undefined, true) : undefined;
    record(`rykker ${n} sent`, cause, due.basis, {
      letterId: letter.letterId,
      channel: letter.channel,
      received: letter.receivedDate,
      paymentDeadline: deadline,
      ...(charged ? { fee: charged.kind, feeOre: charged.amountOre, feeChargeId: charged.chargeId } : {}),
      ...(fee && !fee.charge ? { fee: `none: ${fee.reason}` } : {}),
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
    // SV 2.3.4: a circumstance known before the request — the authority is involved first, and the
    // request is flagged with it and carries the agreed date.
    let agreed: Agreed | undefined;
    if (features.specialCircumstances && knownAuthorities().length > 0) {
      const involved = await involveAuthorities(knownAuthorities(), 'known');
      if (!involved.ready) return;
      agreed = involved.agreed;
    }
    const requestDay = today();
    let cutoff: Dated | undefined;
    let window: ReturnType<typeof gridWindow> | undefined;
    const { letter, content } = await sendDated(
      'disconnectionNotice',
      (receipt) => {
        cutoff = earliestCutoff({ request: requestDay, customerClass: input.customerClass, letterReceipt: receipt }, rules);
        if (agreed && agreed.date > cutoff.date) {
          cutoff = { date: agreed.date, basis: `SV 2.3.4; RULES 5: the date ${agreed.by}, later than the earliest cut-off ${cutoff.date} (${cutoff.basis})` };
        }
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
    const receipt = await whileRequestInFlight(() =>
      sendDataHubRequest({
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
      }),
    );
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
    applyEarlyAnswers();
    if (features.specialCircumstances && receipt.status === 'accepted' && (input.circumstances ?? []).length > 0) {
      await tellGridOfCircumstances(cutoff!.date, agreed, cause);
    }
    const overtaken = (Boolean(state.closing) || state.holds.length > 0) && receipt.status === 'accepted' && !state.cancelRequest;
    if (overtaken && (release04 || wf.patched(PATCH_CANCEL_LATE_REQUEST))) {
      record(`the request went out while the case ${state.closing ? `was closing (${state.closing.reason})` : 'was put on hold'}: it is cancelled at once`, state.closing?.cause ?? cause, 'SV 2.2.1 d');
      state.cancelRequest = true;
      if (state.closing && !state.cancelCause) state.cancelCause = state.closing.cause;
      if (features.cancellationTiming && !state.cancelGround) state.cancelGround = { at: nowIso(), operatorHold: false };
    }
  }

  /** The grid's window (RULES 4): wait for DataHub's word. */
  async function awaitGrid(): Promise<void> {
    state.next = {
      step: 'gridWindow',
      ...(state.request ? { date: state.request.windowDeadline, basis: state.request.windowDeadlineBasis } : {}),
      waitingFor: 'the grid company to disconnect (reported via DataHub)',
    };
    publish();
    if (features.gridSla && requestPending(state)) await watchGridSla();
    else await wf.condition(mustReplan);
    if (state.disconnected && state.request?.status === 'disconnected' && !state.closing) {
      setStage('disconnected');
      state.step = 'awaitReopeningGrounds';
      if (features.fees) await chargeDisconnectionFees();
    } else if (features.specialCircumstances && state.request?.status === 'not-disconnected' && !state.closing && state.holds.length === 0) {
      state.step = 'specialCircumstances';
    }
  }

  /** Disconnected: reopening needs a new agreement with the arrears paid, or security, etc. (RULES 7). */
  async function awaitReopeningGrounds(): Promise<void> {
    state.next = {
      step: 'awaitReopeningGrounds',
      waitingFor: 'a new supply agreement with the arrears paid, security, or a payment arrangement (BEK §26 stk. 4; RULES 7)',
    };
    publish();
    if (!reopeningGrounds(state) && !state.closing && !chargesWaiting() && wf.patched(PATCH_DRAIN_TO_V2)) await drainToV2('waiting for the reopening grounds');
    await wf.condition(() => reopeningGrounds(state) || Boolean(state.closing) || chargesWaiting());
    if (!state.closing && reopeningGrounds(state)) state.step = 'reopening';
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
          startDate: maxDate(today(), state.disconnected!.date),
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
    if (features.gridSla) await awaitGridReopening(expected.date);
    else await wf.condition(() => Boolean(state.closing));
    if (features.fees && state.closing?.reason === 'reopened') await chargeReopeningFees();
  }

  /** Cancels the pending DataHub request without undue delay (SV 2.2.1 d). */
  async function cancelRequest(): Promise<void> {
    state.cancelRequest = false;
    const request = state.request;
    const refused = features.specialCircumstances && request?.status === 'not-disconnected';
    if (!request || (request.status !== 'sent' && request.status !== 'confirmed' && !refused)) return;
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
    if (features.cancellationTiming && !refused) noteCancellationTiming(request, cause);
    publish();
  }

  /** When the hold is lifted: the step whose period was running is redone with fresh dates (RULES 2 table). */
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
      case 'specialCircumstances':
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

  // ----- when the grid does not disconnect, and what it costs (issue 6; behind the patches above)

  /** A grid charge is waiting to be booked (fees only). */
  function chargesWaiting(): boolean {
    return features.fees && (state.pendingCharges?.length ?? 0) > 0;
  }

  /** The grid company of the metering point: from the master data looked up at the start, or looked up now. */
  async function gridCompany(): Promise<string> {
    if (!state.gridCompanyGln) {
      const masterData = await lookupMeteringPoint({ meteringPointId: input.meteringPointId });
      state.gridCompanyGln = masterData.gridCompanyGln;
    }
    return state.gridCompanyGln;
  }

  /** The authorities among the circumstances known before the first request (SV 2.2.1 b flags 1–3). */
  function knownAuthorities(): Authority[] {
    return (input.circumstances ?? []).filter(
      (c): c is Authority => c === 'municipality' || c === 'police' || c === 'bailiff-court',
    );
  }

  function authorityName(authority: Authority): string {
    return authority === 'municipality' ? 'municipality (kommunen)' : authority === 'police' ? 'police (politiet)' : 'bailiff court (fogedretten)';
  }

  /**
   * Involves each authority in turn (RULES 5, SV 2.3.4): asks it once, then waits for its answer —
   * chased after 5 working days, an operator task after 10 (settings) — and returns the latest date
   * agreed or set. Re-entrant: a contact already asked is not asked again.
   * @returns ready: false when something interrupted the wait (the main loop re-plans).
   */
  async function involveAuthorities(
    authorities: Authority[],
    why: RefusalCode | 'known',
    refusalMessageId?: string,
  ): Promise<{ ready: boolean; agreed?: Agreed }> {
    setStage('special-circumstances');
    let agreed: Agreed | undefined;
    for (const authority of authorities) {
      const contact =
        state.authorityContacts?.find(
          (c) => c.authority === authority && c.why === why && c.refusalMessageId === refusalMessageId && !c.withdrawn,
        ) ?? (await askAuthority(authority, why, refusalMessageId));
      if (!(await awaitAuthority(contact))) return { ready: false };
      const answer = contact.answer!;
      if (answer.date && (!agreed || answer.date > agreed.date)) {
        agreed = {
          date: answer.date,
          ...(answer.time ? { time: answer.time } : {}),
          ...(answer.note ? { note: answer.note } : {}),
          by: authority === 'bailiff-court' ? `set by the bailiff court (${contact.reference})` : `agreed with the ${authority} (${contact.reference})`,
          authority,
          reference: contact.reference,
        };
      }
    }
    return { ready: true, ...(agreed ? { agreed } : {}) };
  }

  /** Asks one authority: notifies the municipality or the police, or requests the enforcement from the bailiff court. */
  async function askAuthority(authority: Authority, why: RefusalCode | 'known', refusalMessageId?: string): Promise<AuthorityContact> {
    const index = state.authorityContacts?.length ?? 0;
    const idempotencyKey = `${input.caseId}:authority:${authority}:${index}`;
    const askedOn = today();
    const plan = chasePlan(askedOn, exceptions, rules);
    const cause: Cause = { type: 'timer', date: askedOn };
    let reference: string;
    let basis: string;
    let courtFeePaid: string | undefined;
    if (authority === 'bailiff-court') {
      // SV 2.3.6 b: the supplier is the requesting party, pays the court fee and tells the court of the
      // grid's ownership, access right and duty to disconnect (the grid company's GLN).
      const court = await requestEnforcement({
        idempotencyKey,
        caseId: input.caseId,
        meteringPointId: input.meteringPointId,
        gridCompanyGln: await gridCompany(),
        why,
        courtFeeOre: fees.courtFeeOre,
      });
      reference = court.courtCaseId;
      courtFeePaid = court.feePaymentId;
      basis = 'SV 2.3.6 b; retsplejeloven §596: immediate enforcement (umiddelbar fogedforretning) requested, court fee paid';
    } else {
      const notice = await notifyAuthority({
        idempotencyKey,
        caseId: input.caseId,
        authority,
        meteringPointId: input.meteringPointId,
        why,
        request:
          authority === 'municipality'
            ? 'Kommunen underrettes om en forestående afbrydelse af elforsyningen (SV 2.3.3.4, 2.3.3.6); oplys venligst om kommunen handler, eller om kommunen overtager betalingen af den fremtidige forsyning.'
            : 'Politiet anmodes om at medvirke ved afbrydelsen af elforsyningen (SV 2.3.3.5); aftal venligst tidspunktet.',
      });
      reference = notice.reference;
      basis = authority === 'municipality' ? 'RULES 5; SV 2.3.3.4, 2.3.3.6: the municipality notified' : 'RULES 5; SV 2.3.3.5: the police contacted to agree the timing';
    }
    const contact: AuthorityContact = {
      authority,
      why,
      ...(refusalMessageId ? { refusalMessageId } : {}),
      reference,
      askedOn,
      chaseOn: plan.chaseOn,
      taskOn: plan.taskOn,
    };
    state.authorityContacts ??= [];
    state.authorityContacts.push(contact);
    record(`the ${authorityName(authority)} involved (${reference})${why === 'known' ? ' before the first request (SV 2.3.4)' : ` after the grid's refusal ${why}`}`, cause, basis, {
      reference,
      chaseOn: plan.chaseOn,
      taskOn: plan.taskOn,
      ...(courtFeePaid ? { courtFeePaymentId: courtFeePaid, courtFeeOre: fees.courtFeeOre } : {}),
    });
    publish();
    if (authority === 'bailiff-court' && features.fees) {
      const court = courtFee(input.productId, fees);
      if (court.charge) await charge(court.fee, `fee:court-fee:${reference}`);
      await charge(supplierFee('bailiff-case', input.productId, fees), `fee:supplier-bailiff-case:${reference}`);
    }
    return contact;
  }

  /**
   * Waits for an authority's answer; chases it, then makes its silence an operator task (RULES 5:
   * nothing waits forever silently). The court's answer is the enforcement it sets; a preliminary
   * meeting only adds a task to attend it.
   * @returns true when answered, false when interrupted.
   */
  async function awaitAuthority(contact: AuthorityContact): Promise<boolean> {
    const at = (date: IsoDate) => copenhagenInstant(date, settings.case.stepTimeLocal);
    for (;;) {
      if (contact.answer) return true;
      if (mustReplan()) return false;
      const name = authorityName(contact.authority);
      if (!contact.chasedOn && Date.now() >= at(contact.chaseOn)) {
        await chaseAuthority({
          idempotencyKey: `${input.caseId}:authority-chase:${contact.authority}:${contact.reference}`,
          caseId: input.caseId,
          authority: contact.authority,
          reference: contact.reference,
          askedOn: contact.askedOn,
        });
        contact.chasedOn = today();
        record(`the ${name} has not answered since ${contact.askedOn}: chased`, { type: 'timer', date: contact.chaseOn }, 'RULES 5: an outside party that does not answer is chased', {
          reference: contact.reference,
        });
        continue;
      }
      if (!contact.taskId && Date.now() >= at(contact.taskOn)) {
        const task = addTask(
          state,
          'authority-silent',
          `the ${name} (${contact.reference}) has not answered since ${contact.askedOn}, chased ${contact.chasedOn ?? '-'}: follow up by phone`,
          nowIso(),
        );
        contact.taskId = task.taskId;
        record(`the ${name} still has not answered: an operator task (${task.taskId})`, { type: 'timer', date: contact.taskOn }, 'RULES 5: after a setting\u2019s time, an operator task', {
          taskId: task.taskId,
        });
        publish();
        continue;
      }
      state.next = {
        step: state.step,
        waitingFor: `the ${name} to answer (${contact.reference}, asked ${contact.askedOn})`,
        ...(contact.taskId ? {} : { date: contact.chasedOn ? contact.taskOn : contact.chaseOn, basis: 'RULES 5: chased, then an operator task' }),
      };
      publish();
      const fact = () => Boolean(contact.answer) || mustReplan();
      const nextAt = !contact.chasedOn ? at(contact.chaseOn) : !contact.taskId ? at(contact.taskOn) : undefined;
      if (nextAt === undefined) await wf.condition(fact);
      else await factOrTimeout(fact, Math.max(1, nextAt - Date.now()), contact.chasedOn ? `svar fra ${contact.authority}: opgave til en medarbejder` : `svar fra ${contact.authority}: rykker`);
    }
  }

  /** The e-mail that supplements the flags of a request (SV 2.2.1 b). Ids, dates and codes only. */
  async function tellGridOfCircumstances(cutoff: IsoDate, agreed: Agreed | undefined, cause: Cause): Promise<void> {
    const flags: Record<string, string> = {
      municipality: '1 kommunen er inddraget',
      police: '2 politiet er inddraget',
      'bailiff-court': '3 fogedretten er inddraget',
      'agreed-with-customer': '4 afbrydelsen er aftalt med/ønsket af kunden',
      other: '5 anden årsag',
    };
    const text = [
      `Anmodning om leveranceophør for målepunkt ${input.meteringPointId} med ønsket skæringsdato ${cutoff} er sendt med særlige forhold:`,
      (input.circumstances ?? []).map((c) => flags[c]).join('; ') + '.',
      agreed ? `Aftalt tidspunkt: ${agreed.date}${agreed.time ? ` kl. ${agreed.time}` : ''} (${agreed.authority === 'bailiff-court' ? 'fogedretten' : agreed.authority === 'police' ? 'politiet' : 'kommunen'}, ref. ${agreed.reference}).` : '',
      `Sag ${input.caseId}.`,
    ]
      .filter(Boolean)
      .join(' ');
    const sent = await messageGridCompany({
      idempotencyKey: key('grid-circumstances'),
      caseId: input.caseId,
      gridCompanyGln: await gridCompany(),
      meteringPointId: input.meteringPointId,
      topic: 'special-circumstances',
      text,
    });
    record('the grid company told of the special circumstances by e-mail', cause, 'SV 2.2.1 b: flags supplemented by e-mail to the grid company', {
      messageId: sent.messageId,
    });
  }

  /**
   * After the grid's refusal (RULES 5): involve the authority the code asks for, then a new request in
   * the same end-of-supply process with its flag and date. After `maxFollowUpRequests` new requests,
   * an operator must approve another.
   */
  async function handleRefusal(): Promise<void> {
    const refusal = state.refusals?.at(-1);
    if (!refusal || state.request?.status !== 'not-disconnected') {
      state.step = 'gridWindow';
      return;
    }
    const next = refusalStep(refusal.code);
    setStage('special-circumstances');
    if ((state.followUps?.length ?? 0) >= exceptions.maxFollowUpRequests) {
      let task = state.tasks?.find((t) => t.kind === 'refusals-limit' && t.what.includes(refusal.messageId));
      if (!task) {
        task = addTask(
          state,
          'refusals-limit',
          `the grid refused again (${refusal.code}, message ${refusal.messageId}) after ${state.followUps?.length ?? 0} new requests: decide; mark the task done to send another`,
          nowIso(),
        );
        record(`refused ${refusal.code} after ${state.followUps?.length ?? 0} new requests: an operator decides (${task.taskId})`, { type: 'timer', date: today() }, next.basis);
      }
      state.next = { step: 'specialCircumstances', waitingFor: `an operator to decide on another request (${task.taskId})` };
      publish();
      const open = task;
      await wf.condition(() => Boolean(open.closed) || mustReplan());
      if (!open.closed) return;
    }
    let agreed: Agreed | undefined;
    if (next.authority) {
      const involved = await involveAuthorities([next.authority], refusal.code, refusal.messageId);
      if (!involved.ready) return;
      agreed = involved.agreed;
    }
    await sendFollowUp(next.serviceType, refusal.code, agreed, refusal.text, next.basis);
  }

  /** A new RSM-020 RequestService in the same end-of-supply process (RULES 5, 10), and the window from its date. */
  async function sendFollowUp(
    serviceType: FollowUpServiceType,
    after: RefusalCode,
    agreed: Agreed | undefined,
    gridText: string | undefined,
    basis: string,
  ): Promise<void> {
    const request = state.request!;
    const requestDay = today();
    const date = followUpRequestDate(
      { request: requestDay, customerClass: input.customerClass, ...(agreed ? { agreed: { date: agreed.date, by: agreed.by } } : {}) },
      rules,
    );
    const window = gridWindow(date.date, state.meterKind!, input.customerClass, rules);
    const when = agreed ? `${agreed.date}${agreed.time ? ` kl. ${agreed.time}` : ''}` : date.date;
    const description = [
      serviceType === 'D09'
        ? `Kommunen er inddraget (ref. ${agreed?.reference ?? state.authorityContacts?.at(-1)?.reference ?? '-'}).`
        : serviceType === 'D10'
          ? `Politiet er inddraget (ref. ${agreed?.reference ?? '-'}); aftalt tidspunkt ${when}.`
          : serviceType === 'D11'
            ? `Fogedretten (sag ${agreed?.reference ?? '-'}) har fastsat fogedforretningen til ${when}; elleverandøren møder op.`
            : `Ny anmodning efter afvisning ${after}${gridText ? ` (${gridText})` : ''}.`,
      agreed?.note ?? '',
      `Afbrydelse tidligst ${date.date}. Sag ${input.caseId}.`,
    ]
      .filter(Boolean)
      .join(' ')
      .slice(0, 1000);
    const n = state.followUps?.length ?? 0;
    const receipt = await whileRequestInFlight(() =>
      sendDataHubRequest({
        idempotencyKey: `${input.caseId}:datahub-follow-up:${state.cycle}:${n}`,
        caseId: input.caseId,
        request: {
          kind: 'RequestService',
          meteringPointId: input.meteringPointId,
          serviceType,
          date: date.date,
          ...(request.processId ? { processId: request.processId } : {}),
          description,
        },
      }),
    );
    state.followUps ??= [];
    state.followUps.push({
      serviceType,
      after,
      messageId: receipt.messageId,
      transactionId: receipt.transactionId,
      sentDate: requestDay,
      date: date.date,
      dateBasis: date.basis,
      windowDeadline: window.deadline,
      windowDeadlineBasis: window.basis,
      description,
      status: receipt.status === 'accepted' ? 'sent' : 'rejected',
    });
    // The grid now works to the new date: the window and the report deadline run from it.
    request.status = receipt.status === 'accepted' ? 'sent' : 'rejected';
    request.cutoff = date.date;
    request.cutoffBasis = date.basis;
    request.windowDeadline = window.deadline;
    request.windowDeadlineBasis = window.basis;
    delete state.gridSla;
    const cause: Cause = { type: 'timer', date: requestDay };
    if (receipt.status === 'rejected') {
      state.needsAttention = true;
      record(`DataHub rejected the new request ${serviceType} (${receipt.code}: ${receipt.message}); an operator must act`, cause, 'RULES 10', {
        messageId: receipt.messageId,
      });
    } else {
      record(`new request in the same process sent (RSM-020 ${serviceType}) after ${after}`, cause, `${basis}; ${date.basis}`, {
        messageId: receipt.messageId,
        date: date.date,
        windowDeadline: window.deadline,
        windowDeadlineBasis: window.basis,
      });
    }
    setStage('disconnection-requested');
    state.step = 'gridWindow';
    applyEarlyAnswers();
  }

  /**
   * The grid's window with its report deadline (RULES 4): no outcome by the window deadline + 1
   * working day makes the case overdue — the `AfbrydOverdue` flag, an operator task and a reminder to
   * the grid — without ending it. A DataHub outage an operator marked suspends the flag; when it is
   * cleared the grid gets the grace again from its end.
   */
  async function watchGridSla(): Promise<void> {
    const request = state.request!;
    if (!state.gridSla || state.gridSla.windowDeadline !== request.windowDeadline) {
      state.gridSla = { windowDeadline: request.windowDeadline, ...gridReportDeadline(request.windowDeadline, exceptions, rules), overdue: false };
      publish();
    }
    for (;;) {
      if (mustReplan()) return;
      const sla = state.gridSla;
      const wake = state.wake ?? 0;
      const changed = () => mustReplan() || (state.wake ?? 0) !== wake;
      if (!sla || sla.overdue || state.dataHubOutage) {
        await wf.condition(changed);
        continue;
      }
      const wait = copenhagenInstant(sla.overdueFrom, '00:00') - Date.now();
      if (wait > 0 && (await factOrTimeout(changed, wait, 'netselskabets frist for at melde udfaldet'))) continue;
      await markOverdue(sla);
    }
  }

  async function markOverdue(sla: NonNullable<CaseState['gridSla']>): Promise<void> {
    sla.overdue = true;
    sla.since = nowIso();
    const task = addTask(
      state,
      'grid-overdue',
      `the grid has not reported an outcome by ${sla.reportBy} (window deadline ${sla.windowDeadline}): check with the grid company and DataHub`,
      nowIso(),
    );
    const cause: Cause = { type: 'timer', date: sla.overdueFrom };
    record(`no outcome from the grid by ${sla.reportBy}: overdue; an operator task (${task.taskId}) and a reminder to the grid`, cause, sla.basis, {
      taskId: task.taskId,
    });
    publish();
    const sent = await messageGridCompany({
      idempotencyKey: `${input.caseId}:grid-overdue:${task.taskId}`,
      caseId: input.caseId,
      gridCompanyGln: await gridCompany(),
      meteringPointId: input.meteringPointId,
      topic: 'report-overdue',
      text: `Påmindelse: anmodning om afbrydelse af målepunkt ${input.meteringPointId} med skæringsdato ${state.request?.cutoff}; fristen udløb ${sla.windowDeadline}, og der er ikke meldt afbrydelse eller afvisning senest ${sla.reportBy} (SV 2.2.1 c, h). Sag ${input.caseId}.`,
    });
    record('the grid company reminded', cause, 'RULES 4: escalation', { messageId: sent.messageId });
  }

  /**
   * After our reopening request (SV 3.2.1 g): the grid reports the reopening by 1 working day after;
   * no report by then + the grace → an operator task and a reminder to the grid. Waits for the close.
   */
  async function awaitGridReopening(expectedDate: IsoDate): Promise<void> {
    const reportBy = addWorkingDays(expectedDate, 1 + exceptions.gridReportGraceWorkingDays, rules);
    const overdueFrom = addDays(reportBy, 1);
    const closing = () => Boolean(state.closing);
    const wait = copenhagenInstant(overdueFrom, '00:00') - Date.now();
    if (wait > 0 && (await factOrTimeout(closing, wait, 'netselskabets melding om genåbning'))) return;
    if (!state.closing) {
      const task = addTask(state, 'grid-not-reopened', `the grid has not reported the reopening expected ${expectedDate} by ${reportBy}: call the grid company`, nowIso());
      record(`no reopening reported by ${reportBy}: an operator task (${task.taskId}) and a reminder to the grid`, { type: 'timer', date: overdueFrom }, 'SV 3.2.1 g; RULES 4', {
        taskId: task.taskId,
      });
      publish();
      await messageGridCompany({
        idempotencyKey: key('grid-reopening-overdue'),
        caseId: input.caseId,
        gridCompanyGln: await gridCompany(),
        meteringPointId: input.meteringPointId,
        topic: 'reopening-not-reported',
        text: `Påmindelse: genåbning af målepunkt ${input.meteringPointId} er anmodet med forventet dato ${expectedDate}; ingen melding om genåbning senest ${reportBy} (SV 3.2.1 g). Sag ${input.caseId}.`,
      });
    }
    await wf.condition(closing);
  }

  /** Records a cancellation's timing (RULES 2.6; SV 2.2.1 e, 2.4). */
  function noteCancellationTiming(request: NonNullable<CaseState['request']>, cause: Cause): void {
    const local = copenhagenLocalTime(Date.now());
    const ground = state.cancelGround;
    delete state.cancelGround;
    const timing = cancellationTiming(
      { date: local.date, time: local.time, cutoff: request.cutoff, windowDeadline: request.windowDeadline, customerClass: input.customerClass },
      exceptions,
      rules,
    );
    if (!timing.lateFeePossible && !timing.reportBy) return;
    const groundAt = ground ? copenhagenLocalTime(ground.at) : local;
    const pass = lateFeeIsCustomers(
      { groundDate: groundAt.date, groundTime: groundAt.time, cancelDate: local.date, operatorHold: ground?.operatorHold ?? false },
      exceptions,
    );
    state.lateCancellation = {
      cancelledAt: nowIso(),
      date: local.date,
      time: local.time.slice(0, 5),
      lateFeePossible: timing.lateFeePossible,
      ...(timing.reportBy ? { reportBy: timing.reportBy } : {}),
      ...(timing.lateFeePossible ? { chargeWaitUntil: addDays(local.date, exceptions.lateFeeChargeWaitDays) } : {}),
      status: timing.lateFeePossible ? 'possible' : 'none',
      passOn: pass.passOn,
      passOnBasis: pass.basis,
      basis: timing.basis,
    };
    record(
      timing.lateFeePossible
        ? `a late-cancellation fee is possible; booked only if the grid charges it${pass.passOn ? '' : ' (the supplier would bear it)'}`
        : 'the grid may have disconnected before the cancellation reached it: waiting for its report',
      cause,
      timing.basis,
      { ...(timing.reportBy ? { reportBy: timing.reportBy } : {}), passOn: pass.passOn },
    );
  }

  /**
   * Passes one fee to billing, exactly once (the idempotency key; billing dedupes a retry).
   * @param quiet the caller records the fee in its own timeline line
   * @returns the fee as charged, or undefined (nothing to charge, already charged, or refused)
   */
  async function charge(fee: Fee, keyStep: string, trigger?: string, quiet = false): Promise<ChargedFee | undefined> {
    if (fee.amountOre <= 0) return undefined;
    const idempotencyKey = `${input.caseId}:${keyStep}`;
    if (state.fees?.some((f) => f.idempotencyKey === idempotencyKey)) return undefined;
    const date = today();
    try {
      const booked = await chargeFee({
        idempotencyKey,
        caseId: input.caseId,
        customerId: input.customerId,
        meteringPointId: input.meteringPointId,
        kind: fee.kind,
        amountOre: fee.amountOre,
        basis: fee.basis,
        date,
      });
      const charged: ChargedFee = { kind: fee.kind, amountOre: fee.amountOre, basis: fee.basis, date, chargeId: booked.chargeId, idempotencyKey, ...(trigger ? { trigger } : {}) };
      state.fees ??= [];
      state.fees.push(charged);
      if (!quiet) {
        record(`fee passed to billing: ${fee.kind} ${(fee.amountOre / 100).toFixed(2)} kr`, { type: 'timer', date }, fee.basis, {
          chargeId: booked.chargeId,
          amountOre: fee.amountOre,
          ...(trigger ? { trigger } : {}),
        });
      }
      return charged;
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      const failure = (err.cause as { message?: string } | undefined)?.message ?? err.message;
      const task = addTask(state, 'fee-failed', `billing refused the fee ${fee.kind} (${idempotencyKey}): ${failure}`, nowIso());
      record(`billing refused the fee ${fee.kind}: an operator task (${task.taskId})`, { type: 'timer', date }, fee.basis);
      publish();
      return undefined;
    }
  }

  /** Disconnected (RULES 8): the grid's fee per its tariff, and the supplier's fee on the grid's visit. */
  async function chargeDisconnectionFees(): Promise<void> {
    const method = feeMethodOf(state.meterKind!, fees);
    if (passesOnGridFees(input.productId, fees)) {
      await charge(gridFee('disconnection', method, await gridCompany(), fees), `fee:grid-disconnection:${state.cycle}`);
    }
    if (method === 'physical') await charge(supplierFee('disconnection-visit', input.productId, fees), `fee:supplier-disconnection-visit:${state.cycle}`);
  }

  /** Reopened (RULES 8, SV 3.1): the grid's fee per its tariff and the supplier's; none after a wrongful disconnection (SV 3.3.1). */
  async function chargeReopeningFees(): Promise<void> {
    if (state.complaintUpheld) {
      record('no reopening fees: the disconnection was wrongful (SV 3.3.1)', { type: 'timer', date: today() }, 'SV 3.3.1');
      return;
    }
    const method = feeMethodOf(state.meterKind!, fees);
    if (passesOnGridFees(input.productId, fees)) {
      await charge(gridFee('reopening', method, await gridCompany(), fees), `fee:grid-reopening:${state.cycle}`);
    }
    await charge(supplierFee('reopening', input.productId, fees), `fee:supplier-reopening:${state.cycle}`);
  }

  /**
   * Books the grid's charges that arrived via DataHub (SV 2.4): a late cancellation only if one was
   * possible, a futile visit only after a refusal; never more than the grid charged or its tariff.
   * Disconnection and reopening fees were passed on from the tariff when reported: their charges are
   * reconciled.
   */
  async function bookGridCharges(): Promise<void> {
    while (state.pendingCharges && state.pendingCharges.length > 0) {
      const c = state.pendingCharges[0]!;
      const cause: Cause = { type: 'timer', date: today() };
      const gln = await gridCompany();
      const unmatched = (why: string) => {
        const task = addTask(state, 'grid-charge-unmatched', `the grid's charge ${c.chargeId} (${c.chargeKind}, ${(c.amountOre / 100).toFixed(2)} kr): ${why}`, nowIso());
        record(`the grid's charge ${c.chargeId} does not match the case: ${why}; an operator task (${task.taskId})`, cause, 'SV 2.4');
      };
      const passOn = passesOnGridFees(input.productId, fees);
      switch (c.chargeKind) {
        case 'late-cancellation': {
          const lc = state.lateCancellation;
          if (!lc || lc.status !== 'possible') {
            unmatched('no possible late cancellation is recorded');
            break;
          }
          lc.status = 'charged';
          if (!lc.passOn || !passOn) {
            record(`the grid charged the late-cancellation fee (${c.chargeId}); not passed on: ${lc.passOn ? 'the product does not pass grid fees on' : lc.passOnBasis}`, cause, 'SV 2.4');
            break;
          }
          const fee = gridFee('late-cancellation', 'physical', gln, fees);
          await charge(
            { ...fee, amountOre: Math.min(fee.amountOre, c.amountOre), basis: `${fee.basis}; charged by the grid ${c.date} (${c.chargeId}); ${lc.passOnBasis}` },
            `fee:grid-late-cancellation:${c.chargeId}`,
            c.messageId,
          );
          break;
        }
        case 'futile-visit': {
          if (!state.refusals?.length) {
            unmatched('the grid reported no refusal');
            break;
          }
          const fee = gridFee('futile-visit', 'physical', gln, fees);
          if (passOn) {
            await charge(
              { ...fee, amountOre: Math.min(fee.amountOre, c.amountOre), basis: `${fee.basis}; charged by the grid ${c.date} (${c.chargeId})` },
              `fee:grid-futile-visit:${c.chargeId}`,
              c.messageId,
            );
          }
          await charge(supplierFee('disconnection-visit', input.productId, fees), `fee:supplier-disconnection-visit:${c.chargeId}`, c.messageId);
          break;
        }
        default: {
          const kind = c.chargeKind === 'disconnection' ? 'grid-disconnection' : 'grid-reopening';
          const passed = (state.fees ?? []).filter((f) => f.kind === kind).reduce((sum, f) => sum + f.amountOre, 0);
          if (passed > c.amountOre) unmatched(`the customer was charged ${(passed / 100).toFixed(2)} kr per the tariff, more than the grid's charge`);
          else record(`the grid's ${c.chargeKind} charge ${c.chargeId} reconciled with the ${(passed / 100).toFixed(2)} kr passed on`, cause, 'SV 2.4');
        }
      }
      state.pendingCharges.shift();
      publish();
    }
  }

  /** Security provided (BEK §29): the deposit starts as a workflow of its own that outlives the case. */
  async function startDeposit(): Promise<void> {
    const security = state.securityProvided!;
    const depositId = input.caseId;
    const workflowId = depositWorkflowId(depositId);
    const receivedDate = today();
    const args: DepositInput = {
      depositId,
      caseId: input.caseId,
      customerId: input.customerId,
      meteringPointId: input.meteringPointId,
      amountOre: security.amountOre,
      receivedDate,
      stepTimeLocal: settings.case.stepTimeLocal,
    };
    const cause: Cause = { type: 'timer', date: receivedDate };
    try {
      // ABANDON: the deposit is held a year (or until the agreement ends), long after the case closed.
      await wf.startChild<typeof depositWorkflow>(DEPOSIT_WORKFLOW_TYPE, {
        workflowId,
        args: [args],
        parentClosePolicy: 'ABANDON',
        staticSummary: 'Deposit (depositum, BEK §29)',
      });
      record(`deposit of ${(security.amountOre / 100).toFixed(2)} kr started (${workflowId})`, cause, 'BEK §29: held apart, repaid with interest after a year of timely payment or when the agreement ends', {
        workflowId,
        messageId: security.messageId,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      record(`the deposit ${workflowId} is already running`, cause, 'BEK §29');
    }
    state.deposit = { depositId, workflowId, amountOre: security.amountOre, receivedDate };
    publish();
  }

  /** Closing or on hold with a court case open and no disconnection: withdraw it (SV 2.3.6 e). */
  async function withdrawCourtCases(): Promise<void> {
    if (state.disconnected) return;
    for (const contact of state.authorityContacts ?? []) {
      if (contact.authority !== 'bailiff-court' || contact.withdrawn) continue;
      await withdrawEnforcement({
        idempotencyKey: `${input.caseId}:court-withdraw:${contact.reference}`,
        caseId: input.caseId,
        courtCaseId: contact.reference,
        reason: state.closing ? `the case closed: ${state.closing.reason}` : 'the case is on hold',
      });
      contact.withdrawn = true;
      record(
        `the bailiff court case ${contact.reference} withdrawn (${state.closing ? `closing: ${state.closing.reason}` : 'on hold'})`,
        state.closing?.cause ?? state.cancelCause ?? { type: 'timer', date: today() },
        'SV 2.3.6 e',
      );
    }
  }

  /**
   * The grid's last word before the case closes (RULES 2.6): after a cancellation that may have crossed
   * a disconnection, the grid's report until the end of the next working day; the grid's own
   * reopening (chased, then an operator task); a possible late fee's charge until it lapses. Nothing
   * of afbryd's own is sent to reopen.
   */
  async function settle(): Promise<void> {
    let reportWaitOver = false;
    let reopeningEscalated = false;
    for (;;) {
      if (features.fees) await bookGridCharges();
      const lc = state.lateCancellation;
      const self = state.selfReopening;
      const awaitingReport = features.cancellationTiming && lc?.reportBy !== undefined && !self && !reportWaitOver;
      const awaitingCharge = features.fees && lc?.status === 'possible';
      const awaitingReopening = self !== undefined && self.reopenedDate === undefined;
      if (!awaitingReport && !awaitingCharge && !awaitingReopening) return;
      setStage(awaitingReopening ? 'disconnected' : 'closing');
      const milestones: { at: number; summary: string; run: () => Promise<void> }[] = [];
      const waitingFor: string[] = [];
      if (awaitingReport) {
        waitingFor.push(`the grid's report of a disconnection before the cancellation (until ${lc!.reportBy})`);
        milestones.push({
          at: copenhagenInstant(addDays(lc!.reportBy!, 1), '00:00'),
          summary: 'netselskabets melding om en afbrydelse før annulleringen',
          run: async () => {
            reportWaitOver = true;
            record(`no disconnection reported by ${lc!.reportBy}: the cancellation reached the grid in time`, { type: 'timer', date: lc!.reportBy! }, 'SV 2.2.1 e, h');
          },
        });
      }
      if (awaitingCharge) {
        waitingFor.push(`the grid's charge for the late cancellation (until ${lc!.chargeWaitUntil})`);
        milestones.push({
          at: copenhagenInstant(lc!.chargeWaitUntil!, settings.case.stepTimeLocal),
          summary: 'netselskabets gebyr for sen annullering',
          run: async () => {
            lc!.status = 'lapsed';
            record(`no late-cancellation charge from the grid by ${lc!.chargeWaitUntil}: no fee`, { type: 'timer', date: lc!.chargeWaitUntil! }, 'SV 2.4; RULES 2.6');
          },
        });
      }
      if (awaitingReopening) {
        const from = lc && lc.date > self!.disconnectedDate ? lc.date : self!.disconnectedDate;
        const reportBy = addWorkingDays(from, 1 + exceptions.gridReportGraceWorkingDays, rules);
        waitingFor.push(`the grid to reopen by itself and report it (SV 2.2.1 e; by ${reportBy})`);
        if (!reopeningEscalated) {
          milestones.push({
            at: copenhagenInstant(addDays(reportBy, 1), '00:00'),
            summary: 'netselskabets melding om genåbning',
            run: async () => {
              reopeningEscalated = true;
              const task = addTask(state, 'grid-not-reopened', `the grid disconnected ${self!.disconnectedDate} before the cancellation and has not reported its reopening by ${reportBy}: call the grid company`, nowIso());
              record(`the grid has not reported its own reopening by ${reportBy}: an operator task (${task.taskId}) and a reminder`, { type: 'timer', date: addDays(reportBy, 1) }, 'SV 2.2.1 e, 3.2.1 g', { taskId: task.taskId });
              publish();
              await messageGridCompany({
                idempotencyKey: key('grid-self-reopening-overdue'),
                caseId: input.caseId,
                gridCompanyGln: await gridCompany(),
                meteringPointId: input.meteringPointId,
                topic: 'reopening-not-reported',
                text: `Påmindelse: målepunkt ${input.meteringPointId} blev afbrudt ${self!.disconnectedDate}, før annulleringen af ${lc?.date ?? '-'} nåede frem; genåbningen er ikke meldt senest ${reportBy} (SV 2.2.1 e, 3.2.1 g). Sag ${input.caseId}.`,
              });
            },
          });
        }
      }
      state.next = { step: 'settle', waitingFor: waitingFor.join('; ') };
      publish();
      milestones.sort((a, b) => a.at - b.at);
      const wake = state.wake ?? 0;
      const changed = () => (state.wake ?? 0) !== wake || chargesWaiting();
      const first = milestones[0];
      if (!first) {
        await wf.condition(changed);
        continue;
      }
      const wait = first.at - Date.now();
      if (wait > 0 && (await factOrTimeout(changed, wait, first.summary))) continue;
      await first.run();
    }
  }

  /**
   * Takes over a case half-way (issue 7): the previous system's letters become the case's own, the
   * deadlines they started are worked out as if afbryd had sent them, and the case goes on from the
   * history's next step (a step whose day has passed runs at once).
   */
  async function takeOver(history: ImportedHistory): Promise<void> {
    const cause: Cause = { type: 'start' };
    const stageAfter: Record<ImportedLetter['kind'], Stage> = {
      reminder1: 'reminder-1',
      reminder2: 'reminder-2',
      securityDemand: 'security-demand',
      terminationNotice: 'termination-notice',
    };
    for (const imported of history.letters) {
      const letterId = `imported:${input.caseId}:${imported.kind}`;
      state.letters.push({
        kind: imported.kind,
        cycle: state.cycle,
        letterId,
        channel: imported.channel,
        sentDate: imported.sentDate,
        receivedDate: imported.receivedDate,
        contentHash: 'imported',
      });
      const facts: NonNullable<TimelineEntry['facts']> = {
        imported: true,
        source: history.source,
        letterId,
        channel: imported.channel,
        sent: imported.sentDate,
        received: imported.receivedDate,
        ...(imported.reference ? { reference: imported.reference } : {}),
      };
      if (imported.kind === 'securityDemand') {
        const deadline = securityDeadline(imported.receivedDate, { withoutArrears: false }, rules);
        const securityAmountOre =
          history.securityAmountOre ??
          (await expectedMonthlyPayment({ customerId: input.customerId, meteringPointId: input.meteringPointId })).amountOre *
            settings.case.securityMonths;
        state.securityDeadline = { ...deadline, securityAmountOre };
        Object.assign(facts, { securityAmountOre, deadline: deadline.date, deadlineBasis: deadline.basis });
      }
      if (imported.kind === 'terminationNotice') {
        const effective = terminationEffective(imported.receivedDate, rules);
        state.terminationEffective = effective;
        Object.assign(facts, { effective: effective.date, effectiveBasis: effective.basis });
      }
      record(`${imported.kind} sent by the previous system (imported)`, cause, undefined, facts);
      state.stage = stageAfter[imported.kind];
      state.channelHint = imported.channel;
    }
    state.step = history.nextStep;
    record(`taken over from the previous system (${history.source}); next step: ${history.nextStep}`, cause);
    publish();
  }

  // ----- the main flow

  state.step = input.withoutArrears ? 'securityDemand' : 'reminder1';
  if (input.withoutArrears) state.redo = true;
  // A case carried over from the previous system (go-live import; checked by rules/history.ts before
  // it was started) goes on from its next step, its dates counted from the imported letters.
  if (input.imported) await takeOver(input.imported);
  for (;;) {
    if (state.cancelRequest) await cancelRequest();
    if (features.fees && chargesWaiting()) await bookGridCharges();
    if (features.deposit && state.securityProvided && !state.deposit) await startDeposit();
    if (state.closing) break;
    if (state.holds.length > 0) {
      // A hold takes the grounds away for now: a court case in progress is withdrawn too (SV 2.3.6 e).
      if (features.specialCircumstances) await withdrawCourtCases();
      state.next = { step: state.step, waitingFor: 'the holds to be released' };
      publish();
      await wf.condition(() => state.holds.length === 0 || Boolean(state.closing) || state.cancelRequest || chargesWaiting());
      if (state.holds.length === 0 && !state.closing) {
        // Lifted: the step whose period was running is redone now, in a new cycle (new letters,
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
        case 'specialCircumstances':
          return handleRefusal();
        case 'awaitReopeningGrounds':
          return awaitReopeningGrounds();
        case 'reopening':
          return reopen();
        case 'settle':
          return Promise.resolve();
      }
    });
  }

  // ----- the grid's last word (issue 6), then closed
  if (features.specialCircumstances) await withdrawCourtCases();
  if (features.cancellationTiming || features.fees) await settle();

  // ----- closed
  state.closed = { reason: state.closing!.reason, at: nowIso() };
  record(`case closed: ${state.closing!.reason}`, state.closing!.cause);
  state.stage = 'closed';
  delete state.next;
  publish();
  if (release04 || wf.patched(PATCH_EVIDENCE_ARCHIVE)) {
    await archiveClosedCase({ caseId: input.caseId, view: view(state), reason: state.closed.reason, closedAt: state.closed.at });
  }
  await wf.condition(wf.allHandlersFinished);
  if (release04) {
    // The final view is in the evidence archive and behind the caseView query: not a third time in history.
    return { caseId: input.caseId, stage: 'closed', closed: { ...state.closed }, archived: true } satisfies CaseClosedResult;
  }
  return view(state);
}

/** DataHub's word on a pending disconnection request (RULES 4). */
function answersTheRequest(event: CaseEvent): boolean {
  return event.type === 'requestConfirmed' || event.type === 'requestRejected' || event.type === 'disconnected' || event.type === 'notDisconnected';
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
    features: _fe,
    wake: _w,
    pendingCharges: _pc,
    gridCompanyGln: _g,
    cancelGround: _cg,
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

/**
 * The unpaid-invoice case, version 2 (RULES 2, 3, 6, 7): setup, doors, a loop over the declared step
 * table (steps/table.ts: the household and the business order), close. Each legal step is a file of
 * its own in steps/; what a message does is recorded as a fact by the reducer (state.ts), and what the
 * case must do about it is decided when it acts (decide.ts), here in the loop.
 *
 * Household: rykker 1 → rykker 2 → sikkerhedsstillelse → varsel om ophævelse → ophævelse +
 * afbrydelsesvarsel + DataHub request → the grid's window → disconnected → genåbning.
 * Business: rykker 1 → rykker 2 → disconnection notice + DataHub request → window → reopening.
 *
 * A history horizon: the case continues as new (same type, its state carried) when it waits for the
 * reopening grounds and whenever Temporal suggests it; version 1 cases drain into this type the same
 * way (workflows/case/workflow.ts, patch `afbryd-14-drain-to-v2`).
 */
import * as wf from '@temporalio/workflow';
import { ATTENTION, clearAttention, needsAttention, raiseAttention } from '../../shared/attention.js';
import { setEventDoors } from '../../shared/doors.js';
import { nowIso } from '../../shared/kernel.js';
import { awaitMasterData } from '../../shared/master-data.js';
import { daysOf, searchAttributePublisher } from '../../shared/publish.js';
import { CASE_KIND, CUSTOMER_CLASS, CUSTOMER_ID, METERING_POINT_ID, METER_KIND } from '../../search-attributes.js';
import { expandSettings, type CaseSettings } from '../../../rules/index.js';
import {
  caseEventSignal,
  caseViewQuery,
  eventOutcomeQuery,
  submitCaseEventUpdate,
  type CaseClosedResult,
  type CaseInput,
  type CaseView,
} from '../definitions.js';
import type { CaseState as CaseStateV1 } from '../state.js';
import { activities } from './activities.js';
import { createContext, type CaseContext } from './context.js';
import { chargesWaiting, crossedReminderFees, mustCancelRequest, mustSendCircumstances, mustStartDeposit, stageAfterEvent } from './decide.js';
import { featuresOf } from '../../releases.js';
import { applyEvent, requestPending, stageOf, type CaseState } from './state.js';
import { BUSINESS, HOUSEHOLD, STEPS, bookGridCharges, cancelRequest, creditCrossedReminderFees, sendKnownCircumstances, nextStep, settle, startDeposit, stepToRedo, takeOver, withdrawCourtCases, type StepOutcome } from './steps/index.js';
import type { Step } from './steps/step.js';

export const CASE_WORKFLOW_V2_TYPE = 'caseWorkflowV2';

/** A case carried into a new run: by continue-as-new of version 2, or drained from version 1. */
export type Carried =
  | { from: 'caseWorkflowV2'; reason: 'reopening-grounds' | 'history'; state: CaseState }
  | { from: 'caseWorkflow'; reason: 'drain'; state: CaseStateV1 };

/** Version 2's input: a new case, or one carried on. */
export interface CaseInputV2 extends CaseInput {
  carried?: Carried;
}

/** Runs one case. */
export async function caseWorkflowV2(input: CaseInputV2): Promise<CaseClosedResult> {
  const carried = input.carried;
  const state: CaseState = carried ? carriedState(carried) : initialState(input);
  const features = featuresOf('caseWorkflowV2');
  const publish = searchAttributePublisher(() => ({
    stage: stageOf(state),
    needsAttention: needsAttention(state),
    ...(requestPending(state) && state.request ? { cutoff: state.request.cutoff } : {}),
    // Overdue (RULES 4): no outcome by the grid's report deadline, unless an operator marked a DataHub outage.
    overdue: Boolean(state.gridSla?.overdue) && !state.dataHubOutage && requestPending(state),
    details: currentDetails(state),
    ...daysOf(state, features.dayAttributes),
  }), { fromStart: true, coalesce: features.oneUpsertPerTask });
  if (!carried) state.timeline.push({ at: nowIso(), what: 'case opened', cause: { type: 'start' }, facts: { amountDueOre: state.amountDueOre, ...(input.withoutArrears ? { withoutArrears: true } : {}) } });
  setEventDoors(
    { signal: caseEventSignal, update: submitCaseEventUpdate, viewQuery: caseViewQuery, outcomeQuery: eventOutcomeQuery },
    {
      receive: (event, door) => {
        const outcome = applyEvent(state, event, nowIso(), door, features);
        publish();
        // An update's caller hears the case number too (startCase's join needs no second call).
        // … and the stage after its event (decide.ts: a closing event answers closing / closed).
        return door === 'update' ? { ...outcome, caseId: state.caseId, ...(outcome.outcome === 'applied' ? { stage: stageAfterEvent(state) } : {}) } : outcome;
      },
      refuseMalformed: (problem) => {
        state.timeline.push({ at: nowIso(), what: `message rejected: ${problem}`, cause: { type: 'start' } });
        raiseAttention(state, 'message-rejected', problem, nowIso());
      },
      view: () => view(state),
      outcomeOf: (messageId) => state.outcomes[messageId] ?? null,
      state,
      now: nowIso,
      publish,
    },
  );

  // ----- settings and facts, recorded in history (a carried case has them already)
  // From release 0.6.9 (compactSettingsSnapshot) recorded as a frozen base and its changes (rules/settings-base.ts).
  const settings =
    state.settings ??
    input.settings ??
    (features.compactSettingsSnapshot ? expandSettings(await activities.snapshotCaseSettings({ compact: true })) : ((await activities.snapshotCaseSettings()) as CaseSettings));
  state.settings = settings;
  if (!state.meterKind) {
    const masterData = features.masterDataWait
      ? await awaitMasterData({
          meteringPointId: input.meteringPointId,
          lookup: activities.lookupMeteringPoint,
          state,
          step: state.step,
          closing: () => Boolean(state.closing),
          publish,
          // The metering point is published now, so the poller and the doors find the waiting case by it.
          whileWaiting: [{ key: METERING_POINT_ID, value: input.meteringPointId }],
        })
      : await activities.lookupMeteringPoint({ meteringPointId: input.meteringPointId });
    if (masterData) {
      state.meterKind = masterData.meterKind;
      state.gridCompanyGln = masterData.gridCompanyGln;
      if (features.hourlyMethodFromMasterData && masterData.disconnectionMethod) state.hourlyDisconnectionMethod = masterData.disconnectionMethod;
    }
  }
  const household = input.customerClass === 'household';
  const ctx = createContext({ input, state, settings, features, table: household ? HOUSEHOLD : BUSINESS, publish });
  if (!carried) ctx.record(`settings ${settings.versionId} snapshotted; meter kind ${state.meterKind}`, { type: 'start' }, undefined, { settingsVersion: settings.versionId });
  // The workflow is the only owner of its search attributes: one upsert of what the start did not set.
  const atStart = wf.workflowInfo().typedSearchAttributes;
  publish(
    [
      { key: CASE_KIND, value: 'unpaid-invoice' },
      { key: CUSTOMER_CLASS, value: input.customerClass },
      { key: METER_KIND, value: state.meterKind },
      { key: METERING_POINT_ID, value: input.meteringPointId },
      ...(features.dayAttributes ? [{ key: CUSTOMER_ID, value: input.customerId }] : []),
    ].filter((pair) => pair.value !== undefined && atStart.get(pair.key as never) !== pair.value) as Parameters<typeof publish>[0],
  );
  if (carried) ctx.record(carried.from === 'caseWorkflow' ? 'carried over from version 1 of the case workflow (caseWorkflow); it goes on here' : `continued as new (${carried.reason}): the history starts afresh`, { type: 'start' });

  // ----- the main loop over the step table
  if (!carried) {
    state.step = input.withoutArrears ? 'securityDemand' : 'reminder1';
    ctx.runNow = Boolean(input.withoutArrears);
    // A case carried over from the previous system (go-live import) goes on from its next step.
    if (input.imported) await takeOver(ctx, input.imported);
  }
  for (;;) {
    // Decided now, from what is true now (decide.ts).
    if (mustCancelRequest(state)) await cancelRequest(ctx);
    if (mustSendCircumstances(state)) await sendKnownCircumstances(ctx);
    if (chargesWaiting(state)) await bookGridCharges(ctx);
    // Release 0.6.10: a reminder fee a registered payment crossed is credited (RULES 11), before the case closes on it.
    if (creditsWaiting(ctx)) await creditCrossedReminderFees(ctx);
    if (mustStartDeposit(state)) await startDeposit(ctx);
    if (state.closing) break;
    if (state.holds.length > 0) {
      await pause(ctx);
      continue;
    }
    // The history horizon: whenever Temporal suggests it, and after a long wait for the reopening grounds.
    if (wf.workflowInfo().continueAsNewSuggested) return continueAsNew(input, state, 'history');
    ctx.seen = state.interruptions;
    const outcome = await runStep(ctx, STEPS[state.step as keyof typeof STEPS]);
    if (outcome === 'horizon') return continueAsNew(input, state, 'reopening-grounds');
    if (outcome !== 'interrupted') state.step = nextStep(ctx.table, state.step, outcome);
  }

  // ----- the grid's last word, then closed
  await withdrawCourtCases(ctx);
  await settle(ctx);
  state.closed = { reason: state.closing.reason, at: nowIso() };
  ctx.record(`case closed: ${state.closing.reason}`, state.closing.cause);
  state.stage = 'closed';
  delete state.next;
  publish();
  // The archive reads the final view with the caseView query: the view is not written into history.
  await activities.archiveClosedCase({ caseId: input.caseId, reason: state.closed.reason, closedAt: state.closed.at });
  await wf.condition(wf.allHandlersFinished);
  publish.flush();
  return { caseId: input.caseId, stage: 'closed', closed: { ...state.closed }, archived: true };
}

/** Paused by holds: a court case in progress is withdrawn; when the last hold is lifted, the step whose period was running is redone. */
async function pause(ctx: CaseContext): Promise<void> {
  const { state } = ctx;
  await withdrawCourtCases(ctx);
  state.next = { step: state.step, waitingFor: 'the holds to be lifted' };
  ctx.publish();
  await wf.condition(() => state.holds.length === 0 || Boolean(state.closing) || mustCancelRequest(state) || chargesWaiting(state) || creditsWaiting(ctx));
  if (state.holds.length > 0 || state.closing) return;
  // Lifted: the step whose period was running is redone now, in a new cycle (new letters, new
  // idempotency keys). Before any letter there is nothing to redo: the plan stands.
  if (state.liftedBy) ctx.resumeCause = state.liftedBy;
  delete state.liftedBy;
  state.cycle += 1;
  if (state.letters.length > 0) {
    state.step = stepToRedo(ctx.table, state.step);
    ctx.runNow = true;
  }
}

/** A reminder fee a registered payment crossed waits to be credited (release 0.6.10, `creditCrossedReminderFee`). */
function creditsWaiting(ctx: CaseContext): boolean {
  return ctx.features.creditCrossedReminderFee && crossedReminderFees(ctx.state).length > 0;
}

/**
 * The failure type of a DataHub configuration fault (activities/datahub.ts `DATAHUB_CONFIGURATION_FAULT`;
 * a workflow imports no activity code, and test/workflows/case/configuration-fault.test.ts holds the
 * two equal).
 */
export const DATAHUB_CONFIGURATION_FAULT = 'DataHubConfigurationFault';

/**
 * Runs a step; a failure no retry will fix (an unknown customer, a letter the template refuses)
 * stops the case for an operator instead of failing it: recorded, with the attention reason
 * `step-failed`, and run again when an operator sends `retryStep` (after fixing the data).
 */
async function runStep(ctx: CaseContext, step: Step): Promise<StepOutcome> {
  const { state } = ctx;
  try {
    return await step.run(ctx);
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure)) throw err;
    const cause = err.cause as { type?: string; message?: string } | undefined;
    const failure = `${cause?.type ?? 'ActivityFailure'}: ${cause?.message ?? err.message}`;
    state.stuck = { step: state.step, failure };
    // A DataHub configuration fault (activities/datahub.ts) stops every case that sends: its own reason,
    // so that operators fix it once and retry all of them by it (`afbryd cases retry --reason …`).
    const configurationFault = cause?.type === DATAHUB_CONFIGURATION_FAULT;
    raiseAttention(state, configurationFault ? 'datahub-configuration-fault' : 'step-failed', `${state.step}: ${failure}`, nowIso(), state.step);
    if (configurationFault) wf.log.error('DataHub configuration fault: the step stops until an operator retries it', { alert: 'datahub-configuration-fault', caseId: ctx.input.caseId, step: state.step });
    ctx.record(`${state.step} stopped: ${failure}; an operator must fix it and retry`, { type: 'start' });
    state.next = { step: state.step, waitingFor: 'an operator to fix the failure and retry the step' };
    ctx.publish();
    await wf.condition(() => Boolean(state.retryRequested) || Boolean(state.closing) || state.holds.length > 0);
    clearAttention(state, 'step-failed', state.stuck.step);
    clearAttention(state, 'datahub-configuration-fault', state.stuck.step);
    delete state.stuck;
    state.retryRequested = false;
    ctx.runNow = true;
    ctx.publish();
    return 'interrupted';
  }
}

/** Continues as new (same type) with the state; the search attributes go with it. */
async function continueAsNew(input: CaseInputV2, state: CaseState, reason: 'reopening-grounds' | 'history'): Promise<never> {
  await wf.condition(wf.allHandlersFinished);
  const { carried: _carried, imported: _imported, ...rest } = input;
  return wf.continueAsNew<typeof caseWorkflowV2>(
    { ...rest, carried: { from: 'caseWorkflowV2', reason, state } },
  );
}

function initialState(input: CaseInput): CaseState {
  return {
    caseId: input.caseId,
    customerId: input.customerId,
    meteringPointId: input.meteringPointId,
    customerClass: input.customerClass,
    ...(input.meterKind ? { meterKind: input.meterKind } : {}),
    stage: 'opened',
    invoices: input.invoices.map((i) => ({ ...i })),
    amountDueOre: input.invoices.reduce((sum, i) => sum + i.amountOre, 0),
    letters: [],
    holds: [],
    timeline: [],
    step: 'reminder1',
    cycle: 0,
    interruptions: 0,
    channelHint: input.preferredChannel ?? 'digital',
    filed: [],
    outcomes: {},
  };
}

/**
 * The state a carried case goes on with. From version 1: its facts as they are; the flags version 1
 * acted on later are dropped (at its drain points none is pending: the loop acted on them before
 * waiting); its bare attention flag becomes a reason, and each open task one.
 */
function carriedState(carried: Carried): CaseState {
  if (carried.from === 'caseWorkflowV2') return carried.state;
  const {
    redo: _redo,
    interrupted: _interrupted,
    cancelRequest: _cancelRequest,
    cancelCause: _cancelCause,
    cancelGround: _cancelGround,
    resumeCause,
    features: _features,
    needsAttention: flagged,
    closing,
    ...facts
  } = carried.state;
  const now = nowIso();
  const state: CaseState = {
    ...facts,
    interruptions: 0,
    ...(resumeCause ? { liftedBy: resumeCause } : {}),
    ...(closing ? { closing: { ...closing, at: now } } : {}),
  };
  for (const task of state.tasks ?? []) if (!task.closed) raiseAttention(state, 'operator-task', `${task.taskId} (${task.kind}): ${task.what}`, now, task.taskId);
  if (flagged && !needsAttention(state)) raiseAttention(state, 'flagged-in-version-1', ATTENTION['flagged-in-version-1'].en, now);
  return state;
}

/** The operator's view: the state without the workflow's internals. */
function view(state: CaseState): CaseView {
  const {
    step: _s,
    cycle: _c,
    interruptions: _i,
    closing: _cl,
    holdCauses: _hc,
    liftedBy: _lb,
    channelHint: _h,
    outcomes: _o,
    filed: _f,
    retryRequested: _rr,
    agreement: _a,
    securityProvided: _sp,
    arrangement: _ar,
    complaintUpheld: _cu,
    wake: _w,
    pendingCharges: _pc,
    gridCompanyGln: _g,
    hourlyDisconnectionMethod: _hd,
    registeredPayments: _rp,
    belowMinimum: _bm,
    request,
    ...rest
  } = state;
  return {
    ...rest,
    ...(request ? { request: { ...request, status: request.status === 'sending' ? 'sent' : request.status } } : {}),
    stage: stageOf(state),
    needsAttention: needsAttention(state),
  };
}

/** One line for the Web UI's "current details". */
function currentDetails(state: CaseState): string {
  const next = state.next
    ? `next: ${state.next.step}${state.next.date ? ` on ${state.next.date}` : ''}${state.next.waitingFor ? ` (waiting for ${state.next.waitingFor})` : ''}`
    : '';
  const due = `due ${(state.amountDueOre / 100).toFixed(2)} kr`;
  const attention = needsAttention(state) ? `NEEDS ATTENTION: ${(state.attention ?? []).map((r) => r.code).join(', ')}` : '';
  return [`stage: ${stageOf(state)}`, due, next, attention].filter(Boolean).join(' · ');
}


/**
 * The context every step of the case (version 2) runs over, instead of one closure around them all:
 * the state, the input, the settings snapshot, the features of the run's release, and the kernel's
 * helpers bound to this case — record, publish, stage, idempotency keys, timers, letters, fees.
 */
import * as wf from '@temporalio/workflow';
import type { LetterContent, LetterKind } from '../../../activities/letters/types.js';
import type { LetterContentWithoutCaseId } from '../../../activities/mail.js';
import {
  copenhagenInstant,
  stepTimeOf,
  hourlyMethodOf,
  copenhagenLocalTime,
  DEFAULT_EXCEPTION_SETTINGS,
  DEFAULT_FEE_SETTINGS,
  receiptDate,
  receiptSettingsAgainstBase,
  type Dated,
  type ExceptionSettings,
  type Fee,
  type FeeSettings,
  type IsoDate,
  type RulesSettings,
} from '../../../rules/index.js';
import { raiseAttention } from '../../shared/attention.js';
import { nowIso, recorder } from '../../shared/kernel.js';
import { factOrTimeout } from '../../shared/wait.js';
import type { Publisher } from '../../shared/publish.js';
import type { CaseInput, CaseSettings, Cause, ChargedFee, SentLetter, Stage, StepName } from '../definitions.js';
import { activities } from './activities.js';
import { mustReplan } from './decide.js';
import type { FeaturesOf } from '../../releases.js';
import { addTask, type CaseState } from './state.js';
import type { StepTable } from './steps/table.js';

/** What a step runs over. */
export interface CaseContext {
  readonly input: CaseInput;
  readonly state: CaseState;
  readonly settings: CaseSettings;
  readonly rules: RulesSettings;
  readonly exceptions: ExceptionSettings;
  readonly fees: FeeSettings;
  /** The features of the release this run started on (releases.ts). */
  readonly features: FeaturesOf<'caseWorkflowV2'>;
  readonly household: boolean;
  /**
   * The local time this case's letters and DataHub requests run on their day: its second (`HH:MM:SS`)
   * of the step window, its minute (`HH:MM`) in a snapshot without `stepSpread` (rules/step-time.ts),
   * or `stepTimeLocal` in a snapshot without a window.
   */
  readonly stepTime: string;
  /** The household or the business order of steps. */
  readonly table: StepTable;
  /** `state.interruptions` when the running step began: its waits end when it moves. */
  seen: number;
  /** The step runs now, without waiting for its day (a lifted hold redoes it; an operator retried it). */
  runNow: boolean;
  /** The cause of the step about to run when not its timer (the message that lifted a hold). */
  resumeCause?: Cause;
  record(what: string, cause: Cause, basis?: string, facts?: Record<string, string | number | boolean>): void;
  /**
   * Upserts what changed of the search attributes and the Web UI's current details; `publish.across`
   * runs a local activity without an upsert in between (workflows/shared/publish.ts).
   */
  readonly publish: Publisher;
  setStage(stage: Stage): void;
  /** Idempotency key of a step: case + step + cycle (never a random id). */
  key(step: string): string;
  today(): IsoDate;
  /** The step must stop and be planned afresh (decide.ts). */
  mustReplan(): boolean;
  /**
   * Waits until the step's day, at the configured local time, unless something interrupts the case.
   * @returns true when the day came (or the step runs now); false when interrupted.
   */
  dayHasCome(step: StepName, due: Dated, summary: string): Promise<boolean>;
  /** The cause of the step about to run: the message that lifted a hold, or the timer of its date. */
  stepCause(date: IsoDate): Cause;
  /** Sends a letter whose dates fit the channel it goes on (see letters.ts). */
  sendDated(kind: LetterKind, build: (receipt: IsoDate) => LetterContent, cause: Cause): Promise<{ letter: SentLetter; content: LetterContent }>;
  lastLetter(kind: LetterKind): SentLetter | undefined;
  /** The ids every letter carries. */
  common(): { caseId: string; meteringPointId: string; customerClass: CaseInput['customerClass'] };
  /**
   * The fees this case has charged the customer so far, for a letter's amounts (RULES 11: arrears plus
   * earlier unpaid fees, each named). The case does not see fee payments — billing books them — so a fee
   * counts as owed while the case is open, unless the case credited it (release 0.6.10). Empty object
   * when there are none (no field in the input).
   */
  earlierFeesOwed(): { earlierFeesOwed?: Array<{ kind: string; amountOre: number; chargedOn: IsoDate }> };
  /** The metering point's grid company (master data looked up at the start, or now). */
  gridCompany(): Promise<string>;
  /**
   * How the grid works this hourly-settled metering point (`CaseRules.hourlyMethodByGrid`, RULES 11):
   * one fact for the letter, the fees and the reopening. Undefined for other meters, and for a
   * settings snapshot without the setting (a case before 0.6.2: the old separate settings apply).
   */
  hourlyMethod(): Promise<'physical' | 'remote' | undefined>;
  /** Billing's expected monthly payment in øre, the security demand's basis (from 0.6.9 a local activity). */
  expectedMonthlyPayment(): Promise<number>;
  /** Passes one fee to billing, exactly once; see fees.ts. */
  charge(fee: Fee, keyStep: string, trigger?: string, quiet?: boolean): Promise<ChargedFee | undefined>;
}

/** Builds the context of a run. */
export function createContext(args: {
  input: CaseInput;
  state: CaseState;
  settings: CaseSettings;
  features: FeaturesOf<'caseWorkflowV2'>;
  table: StepTable;
  publish: Publisher;
}): CaseContext {
  const { input, state, settings } = args;
  const rules = settings.rules;
  const record = recorder<Cause>(state);
  const today = (): IsoDate => copenhagenLocalTime(Date.now()).date;
  const ctx: CaseContext = {
    input,
    state,
    settings,
    rules,
    exceptions: settings.exceptions ?? DEFAULT_EXCEPTION_SETTINGS,
    fees: settings.fees ?? DEFAULT_FEE_SETTINGS,
    features: args.features,
    household: input.customerClass === 'household',
    // A snapshot without stepSpread (before issue 14 item 8) keeps its case's minute.
    stepTime: stepTimeOf(input.caseId, settings.case.stepWindowLocal ?? undefined, settings.case.stepTimeLocal, settings.case.stepSpread ?? 'minute'),
    table: args.table,
    seen: state.interruptions,
    runNow: false,
    record,
    publish: args.publish,
    setStage(stage) {
      state.stage = stage;
      args.publish();
    },
    key: (step) => `${input.caseId}:${step}:${state.cycle}`,
    today,
    mustReplan: () => mustReplan(state, ctx.seen),
    async dayHasCome(step, due, summary) {
      state.next = { step, date: due.date, basis: due.basis };
      args.publish();
      if (ctx.runNow) {
        ctx.runNow = false;
        state.next = { step, date: today(), basis: `${due.basis}; redone after a lifted hold (RULES 2 events table)` };
        return true;
      }
      const wait = copenhagenInstant(due.date, ctx.stepTime) - Date.now();
      if (wait <= 0) return !ctx.mustReplan();
      return !(await factOrTimeout(ctx.mustReplan, wait, summary));
    },
    stepCause(date) {
      const cause = ctx.resumeCause ?? { type: 'timer' as const, date };
      delete ctx.resumeCause;
      return cause;
    },
    async sendDated(kind, build, cause) {
      // The dates are planned for the channel that last delivered. Since release 0.6.1
      // (`oneLetterPerChannel`, RULES 11) a letter planned for digital post carries its physical twin,
      // dated from a physical letter's receipt, and the mail activity sends the twin if digital post
      // cannot deliver: one letter, with the dates of its own channel. If a letter is still received
      // later than planned (dispatched a day late), a corrected letter with dates from its own receipt
      // follows, so no customer ever gets a shorter period than the law gives.
      // `build` may keep what it computes for the step (a cut-off, a deadline): the variant built last is
      // the one those describe, so the twin is built first and rebuilt if it is the one sent.
      const day = today();
      const postPlanned = ctx.features.oneLetterPerChannel && state.channelHint === 'digital' ? receiptDate(day, 'letter', rules).date : undefined;
      const postContent = postPlanned !== undefined ? build(postPlanned) : undefined;
      let planned = receiptDate(day, state.channelHint, rules).date;
      let plannedContent = build(planned);
      const twin = postContent !== undefined && JSON.stringify(postContent) !== JSON.stringify(plannedContent) ? postContent : undefined;
      let content: LetterContent = { ...plannedContent, letterDate: day };
      let receipt = await activities.sendLetter({
        idempotencyKey: ctx.key(kind),
        caseId: input.caseId,
        customerId: input.customerId,
        ...lean(content, state.channelHint),
        // The twin as the fields it changes (a date or two), the whole twin only if that cannot say it.
        ...(twin ? twinInput(content, { ...twin, letterDate: day }) : {}),
        // The receipt settings as the base's name and what differs from it (on the defaults: nothing).
        ...receiptSettingsAgainstBase(rules),
        receipt: 'lean',
      });
      let letterId = ctx.key(kind);
      if (receipt.channel === 'letter' && postPlanned !== undefined && postContent !== undefined) {
        // It went by post: what was sent, and planned, is the physical variant.
        planned = postPlanned;
        plannedContent = build(postPlanned);
        content = { ...plannedContent, letterDate: day };
      }
      state.channelHint = receipt.channel;
      let superseded: SentLetter | undefined;
      const replanned = receipt.receivedDate > planned ? receiptDate(today(), receipt.channel, rules).date : planned;
      const replannedContent = replanned === planned ? plannedContent : build(replanned);
      if (receipt.receivedDate > planned && JSON.stringify(replannedContent) === JSON.stringify(plannedContent)) {
        record(`${kind} received later than planned (${receipt.receivedDate}, by ${receipt.channel}); its dates do not count from the receipt, so no correction is needed`, cause);
      } else if (receipt.receivedDate > planned) {
        record(`${kind} received later than planned (${receipt.receivedDate}, by ${receipt.channel}); a corrected letter follows`, cause);
        // The customer holds the first letter too: it stays listed, marked as superseded (issue 15 item 12).
        superseded = { kind, cycle: state.cycle, letterId, channel: receipt.channel, sentDate: receipt.sentDate, receivedDate: receipt.receivedDate, contentHash: receipt.contentHash };
        content = { ...replannedContent, letterDate: today(), correctsEarlierLetter: true };
        letterId = `${ctx.key(kind)}:corrected`;
        receipt = await activities.sendLetter({
          idempotencyKey: letterId,
          caseId: input.caseId,
          customerId: input.customerId,
          ...lean(content, receipt.channel),
          ...receiptSettingsAgainstBase(rules),
          receipt: 'lean',
        });
      }
      const letter: SentLetter = {
        kind,
        cycle: state.cycle,
        // The letter id is the key it was sent with (the lean receipt leaves it out).
        letterId,
        channel: receipt.channel,
        sentDate: receipt.sentDate,
        receivedDate: receipt.receivedDate,
        contentHash: receipt.contentHash,
      };
      if (superseded) state.letters.push({ ...superseded, supersededBy: letter.letterId });
      state.letters.push(letter);
      return { letter, content };
    },
    lastLetter: (kind) => [...state.letters].reverse().find((l) => l.kind === kind),
    common: () => ({ caseId: input.caseId, meteringPointId: input.meteringPointId, customerClass: input.customerClass }),
    earlierFeesOwed: () => {
      // A fee credited back (release 0.6.10: a reminder that crossed a registered payment) is not owed.
      const fees = (state.fees ?? []).filter((f) => !f.credited).map((f) => ({ kind: f.kind, amountOre: f.amountOre, chargedOn: f.date }));
      return fees.length > 0 ? { earlierFeesOwed: fees } : {};
    },
    async hourlyMethod() {
      if (state.meterKind !== 'hourly') return undefined;
      // Release 0.6.11 (hourlyMethodFromMasterData, issue 15 item 5; RULES 11): per metering point, from
      // its master data when that says how the grid disconnects it; else the grid company's setting.
      const fromMasterData = ctx.features.hourlyMethodFromMasterData;
      if (!fromMasterData && !settings.case.hourlyMethodByGrid) return undefined;
      const grid = await ctx.gridCompany();
      if (fromMasterData && state.hourlyDisconnectionMethod) return state.hourlyDisconnectionMethod;
      return settings.case.hourlyMethodByGrid ? hourlyMethodOf(settings.case.hourlyMethodByGrid, grid) : undefined;
    },
    async expectedMonthlyPayment() {
      const read = ctx.features.monthlyPaymentAsLocalActivity ? activities.expectedMonthlyPaymentLocally : activities.expectedMonthlyPayment;
      return (await read({ customerId: input.customerId, meteringPointId: input.meteringPointId })).amountOre;
    },
    async gridCompany() {
      if (!state.gridCompanyGln) {
        const masterData = await activities.lookupMeteringPoint({ meteringPointId: input.meteringPointId });
        state.gridCompanyGln = masterData.gridCompanyGln;
        if (ctx.features.hourlyMethodFromMasterData && masterData.disconnectionMethod) state.hourlyDisconnectionMethod = masterData.disconnectionMethod;
      }
      return state.gridCompanyGln;
    },
    async charge(fee, keyStep, trigger, quiet = false) {
      if (fee.amountOre <= 0) return undefined;
      const idempotencyKey = `${input.caseId}:${keyStep}`;
      if (state.fees?.some((f) => f.idempotencyKey === idempotencyKey)) return undefined;
      const date = today();
      try {
        const request = {
          idempotencyKey,
          caseId: input.caseId,
          customerId: input.customerId,
          meteringPointId: input.meteringPointId,
          kind: fee.kind,
          amountOre: fee.amountOre,
          basis: fee.basis,
          date,
        };
        // From 0.6.9 a local activity, in this workflow task; what the task publishes around it goes together.
        const booked = ctx.features.feesAsLocalActivities
          ? await args.publish.across(() => activities.chargeFeeLocally(request))
          : await activities.chargeFee(request);
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
        args.publish();
        return undefined;
      }
    },
  };
  return ctx;
}

/**
 * A letter as the send-letter activity takes it, without what it knows already (issue 14 item 8): the
 * content without the case id (the input's), and the channel only when it is not the default, digital.
 */
function lean(content: LetterContent, channel: 'digital' | 'letter'): { letter: LetterContentWithoutCaseId; preferredChannel?: 'letter' } {
  const { caseId: _caseId, ...letter } = content;
  return { letter: letter as LetterContentWithoutCaseId, ...(channel === 'letter' ? { preferredChannel: 'letter' as const } : {}) };
}

/** Flags the case for an operator with a reason from the catalogue, and publishes it. */
export function flag(ctx: CaseContext, code: Parameters<typeof raiseAttention>[1], detail: string, ref?: string): void {
  raiseAttention(ctx.state, code, detail, nowIso(), ref);
  ctx.publish();
}

/**
 * The physical twin as `sendLetter` takes it (issue 14 item 8): the fields whose value differs from
 * the letter (`letterByPostChanges`: a date or two), so the history does not hold the whole content
 * twice; the whole twin (`letterByPost`) when the changes cannot say it — a field the twin lacks or
 * leaves undefined, or changes that would not give back exactly the twin.
 */
export function twinInput(letter: LetterContent, twin: LetterContent): { letterByPost: LetterContent } | { letterByPostChanges: Partial<LetterContent> } {
  const l = letter as unknown as Record<string, unknown>;
  const t = twin as unknown as Record<string, unknown>;
  // A field the twin lacks, or unsets (undefined does not cross the wire), is no change a spread can make.
  if (Object.keys(l).some((k) => t[k] === undefined)) return { letterByPost: twin };
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) if (JSON.stringify(v) !== JSON.stringify(l[k])) changes[k] = v;
  if (JSON.stringify({ ...l, ...changes }) !== JSON.stringify(t)) return { letterByPost: twin };
  return { letterByPostChanges: changes as Partial<LetterContent> };
}

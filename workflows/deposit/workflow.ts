/**
 * The deposit (BEK §29): held until a year of timely payment has passed (a missed payment starts the
 * year again, from the day after its due date **[interpretation]**), or the agreement ends; then
 * repaid once, with interest at the National Bank's lending rate when positive, counted with the
 * rates in force over the whole period (read when repaying, and so recorded in history).
 *
 * The history horizon (issue 14, item 5; release 0.5, `continueAsNewOnYearRestart`): when the year
 * starts again, a run continues as new (same type, same id) carrying its state, so a deposit that
 * misses payments for years never grows one long history. A run started before release 0.5 keeps
 * waiting in the same run, as it always did (workflows/releases.ts).
 */
import * as wf from '@temporalio/workflow';
import type * as billingActivities from '../../activities/billing.js';
import type * as nationalBankActivities from '../../activities/nationalbank.js';
import {
  addDays,
  copenhagenInstant,
  copenhagenLocalTime,
  DEFAULT_DEPOSIT_INTEREST_SETTINGS,
  depositInterest,
  depositRepaymentDate,
  maxDate,
  type IsoDate,
} from '../../rules/index.js';
import { featuresOf } from '../releases.js';
import { CASE_KIND, STAGE } from '../search-attributes.js';
import { factOrTimeout } from '../shared/wait.js';
import {
  depositEventSignal,
  depositViewQuery,
  submitDepositEventUpdate,
  type DepositCarried,
  type DepositEvent,
  type DepositInput,
  type DepositOutcome,
  type DepositRepayment,
  type DepositView,
} from './definitions.js';

// Billing and the rate table: idempotent, retried without limit (money must be repaid).
const { repayDeposit } = wf.proxyActivities<ReturnType<typeof billingActivities.createBillingActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const { nationalBankRates } = wf.proxyActivities<ReturnType<typeof nationalBankActivities.createNationalBankActivities>>({
  startToCloseTimeout: '1 minute',
});

/** Holds and repays one deposit. */
export async function depositWorkflow(input: DepositInput): Promise<DepositView> {
  // Decided once, at the start, before any message is applied (workflows/releases.ts).
  const features = featuresOf('depositWorkflow');
  const { carried } = input;
  // A carried run goes on with the state of the run before: nothing is decided or recorded again.
  const state: DepositView = carried?.state ?? {
    depositId: input.depositId,
    caseId: input.caseId,
    amountOre: input.amountOre,
    receivedDate: input.receivedDate,
    status: 'held',
    timelySince: input.receivedDate,
    missedPayments: [],
    timeline: [],
  };
  const outcomes: Record<string, DepositOutcome> = carried?.outcomes ?? {};
  let ended: IsoDate | undefined;
  let restarted = false;
  const now = () => new Date().toISOString();
  const record = (what: string, messageId?: string) => state.timeline.push({ at: now(), what, ...(messageId ? { messageId } : {}) });
  if (carried) record(`continued as new (${carried.reason}): the history starts afresh`);
  else record(`deposit of ${(input.amountOre / 100).toFixed(2)} kr received ${input.receivedDate}`);

  const receive = (event: DepositEvent): DepositOutcome => {
    const seen = outcomes[event.messageId];
    if (seen) return { ...seen, outcome: 'duplicate', reason: `already ${seen.outcome}` };
    const done = (outcome: DepositOutcome['outcome'], reason: string): DepositOutcome => {
      const o = { messageId: event.messageId, outcome, reason };
      outcomes[event.messageId] = o;
      record(outcome === 'applied' ? reason : `message ${outcome}: ${event.type}: ${reason}`, event.messageId);
      return o;
    };
    if (state.status === 'repaid') return done('rejected', 'the deposit is repaid');
    switch (event.type) {
      case 'paidOnTime':
        return done('applied', `invoice ${event.invoiceId} (due ${event.dueDate}) paid on time`);
      case 'paymentMissed': {
        state.missedPayments.push({ invoiceId: event.invoiceId, dueDate: event.dueDate, messageId: event.messageId });
        state.timelySince = maxDate(state.timelySince, addDays(event.dueDate, 1));
        restarted = true;
        return done('applied', `invoice ${event.invoiceId} (due ${event.dueDate}) not paid on time: the year of timely payment starts again ${state.timelySince}`);
      }
      case 'agreementEnded':
        ended = event.endDate;
        return done('applied', `the agreement ended ${event.endDate}: the deposit is repaid without undue delay`);
      default:
        return done('rejected', `unknown event type ${String((event as { type?: unknown }).type)}`);
    }
  };
  wf.setHandler(depositEventSignal, (event) => void receive(event));
  // An update, not a signal: the billing API must hear applied / duplicate / rejected.
  wf.setHandler(submitDepositEventUpdate, receive, {
    validator: (event) => {
      if (typeof event?.messageId !== 'string' || event.messageId.length === 0) throw new Error('an event needs a messageId');
    },
  });
  wf.setHandler(depositViewQuery, () => state);
  if (!carried) {
    wf.upsertSearchAttributes([
      { key: CASE_KIND, value: 'deposit' },
      { key: STAGE, value: 'held' },
    ]);
  } else {
    // A carried run starts with the search attributes of the run before (passed on below); only a
    // missing one is set again.
    const atStart = wf.workflowInfo().typedSearchAttributes;
    const missing = [
      { key: CASE_KIND, value: 'deposit' },
      { key: STAGE, value: 'held' },
    ].filter((pair) => atStart.get(pair.key) !== pair.value);
    if (missing.length > 0) wf.upsertSearchAttributes(missing);
  }

  let reason: DepositRepayment['reason'];
  let basis: string;
  for (;;) {
    const due = depositRepaymentDate(state.timelySince);
    state.dueForRepayment = due;
    wf.setCurrentDetails(`deposit held; repaid ${due.date} if payments stay timely`);
    restarted = false;
    const wait = copenhagenInstant(due.date, input.stepTimeLocal ?? '09:00') - Date.now();
    const interrupted = wait > 0 ? await factOrTimeout(() => restarted || ended !== undefined, wait, 'a year of timely payment') : false;
    if (ended !== undefined) {
      reason = 'the agreement ended';
      basis = 'BEK §29: repaid without undue delay when the agreement ends';
      break;
    }
    if (!interrupted) {
      reason = 'a year of timely payment';
      basis = due.basis;
      break;
    }
    // A missed payment started the year again: from release 0.5 in a new run (the history horizon),
    // once every update handler has finished. (Should the agreement end meanwhile, the deposit is
    // repaid in this run: the loop's next turn sees it at once.)
    if (features.continueAsNewOnYearRestart) {
      await wf.condition(wf.allHandlersFinished);
      if (ended === undefined) return continueAsNew(input, { reason: 'the year of timely payment started again', state, outcomes });
    }
  }

  const today = copenhagenLocalTime(Date.now()).date;
  const rates = await nationalBankRates();
  const interest = depositInterest(input.amountOre, input.receivedDate, today, rates, input.interest ?? DEFAULT_DEPOSIT_INTEREST_SETTINGS);
  const payment = await repayDeposit({
    idempotencyKey: `${input.depositId}:repay`,
    depositId: input.depositId,
    customerId: input.customerId,
    amountOre: input.amountOre,
    interestOre: interest.interestOre,
    date: today,
  });
  state.repayment = {
    date: today,
    reason,
    basis,
    amountOre: input.amountOre,
    interestOre: interest.interestOre,
    periods: interest.periods,
    interestBasis: interest.basis,
    paymentId: payment.paymentId,
  };
  state.status = 'repaid';
  delete state.dueForRepayment;
  record(`repaid ${(input.amountOre / 100).toFixed(2)} kr + interest ${(interest.interestOre / 100).toFixed(2)} kr (${reason})`);
  wf.upsertSearchAttributes([{ key: STAGE, value: 'closed' }]);
  wf.setCurrentDetails('deposit repaid');
  await wf.condition(wf.allHandlersFinished);
  return state;
}

/**
 * Continues as new (same type, same id) with what the run knows; the search attributes go with it
 * (passed explicitly, not left to the server). Call it once every update handler has finished.
 */
function continueAsNew(input: DepositInput, carried: DepositCarried): Promise<never> {
  const { carried: _carried, ...rest } = input;
  return wf.makeContinueAsNewFunc<typeof depositWorkflow>({ typedSearchAttributes: wf.workflowInfo().typedSearchAttributes })({
    ...rest,
    carried,
  });
}

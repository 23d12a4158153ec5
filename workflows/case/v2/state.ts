/**
 * Version 2 of the case: its state and what each inbound event does to it (RULES 2 "What an event
 * does, by stage"). The reducer records FACTS only — paid, a complaint filed, a hold, DataHub's
 * answer, the ground on which the case closes — and asks for nothing: what the workflow must do about
 * them (cancel the DataHub request, pause, redo a step, close) is decided by the pure functions in
 * `decide.ts` at the moment the workflow acts (STYLE §7). No flag set here is acted on later.
 */
import {
  chasePlan,
  copenhagenLocalTime,
  DEFAULT_EXCEPTION_SETTINGS,
  refusalStep,
  reportDeadlineAfterOutage,
  type Authority,
} from '../../../rules/index.js';
import { clearAttention, raiseAttention, type AttentionCode, type AttentionReason } from '../../shared/attention.js';
import { rejectionOfAnotherMessage } from '../../shared/circumstances.js';
import { duplicateOf } from '../../shared/kernel.js';
import type { FeaturesOf } from '../../releases.js';
import type {
  CaseEvent,
  CaseView,
  CloseReason,
  EventOutcome,
  GridChargeKind,
  Hold,
  InvoiceRef,
  OperatorTask,
  Stage,
  StepName,
  TimelineEntry,
} from '../definitions.js';

/** A grid charge that arrived and waits for the main flow to book it. */
export interface PendingCharge {
  chargeKind: GridChargeKind;
  amountOre: number;
  date: string;
  chargeId: string;
  messageId: string;
}

/** The workflow's state: the view plus what it needs to run. Plain JSON (carried across continue-as-new). */
export interface CaseState extends Omit<CaseView, 'needsAttention' | 'request'> {
  request?: RequestRecord;
  /** The step the case is at (a row of the step table, steps/table.ts). */
  step: StepName;
  /** 0, then +1 each time a lifted hold redoes a step (part of idempotency keys). */
  cycle: number;
  /**
   * +1 each time a message changes what the case must do next (a hold, a closing ground, DataHub's
   * answer, an authority's answer, a task done …). A step's wait ends when it moves: the step is then
   * planned afresh. A count, not a flag: nothing has to reset it.
   */
  interruptions: number;
  /** The ground on which the case closes (RULES 2 events table), when and by what it arrived. */
  closing?: { reason: CloseReason; cause: TimelineEntry['cause']; at: string };
  /** The cause of each open hold, by hold id (the cause recorded with a cancellation it makes). */
  holdCauses?: Record<string, TimelineEntry['cause']>;
  /** Why the case needs an operator: open reasons from the catalogue (workflows/shared/attention.ts). */
  attention?: AttentionReason[];
  /** A step stopped on a failure that needs an operator (e.g. an unknown customer); see `retryStep`. */
  stuck?: { step: StepName; failure: string };
  /** An operator asked to retry the stuck step. */
  retryRequested?: boolean;
  /** The message that lifted the last hold: the cause of the redone step. */
  liftedBy?: TimelineEntry['cause'];
  /** Facts the reopening depends on. */
  agreement?: { validatedWith: string; effectiveFrom: string; messageId: string };
  securityProvided?: { amountOre: number; messageId: string };
  arrangement?: { arrangement: string; messageId: string };
  complaintUpheld?: { messageId: string };
  /** The last channel that delivered: letters are planned for it. */
  channelHint: 'digital' | 'letter';
  /** Complaints and appeals ever filed (`complaint:<id>`, `appeal:<id>`), so a resolution names a real one. */
  filed: string[];
  /** Outcomes of every message seen, by message id (for duplicates). */
  outcomes: Record<string, EventOutcome>;
  /** +1 on every applied message: waits of the exceptions wake on it. */
  wake?: number;
  /** Grid charges to book (main flow). */
  pendingCharges?: PendingCharge[];
  /** The grid company of the metering point (DataHub master data), for its tariff and its desk. */
  gridCompanyGln?: string;
  /**
   * Release 0.6.11 (`hourlyMethodFromMasterData`, issue 15 item 5): how the grid disconnects this
   * hourly-settled point, from its master data; unset, the grid company's setting decides.
   */
  hourlyDisconnectionMethod?: 'remote' | 'physical';
  /**
   * The payments that said when billing registered them (`registeredAt`, normalised to UTC), in the
   * order the case applied them, each once (a duplicate message is answered before it gets here). What
   * a reminder letter reflected is the first `ChargedFee.reminder.paymentsSeen` of them; a later one
   * registered before the letter was sent crossed it (decide.ts `crossedReminderFees`).
   */
  registeredPayments?: RegisteredPayment[];
  /**
   * Release 0.6.10 (`moveOnBelowMinimum`; RULES 11): the security demand's step waits at the reminders
   * because the arrears are below the minimum (`securityMinArrearsOre`). Set by the step while it waits
   * (only on a run with the feature) and removed when the wait ends; `movedOn` is an operator's
   * `proceedBelowMinimum`, which ends it.
   */
  belowMinimum?: {
    since: string;
    arrearsOre: number;
    minimumOre: number;
    movedOn?: { at: string; messageId: string; actor?: string; note: string };
  };
}

/** A payment with billing's registration instant (release 0.6.10's fact; see `registeredPayments`). */
export interface RegisteredPayment {
  messageId: string;
  actor?: string;
  amountOre: number;
  /** UTC ISO instant. */
  registeredAt: string;
}

/**
 * The DataHub request as version 2 records it: `sending` from the moment the workflow sends it until
 * the send activity answers, so that DataHub's answer arriving first (a fast DataHub) applies to it —
 * a fact recorded when the workflow acts, instead of a buffer of early answers.
 */
export type RequestRecord = Omit<NonNullable<CaseView['request']>, 'status'> & {
  status: NonNullable<CaseView['request']>['status'] | 'sending';
};

function has<T>(list: T[], pred: (t: T) => boolean): boolean {
  return list.some(pred);
}

/** The request is out (recorded as sent) and the grid has not (yet) disconnected. */
export function requestPending(state: CaseState): boolean {
  return state.request !== undefined && (state.request.status === 'sent' || state.request.status === 'confirmed');
}

/** The request is out or being sent: DataHub's answers to it apply. */
export function requestAnswerable(state: CaseState): boolean {
  return requestPending(state) || state.request?.status === 'sending';
}

/**
 * The end-of-supply process is open at DataHub: a request is out, or the grid refused it and a new
 * request in the same process may follow (RULES 5).
 */
export function processOpen(state: CaseState): boolean {
  return requestPending(state) || state.request?.status === 'not-disconnected';
}

/** An open operator task of a kind, if any. */
export function openTask(state: CaseState, kind: OperatorTask['kind']): OperatorTask | undefined {
  return state.tasks?.find((t) => t.kind === kind && !t.closed);
}

/** Opens an operator task (and flags the case for attention). */
export function addTask(state: CaseState, kind: OperatorTask['kind'], what: string, now: string): OperatorTask {
  state.tasks ??= [];
  const task: OperatorTask = { taskId: `task-${state.tasks.length + 1}`, kind, what, opened: now };
  state.tasks.push(task);
  raiseAttention(state, 'operator-task', `${task.taskId} (${kind}): ${what}`, now, task.taskId);
  return task;
}

/** Closes the open tasks of a kind, and their attention reasons. */
export function closeTasks(state: CaseState, kind: OperatorTask['kind'], now: string, by: string): void {
  for (const t of state.tasks ?? []) {
    if (t.kind === kind && !t.closed) {
      t.closed = { at: now, by };
      clearAttention(state, 'operator-task', t.taskId);
    }
  }
}

/** The authority contact still waiting for an answer, if any. */
export function openContact(state: CaseState, authority: Authority) {
  return state.authorityContacts?.find((c) => c.authority === authority && !c.answer && !c.withdrawn);
}

/** The supply is disconnected and not yet reopened. */
export function isDisconnected(state: CaseState): boolean {
  return state.disconnected !== undefined && state.closed === undefined;
}

function outstanding(invoices: InvoiceRef[], paidOre: number): number {
  return Math.max(0, invoices.reduce((sum, i) => sum + i.amountOre, 0) - paidOre);
}

/** The amount paid so far, derived from the invoices and what is still due. */
function paidSoFar(state: CaseState): number {
  return invoicesTotal(state) - state.amountDueOre;
}

function invoicesTotal(state: CaseState): number {
  return state.invoices.reduce((sum, i) => sum + i.amountOre, 0);
}

function kr(ore: number): string {
  return `${(ore / 100).toFixed(2)} kr`;
}

/** Which door a message came through: an update's caller hears a refusal, a signal's sender does not. */
export type Door = 'signal' | 'update';

/**
 * The run's release features the reducer reads (workflows/releases.ts; decided once at the run's start):
 * an event type a later release added is refused by an older run exactly as before, so its history
 * replays. Absent: off.
 */
export type ReducerFeatures = Partial<Pick<FeaturesOf<'caseWorkflowV2'>, 'moveOnBelowMinimum' | 'rejectionsByTransaction'>>;

/**
 * Applies one inbound event to the state, exactly as the events-by-stage table says, and returns
 * what became of it. Never throws: a message that does not fit the state is recorded as rejected
 * with the reason — and, when it came by signal (nobody hears the refusal), with an attention reason.
 * @param now workflow time, ISO instant
 */
export function applyEvent(state: CaseState, event: CaseEvent, now: string, door: Door = 'signal', features: ReducerFeatures = {}): EventOutcome {
  const duplicate = duplicateOf(state.outcomes, event.messageId, state.stage, false);
  if (duplicate) return duplicate;

  const cause: TimelineEntry['cause'] = {
    type: 'event',
    messageId: event.messageId,
    eventType: event.type,
    ...(event.actor ? { actor: event.actor } : {}),
  };
  const record = (what: string, facts?: TimelineEntry['facts']) =>
    state.timeline.push({ at: now, what, cause, ...(facts ? { facts } : {}) });
  const result = (outcome: EventOutcome['outcome'], reason: string, attention: AttentionCode | false = 'message-rejected'): EventOutcome => {
    const o: EventOutcome = { messageId: event.messageId, outcome, reason, stage: state.stage };
    state.outcomes[event.messageId] = o;
    if (outcome === 'rejected') {
      record(`message rejected: ${event.type}: ${reason}`);
      if (attention && door === 'signal') raiseAttention(state, attention, `${event.type} ${event.messageId}: ${reason}`, now, event.messageId);
    }
    return o;
  };
  const applied = (reason: string, facts?: TimelineEntry['facts']) => {
    record(reason, facts);
    state.wake = (state.wake ?? 0) + 1;
    return result('applied', reason);
  };
  /** The message changes what the case must do next: a waiting step is planned afresh. */
  const interrupt = () => {
    state.interruptions += 1;
  };

  // While a closing case waits for the grid's last word (issue 6: a late cancellation's charge, the
  // grid's own reopening), those messages — and operators' task marks — still apply.
  const lastWord =
    (event.type === 'gridCharged' || event.type === 'disconnected' || event.type === 'reopened' || event.type === 'taskDone');
  if (state.closed || (state.closing && !lastWord)) return result('rejected', `the case is ${state.closed ? 'closed' : 'closing'}`);

  const pending = processOpen(state);
  const disconnected = isDisconnected(state);
  // The texts say what the workflow will do ("the DataHub request is cancelled"); the workflow
  // decides it again when it acts (decide.ts: mustCancelRequest), so a request that went out since
  // is cancelled too.
  const close = (reason: CloseReason, what: string) => {
    state.closing = { reason, cause, at: now };
    interrupt();
    return applied(`${what}: the case closes (${reason})${pending ? '; the DataHub request is cancelled' : ''}`);
  };
  const hold = (h: Hold, what: string) => {
    state.holds.push(h);
    state.holdCauses = { ...state.holdCauses, [h.holdId]: cause };
    interrupt();
    return applied(`${what}: the case pauses${pending ? '; the DataHub request is cancelled' : ''}`, { holdId: h.holdId });
  };
  const lift = (holdId: string, what: string) => {
    const index = state.holds.findIndex((h) => h.holdId === holdId);
    if (index < 0) return result('rejected', `no open hold ${holdId}`);
    state.holds.splice(index, 1);
    if (state.holdCauses) delete state.holdCauses[holdId];
    if (state.holds.length === 0) {
      state.liftedBy = cause;
      interrupt();
    }
    return applied(
      `${what}: hold ${holdId} lifted${state.holds.length === 0 ? '; the pending step is redone with fresh dates' : ''}`,
    );
  };

  switch (event.type) {
    // ----- billing
    case 'invoiceMissed': {
      if (has(state.invoices, (i) => i.invoiceId === event.invoice.invoiceId)) {
        const o: EventOutcome = { messageId: event.messageId, outcome: 'duplicate', reason: 'invoice already in the case', stage: state.stage };
        state.outcomes[event.messageId] = o;
        return o;
      }
      const paid = paidSoFar(state);
      state.invoices.push({ ...event.invoice });
      state.amountDueOre = outstanding(state.invoices, paid);
      return applied(`invoice ${event.invoice.invoiceId} joins the case; amount due ${kr(state.amountDueOre)}`, {
        invoiceId: event.invoice.invoiceId,
        amountDueOre: state.amountDueOre,
      });
    }
    case 'paymentReceived': {
      if (!(event.amountOre > 0)) return result('rejected', 'a payment must be a positive amount');
      state.amountDueOre = Math.max(0, state.amountDueOre - event.amountOre);
      const facts: Record<string, string | number | boolean> = { paidOre: event.amountOre, amountDueOre: state.amountDueOre };
      // When billing registered it (RULES 11): a fact kept for the reminders it may have crossed.
      if (event.registeredAt !== undefined) {
        const registered = Date.parse(event.registeredAt);
        if (Number.isFinite(registered)) {
          const registeredAt = new Date(registered).toISOString();
          facts.registeredAt = registeredAt;
          state.registeredPayments ??= [];
          state.registeredPayments.push({ messageId: event.messageId, ...(event.actor ? { actor: event.actor } : {}), amountOre: event.amountOre, registeredAt });
          // Registered before a charged reminder went out: the case looks at it now (decide.ts), not at its next step.
          if (state.fees?.some((f) => f.reminder && !f.credited && !f.creditRefused && registered < Date.parse(f.reminder.sentAt))) interrupt();
        } else {
          facts.registeredAt = 'ignored: not an ISO 8601 instant';
        }
      }
      if (state.amountDueOre > 0) {
        return applied(`partial payment of ${kr(event.amountOre)}; ${kr(state.amountDueOre)} still due`, facts);
      }
      if (disconnected) return applied('paid in full; reopening also needs a new supply agreement (RULES 7)', facts);
      if (pending) {
        if (state.agreement || state.securityProvided) return close('paid', 'paid in full with a new agreement');
        return applied('paid in full; the request stands until a new agreement is signed (RULES 2.6)', facts);
      }
      return close('paid', 'paid in full');
    }
    case 'securityProvided': {
      if (!state.letters.some((l) => l.kind === 'securityDemand') && !disconnected) {
        return result('rejected', 'no security has been demanded yet (RULES 2 table: no effect before the security demand)');
      }
      state.securityProvided = { amountOre: event.amountOre, messageId: event.messageId };
      if (disconnected) {
        interrupt();
        return applied(`security of ${kr(event.amountOre)} provided: reopening`);
      }
      return close('security-provided', `security of ${kr(event.amountOre)} provided`);
    }
    case 'paymentArrangementAgreed': {
      state.arrangement = { arrangement: event.arrangement, messageId: event.messageId };
      if (disconnected) {
        interrupt();
        return applied(`payment arrangement (${event.arrangement}) agreed: reopening`);
      }
      return close('payment-arrangement', `payment arrangement (${event.arrangement}, BEK §26 stk. 3) agreed`);
    }
    case 'supplyAgreementSigned': {
      state.agreement = { validatedWith: event.validatedWith, effectiveFrom: event.effectiveFrom, messageId: event.messageId };
      interrupt();
      if (pending && state.amountDueOre <= 0) return close('paid', 'new supply agreement signed, arrears paid');
      return applied(
        `new supply agreement signed (validated with ${event.validatedWith}, from ${event.effectiveFrom})${
          state.amountDueOre > 0 ? `; ${kr(state.amountDueOre)} must be paid first (BEK §26 stk. 4)` : ''
        }`,
      );
    }
    case 'complaintFiled':
    case 'appealFiled': {
      const id = event.type === 'complaintFiled' ? event.complaintId : event.appealId;
      const kind = event.type === 'complaintFiled' ? 'complaint' : 'appeal';
      if (disconnected) {
        state.filed.push(`${kind}:${id}`);
        return applied(`${kind} ${id} recorded: no effect on the disconnection; handled as a complaint`);
      }
      state.filed.push(`${kind}:${id}`);
      const basis = kind === 'complaint' ? 'BEK §32 stk. 2' : 'BEK §33 stk. 3';
      const note = event.type === 'complaintFiled' ? event.note : undefined;
      return hold({ holdId: `${kind}:${id}`, kind, reason: `${kind} filed (${basis})`, since: now, ...(note ? { note } : {}) }, `${kind} ${id} filed`);
    }
    case 'complaintResolved':
    case 'appealDecided': {
      const id = event.type === 'complaintResolved' ? event.complaintId : event.appealId;
      const kind = event.type === 'complaintResolved' ? 'complaint' : 'appeal';
      if (!state.filed.includes(`${kind}:${id}`)) return result('rejected', `no ${kind} ${id} was filed in this case`);
      if (event.upheld) {
        state.complaintUpheld = { messageId: event.messageId };
        state.holds = state.holds.filter((h) => h.holdId !== `${kind}:${id}`);
        if (state.holdCauses) delete state.holdCauses[`${kind}:${id}`];
        if (disconnected) {
          interrupt();
          return applied(`${kind} ${id} upheld: wrongful disconnection, reopening the same working day (SV 3.3.1)`);
        }
        return close('complaint-upheld', `${kind} ${id} upheld`);
      }
      if (disconnected && !has(state.holds, (h) => h.holdId === `${kind}:${id}`)) {
        return applied(`${kind} ${id} resolved against the customer: no effect on the disconnection`);
      }
      return lift(`${kind}:${id}`, `${kind} ${id} resolved against the customer`);
    }
    case 'customerMoved':
      return close('customer-moved', `customer moved out (${event.moveOutDate})`);

    // ----- operator
    case 'hold': {
      if (disconnected) return result('rejected', 'an operator hold has no effect after the disconnection');
      return hold(
        { holdId: `operator:${event.messageId}`, kind: 'operator', reason: event.reason, since: now, ...(event.note ? { note: event.note } : {}) },
        `operator hold (${event.reason})`,
      );
    }
    case 'retryStep': {
      if (!state.stuck) return result('rejected', 'no step is waiting for a retry', false);
      state.retryRequested = true;
      return applied(`operator asked to retry ${state.stuck.step}`);
    }
    case 'proceedBelowMinimum': {
      // RULES 11 / issue 15 item 9: "such a case stays at reminders until it is paid, a further invoice
      // lifts the arrears above the minimum, or an operator moves it on". Only while it waits there.
      if (!features.moveOnBelowMinimum) {
        // A run started before release 0.6.10 refuses it as it refused any unknown type — by signal with
        // `message-rejected`, as its history recorded (the caller of an update hears the reason instead).
        const held = state.next?.step === 'securityDemand' && state.next.waitingFor?.startsWith('arrears of at least') === true;
        return result(
          'rejected',
          held
            ? 'the case waits at the reminders for arrears below the minimum (RULES 11), but it started on a release before 0.6.10, which cannot be moved on: it goes on when a further invoice lifts the arrears to the minimum, and closes when paid'
            : 'a case started on a release before 0.6.10 does not take proceedBelowMinimum',
        );
      }
      const wait = state.belowMinimum;
      if (!wait) {
        return result('rejected', 'the case is not waiting at the reminders for arrears below the minimum (RULES 11, securityMinArrearsOre): there is nothing to move on', false);
      }
      if (wait.movedOn) return result('rejected', `already moved on to the security demand (${wait.movedOn.messageId})`, false);
      const note = event.note.slice(0, 500);
      wait.movedOn = { at: now, messageId: event.messageId, ...(event.actor ? { actor: event.actor } : {}), note };
      clearAttention(state, 'arrears-below-minimum');
      return applied(
        `${event.actor ?? 'an operator'} moved the case on to the security demand below the minimum arrears (${kr(state.amountDueOre)} < ${kr(wait.minimumOre)}; RULES 11): ${note.slice(0, 200)}`,
        { arrearsOre: state.amountDueOre, minimumOre: wait.minimumOre },
      );
    }
    case 'release': {
      const target =
        event.holdId ?? [...state.holds].reverse().find((h) => h.kind === 'operator')?.holdId ?? 'operator:(none open)';
      if (!target.startsWith('operator:')) return result('rejected', 'an operator lifts operator holds only');
      return lift(target, 'operator lifted the hold');
    }

    // ----- DataHub
    case 'requestConfirmed': {
      if (!requestAnswerable(state)) return result('rejected', 'no pending DataHub request to confirm');
      state.request!.status = 'confirmed';
      if (event.processId) state.request!.processId = event.processId;
      return applied('DataHub confirmed the request', event.processId ? { processId: event.processId } : undefined);
    }
    case 'requestRejected': {
      if (!state.request) return result('rejected', 'no DataHub request to reject');
      // Release 0.6.12: a rejection of a special circumstance's RSM-020 or a follow-up — not the end of supply's own.
      const elsewhere = features.rejectionsByTransaction ? rejectionOfAnotherMessage(state.request, event, state.followUps) : undefined;
      if (elsewhere) {
        raiseAttention(state, 'request-rejected', elsewhere, now, event.messageId);
        return applied(`${elsewhere}; the end of supply stands, an operator must act`, { code: event.code });
      }
      state.request.status = 'rejected';
      raiseAttention(state, 'request-rejected', `DataHub rejected the request (${event.code}${event.text ? `: ${event.text}` : ''})`, now, event.messageId);
      interrupt();
      return applied(`DataHub rejected the request (${event.code}${event.text ? `: ${event.text}` : ''}); an operator must act`);
    }
    case 'disconnected': {
      if (state.request?.status === 'cancelled' && !state.selfReopening && !state.disconnected) {
        // The grid disconnected before our cancellation reached it and reports it now: it reopens by
        // itself without undue delay (SV 2.2.1 e); afbryd sends no reopening of its own.
        const lc = state.lateCancellation;
        const wrongful = !lc?.reportBy || event.date > lc.date;
        state.selfReopening = { disconnectedDate: event.date, messageId: event.messageId, ...(wrongful ? { wrongful: true } : {}) };
        if (wrongful) raiseAttention(state, 'wrongful-disconnection', `disconnected on ${event.date}, after the cancellation${lc ? ` of ${lc.date}` : ''}`, now, event.messageId);
        interrupt();
        return applied(
          wrongful
            ? `the grid reports a disconnection on ${event.date}, after our cancellation${lc ? ` of ${lc.date}` : ''}: a wrongful disconnection (SV 3.3.1); the grid must reopen the same working day`
            : `the grid had disconnected on ${event.date} before the cancellation reached it: it reopens by itself (SV 2.2.1 e); no reopening request of ours`,
          { date: event.date },
        );
      }
      if (!pending && !requestAnswerable(state)) {
        raiseAttention(state, 'disconnection-unexpected', `disconnected on ${event.date} (${event.messageId})`, now, event.messageId);
        return result('rejected', 'a disconnection was reported, but no request of this case is pending', false);
      }
      if (state.closing) return result('rejected', 'the case is closing');
      if (state.gridSla?.overdue) {
        state.gridSla.overdue = false;
        closeTasks(state, 'grid-overdue', now, event.messageId);
      }
      state.request!.status = 'disconnected';
      state.disconnected = { date: event.date, ...(event.meterReading ? { meterReading: event.meterReading } : {}) };
      interrupt();
      return applied(
        `disconnected on ${event.date}`,
        event.meterReading ? { meterReading: event.meterReading.value, unit: event.meterReading.unit } : { date: event.date },
      );
    }
    case 'notDisconnected': {
      if (!requestAnswerable(state) || state.request?.status === 'not-disconnected') {
        return result('rejected', 'the grid reported no disconnection, but no request is pending');
      }
      state.request!.status = 'not-disconnected';
      interrupt();
      if (state.gridSla?.overdue) {
        state.gridSla.overdue = false;
        closeTasks(state, 'grid-overdue', now, event.messageId);
      }
      state.refusals ??= [];
      state.refusals.push({ code: event.reason, ...(event.text ? { text: event.text } : {}), at: now, messageId: event.messageId });
      return applied(`the grid did not disconnect (${event.reason}${event.text ? `: ${event.text}` : ''}); next: ${refusalStep(event.reason).basis}`);
    }
    case 'supplierSwitched':
      // DataHub ends the end-of-supply process itself (RULES 2 table): nothing to cancel.
      if (pending) state.request!.status = 'cancelled';
      state.closing = { reason: 'supplier-switched', cause, at: now };
      interrupt();
      return applied(`another supplier supplies the metering point from ${event.effectiveDate} (BEK §26 stk. 5): the case closes`);
    case 'reopened': {
      if (state.selfReopening && !state.selfReopening.reopenedDate) {
        state.selfReopening.reopenedDate = event.date;
        closeTasks(state, 'grid-not-reopened', now, event.messageId);
        return applied(`the grid reopened by itself on ${event.date} (SV 2.2.1 e)`);
      }
      if (state.closing) return result('rejected', 'the case is closing');
      if (state.stage !== 'reopening') return result('rejected', 'a reopening was reported, but none was requested');
      clearAttention(state, 'not-reopened');
      clearAttention(state, 'reopening-rejected');
      state.closing = { reason: 'reopened', cause, at: now };
      interrupt();
      return applied(`reopened on ${event.date}`);
    }
    case 'notReopened':
      if (state.stage !== 'reopening') return result('rejected', 'the grid reported a failed reopening, but none was requested');
      raiseAttention(state, 'not-reopened', `the grid could not reopen yet${event.expectedAt ? `; expected ${event.expectedAt}` : ''}`, now, event.messageId);
      return applied(`the grid could not reopen yet${event.expectedAt ? `; expected ${event.expectedAt}` : ''}`);
    case 'endOfSupplyCancelled':
      if (!state.request) return result('rejected', 'no DataHub request to cancel');
      state.request.status = 'cancelled';
      return applied('DataHub confirmed the cancellation of the request');

    // ----- the exceptions (issue 6)
    case 'gridCharged': {
      if (!Number.isInteger(event.amountOre) || event.amountOre < 0) return result('rejected', 'a charge must be a whole amount in øre');
      state.pendingCharges ??= [];
      state.pendingCharges.push({ chargeKind: event.chargeKind, amountOre: event.amountOre, date: event.date, chargeId: event.chargeId, messageId: event.messageId });
      interrupt();
      return applied(`the grid charged ${kr(event.amountOre)} for ${event.chargeKind} on ${event.date} (charge ${event.chargeId}, via DataHub)`);
    }
    case 'authorityAnswered': {
      const contact = openContact(state, event.authority);
      if (!contact) return result('rejected', `no question to the ${event.authority} is open`);
      contact.answer = {
        messageId: event.messageId,
        ...(event.agreedDate ? { date: event.agreedDate } : {}),
        ...(event.agreedTime ? { time: event.agreedTime } : {}),
        ...(event.note ? { note: event.note.slice(0, 500) } : {}),
      };
      if (contact.taskId) closeTasks(state, 'authority-silent', now, event.messageId);
      interrupt();
      return applied(
        `the ${event.authority} answered${event.agreedDate ? `: agreed ${event.agreedDate}${event.agreedTime ? ` ${event.agreedTime}` : ''}` : ''}`,
        { authority: event.authority, ...(event.reference ? { reference: event.reference } : {}) },
      );
    }
    case 'courtScheduled': {
      const contact = state.authorityContacts?.find((c) => c.authority === 'bailiff-court' && c.reference === event.courtCaseId && !c.withdrawn);
      if (!contact) return result('rejected', `no open court case ${event.courtCaseId}`);
      if (contact.answer && event.meeting === 'enforcement') return result('rejected', `the enforcement of ${event.courtCaseId} is already set`);
      const task = addTask(
        state,
        'attend-court',
        `attend the bailiff court's ${event.meeting === 'enforcement' ? 'enforcement' : 'preliminary meeting'} on ${event.date} at ${event.time} (court case ${event.courtCaseId}; SV 2.3.6: the supplier attends)`,
        now,
      );
      contact.meetings ??= [];
      contact.meetings.push({ meeting: event.meeting, date: event.date, time: event.time, messageId: event.messageId, taskId: task.taskId });
      if (event.meeting === 'enforcement') {
        contact.answer = { date: event.date, time: event.time, messageId: event.messageId };
      } else {
        // The court is moving: the chase counts again from the preliminary meeting.
        const plan = chasePlan(event.date, state.settings?.exceptions ?? DEFAULT_EXCEPTION_SETTINGS, state.settings?.rules);
        contact.chaseOn = plan.chaseOn;
        contact.taskOn = plan.taskOn;
        delete contact.chasedOn;
      }
      if (contact.taskId) {
        closeTasks(state, 'authority-silent', now, event.messageId);
        delete contact.taskId;
      }
      interrupt();
      return applied(`the bailiff court set the ${event.meeting} for ${event.date} at ${event.time} (court case ${event.courtCaseId})`, {
        taskId: task.taskId,
      });
    }
    case 'dataHubOutageMarked': {
      if (state.dataHubOutage) return result('rejected', 'a DataHub outage is already marked');
      state.dataHubOutage = { since: now, messageId: event.messageId, ...(event.note ? { note: event.note.slice(0, 500) } : {}) };
      return applied('a DataHub outage is marked: the overdue flag is suspended (RULES 4; SV 2.3.1)');
    }
    case 'dataHubOutageCleared': {
      if (!state.dataHubOutage) return result('rejected', 'no DataHub outage is marked');
      delete state.dataHubOutage;
      if (state.gridSla) {
        const ended = copenhagenLocalTime(now).date;
        const next = reportDeadlineAfterOutage(state.gridSla, ended, state.settings?.exceptions ?? DEFAULT_EXCEPTION_SETTINGS, state.settings?.rules);
        state.gridSla = { ...state.gridSla, ...next, overdue: false };
        delete state.gridSla.since;
        closeTasks(state, 'grid-overdue', now, event.messageId);
      }
      return applied(
        `the DataHub outage is over${state.gridSla ? `; the grid reports by ${state.gridSla.reportBy}, overdue from ${state.gridSla.overdueFrom}` : ''}`,
      );
    }
    case 'taskDone': {
      const task = state.tasks?.find((t) => t.taskId === event.taskId);
      if (!task) return result('rejected', `no task ${event.taskId}`);
      if (task.closed) return result('rejected', `task ${event.taskId} is already done`);
      task.closed = { at: now, by: event.messageId };
      clearAttention(state, 'operator-task', task.taskId);
      interrupt();
      return applied(`task ${event.taskId} (${task.kind}) done${event.note ? `: ${event.note.slice(0, 200)}` : ''}`);
    }
    case 'reopeningInformationGiven': {
      // RULES 11: the information reached the customer the same day, by customer service.
      if (state.reopeningInformationGiven) return result('rejected', `already recorded (${state.reopeningInformationGiven.messageId})`, false);
      state.reopeningInformationGiven = { at: now, messageId: event.messageId, ...(event.note ? { note: event.note.slice(0, 500) } : {}) };
      clearAttention(state, 'reopening-information-not-confirmed');
      return applied(`customer service gave the reopening information (SV 3.2.1 e, 3.2.2 e; RULES 11)${event.note ? `: ${event.note.slice(0, 200)}` : ''}`);
    }
    case 'acknowledgeAttention': {
      // An operator has seen a reason and dealt with it outside the case (a note says how).
      const removed = clearAttention(state, event.code as AttentionCode, event.ref);
      if (removed === 0) return result('rejected', `no open attention reason ${event.code}${event.ref ? ` (${event.ref})` : ''}`, false);
      return applied(`attention reason ${event.code}${event.ref ? ` (${event.ref})` : ''} acknowledged: ${event.note.slice(0, 200)}`);
    }
    default: {
      const unknown: never = event;
      return result('rejected', `unknown event type ${String((unknown as { type?: unknown }).type)}`);
    }
  }
}

/** The stage to show while the case is in a step (holds and closing override it). */
export function stageOf(state: CaseState): Stage {
  if (state.closed) return 'closed';
  if (state.holds.length > 0) return 'on-hold';
  return state.stage;
}

/**
 * The case's state and what each inbound event does to it (RULES 2 "What an event does, by stage").
 * Pure: the workflow calls {@link applyEvent} from its signal and update handlers and carries out
 * the side effects it asks for (cancel the DataHub request, close) in its main flow.
 */
import {
  chasePlan,
  copenhagenLocalTime,
  DEFAULT_EXCEPTION_SETTINGS,
  refusalStep,
  reportDeadlineAfterOutage,
  type Authority,
} from '../../rules/index.js';
import type {
  StepName as StepNameType,
  CaseEvent,
  GridChargeKind,
  OperatorTask,
  CaseView,
  CloseReason,
  EventOutcome,
  Hold,
  InvoiceRef,
  Stage,
  StepName,
  TimelineEntry,
} from './definitions.js';

/**
 * Which behaviours of issue 6 a case runs with: decided once when it starts, by `wf.patched` (see the
 * patch ids in workflow.ts), so that a case started before them keeps the old behaviour for its whole
 * life and replays as it ran. Unset (an old case, or a reducer test): all off.
 */
export interface CaseFeatures {
  /** Refusals D41–D44/D58, authorities, circumstances known before the first request (RULES 5). */
  specialCircumstances: boolean;
  /** The grid's report deadline, the overdue flag, escalation, the outage mark (RULES 4). */
  gridSla: boolean;
  /** A cancellation's timing: the possible late fee, the grid's own reopening (RULES 2.6). */
  cancellationTiming: boolean;
  /** Fees passed to billing (RULES 8). */
  fees: boolean;
  /** The deposit started as a child workflow when security is provided (BEK §29). */
  deposit: boolean;
}

/** A grid charge that arrived and waits for the main flow to book it. */
export interface PendingCharge {
  chargeKind: GridChargeKind;
  amountOre: number;
  date: string;
  chargeId: string;
  messageId: string;
}

/** The workflow's state: the view plus what it needs to run. Plain JSON. */
export interface CaseState extends CaseView {
  /** The next step of the main flow. */
  step: StepName;
  /** 0, then +1 each time a lifted hold redoes a step (part of idempotency keys). */
  cycle: number;
  /** Set when the last hold is lifted: the main flow redoes the pending step now, with fresh dates. */
  redo: boolean;
  /** Set when a step must stop waiting and re-plan (a hold, a closing event, a joined invoice). */
  interrupted: boolean;
  /** The pending DataHub request must be cancelled (hold, closing event). */
  cancelRequest: boolean;
  /** The event that asked for the cancellation (a hold or a closing event): the cause recorded with it. */
  cancelCause?: TimelineEntry['cause'];
  /** A closing event arrived; the case closes once any cancellation is sent. */
  closing?: { reason: CloseReason; cause: TimelineEntry['cause'] };
  /** A step stopped on a failure that needs an operator (e.g. an unknown customer); see `retryStep`. */
  stuck?: { step: StepNameType; failure: string };
  /** An operator asked to retry the stuck step. */
  retryRequested?: boolean;
  /** The event that lifted the last hold: the cause of the redone step. */
  resumeCause?: TimelineEntry['cause'];
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
  /** The behaviours this case runs with (issue 6). */
  features?: CaseFeatures;
  /** +1 on every applied message: waits of the exceptions wake on it. */
  wake?: number;
  /** Grid charges to book (main flow). */
  pendingCharges?: PendingCharge[];
  /** The grid company of the metering point (DataHub master data), for its tariff and its desk. */
  gridCompanyGln?: string;
  /** When the ground of the pending cancellation arrived, and whether it was an operator's hold. */
  cancelGround?: { at: string; operatorHold: boolean };
}

function has<T>(list: T[], pred: (t: T) => boolean): boolean {
  return list.some(pred);
}

/** The request is out and the grid has not (yet) disconnected. */
export function requestPending(state: CaseState): boolean {
  return state.request !== undefined && (state.request.status === 'sent' || state.request.status === 'confirmed');
}

/**
 * The end-of-supply process is open at DataHub: a request is out, or the grid refused it and a new
 * request in the same process may follow (with the special circumstances of issue 6).
 */
export function processOpen(state: CaseState): boolean {
  if (requestPending(state)) return true;
  return Boolean(state.features?.specialCircumstances) && state.request?.status === 'not-disconnected';
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
  state.needsAttention = true;
  return task;
}

/** Closes the open tasks of a kind. */
export function closeTasks(state: CaseState, kind: OperatorTask['kind'], now: string, by: string): void {
  for (const t of state.tasks ?? []) if (t.kind === kind && !t.closed) t.closed = { at: now, by };
}

/** The authority contact still waiting for an answer, if any. */
export function openContact(state: CaseState, authority: Authority) {
  return state.authorityContacts?.find((c) => c.authority === authority && !c.answer && !c.withdrawn);
}

/** The supply is disconnected and not yet reopened. */
export function isDisconnected(state: CaseState): boolean {
  return state.disconnected !== undefined && state.closed === undefined;
}

/** The reopening grounds of RULES 7 / the events table hold. */
export function reopeningGrounds(state: CaseState): boolean {
  // A disconnection that kept the agreement (BRS-039 D01, business setting) needs no new agreement.
  const agreementInPlace = state.agreement !== undefined || state.request?.kind === 'disconnect-service';
  return (
    (agreementInPlace && state.amountDueOre <= 0) ||
    state.securityProvided !== undefined ||
    state.arrangement !== undefined ||
    state.complaintUpheld !== undefined
  );
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

/**
 * Applies one inbound event to the state, exactly as the events-by-stage table says, and returns
 * what became of it. Never throws: a message that does not fit the state is recorded as rejected
 * with the reason.
 * @param now workflow time, ISO instant
 */
export function applyEvent(state: CaseState, event: CaseEvent, now: string): EventOutcome {
  const seen = state.outcomes[event.messageId];
  if (seen) return { ...seen, outcome: 'duplicate', reason: `already ${seen.outcome}`, stage: state.stage };

  const cause: TimelineEntry['cause'] = {
    type: 'event',
    messageId: event.messageId,
    eventType: event.type,
    ...(event.actor ? { actor: event.actor } : {}),
  };
  const record = (what: string, facts?: TimelineEntry['facts']) =>
    state.timeline.push({ at: now, what, cause, ...(facts ? { facts } : {}) });
  const result = (outcome: EventOutcome['outcome'], reason: string): EventOutcome => {
    const o: EventOutcome = { messageId: event.messageId, outcome, reason, stage: state.stage };
    state.outcomes[event.messageId] = o;
    if (outcome === 'rejected') {
      record(`message rejected: ${event.type}: ${reason}`);
      state.needsAttention = true;
    }
    return o;
  };
  const applied = (reason: string, facts?: TimelineEntry['facts']) => {
    record(reason, facts);
    if (state.features) state.wake = (state.wake ?? 0) + 1;
    return result('applied', reason);
  };
  const features = state.features;

  // While a closing case waits for the grid's last word (issue 6: a late cancellation's charge, the
  // grid's own reopening), those messages — and operators' task marks — still apply.
  const lastWord =
    Boolean(features?.cancellationTiming || features?.fees) &&
    (event.type === 'gridCharged' || event.type === 'disconnected' || event.type === 'reopened' || event.type === 'taskDone');
  if (state.closed || (state.closing && !lastWord)) return result('rejected', `the case is ${state.closed ? 'closed' : 'closing'}`);

  const pending = processOpen(state);
  const disconnected = isDisconnected(state);
  const close = (reason: CloseReason, what: string) => {
    if (pending) {
      state.cancelRequest = true;
      if (!state.cancelCause) state.cancelCause = cause;
      if (features?.cancellationTiming && !state.cancelGround) state.cancelGround = { at: now, operatorHold: false };
    }
    state.closing = { reason, cause };
    state.interrupted = true;
    return applied(`${what}: the case closes (${reason})${pending ? '; the DataHub request is cancelled' : ''}`);
  };
  const hold = (h: Hold, what: string) => {
    state.holds.push(h);
    if (pending) {
      state.cancelRequest = true;
      if (!state.cancelCause) state.cancelCause = cause;
      if (features?.cancellationTiming && !state.cancelGround) state.cancelGround = { at: now, operatorHold: h.kind === 'operator' };
    }
    state.interrupted = true;
    return applied(`${what}: the case pauses${pending ? '; the DataHub request is cancelled' : ''}`, { holdId: h.holdId });
  };
  // Lifts a hold. Version 1's texts say "released": running cases have them in their timelines, so they stay.
  const release = (holdId: string, what: string) => {
    const index = state.holds.findIndex((h) => h.holdId === holdId);
    if (index < 0) return result('rejected', `no open hold ${holdId}`);
    state.holds.splice(index, 1);
    if (state.holds.length === 0) {
      state.resumeCause = cause;
      state.interrupted = true;
    }
    return applied(
      `${what}: hold ${holdId} released${state.holds.length === 0 ? '; the pending step is redone with fresh dates' : ''}`,
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
      const facts = { paidOre: event.amountOre, amountDueOre: state.amountDueOre };
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
        state.interrupted = true;
        return applied(`security of ${kr(event.amountOre)} provided: reopening`);
      }
      return close('security-provided', `security of ${kr(event.amountOre)} provided`);
    }
    case 'paymentArrangementAgreed': {
      state.arrangement = { arrangement: event.arrangement, messageId: event.messageId };
      if (disconnected) {
        state.interrupted = true;
        return applied(`payment arrangement (${event.arrangement}) agreed: reopening`);
      }
      return close('payment-arrangement', `payment arrangement (${event.arrangement}, BEK §26 stk. 3) agreed`);
    }
    case 'supplyAgreementSigned': {
      state.agreement = { validatedWith: event.validatedWith, effectiveFrom: event.effectiveFrom, messageId: event.messageId };
      state.interrupted = true;
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
      return hold({ holdId: `${kind}:${id}`, kind, reason: `${kind} filed (${basis})`, since: now }, `${kind} ${id} filed`);
    }
    case 'complaintResolved':
    case 'appealDecided': {
      const id = event.type === 'complaintResolved' ? event.complaintId : event.appealId;
      const kind = event.type === 'complaintResolved' ? 'complaint' : 'appeal';
      if (!state.filed.includes(`${kind}:${id}`)) return result('rejected', `no ${kind} ${id} was filed in this case`);
      if (event.upheld) {
        state.complaintUpheld = { messageId: event.messageId };
        state.holds = state.holds.filter((h) => h.holdId !== `${kind}:${id}`);
        if (disconnected) {
          state.interrupted = true;
          return applied(`${kind} ${id} upheld: wrongful disconnection, reopening the same working day (SV 3.3.1)`);
        }
        return close('complaint-upheld', `${kind} ${id} upheld`);
      }
      if (disconnected && !has(state.holds, (h) => h.holdId === `${kind}:${id}`)) {
        return applied(`${kind} ${id} resolved against the customer: no effect on the disconnection`);
      }
      return release(`${kind}:${id}`, `${kind} ${id} resolved against the customer`);
    }
    case 'customerMoved':
      return close('customer-moved', `customer moved out (${event.moveOutDate})`);

    // ----- operator
    case 'hold': {
      if (disconnected) return result('rejected', 'an operator hold has no effect after the disconnection');
      return hold(
        { holdId: `operator:${event.messageId}`, kind: 'operator', reason: event.reason, since: now },
        `operator hold (${event.reason})`,
      );
    }
    case 'retryStep': {
      if (!state.stuck) return result('rejected', 'no step is waiting for a retry');
      state.retryRequested = true;
      return applied(`operator asked to retry ${state.stuck.step}`);
    }
    case 'release': {
      const target =
        event.holdId ?? [...state.holds].reverse().find((h) => h.kind === 'operator')?.holdId ?? 'operator:(none open)';
      if (!target.startsWith('operator:')) return result('rejected', 'an operator releases operator holds only');
      return release(target, 'operator release');
    }

    // ----- DataHub
    case 'requestConfirmed': {
      if (!pending) return result('rejected', 'no pending DataHub request to confirm');
      state.request!.status = 'confirmed';
      if (event.processId) state.request!.processId = event.processId;
      return applied('DataHub confirmed the request', event.processId ? { processId: event.processId } : undefined);
    }
    case 'requestRejected': {
      if (!state.request) return result('rejected', 'no DataHub request to reject');
      state.request.status = 'rejected';
      state.needsAttention = true;
      state.interrupted = true;
      return applied(`DataHub rejected the request (${event.code}${event.text ? `: ${event.text}` : ''}); an operator must act`);
    }
    case 'disconnected': {
      if (features?.cancellationTiming && state.request?.status === 'cancelled' && !state.selfReopening && !state.disconnected) {
        // The grid disconnected before our cancellation reached it and reports it now: it reopens by
        // itself without undue delay (SV 2.2.1 e); afbryd sends no reopening of its own.
        const lc = state.lateCancellation;
        const wrongful = !lc?.reportBy || event.date > lc.date;
        state.selfReopening = { disconnectedDate: event.date, messageId: event.messageId, ...(wrongful ? { wrongful: true } : {}) };
        if (wrongful) state.needsAttention = true;
        state.interrupted = true;
        return applied(
          wrongful
            ? `the grid reports a disconnection on ${event.date}, after our cancellation${lc ? ` of ${lc.date}` : ''}: a wrongful disconnection (SV 3.3.1); the grid must reopen the same working day`
            : `the grid had disconnected on ${event.date} before the cancellation reached it: it reopens by itself (SV 2.2.1 e); no reopening request of ours`,
          { date: event.date },
        );
      }
      if (!pending) {
        state.needsAttention = true;
        return result('rejected', 'a disconnection was reported, but no request of this case is pending');
      }
      if (state.closing) return result('rejected', 'the case is closing');
      if (state.gridSla?.overdue) {
        state.gridSla.overdue = false;
        closeTasks(state, 'grid-overdue', now, event.messageId);
      }
      state.request!.status = 'disconnected';
      state.disconnected = { date: event.date, ...(event.meterReading ? { meterReading: event.meterReading } : {}) };
      state.interrupted = true;
      return applied(
        `disconnected on ${event.date}`,
        event.meterReading ? { meterReading: event.meterReading.value, unit: event.meterReading.unit } : { date: event.date },
      );
    }
    case 'notDisconnected': {
      if (!pending || state.request?.status === 'not-disconnected') {
        return result('rejected', 'the grid reported no disconnection, but no request is pending');
      }
      state.request!.status = 'not-disconnected';
      state.interrupted = true;
      if (state.gridSla?.overdue) {
        state.gridSla.overdue = false;
        closeTasks(state, 'grid-overdue', now, event.messageId);
      }
      if (features?.specialCircumstances) {
        state.refusals ??= [];
        state.refusals.push({ code: event.reason, ...(event.text ? { text: event.text } : {}), at: now, messageId: event.messageId });
        return applied(`the grid did not disconnect (${event.reason}${event.text ? `: ${event.text}` : ''}); next: ${refusalStep(event.reason).basis}`);
      }
      state.needsAttention = true;
      return applied(`the grid did not disconnect (${event.reason}${event.text ? `: ${event.text}` : ''}); an operator must act`);
    }
    case 'supplierSwitched':
      // DataHub ends the end-of-supply process itself (RULES 2 table): nothing to cancel.
      if (pending) state.request!.status = 'cancelled';
      state.cancelRequest = false;
      state.closing = { reason: 'supplier-switched', cause };
      state.interrupted = true;
      return applied(`another supplier supplies the metering point from ${event.effectiveDate} (BEK §26 stk. 5): the case closes`);
    case 'reopened': {
      if (state.selfReopening && !state.selfReopening.reopenedDate) {
        state.selfReopening.reopenedDate = event.date;
        closeTasks(state, 'grid-not-reopened', now, event.messageId);
        return applied(`the grid reopened by itself on ${event.date} (SV 2.2.1 e)`);
      }
      if (state.closing) return result('rejected', 'the case is closing');
      if (state.stage !== 'reopening') return result('rejected', 'a reopening was reported, but none was requested');
      state.closing = { reason: 'reopened', cause };
      state.interrupted = true;
      return applied(`reopened on ${event.date}`);
    }
    case 'notReopened':
      if (state.stage !== 'reopening') return result('rejected', 'the grid reported a failed reopening, but none was requested');
      state.needsAttention = true;
      return applied(`the grid could not reopen yet${event.expectedAt ? `; expected ${event.expectedAt}` : ''}`);
    case 'endOfSupplyCancelled':
      if (!state.request) return result('rejected', 'no DataHub request to cancel');
      state.request.status = 'cancelled';
      return applied('DataHub confirmed the cancellation of the request');

    // ----- the exceptions (issue 6)
    case 'gridCharged': {
      if (!features?.fees) return result('rejected', 'this case does not book grid charges (it started before fees were passed to billing)');
      if (!Number.isInteger(event.amountOre) || event.amountOre < 0) return result('rejected', 'a charge must be a whole amount in øre');
      state.pendingCharges ??= [];
      state.pendingCharges.push({ chargeKind: event.chargeKind, amountOre: event.amountOre, date: event.date, chargeId: event.chargeId, messageId: event.messageId });
      state.interrupted = true;
      return applied(`the grid charged ${kr(event.amountOre)} for ${event.chargeKind} on ${event.date} (charge ${event.chargeId}, via DataHub)`);
    }
    case 'authorityAnswered': {
      if (!features?.specialCircumstances) return result('rejected', 'this case involves no authorities');
      const contact = openContact(state, event.authority);
      if (!contact) return result('rejected', `no question to the ${event.authority} is open`);
      contact.answer = {
        messageId: event.messageId,
        ...(event.agreedDate ? { date: event.agreedDate } : {}),
        ...(event.agreedTime ? { time: event.agreedTime } : {}),
        ...(event.note ? { note: event.note.slice(0, 500) } : {}),
      };
      if (contact.taskId) closeTasks(state, 'authority-silent', now, event.messageId);
      state.interrupted = true;
      return applied(
        `the ${event.authority} answered${event.agreedDate ? `: agreed ${event.agreedDate}${event.agreedTime ? ` ${event.agreedTime}` : ''}` : ''}`,
        { authority: event.authority, ...(event.reference ? { reference: event.reference } : {}) },
      );
    }
    case 'courtScheduled': {
      if (!features?.specialCircumstances) return result('rejected', 'this case involves no bailiff court');
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
      state.interrupted = true;
      return applied(`the bailiff court set the ${event.meeting} for ${event.date} at ${event.time} (court case ${event.courtCaseId})`, {
        taskId: task.taskId,
      });
    }
    case 'dataHubOutageMarked': {
      if (!features?.gridSla) return result('rejected', 'this case has no overdue flag to suspend');
      if (state.dataHubOutage) return result('rejected', 'a DataHub outage is already marked');
      state.dataHubOutage = { since: now, messageId: event.messageId, ...(event.note ? { note: event.note.slice(0, 500) } : {}) };
      return applied('a DataHub outage is marked: the overdue flag is suspended (RULES 4; SV 2.3.1)');
    }
    case 'dataHubOutageCleared': {
      if (!features?.gridSla || !state.dataHubOutage) return result('rejected', 'no DataHub outage is marked');
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
      state.interrupted = true;
      return applied(`task ${event.taskId} (${task.kind}) done${event.note ? `: ${event.note.slice(0, 200)}` : ''}`);
    }
    case 'acknowledgeAttention':
    case 'reopeningInformationGiven':
    case 'proceedBelowMinimum':
      // Version 1 keeps a bare flag; its reasons are version 2's (issue 14). Refused, as any unknown type was.
      return result('rejected', `version 1 cases do not take ${event.type}`);
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

/**
 * The reducer's part of issue 6, without a server: given a state (with or without the behaviours a
 * case decided when it started), when an event arrives, then this outcome and this state. A case
 * started before the release (no features) keeps the old answers.
 */
import { describe, expect, it } from 'vitest';
import { resolveCaseSettings } from '../../../config/case-settings.js';
import type { DisconnectionRequest } from '../../../workflows/case/definitions.js';
import { applyEvent, processOpen, type CaseFeatures, type CaseState } from '../../../workflows/case/state.js';

const NOW = '2027-11-10T13:00:00.000Z'; // Wed 10 Nov 2027 14:00 Danish time
const ALL: CaseFeatures = { specialCircumstances: true, gridSla: true, cancellationTiming: true, fees: true, deposit: true };
const NONE: CaseFeatures = { specialCircumstances: false, gridSla: false, cancellationTiming: false, fees: false, deposit: false };

const request = (status: DisconnectionRequest['status']): DisconnectionRequest => ({
  kind: 'end-of-supply',
  cycle: 0,
  messageId: 'm',
  transactionId: 't',
  processId: 'brs002-1',
  sentDate: '2027-11-04',
  cutoff: '2027-11-09',
  cutoffBasis: 'b',
  windowDeadline: '2027-11-16',
  windowDeadlineBasis: 'b',
  status,
});

function given(features: CaseFeatures | undefined, overrides: Partial<CaseState> = {}): CaseState {
  return {
    caseId: 'c',
    customerId: 'C-1',
    meteringPointId: '571313100000000017',
    customerClass: 'household',
    meterKind: 'physical',
    stage: 'disconnection-requested',
    invoices: [{ invoiceId: 'I-1', amountOre: 100_000, dueDate: '2027-09-13' }],
    amountDueOre: 100_000,
    letters: [],
    holds: [],
    needsAttention: false,
    timeline: [],
    step: 'gridWindow',
    cycle: 0,
    redo: false,
    interrupted: false,
    cancelRequest: false,
    channelHint: 'digital',
    filed: [],
    outcomes: {},
    request: request('sent'),
    settings: resolveCaseSettings(),
    ...(features ? { features } : {}),
    ...overrides,
  };
}

describe('a refusal (RULES 5)', () => {
  it('is recorded and handled by the case itself; an old case flags it for an operator as before', () => {
    const now = given(ALL);
    expect(applyEvent(now, { messageId: 'r', type: 'notDisconnected', reason: 'D58' }, NOW).outcome).toBe('applied');
    expect(now.refusals).toEqual([{ code: 'D58', at: NOW, messageId: 'r' }]);
    expect(now.needsAttention).toBe(false);
    expect(processOpen(now)).toBe(true);

    const old = given(NONE);
    applyEvent(old, { messageId: 'r', type: 'notDisconnected', reason: 'D58' }, NOW);
    expect(old.refusals).toBeUndefined();
    expect(old.needsAttention).toBe(true);
    expect(processOpen(old)).toBe(false);
  });

  it('keeps the process open: full payment alone does not close it, a new agreement cancels it', () => {
    const state = given(ALL, { request: request('not-disconnected') });
    expect(applyEvent(state, { messageId: 'p', type: 'paymentReceived', amountOre: 100_000 }, NOW).reason).toContain('the request stands');
    expect(state.closing).toBeUndefined();
    applyEvent(state, { messageId: 'a', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-11-10' }, NOW);
    expect(state.closing?.reason).toBe('paid');
    expect(state.cancelRequest).toBe(true);
  });
});

describe('the exceptions events', () => {
  it('are refused by a case that started before them', () => {
    const old = given(NONE);
    expect(applyEvent(old, { messageId: 'g', type: 'gridCharged', chargeKind: 'late-cancellation', amountOre: 1, date: '2027-11-09', chargeId: 'x' }, NOW).outcome).toBe('rejected');
    expect(applyEvent(old, { messageId: 'o', type: 'dataHubOutageMarked' }, NOW).outcome).toBe('rejected');
    expect(applyEvent(old, { messageId: 'a', type: 'authorityAnswered', authority: 'police' }, NOW).outcome).toBe('rejected');
  });

  it('answer only an open question, and mark only an open task', () => {
    const state = given(ALL);
    expect(applyEvent(state, { messageId: 'a', type: 'authorityAnswered', authority: 'police' }, NOW)).toMatchObject({
      outcome: 'rejected',
      reason: 'no question to the police is open',
    });
    expect(applyEvent(state, { messageId: 't', type: 'taskDone', taskId: 'task-9' }, NOW).reason).toBe('no task task-9');
    expect(applyEvent(state, { messageId: 'c', type: 'courtScheduled', courtCaseId: 'FOG-1', meeting: 'enforcement', date: '2027-12-02', time: '09:30' }, NOW).outcome).toBe('rejected');
  });

  it('suspends the overdue flag during a marked outage and gives the grid its grace again after it', () => {
    const state = given(ALL, {
      gridSla: { windowDeadline: '2027-11-16', reportBy: '2027-11-17', overdueFrom: '2027-11-18', basis: 'b', overdue: true, since: NOW },
      tasks: [{ taskId: 'task-1', kind: 'grid-overdue', what: 'w', opened: NOW }],
    });
    expect(applyEvent(state, { messageId: 'o1', type: 'dataHubOutageMarked' }, NOW).outcome).toBe('applied');
    expect(applyEvent(state, { messageId: 'o2', type: 'dataHubOutageMarked' }, NOW).outcome).toBe('rejected');
    // cleared Fri 19 Nov 2027 10:00 → report by Mon 22 Nov, overdue from Tue 23 Nov
    applyEvent(state, { messageId: 'o3', type: 'dataHubOutageCleared' }, '2027-11-19T09:00:00.000Z');
    expect(state.gridSla).toMatchObject({ reportBy: '2027-11-22', overdueFrom: '2027-11-23', overdue: false });
    expect(state.tasks?.[0]?.closed).toMatchObject({ by: 'o3' });
  });

  it('accepts a disconnection reported after our cancellation as the grid reopening by itself', () => {
    const state = given(ALL, {
      request: request('cancelled'),
      closing: { reason: 'paid', cause: { type: 'start' } },
      lateCancellation: {
        cancelledAt: NOW,
        date: '2027-11-09',
        time: '09:30',
        lateFeePossible: true,
        reportBy: '2027-11-10',
        chargeWaitUntil: '2027-12-24',
        status: 'possible',
        passOn: true,
        passOnBasis: 'b',
        basis: 'b',
      },
    });
    expect(applyEvent(state, { messageId: 'd', type: 'disconnected', date: '2027-11-09' }, NOW).outcome).toBe('applied');
    expect(state.selfReopening).toEqual({ disconnectedDate: '2027-11-09', messageId: 'd' });
    expect(state.disconnected).toBeUndefined();
    expect(applyEvent(state, { messageId: 'r', type: 'reopened', date: '2027-11-10' }, NOW).outcome).toBe('applied');
    expect(state.selfReopening?.reopenedDate).toBe('2027-11-10');
    // anything else is still refused while closing
    expect(applyEvent(state, { messageId: 'p', type: 'paymentReceived', amountOre: 1 }, NOW).outcome).toBe('rejected');
  });
});

/**
 * Version 2's reducer and the operator's `proceedBelowMinimum` (release 0.6.10; RULES 11), without a
 * server: accepted only while the security demand's step waits below the minimum arrears (the step
 * sets `belowMinimum`, on a run with the feature only); refused otherwise with a reason the caller
 * hears, and never with an attention reason. The time-skipping scenario: below-minimum.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/case/definitions.js';
import { applyEvent, type CaseState } from '../../../workflows/case/v2/state.js';

const NOW = '2027-10-13T10:00:00.000Z';
/** A run started on release 0.6.10 or later (workflows/releases.ts). */
const ON = { moveOnBelowMinimum: true } as const;

function given(overrides: Partial<CaseState> = {}): CaseState {
  return {
    caseId: 'c',
    customerId: 'C-1',
    meteringPointId: '571313100000000017',
    customerClass: 'household',
    meterKind: 'physical',
    stage: 'reminder-2',
    invoices: [{ invoiceId: 'I-1', amountOre: 8_000, dueDate: '2027-09-13' }],
    amountDueOre: 8_000,
    letters: [],
    holds: [],
    timeline: [],
    step: 'securityDemand',
    cycle: 0,
    interruptions: 0,
    channelHint: 'digital',
    filed: [],
    outcomes: {},
    ...overrides,
  };
}

/** The state of a run with the feature, waiting at the security demand's step below the minimum. */
function waiting(): CaseState {
  return given({
    next: { step: 'securityDemand', waitingFor: 'arrears of at least 10000 øre (or payment)' },
    belowMinimum: { since: '2027-10-08T05:00:00.000Z', arrearsOre: 8_000, minimumOre: 10_000 },
    attention: [{ code: 'arrears-below-minimum', detail: 'arrears 8000 øre, below the minimum 10000 øre: no security demand yet', since: '2027-10-08T05:00:00.000Z', ref: 'securityDemand' }],
  });
}

const move = (messageId = 'm-1'): CaseEvent => ({ messageId, actor: 'operator:jens', type: 'proceedBelowMinimum', note: 'aftalt med teamleder' });

describe('proceedBelowMinimum (version 2, release 0.6.10)', () => {
  it('while the case waits below the minimum: applied, who and why recorded, the reason cleared, the wait told to end', () => {
    const s = waiting();
    const o = applyEvent(s, move(), NOW, 'update', ON);
    expect(o).toMatchObject({ outcome: 'applied' });
    expect(s.belowMinimum?.movedOn).toEqual({ at: NOW, messageId: 'm-1', actor: 'operator:jens', note: 'aftalt med teamleder' });
    expect(s.attention).toEqual([]);
    expect(s.timeline.at(-1)).toEqual({
      at: NOW,
      what: 'operator:jens moved the case on to the security demand below the minimum arrears (80.00 kr < 100.00 kr; RULES 11): aftalt med teamleder',
      cause: { type: 'event', messageId: 'm-1', eventType: 'proceedBelowMinimum', actor: 'operator:jens' },
      facts: { arrearsOre: 8_000, minimumOre: 10_000 },
    });
    // Nothing interrupts the step: it goes on from its wait (no redo, no new cycle).
    expect(s.interruptions).toBe(0);
  });

  it('the same message twice is a duplicate; a second message before the step acts is refused', () => {
    const s = waiting();
    applyEvent(s, move('m-1'), NOW, 'update', ON);
    expect(applyEvent(s, move('m-1'), NOW, 'update', ON).outcome).toBe('duplicate');
    expect(applyEvent(s, move('m-2'), NOW, 'update', ON)).toMatchObject({ outcome: 'rejected', reason: 'already moved on to the security demand (m-1)' });
  });

  it('a case not waiting below the minimum refuses it, by update or by signal, and gains no attention reason', () => {
    for (const door of ['update', 'signal'] as const) {
      const s = given({ stage: 'reminder-1', step: 'reminder2', next: { step: 'reminder2', date: '2027-09-27', basis: 'x' } });
      expect(applyEvent(s, move(), NOW, door, ON)).toMatchObject({
        outcome: 'rejected',
        reason: 'the case is not waiting at the reminders for arrears below the minimum (RULES 11, securityMinArrearsOre): there is nothing to move on',
      });
      expect(s.attention ?? []).toEqual([]);
      expect(s.timeline.at(-1)?.what).toMatch(/^message rejected: proceedBelowMinimum: /);
    }
  });

  it('a run started before 0.6.10 refuses it as it refused an unknown type: the caller hears why; a signal flags the case, as its history did', () => {
    const s = given({ next: { step: 'securityDemand', waitingFor: 'arrears of at least 10000 øre (or payment)' } });
    expect(applyEvent(s, move(), NOW, 'update')).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^the case waits at the reminders for arrears below the minimum \(RULES 11\), but it started on a release before 0\.6\.10/),
    });
    expect(s.attention ?? []).toEqual([]);
    // Even were the wait marked, a run without the feature does not move on.
    const marked = waiting();
    expect(applyEvent(marked, move(), NOW, 'update').outcome).toBe('rejected');
    expect(marked.belowMinimum?.movedOn).toBeUndefined();
    // By signal, `message-rejected` (with the message's id), exactly where 0.6.9 raised it for an unknown type.
    const bySignal = given();
    expect(applyEvent(bySignal, move('m-s'), NOW, 'signal')).toMatchObject({ outcome: 'rejected', reason: 'a case started on a release before 0.6.10 does not take proceedBelowMinimum' });
    expect(bySignal.attention?.map((r) => [r.code, r.ref])).toEqual([['message-rejected', 'm-s']]);
  });
});

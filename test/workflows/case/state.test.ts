/**
 * The event reducer (RULES 2 "events by stage") without a server: given a state, when an event
 * arrives, then this outcome and this state.
 */
import { describe, expect, it } from 'vitest';
import type { SentLetter } from '../../../workflows/case/definitions.js';
import { applyEvent, reopeningGrounds, type CaseState } from '../../../workflows/case/state.js';

const NOW = '2027-03-01T09:00:00.000Z';

function given(overrides: Partial<CaseState> = {}): CaseState {
  return {
    caseId: 'c',
    customerId: 'C-1',
    meteringPointId: '571313100000000017',
    customerClass: 'household',
    meterKind: 'physical',
    stage: 'reminder-2',
    invoices: [{ invoiceId: 'I-1', amountOre: 100_000, dueDate: '2027-01-11' }],
    amountDueOre: 100_000,
    letters: [],
    holds: [],
    needsAttention: false,
    timeline: [],
    step: 'securityDemand',
    cycle: 0,
    redo: false,
    interrupted: false,
    cancelRequest: false,
    channelHint: 'digital',
    filed: [],
    outcomes: {},
    ...overrides,
  };
}

const letter = (kind: SentLetter['kind']): SentLetter => ({
  kind,
  cycle: 0,
  letterId: `c:${kind}:0`,
  channel: 'digital',
  sentDate: '2027-02-01',
  receivedDate: '2027-02-01',
  contentHash: 'h',
});

describe('applyEvent', () => {
  it('rejects security before any security demand (the table says: no effect)', () => {
    const state = given();
    const outcome = applyEvent(state, { messageId: 's', type: 'securityProvided', amountOre: 1 }, NOW);
    expect(outcome).toMatchObject({ outcome: 'rejected' });
    expect(state.closing).toBeUndefined();
    expect(state.needsAttention).toBe(true);
  });

  it('closes on security once it has been demanded', () => {
    const state = given({ letters: [letter('securityDemand')], stage: 'security-demand' });
    expect(applyEvent(state, { messageId: 's', type: 'securityProvided', amountOre: 1 }, NOW).outcome).toBe('applied');
    expect(state.closing?.reason).toBe('security-provided');
  });

  it('rejects the resolution of a complaint that was never filed', () => {
    const state = given();
    const outcome = applyEvent(state, { messageId: 'r', type: 'complaintResolved', complaintId: 'K-9', upheld: true }, NOW);
    expect(outcome).toMatchObject({ outcome: 'rejected', reason: 'no complaint K-9 was filed in this case' });
    expect(state.closing).toBeUndefined();
  });

  it('closes on an upheld complaint that was filed', () => {
    const state = given();
    applyEvent(state, { messageId: 'f', type: 'complaintFiled', complaintId: 'K-1' }, NOW);
    expect(state.holds.map((h) => h.holdId)).toEqual(['complaint:K-1']);
    expect(applyEvent(state, { messageId: 'u', type: 'complaintResolved', complaintId: 'K-1', upheld: true }, NOW).outcome).toBe('applied');
    expect(state.closing?.reason).toBe('complaint-upheld');
    expect(state.holds).toEqual([]);
  });

  it('answers a repeated message id as a duplicate without applying it again', () => {
    const state = given();
    applyEvent(state, { messageId: 'p', type: 'paymentReceived', amountOre: 30_000 }, NOW);
    const again = applyEvent(state, { messageId: 'p', type: 'paymentReceived', amountOre: 30_000 }, NOW);
    expect(again.outcome).toBe('duplicate');
    expect(state.amountDueOre).toBe(70_000);
  });
});

describe('reopeningGrounds', () => {
  const disconnected = { date: '2027-03-01' };
  it('needs a new agreement and the arrears paid after an end of supply', () => {
    const request = { kind: 'end-of-supply' as const, status: 'disconnected' as const } as CaseState['request'];
    expect(reopeningGrounds(given({ disconnected, request, amountDueOre: 0 }))).toBe(false);
    expect(
      reopeningGrounds(given({ disconnected, request, amountDueOre: 0, agreement: { validatedWith: 'mitid', effectiveFrom: '2027-03-02', messageId: 'a' } })),
    ).toBe(true);
  });

  it('needs only the arrears paid after a disconnection that kept the agreement (BRS-039 D01)', () => {
    const request = { kind: 'disconnect-service' as const, status: 'disconnected' as const } as CaseState['request'];
    expect(reopeningGrounds(given({ disconnected, request, amountDueOre: 100 }))).toBe(false);
    expect(reopeningGrounds(given({ disconnected, request, amountDueOre: 0 }))).toBe(true);
  });
});

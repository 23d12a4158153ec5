/**
 * The requested-disconnection reducer (workflows/requested-disconnection/state.ts): a DataHub
 * confirmation that overtakes its request's own activity result (release 0.6.9).
 */
import { describe, expect, it } from 'vitest';
import { applyRequestedEvent, type RequestedState } from '../../../workflows/requested-disconnection/state.js';

function given(over: Partial<RequestedState> = {}): RequestedState {
  return {
    caseId: 'c-1',
    kind: 'requested-disconnection',
    requestId: 'REQ-1',
    meteringPointId: '571313100000000024',
    customerId: 'C-1001',
    requesterRole: 'owner',
    customerClass: 'household',
    stage: 'received',
    wantedDate: '2027-11-22',
    attention: [],
    timeline: [],
    outcomes: {},
    wake: 0,
    ...over,
  };
}
const ctx = { now: '2027-11-15T09:00:00.000Z', today: '2027-11-15' };
const codes = (s: RequestedState) => (s.attention ?? []).map((r) => r.code);

describe('a confirmation that overtakes its request (release 0.6.9)', () => {
  it('while the end of supply is in flight (requestInFlight), DataHub’s confirmation is kept for the request, not rejected', () => {
    const s = given({ requestInFlight: true });
    const o = applyRequestedEvent(s, { messageId: 'dh-early', actor: 'datahub', type: 'requestConfirmed', processId: 'brs002-9' }, ctx);
    expect(o.outcome).toBe('applied');
    expect(s.earlyConfirmation).toEqual({ messageId: 'dh-early', processId: 'brs002-9' });
    expect(codes(s)).toEqual([]);
  });

  it('a run without it (started before 0.6.9) rejects the same confirmation as before', () => {
    const s = given();
    expect(applyRequestedEvent(s, { messageId: 'dh-early', actor: 'datahub', type: 'requestConfirmed', processId: 'brs002-9' }, ctx).outcome).toBe('rejected');
    expect(s.earlyConfirmation).toBeUndefined();
    expect(codes(s)).toEqual(['message-rejected']);
  });
});

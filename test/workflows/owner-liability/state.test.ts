/**
 * The owner-liability reducer (workflows/owner-liability/state.ts), given/when/then with fixed dates:
 * duplicates, the unreachable rule, attempts dated outside the case, DataHub messages that do not fit
 * (flagged for an operator), and a closed case.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OWNER_SETTINGS, DEFAULT_RULES_SETTINGS } from '../../../rules/index.js';
import type { OwnerLiabilityEvent } from '../../../workflows/owner-liability/definitions.js';
import { applyOwnerEvent, type OwnerState } from '../../../workflows/owner-liability/state.js';

function given(over: Partial<OwnerState> = {}): OwnerState {
  return {
    caseId: 'c-1',
    kind: 'owner-liability',
    meteringPointId: '571313100000000017',
    ownerId: 'O-1',
    terminatedAgreementId: 'AGR-1',
    agreementEnd: '2027-10-31',
    ownerClass: 'household',
    stage: 'owner-notified',
    letters: [],
    contactAttempts: [],
    needsAttention: false,
    timeline: [],
    openedOn: '2027-10-04',
    channelHint: 'digital',
    outcomes: {},
    wake: 0,
    ...over,
  };
}
const ctx = (today: string) => ({ now: `${today}T08:00:00.000Z`, today, settings: { owner: DEFAULT_OWNER_SETTINGS, rules: DEFAULT_RULES_SETTINGS } });
const when = (state: OwnerState, event: OwnerLiabilityEvent, today = '2027-10-13') => applyOwnerEvent(state, event, ctx(today));

describe('applyOwnerEvent', () => {
  it('a duplicate message is answered with its first outcome and changes nothing', () => {
    const s = given();
    expect(when(s, { messageId: 'm', type: 'ownerAskedForDisconnection' }).outcome).toBe('applied');
    const again = when(s, { messageId: 'm', type: 'ownerAskedForDisconnection' });
    expect(again).toMatchObject({ outcome: 'duplicate', reason: expect.stringContaining('already applied') });
    expect(s.timeline).toHaveLength(1);
  });

  it('refuses the disconnection without acceptance until the attempts meet the rule, then asks for it (D13 ground)', () => {
    const s = given();
    expect(when(s, { messageId: 'a1', type: 'contactAttemptRecorded', date: '2027-10-05', channel: 'phone' }).outcome).toBe('applied');
    expect(when(s, { messageId: 'u1', type: 'ownerUnreachableDisconnection' })).toMatchObject({ outcome: 'rejected' });
    expect(s.wanted).toBeUndefined();
    expect(s.needsAttention).toBe(false); // an operator's early request is answered, not flagged
    // Tue 5 Oct → Tue 12 Oct: 6, 7, 8, 11, 12 = 5 hverdage, 2 channels.
    when(s, { messageId: 'a2', type: 'contactAttemptRecorded', date: '2027-10-12', channel: 'email' });
    expect(s.unreachable?.met).toBe(true);
    expect(when(s, { messageId: 'u2', type: 'ownerUnreachableDisconnection' }).outcome).toBe('applied');
    expect(s.wanted).toMatchObject({ ground: 'owner-unreachable', basis: expect.stringMatching(/^BEK §25 stk\. 8: the owner could not be reached/) });
    expect(when(s, { messageId: 'ask', type: 'ownerAskedForDisconnection' })).toMatchObject({ outcome: 'rejected', reason: 'a disconnection is already requested' });
  });

  it('refuses an attempt dated in the future or before the case opened', () => {
    const s = given();
    expect(when(s, { messageId: 'f', type: 'contactAttemptRecorded', date: '2027-10-14', channel: 'sms' }).reason).toBe("the attempt's date 2027-10-14 is in the future");
    expect(when(s, { messageId: 'b', type: 'contactAttemptRecorded', date: '2027-10-01', channel: 'sms' }).reason).toBe("the attempt's date 2027-10-01 is before the case opened (2027-10-04)");
    expect(s.contactAttempts).toEqual([]);
  });

  it('flags DataHub messages that do not fit the case for an operator', () => {
    const s = given();
    expect(when(s, { messageId: 'd', actor: 'datahub', type: 'disconnected', date: '2027-10-19' })).toMatchObject({ outcome: 'rejected', reason: 'no disconnection was requested by this case' });
    expect(s.needsAttention).toBe(true);
  });

  it('a new agreement closes the case and asks for the pending request to be cancelled; nothing applies after', () => {
    const s = given({
      request: {
        flag: 'D12', messageId: 'm', transactionId: 't', sentDate: '2027-10-13', cutoff: '2027-10-18', cutoffBasis: 'b',
        windowDeadline: '2027-10-25', windowDeadlineBasis: 'b', reportBy: '2027-10-26', overdueFrom: '2027-10-27', status: 'sent',
      },
    });
    const o = when(s, { messageId: 'n', type: 'agreementSigned', signedBy: 'new-customer', agreementId: 'AGR-9', effectiveFrom: '2027-11-01' });
    expect(o.reason).toMatch(/the case closes \(new-agreement\); the DataHub request is cancelled$/);
    expect(s.closing).toMatchObject({ reason: 'new-agreement', cancelRequest: true });
    expect(when(s, { messageId: 'late', type: 'ownerAskedForDisconnection' })).toMatchObject({ outcome: 'rejected', reason: 'the case is closing' });
    expect(when(s, { messageId: 'ok', type: 'endOfSupplyCancelled' }).outcome).toBe('applied');
  });
});

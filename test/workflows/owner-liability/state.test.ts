/**
 * The owner-liability reducer (workflows/owner-liability/state.ts), given/when/then with fixed dates:
 * duplicates, the unreachable rule, attempts dated outside the case, DataHub messages that do not fit
 * (an attention reason when they came by signal, none when an update's caller heard the refusal), the
 * reasons the grid's answers open and what clears them, and a closed case.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OWNER_SETTINGS, DEFAULT_RULES_SETTINGS } from '../../../rules/index.js';
import type { OwnerLiabilityEvent } from '../../../workflows/owner-liability/definitions.js';
import { applyOwnerEvent, type OwnerState } from '../../../workflows/owner-liability/state.js';
import { needsAttention, publishedAttention, raiseAttention } from '../../../workflows/shared/attention.js';

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
    attention: [],
    timeline: [],
    openedOn: '2027-10-04',
    channelHint: 'digital',
    outcomes: {},
    wake: 0,
    ...over,
  };
}
const ctx = (today: string) => ({ now: `${today}T08:00:00.000Z`, today, settings: { owner: DEFAULT_OWNER_SETTINGS, rules: DEFAULT_RULES_SETTINGS } });
const when = (state: OwnerState, event: OwnerLiabilityEvent, today = '2027-10-13', door: 'signal' | 'update' = 'signal') => applyOwnerEvent(state, event, ctx(today), door);
const codes = (s: OwnerState) => (s.attention ?? []).map((r) => r.code);
const pending = {
  flag: 'D12', messageId: 'm', transactionId: 't', sentDate: '2027-10-13', cutoff: '2027-10-18', cutoffBasis: 'b',
  windowDeadline: '2027-10-25', windowDeadlineBasis: 'b', reportBy: '2027-10-26', overdueFrom: '2027-10-27', status: 'sent',
} as const;

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
    expect(s.attention).toEqual([]); // an operator's early request is answered, not flagged (by either door)
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

  it('a DataHub message that does not fit, by signal (nobody hears the refusal), opens message-rejected', () => {
    const s = given();
    expect(when(s, { messageId: 'd', actor: 'datahub', type: 'disconnected', date: '2027-10-19' })).toMatchObject({ outcome: 'rejected', reason: 'no disconnection was requested by this case' });
    expect(s.attention).toEqual([
      { code: 'message-rejected', detail: 'disconnected d: no disconnection was requested by this case', since: '2027-10-13T08:00:00.000Z', ref: 'd' },
    ]);
    expect(needsAttention(s)).toBe(true);
    // A duplicate of it changes nothing.
    expect(when(s, { messageId: 'd', actor: 'datahub', type: 'disconnected', date: '2027-10-19' }).outcome).toBe('duplicate');
    expect(s.attention).toHaveLength(1);
  });

  it('the same refusal through the update door is answered to its caller and opens no reason', () => {
    const s = given();
    expect(when(s, { messageId: 'd', actor: 'datahub', type: 'disconnected', date: '2027-10-19' }, '2027-10-13', 'update')).toMatchObject({ outcome: 'rejected' });
    expect(when(s, { messageId: 'c', actor: 'datahub', type: 'requestConfirmed' }, '2027-10-13', 'update')).toMatchObject({ outcome: 'rejected' });
    expect(when(s, { messageId: 'x', type: 'bogus' } as unknown as OwnerLiabilityEvent, '2027-10-13', 'update')).toMatchObject({ outcome: 'rejected' });
    expect(s.attention).toEqual([]);
    expect(needsAttention(s)).toBe(false);
    expect(s.timeline.map((t) => t.what)).toEqual([
      'message rejected: disconnected: no disconnection was requested by this case',
      'message rejected: requestConfirmed: no request waits for confirmation',
      'message rejected: bogus: unknown event type "bogus"',
    ]);
  });

  it('an unknown event type by signal opens message-rejected', () => {
    const s = given();
    expect(when(s, { messageId: 'x', type: 'bogus' } as unknown as OwnerLiabilityEvent).outcome).toBe('rejected');
    expect(codes(s)).toEqual(['message-rejected']);
  });

  it("the grid's answers: a refusal opens not-disconnected, DataHub's rejection request-rejected; an overdue flag is cleared by the grid's report", () => {
    const refused = given({ request: { ...pending, overdue: true } });
    raiseAttention(refused, 'grid-overdue', 'no outcome', '2027-10-27T00:00:00.000Z', 'm');
    when(refused, { messageId: 'nd', actor: 'datahub', type: 'notDisconnected', reason: 'D41', text: 'no access' });
    expect(refused.attention).toEqual([{ code: 'not-disconnected', detail: 'the grid did not disconnect (D41: no access)', since: '2027-10-13T08:00:00.000Z', ref: 'nd' }]);

    const rejected = given({ request: { ...pending } });
    when(rejected, { messageId: 'rr', actor: 'datahub', type: 'requestRejected', code: 'E10' });
    expect(rejected.attention).toEqual([{ code: 'request-rejected', detail: 'DataHub rejected the request (E10)', since: '2027-10-13T08:00:00.000Z', ref: 'rr' }]);

    const late = given({ request: { ...pending, overdue: true } });
    raiseAttention(late, 'grid-overdue', 'no outcome', '2027-10-27T00:00:00.000Z', 'm');
    expect(when(late, { messageId: 'dd', actor: 'datahub', type: 'disconnected', date: '2027-10-28' }).outcome).toBe('applied');
    expect(late.attention).toEqual([]);
  });

  it('retryStep clears the stopped letter’s step-failed reason (its clearing action)', () => {
    const s = given({ stage: 'opened', stuck: { failure: 'UnknownCustomer: O-1' } });
    raiseAttention(s, 'step-failed', 'ownerLetter: UnknownCustomer: O-1', '2027-10-13T07:00:00.000Z', 'ownerLetter');
    expect(when(s, { messageId: 'r', actor: 'operator:jens', type: 'retryStep' }, '2027-10-13', 'update').outcome).toBe('applied');
    expect(s.retryRequested).toBe(true);
    expect(s.attention).toEqual([]);
    expect(needsAttention(s)).toBe(false);
  });

  it('a new agreement closes the case and asks for the pending request to be cancelled; nothing applies after', () => {
    const s = given({ request: { ...pending } });
    const o = when(s, { messageId: 'n', type: 'agreementSigned', signedBy: 'new-customer', agreementId: 'AGR-9', effectiveFrom: '2027-11-01' });
    expect(o.reason).toMatch(/the case closes \(new-agreement\); the DataHub request is cancelled$/);
    expect(s.closing).toMatchObject({ reason: 'new-agreement', cancelRequest: true });
    expect(when(s, { messageId: 'late', type: 'ownerAskedForDisconnection' })).toMatchObject({ outcome: 'rejected', reason: 'the case is closing' });
    expect(when(s, { messageId: 'ok', type: 'endOfSupplyCancelled' }).outcome).toBe('applied');
    // billing's late message is answered, not flagged; DataHub's, by signal, is flagged.
    expect(s.attention).toEqual([]);
    when(s, { messageId: 'dh', actor: 'datahub', type: 'requestConfirmed' });
    expect(codes(s)).toEqual(['message-rejected']);
  });

  it('acknowledgeAttention removes the reason it names, and is refused when none is open', () => {
    const s = given();
    when(s, { messageId: 'd', actor: 'datahub', type: 'disconnected', date: '2027-10-19' });
    expect(codes(s)).toEqual(['message-rejected']);
    const note = 'DataHub resent an old message; checked, nothing to do';
    expect(when(s, { messageId: 'a', actor: 'operator:jens', type: 'acknowledgeAttention', code: 'message-rejected', ref: 'd', note }, '2027-10-13', 'update').outcome).toBe('applied');
    expect(s.attention).toEqual([]);
    expect(when(s, { messageId: 'a2', actor: 'operator:jens', type: 'acknowledgeAttention', code: 'message-rejected', note }, '2027-10-13', 'update')).toMatchObject({
      outcome: 'rejected',
      reason: 'no open attention reason message-rejected',
    });
    expect(s.attention).toEqual([]);
  });

  it('a run started before release 0.6 publishes the 0.5 flag: set where 0.5 set it (by either door), never cleared', () => {
    // 0.5 flagged a DataHub message that did not fit, by update as well as by signal …
    const byUpdate = given();
    when(byUpdate, { messageId: 'c', actor: 'datahub', type: 'requestConfirmed' }, '2027-10-13', 'update');
    expect(publishedAttention(byUpdate, false)).toBe(true);
    expect(publishedAttention(byUpdate, true)).toBe(false);
    // … but not an unknown event type …
    const unknown = given();
    when(unknown, { messageId: 'x', type: 'bogus' } as unknown as OwnerLiabilityEvent);
    expect(publishedAttention(unknown, false)).toBe(false);
    expect(publishedAttention(unknown, true)).toBe(true);
    // … and nothing cleared it: the grid's report after DataHub's rejection leaves it set.
    const rejected = given({ request: { ...pending } });
    when(rejected, { messageId: 'nd', actor: 'datahub', type: 'notDisconnected', reason: 'D41' });
    when(rejected, { messageId: 'ack', actor: 'operator:jens', type: 'acknowledgeAttention', code: 'not-disconnected', note: 'agreed with the grid' }, '2027-10-13', 'update');
    expect(publishedAttention(rejected, true)).toBe(false);
    expect(publishedAttention(rejected, false)).toBe(true);
  });

  it('agreementEndConflict (the one-off check) opens owner-cutoff-before-agreement-end once; a cut-off after the agreement is refused', () => {
    const s = given({ request: { ...pending } }); // agreement to 2027-10-31, cut-off 2027-10-18
    expect(when(s, { messageId: 'agreement-end-check:2027-10-18', actor: 'operator:cli', type: 'agreementEndConflict', plannedCutoff: '2027-10-18' }, '2027-10-13', 'update').outcome).toBe('applied');
    expect(s.attention).toEqual([
      { code: 'owner-cutoff-before-agreement-end', detail: "planned cut-off 2027-10-18, the terminated agreement's last day 2027-10-31", since: '2027-10-13T08:00:00.000Z', ref: 'agreement-end' },
    ]);
    expect(publishedAttention(s, false)).toBe(true); // a pre-0.6 run publishes it too
    expect(when(s, { messageId: 'agreement-end-check:2027-10-18', actor: 'operator:cli', type: 'agreementEndConflict', plannedCutoff: '2027-10-18' }, '2027-10-13', 'update').outcome).toBe('duplicate');
    expect(when(s, { messageId: 'x', actor: 'operator:cli', type: 'agreementEndConflict', plannedCutoff: '2027-11-01' }, '2027-10-13', 'update')).toMatchObject({
      outcome: 'rejected',
      reason: "the planned cut-off 2027-11-01 is after the agreement's last day 2027-10-31",
    });
  });
});

describe('a confirmation that overtakes its request (release 0.6.9)', () => {
  it('while the end of supply is in flight (requestInFlight), DataHub’s confirmation is kept for the request, not rejected', () => {
    const s = given({ requestInFlight: true, disconnectionGround: undefined });
    const o = when(s, { messageId: 'dh-early', actor: 'datahub', type: 'requestConfirmed', processId: 'brs002-9' });
    expect(o.outcome).toBe('applied');
    expect(s.earlyConfirmation).toEqual({ messageId: 'dh-early', processId: 'brs002-9' });
    expect(codes(s)).toEqual([]);
  });

  it('a run without it (started before 0.6.9) rejects the same confirmation as before', () => {
    const s = given();
    expect(when(s, { messageId: 'dh-early', actor: 'datahub', type: 'requestConfirmed', processId: 'brs002-9' }).outcome).toBe('rejected');
    expect(s.earlyConfirmation).toBeUndefined();
    expect(codes(s)).toEqual(['message-rejected']);
  });
});

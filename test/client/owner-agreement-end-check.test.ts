/**
 * The one-off check of release 0.6 (issue 15, item 1; client/owner-cases.ts): which open owner cases
 * planned a disconnection before the day after the terminated agreement ends. The example of the
 * issue: agreement to Sun 31 Oct 2027, the owner offered Thu 7 Oct 2027 by a run started before 0.6.
 */
import { describe, expect, it } from 'vitest';
import { plannedBeforeAgreementEnd } from '../../client/owner-cases.js';

const offered = (cutoff: string) => ({ askBy: '2027-10-04', cutoff: { date: cutoff, basis: 'b' }, windowDeadline: { date: '2027-10-14', basis: 'b' }, payment: 'p' });
const request = (cutoff: string, status: 'sent' | 'confirmed' | 'not-disconnected' | 'disconnected' | 'rejected' | 'cancelled') =>
  ({
    flag: 'D12', messageId: 'm', transactionId: 't', sentDate: '2027-10-04', cutoff, cutoffBasis: 'b',
    windowDeadline: '2027-10-14', windowDeadlineBasis: 'b', reportBy: '2027-10-15', overdueFrom: '2027-10-16', status,
  }) as const;

describe('plannedBeforeAgreementEnd', () => {
  it("finds the owner's letter offering Thu 7 Oct 2027 for an agreement to Sun 31 Oct 2027", () => {
    expect(plannedBeforeAgreementEnd({ agreementEnd: '2027-10-31', earliestDisconnection: offered('2027-10-07') })).toEqual({ plannedCutoff: '2027-10-07', plannedIn: 'letter' });
  });

  it('the last day of the agreement itself is too early; the day after is right', () => {
    expect(plannedBeforeAgreementEnd({ agreementEnd: '2027-10-31', earliestDisconnection: offered('2027-10-31') })).toBeDefined();
    expect(plannedBeforeAgreementEnd({ agreementEnd: '2027-10-31', earliestDisconnection: offered('2027-11-01') })).toBeUndefined();
  });

  it('a pending request counts over the letter; a request carried out, rejected or cancelled plans nothing', () => {
    expect(plannedBeforeAgreementEnd({ agreementEnd: '2027-10-31', earliestDisconnection: offered('2027-11-01'), request: request('2027-10-18', 'confirmed') })).toEqual({
      plannedCutoff: '2027-10-18',
      plannedIn: 'request',
    });
    for (const status of ['disconnected', 'rejected', 'cancelled'] as const) {
      expect(plannedBeforeAgreementEnd({ agreementEnd: '2027-10-31', earliestDisconnection: offered('2027-10-07'), request: request('2027-10-18', status) })).toBeUndefined();
    }
  });

  it('a case whose letter has not gone out plans nothing yet', () => {
    expect(plannedBeforeAgreementEnd({ agreementEnd: '2027-10-31' })).toBeUndefined();
  });
});

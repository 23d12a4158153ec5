/**
 * When the grid does not disconnect (RULES 4, 5, 2.6): the report deadline and the overdue day, the
 * step after each refusal code, the date of a new request, the chase plan, and a cancellation's
 * timing. Every row worked by hand (calendar 2027: Maundy Thursday 25 Mar, Good Friday 26 Mar,
 * Easter Monday 29 Mar; 24 and 31 Dec are not working days).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXCEPTION_SETTINGS,
  cancellationTiming,
  chasePlan,
  followUpRequestDate,
  gridReportDeadline,
  lateFeeIsCustomers,
  refusalStep,
  reportDeadlineAfterOutage,
} from '../../rules/index.js';
import { resolveExceptionSettings } from '../../config/exceptions.js';

describe('the grid report deadline (RULES 4): window deadline + 1 working day', () => {
  it.each([
    // window deadline Tue 16 Nov → report by Wed 17 Nov → overdue from Thu 18 Nov
    ['2027-11-16', '2027-11-17', '2027-11-18'],
    // Fri 19 Nov → Mon 22 Nov (the weekend is no working day) → overdue from Tue 23 Nov
    ['2027-11-19', '2027-11-22', '2027-11-23'],
    // Wed 24 Mar → Thu 25 (Maundy Thursday), Fri 26 (Good Friday), Mon 29 (Easter Monday) are holidays → Tue 30 Mar
    ['2027-03-24', '2027-03-30', '2027-03-31'],
    // Thu 23 Dec → Fri 24 Dec is no working day; Mon 27 Dec is → overdue from Tue 28 Dec
    ['2027-12-23', '2027-12-27', '2027-12-28'],
  ])('%s → report by %s, overdue from %s', (deadline, reportBy, overdueFrom) => {
    expect(gridReportDeadline(deadline)).toMatchObject({ reportBy, overdueFrom });
  });

  it('gives the grid the grace again after a DataHub outage, never less than before', () => {
    const before = gridReportDeadline('2027-11-16');
    // outage over Fri 19 Nov → + 1 working day = Mon 22 Nov → overdue from Tue 23 Nov
    expect(reportDeadlineAfterOutage(before, '2027-11-19')).toMatchObject({ reportBy: '2027-11-22', overdueFrom: '2027-11-23' });
    // outage over Mon 15 Nov → Tue 16 Nov is earlier than the deadline Wed 17 Nov: it stands
    expect(reportDeadlineAfterOutage(before, '2027-11-15')).toMatchObject({ reportBy: '2027-11-17', overdueFrom: '2027-11-18' });
  });
});

describe('the step after a refusal (RULES 5)', () => {
  it.each([
    ['D41', 'municipality', 'D09'],
    ['D42', 'police', 'D10'],
    ['D43', 'bailiff-court', 'D11'],
    ['D58', 'bailiff-court', 'D11'], // no access → the bailiff court (SV 2.3.3.1)
    ['D44', undefined, 'D13'],
  ] as const)('%s → %s, then %s', (code, authority, serviceType) => {
    const step = refusalStep(code);
    expect(step.authority).toBe(authority);
    expect(step.serviceType).toBe(serviceType);
  });
});

describe('the date of a new request in the same process (RULES 5)', () => {
  it.each([
    // sent Wed 17 Nov: 18, 19, 22 Nov → Mon 22 Nov, a disconnection day for both
    ['2027-11-17', 'household', '2027-11-22'],
    // sent Tue 16 Nov: 17, 18, 19 → Fri 19 Nov; no household disconnection on a Friday → Mon 22 Nov
    ['2027-11-16', 'household', '2027-11-22'],
    ['2027-11-16', 'business', '2027-11-19'],
  ] as const)('sent %s for a %s → %s', (request, customerClass, date) => {
    expect(followUpRequestDate({ request, customerClass }).date).toBe(date);
  });

  it('takes the date agreed with the police or set by the court, unless it is before the request', () => {
    expect(followUpRequestDate({ request: '2027-11-17', customerClass: 'household', agreed: { date: '2027-12-02', by: 'set by the court' } })).toMatchObject({
      date: '2027-12-02',
      basis: expect.stringContaining('set by the court'),
    });
    // agreed Mon 15 Nov, but the request goes out Wed 17 Nov → the earliest date, Mon 22 Nov
    expect(followUpRequestDate({ request: '2027-11-17', customerClass: 'household', agreed: { date: '2027-11-15', by: 'agreed' } }).date).toBe('2027-11-22');
  });
});

describe('chasing an outside party (RULES 5)', () => {
  it.each([
    // asked Wed 17 Nov: 18, 19, 22, 23, 24 → chased Wed 24 Nov; 25, 26, 29, 30 Nov, 1 Dec → task Wed 1 Dec
    ['2027-11-17', '2027-11-24', '2027-12-01'],
    // asked Sat 20 Nov: counted from Mon 22 Nov: 23, 24, 25, 26, 29 → Mon 29 Nov; 30, 1, 2, 3, 6 → Mon 6 Dec
    ['2027-11-20', '2027-11-29', '2027-12-06'],
    // asked Fri 17 Dec: 20, 21, 22, 23, (24 no), 27 → Mon 27 Dec; 28, 29, 30, (31, 1 Jan no), 3, 4 Jan → Tue 4 Jan
    ['2027-12-17', '2027-12-27', '2028-01-04'],
  ])('asked %s → chased %s, an operator task %s', (asked, chaseOn, taskOn) => {
    expect(chasePlan(asked)).toMatchObject({ chaseOn, taskOn });
  });
});

describe("a cancellation's timing (RULES 2.6; SV 2.2.1 e, 2.4)", () => {
  // cut-off Tue 9 Nov 2027, physical window to Tue 16 Nov
  const timing = (date: string, time: string, customerClass: 'household' | 'business' = 'household') =>
    cancellationTiming({ date, time, cutoff: '2027-11-09', windowDeadline: '2027-11-16', customerClass });

  it.each([
    // [date, time, class, late fee possible, await a report until]
    ['2027-11-08', '10:00:00', 'household', false, undefined], // before the cut-off: nothing
    ['2027-11-09', '07:45:00', 'household', false, undefined], // before the 08:00 check on the cut-off day
    ['2027-11-09', '08:00:00', 'household', false, undefined], // at 08:00: still in time ("until 08:00")
    ['2027-11-09', '09:30:00', 'household', true, '2027-11-10'], // after 08:00 on a disconnection day: report by Wed 10 Nov
    ['2027-11-10', '07:30:00', 'household', false, '2027-11-11'], // in time today, but the grid could have disconnected Tue 9 Nov
    ['2027-11-12', '10:00:00', 'household', false, '2027-11-15'], // Friday: no household disconnection; earlier days 9–11 Nov; report by Mon 15 Nov
    ['2027-11-12', '10:00:00', 'business', true, '2027-11-15'], // Friday is a business disconnection day
  ] as const)('%s %s (%s): late fee %s, report awaited until %s', (date, time, customerClass, late, reportBy) => {
    const t = timing(date, time, customerClass);
    expect(t.lateFeePossible).toBe(late);
    expect(t.reportBy).toBe(reportBy);
  });

  it("is the customer's only when the customer's ground itself came after 08:00", () => {
    expect(lateFeeIsCustomers({ groundDate: '2027-11-09', groundTime: '09:15:00', cancelDate: '2027-11-09', operatorHold: false }).passOn).toBe(true);
    // the payment arrived 07:50 but the cancellation went out after 08:00: the supplier's delay
    expect(lateFeeIsCustomers({ groundDate: '2027-11-09', groundTime: '07:50:00', cancelDate: '2027-11-09', operatorHold: false }).passOn).toBe(false);
    expect(lateFeeIsCustomers({ groundDate: '2027-11-09', groundTime: '09:15:00', cancelDate: '2027-11-09', operatorHold: true }).passOn).toBe(false);
  });
});

describe('exception settings', () => {
  it('has the documented defaults and refuses bad values', () => {
    expect(resolveExceptionSettings()).toEqual(DEFAULT_EXCEPTION_SETTINGS);
    expect(DEFAULT_EXCEPTION_SETTINGS).toMatchObject({ gridReportGraceWorkingDays: 1, chaseAfterWorkingDays: 5, operatorTaskAfterWorkingDays: 10 });
    expect(() => resolveExceptionSettings({ gridReportGraceWorkingDays: 0 })).toThrow(/AFBRYD_EXCEPTIONS\.gridReportGraceWorkingDays/);
    expect(() => resolveExceptionSettings({ chaseAfterWorkingDays: 8, operatorTaskAfterWorkingDays: 5 })).toThrow(/operatorTaskAfterWorkingDays/);
  });
});

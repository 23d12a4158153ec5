/** The step-by-step schedule and Copenhagen wall-clock instants, worked out by hand. */
import { describe, expect, it } from 'vitest';
import {
  businessRequestDate,
  copenhagenInstant,
  copenhagenLocalTime,
  householdRequestDate,
  reminder1Date,
  reminder2Date,
  reminderPaymentDeadline,
  securityDemandDate,
  terminationNoticeDate,
} from '../../rules/index.js';

describe('schedule steps (RULES 2 worked example, due Mon 14 Sep 2026)', () => {
  it.each([
    // due + 3 days
    ['reminder 1', () => reminder1Date('2026-09-14').date, '2026-09-17'],
    // 17 Sep + 10 days
    ['reminder 1 deadline', () => reminderPaymentDeadline('2026-09-17').date, '2026-09-27'],
    // max(27 Sep + 1, 17 Sep + 10 = 27 Sep) = 28 Sep
    ['reminder 2', () => reminder2Date('2026-09-17', '2026-09-27').date, '2026-09-28'],
    // reminder 2 deadline 8 Oct + 1
    ['security demand', () => securityDemandDate('2026-10-08').date, '2026-10-09'],
    // security deadline 30 Oct + 1
    ['termination notice', () => terminationNoticeDate('2026-10-30').date, '2026-10-31'],
    // effective Wed 4 Nov → first working day after: Thu 5 Nov
    ['household request', () => householdRequestDate('2026-11-04').date, '2026-11-05'],
    // reminder 2 deadline Thu 8 Oct → Fri 9 Oct
    ['business request', () => businessRequestDate('2026-10-08').date, '2026-10-09'],
    // effective Wed 23 Dec 2026 → 24 (not a working day), 25–27 (holiday, weekend) → Mon 28 Dec
    ['household request over Christmas', () => householdRequestDate('2026-12-23').date, '2026-12-28'],
    // effective Wed 1 Apr 2026 → Thu 2 Apr Maundy Thursday, 3 Good Friday, 4–5 weekend/Easter, 6 Easter Monday → Tue 7 Apr
    ['household request over Easter', () => householdRequestDate('2026-04-01').date, '2026-04-07'],
  ])('%s', (_name, compute, expected) => {
    expect(compute()).toBe(expected);
  });

  it('reminder 2 waits for the 10-day minimum when reminder 1 gave a shorter deadline', () => {
    // reminderPaymentDays 5: deadline 22 Sep; but ≥ 10 days after 17 Sep → 27 Sep
    expect(reminder2Date('2026-09-17', '2026-09-22').date).toBe('2026-09-27');
  });
});

describe('copenhagenInstant', () => {
  it.each([
    // summer (CEST, UTC+2)
    ['2031-06-02', '09:00', '2031-06-02T07:00:00.000Z'],
    // winter (CET, UTC+1)
    ['2031-12-01', '09:00', '2031-12-01T08:00:00.000Z'],
    // last Sunday of March 2026 is 29 Mar: 01:30 is still CET
    ['2026-03-29', '01:30', '2026-03-29T00:30:00.000Z'],
    // 02:30 does not exist that day: the clocks jump at 01:00 UTC
    ['2026-03-29', '02:30', '2026-03-29T01:00:00.000Z'],
    // 03:00 CEST
    ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    // last Sunday of October 2026 is 25 Oct: 02:30 happens twice; the earlier (CEST) one
    ['2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
  ])('%s %s Copenhagen is %s', (date, time, iso) => {
    expect(new Date(copenhagenInstant(date, time)).toISOString()).toBe(iso);
  });

  it('round-trips with copenhagenLocalTime on every hour of 2027', () => {
    for (let day = 0; day < 365; day++) {
      const date = new Date(Date.UTC(2027, 0, 1 + day)).toISOString().slice(0, 10);
      for (const time of ['00:00:00', '06:00:00', '12:00:00', '23:00:00']) {
        expect(copenhagenLocalTime(copenhagenInstant(date, time)).local).toBe(`${date}T${time}`);
      }
    }
  });

  it('refuses a malformed time', () => {
    expect(() => copenhagenInstant('2031-06-02', '25:00')).toThrow(RangeError);
    expect(() => copenhagenInstant('2031-06-02', '9am')).toThrow(RangeError);
  });
});

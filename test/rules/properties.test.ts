/**
 * Property tests over every day of 2024–2035: the legal bounds themselves, counted with the
 * independent reference calendar in `reference-calendar.ts` (an Easter algorithm and Date.UTC, no
 * code shared with `rules/`).
 */
import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  CUSTOMER_CLASSES,
  METER_KINDS,
  earliestCutoff,
  gridWindow,
  holidayName,
  isDisconnectionDay,
  isHverdag,
  isWorkingDay,
  planCase,
  type CustomerClass,
  type MeterKind,
} from '../../rules/index.js';
import * as ref from './reference-calendar.js';

const FIRST = '2024-01-01';
const LAST = '2035-12-31';

function* everyDay(from = FIRST, to = LAST): Generator<string> {
  for (let d = from; d <= to; d = ref.plus(d, 1)) yield d;
}

const allowed = (cls: CustomerClass, meter: MeterKind) => cls !== 'business-large' || meter === 'hourly';

/** The first reference working day on or after a date. */
function refAnchor(date: string): string {
  let d = date;
  while (!ref.isWorking(d)) d = ref.plus(d, 1);
  return d;
}

/** The first reference hverdag after a date. */
function refNextHverdag(date: string): string {
  let d = ref.plus(date, 1);
  while (!ref.isHverdag(d)) d = ref.plus(d, 1);
  return d;
}

/** Working days in [from, to], both included. */
function workingDaysFromTo(from: string, to: string): number {
  return (ref.isWorking(from) ? 1 : 0) + ref.countAfter(from, to, ref.isWorking);
}

describe('the calendar agrees with the reference calendar, every day 2024–2035', () => {
  it('holidays, working days, hverdage and disconnection days', () => {
    let days = 0;
    for (const d of everyDay()) {
      days++;
      expect(holidayName(d) !== null, `${d} holiday`).toBe(ref.isHoliday(d));
      expect(isWorkingDay(d), `${d} working day`).toBe(ref.isWorking(d));
      expect(isHverdag(d), `${d} hverdag`).toBe(ref.isHverdag(d));
      for (const cls of CUSTOMER_CLASSES) expect(isDisconnectionDay(d, cls), `${d} ${cls}`).toBe(ref.isDisconnection(d, cls));
    }
    expect(days).toBe(4383); // 12 years, 3 of them leap years: 12 × 365 + 3
  });
});

describe('the earliest cut-off, for a request sent on every day 2024–2035', () => {
  it('is ≥ 3 working days and ≤ 60 days after the request, on a disconnection day, and the earliest such day', () => {
    for (const request of everyDay()) {
      for (const cls of CUSTOMER_CLASSES) {
        const cutoff = earliestCutoff({ request, customerClass: cls }).date;
        const anchor = refAnchor(request);
        const where = `${request} ${cls} → ${cutoff}`;
        expect(ref.countAfter(anchor, cutoff, ref.isWorking), where).toBeGreaterThanOrEqual(3);
        expect(ref.diff(request, cutoff), where).toBeLessThanOrEqual(60);
        expect(ref.isDisconnection(cutoff, cls), where).toBe(true);
        // No earlier day would do.
        for (let d = ref.plus(request, 1); d < cutoff; d = ref.plus(d, 1)) {
          const ok = ref.isDisconnection(d, cls) && ref.countAfter(anchor, d, ref.isWorking) >= 3;
          expect(ok, `${where}: ${d} would do`).toBe(false);
        }
        if (cls === 'household') {
          expect(ref.weekday(cutoff), where).not.toBe(5);
          expect(cutoff.slice(5), where).not.toBe('12-23');
          expect(ref.isHoliday(ref.plus(cutoff, 1)), where).toBe(false);
        }
      }
    }
  });
});

describe('the grid window, for a cut-off on every day 2024–2035', () => {
  it('ends no earlier than d6 / d3 / d2 and leaves the grid a day on which it can disconnect', () => {
    const size: Record<MeterKind, number> = { physical: 6, remote: 3, hourly: 2 };
    for (const cutoff of everyDay()) {
      for (const meter of METER_KINDS) {
        for (const cls of CUSTOMER_CLASSES) {
          if (!allowed(cls, meter)) continue;
          const w = gridWindow(cutoff, meter, cls);
          const where = `${cutoff} ${meter} ${cls} → ${w.deadline}`;
          expect(w.deadline >= cutoff, where).toBe(true);
          expect(workingDaysFromTo(cutoff, w.deadline), where).toBeGreaterThanOrEqual(size[meter]);
          expect(w.days.length, where).toBeGreaterThan(0);
          for (const d of w.days) expect(ref.isDisconnection(d, cls) && d >= cutoff && d <= w.deadline, `${where}: ${d}`).toBe(true);
          // The deadline is d_k (exactly k working days from the cut-off), or — postponed past blocked
          // days — a day on which the grid disconnects this class.
          if (workingDaysFromTo(cutoff, w.deadline) > size[meter]) {
            expect(ref.isDisconnection(w.deadline, cls), where).toBe(true);
          }
        }
      }
    }
  });
});

describe('full plans, for an invoice due on every day 2024–2035, every allowed class × meter × channel', () => {
  it('keep every legal bound', () => {
    let plans = 0;
    for (const due of everyDay()) {
      for (const cls of CUSTOMER_CLASSES) {
        for (const meter of METER_KINDS) {
          if (!allowed(cls, meter)) continue;
          for (const channel of CHANNELS) {
            const { steps } = planCase({ due, class: cls, meter, channel });
            plans++;
            const where = `${due} ${cls} ${meter} ${channel}`;
            const byName = Object.fromEntries(steps.map((s) => [s.step, s]));
            const r1 = byName.reminder1;
            const r2 = byName.reminder2;
            const request = byName.disconnectionRequest;
            if (r1?.step !== 'reminder1' || r2?.step !== 'reminder2' || request?.step !== 'disconnectionRequest') {
              throw new Error(`${where}: missing steps`);
            }
            // Receipt: digital the same day; a letter 5 reference hverdage later.
            for (const s of steps) {
              if (channel === 'digital') expect(s.receipt, `${where} ${s.step} receipt`).toBe(s.date);
              else expect(ref.countAfter(s.date, s.receipt, ref.isHverdag), `${where} ${s.step} receipt`).toBe(5);
              if (channel === 'letter') expect(ref.isHverdag(s.receipt), `${where} ${s.step} receipt`).toBe(true);
            }
            // Reminder 2 ≥ 10 days after reminder 1 (BEK §27 stk. 2), after reminder 1's deadline.
            expect(ref.diff(r1.date, r2.date), where).toBeGreaterThanOrEqual(10);
            expect(r2.date > r1.paymentDeadline, where).toBe(true);

            let previousDeadline = r2.paymentDeadline;
            if (cls === 'household') {
              const demand = byName.securityDemand;
              const notice = byName.terminationNotice;
              if (demand?.step !== 'securityDemand' || notice?.step !== 'terminationNotice') throw new Error(`${where}: missing steps`);
              // The security demand after reminder 2's deadline passed; deadline ≥ 15 hverdage from receipt.
              expect(demand.date > r2.paymentDeadline, where).toBe(true);
              expect(ref.countAfter(demand.receipt, demand.deadline, ref.isHverdag), where).toBeGreaterThanOrEqual(15);
              // The termination notice after the deadline; effective ≥ 3 hverdage from receipt.
              expect(notice.date > demand.deadline, where).toBe(true);
              expect(ref.countAfter(notice.receipt, notice.effective, ref.isHverdag), where).toBeGreaterThanOrEqual(3);
              previousDeadline = notice.effective;
              // A new agreement can be made on a Mon–Fri non-holiday before the cut-off.
              const by = request.newAgreementBy as string;
              expect(by < request.cutoff && ref.weekday(by) <= 5 && !ref.isHoliday(by), where).toBe(true);
            } else {
              expect(byName.securityDemand, where).toBeUndefined();
              expect(byName.terminationNotice, where).toBeUndefined();
            }
            // The request: a working day after the previous step's deadline.
            expect(request.date > previousDeadline, where).toBe(true);
            expect(ref.isWorking(request.date), where).toBe(true);
            // Cut-off ≥ 3 working days and ≤ 60 days after the request, after the hverdag following receipt.
            expect(ref.countAfter(refAnchor(request.date), request.cutoff, ref.isWorking), where).toBeGreaterThanOrEqual(3);
            expect(ref.diff(request.date, request.cutoff), where).toBeLessThanOrEqual(60);
            expect(request.cutoff > refNextHverdag(request.receipt), where).toBe(true);
            expect(ref.isDisconnection(request.cutoff, cls), where).toBe(true);
            if (cls === 'household') {
              expect(ref.weekday(request.cutoff), where).not.toBe(5);
              expect(request.cutoff.slice(5), where).not.toBe('12-23');
              expect(ref.isHoliday(ref.plus(request.cutoff, 1)), where).toBe(false);
            }
            // The window deadline ≥ the cut-off.
            expect(request.windowDeadline >= request.cutoff, where).toBe(true);
          }
        }
      }
    }
    expect(plans).toBeGreaterThan(50_000);
  });
});

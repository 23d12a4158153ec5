/** The rules settings: defaults as RULES.md gives them, overrides validated, legal minimums kept. */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  DEFAULT_RULES_SETTINGS,
  isWorkingDay,
  planCase,
  RECEIPT_SETTING_KEYS,
  receiptDate,
  receiptSettingsOf,
  resolveRulesSettings,
} from '../../rules/index.js';
import { rulesSettingsSchema } from '../../rules/settings-schema.js';

describe('rules settings', () => {
  it('has the defaults of RULES.md', () => {
    expect(DEFAULT_RULES_SETTINGS).toEqual({
      reminder1DaysAfterDue: 3,
      reminderPaymentDays: 10,
      // RULES 2.1: "default 10 days from the letter's receipt"
      reminderDeadlineFrom: 'receipt',
      minDaysBetweenReminders: 10,
      securityDeadlineHverdage: 15,
      securityDeadlineWithoutArrearsMonths: 2,
      terminationNoticeHverdage: 3,
      requestMinWorkingDays: 3,
      requestMaxCalendarDays: 60,
      digitalReceiptHverdage: 0,
      letterReceiptHverdage: 5,
      constitutionDayIsWorkingDay: true,
      constitutionDayIsHverdag: false,
      christmasToNewYearFirstDay: 27,
      christmasToNewYearLastDay: 30,
      hourlyWindowReading: 'd2',
      cutoffReceiptCondition: 'after-next-hverdag',
      customerDeadlineReading: 'broad',
      reopeningCutoffPhysical: '11:00',
      reopeningCutoffRemote: '14:00',
      hourlyReopeningMethod: 'physical',
      normalHoursMonThuStart: '08:00',
      normalHoursMonThuEnd: '16:00',
      normalHoursFriStart: '08:00',
      normalHoursFriEnd: '15:00',
      gridClosedDays: [],
      holidayTableVersion: 'dk-2000-2060-v1',
    });
    expect(Object.isFrozen(DEFAULT_RULES_SETTINGS)).toBe(true);
  });

  it('fills in the defaults for an empty override', () => {
    expect(rulesSettingsSchema.parse({})).toEqual(DEFAULT_RULES_SETTINGS);
    expect(resolveRulesSettings()).toBe(DEFAULT_RULES_SETTINGS);
  });

  it('merges partial overrides onto the defaults', () => {
    const s = resolveRulesSettings({ hourlyWindowReading: 'literal', gridClosedDays: ['05-01', '2026-05-15'] });
    expect(s.hourlyWindowReading).toBe('literal');
    expect(s.gridClosedDays).toEqual(['05-01', '2026-05-15']);
    expect(s.securityDeadlineHverdage).toBe(15);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it.each([
    [{ minDaysBetweenReminders: 9 }, /minDaysBetweenReminders/],
    [{ securityDeadlineHverdage: 14 }, /securityDeadlineHverdage/],
    [{ securityDeadlineWithoutArrearsMonths: 1 }, /securityDeadlineWithoutArrearsMonths/],
    [{ terminationNoticeHverdage: 2 }, /terminationNoticeHverdage/],
    [{ requestMinWorkingDays: 2 }, /requestMinWorkingDays/],
    [{ requestMaxCalendarDays: 61 }, /requestMaxCalendarDays/],
    [{ hourlyWindowReading: 'd3' }, /hourlyWindowReading/],
    [{ reopeningCutoffPhysical: '11' }, /reopeningCutoffPhysical: expected HH:MM/],
    [{ gridClosedDays: ['1 May'] }, /gridClosedDays/],
    [{ constitutionDayIsHverdag: true, constitutionDayIsWorkingDay: false }, /constitutionDayIsHverdag/],
    [{ christmasToNewYearFirstDay: 30, christmasToNewYearLastDay: 27 }, /christmasToNewYearLastDay/],
    [{ noSuchSetting: 1 }, /noSuchSetting/],
  ])('refuses %j (below a legal minimum or malformed), with and without zod', (overrides, message) => {
    expect(() => resolveRulesSettings(overrides)).toThrow(RangeError);
    expect(() => resolveRulesSettings(overrides)).toThrow(message);
    const parsed = rulesSettingsSchema.safeParse(overrides);
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(`${issue?.path.join('.')}: ${issue?.message} ${JSON.stringify(issue)}`).toMatch(message);
  });

  it('names the law behind a legal minimum', () => {
    expect(() => resolveRulesSettings({ securityDeadlineHverdage: 14 })).toThrow(
      'bad rules setting: securityDeadlineHverdage: must be at least 15 (BEK §27 stk. 2)',
    );
  });

  it('gives the same settings with and without zod', () => {
    const overrides = { hourlyWindowReading: 'literal', gridClosedDays: ['05-01'], letterReceiptHverdage: 7 } as const;
    expect(rulesSettingsSchema.parse(overrides)).toEqual(resolveRulesSettings(overrides));
  });

  it('refuses a hand-built settings object below a legal minimum before computing anything', () => {
    const tooShort = { ...DEFAULT_RULES_SETTINGS, securityDeadlineHverdage: 5 };
    expect(() => planCase({ due: '2026-09-14', class: 'household', meter: 'physical', channel: 'digital', settings: tooShort })).toThrow(
      /securityDeadlineHverdage/,
    );
    expect(() => isWorkingDay('2026-06-05', { ...DEFAULT_RULES_SETTINGS, holidayTableVersion: 'dk-0000-v0' })).toThrow(/unknown holiday table/);
  });
});

describe('receipt settings (what a letter carries to the mail activity, release 0.4)', () => {
  // Variants that change receipt dates (the receipt per channel, the Constitution Day readings) and
  // some that must not (the Christmas range, the grid's closed days, the hourly window).
  const variants: Array<Record<string, unknown>> = [
    {},
    { digitalReceiptHverdage: 1, letterReceiptHverdage: 7 },
    { constitutionDayIsWorkingDay: true, constitutionDayIsHverdag: true },
    { constitutionDayIsWorkingDay: false, letterReceiptHverdage: 6 },
    { digitalReceiptHverdage: 2, christmasToNewYearFirstDay: 26, christmasToNewYearLastDay: 30, gridClosedDays: ['2027-06-04'] },
    { hourlyWindowReading: 'literal', securityDeadlineHverdage: 20, constitutionDayIsHverdag: true },
  ];

  it('gives the same receipt dates as the whole snapshot, every day of 2024–2028, both channels', () => {
    let compared = 0;
    for (const overrides of variants) {
      const whole = resolveRulesSettings(overrides);
      const carried = resolveRulesSettings(JSON.parse(JSON.stringify(receiptSettingsOf(whole))));
      for (let d = '2024-01-01'; d <= '2028-12-31'; d = addDays(d, 1)) {
        for (const channel of ['digital', 'letter'] as const) {
          expect(receiptDate(d, channel, carried)).toEqual(receiptDate(d, channel, whole));
          compared++;
        }
      }
    }
    expect(compared).toBe(variants.length * 1827 * 2);
  });

  it('carries the Constitution Day reading: without it, a letter sent before 5 June 2025 would count a day short', () => {
    // Worked by hand: sent Mon 2 June 2025, by letter, + 5 hverdage. With 5 June a hverdag:
    // 3, 4, 5, 6, 10 June (Sat 7, Sun 8, Whit Monday 9 June 2025 are not) → 10 June.
    // With 5 June not a hverdag (the default): 3, 4, 6, 10, 11 June → 11 June.
    const whole = resolveRulesSettings({ constitutionDayIsWorkingDay: true, constitutionDayIsHverdag: true });
    expect(receiptDate('2025-06-02', 'letter', resolveRulesSettings(receiptSettingsOf(whole))).date).toBe('2025-06-10');
    expect(receiptDate('2025-06-02', 'letter', DEFAULT_RULES_SETTINGS).date).toBe('2025-06-11');
  });

  it('is small: the receipt keys only', () => {
    expect(Object.keys(receiptSettingsOf(DEFAULT_RULES_SETTINGS)).sort()).toEqual([...RECEIPT_SETTING_KEYS].sort());
    expect(JSON.stringify(receiptSettingsOf(DEFAULT_RULES_SETTINGS)).length).toBeLessThan(JSON.stringify(DEFAULT_RULES_SETTINGS).length / 3);
  });
});

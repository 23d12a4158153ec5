/**
 * Fees (RULES 8): the Interest Act's reminder-fee limits (≤ 100 kr each, ≤ 3 per claim, ≥ 10 days
 * apart), the business compensation (310 kr once), grid fees per grid company tariff, the supplier's
 * fees per product. Given the fees charged so far, when a reminder goes out on a day, then this fee.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEE_SETTINGS,
  courtFee,
  feeMethodOf,
  feeSettingsProblem,
  gridFee,
  reminderFee,
  supplierFee,
  type ChargedFeeRef,
  type FeeSettings,
} from '../../rules/index.js';
import { announcedFees } from '../../rules/index.js';
import { resolveFeeSettings } from '../../config/fees.js';

const household = (date: string, charged: ChargedFeeRef[] = [], reminderFeeOre = 10_000) =>
  reminderFee({ customerClass: 'household', date, reminderFeeOre, charged });

describe('reminder fees (Interest Act §9b stk. 1)', () => {
  it.each([
    // [date, charged so far, expected amount or null]
    ['2027-09-16', [], 10_000], // the first fee: 100 kr
    ['2027-09-27', [{ kind: 'reminder-fee', date: '2027-09-16' }], 10_000], // 11 days after the first: ≥ 10
    ['2027-09-26', [{ kind: 'reminder-fee', date: '2027-09-16' }], 10_000], // exactly 10 days after (26 − 16)
    ['2027-09-25', [{ kind: 'reminder-fee', date: '2027-09-16' }], null], // 9 days after: too soon
    [
      '2027-10-20',
      [
        { kind: 'reminder-fee', date: '2027-09-16' },
        { kind: 'reminder-fee', date: '2027-09-27' },
      ],
      10_000,
    ], // the third: allowed (23 days after the second)
    [
      '2027-11-20',
      [
        { kind: 'reminder-fee', date: '2027-09-16' },
        { kind: 'reminder-fee', date: '2027-09-27' },
        { kind: 'reminder-fee', date: '2027-10-20' },
      ],
      null,
    ], // a fourth: never (at most 3 per claim)
  ] as const)('on %s after %j → %s øre', (date, charged, expected) => {
    const d = household(date, [...charged]);
    if (expected === null) expect(d.charge).toBe(false);
    else expect(d).toMatchObject({ charge: true, fee: { kind: 'reminder-fee', amountOre: expected } });
  });

  it('caps the fee at 100 kr and charges none when set to 0', () => {
    // 150 kr set → 100 kr (the legal maximum)
    expect(household('2027-09-16', [], 15_000)).toMatchObject({ charge: true, fee: { amountOre: 10_000 } });
    expect(household('2027-09-16', [], 0)).toEqual({ charge: false, reason: 'no reminder fee set' });
  });

  it('states its basis: §9b, and which fee of the three it is', () => {
    const d = household('2027-09-27', [{ kind: 'reminder-fee', date: '2027-09-16' }]);
    expect(d.charge && d.fee.basis).toContain('§9b stk. 1');
    expect(d.charge && d.fee.basis).toContain('fee 2 of at most 3');
  });
});

describe('business debtors (Interest Act §9a stk. 3)', () => {
  const business = (charged: ChargedFeeRef[], settings: FeeSettings = DEFAULT_FEE_SETTINGS) =>
    reminderFee({ customerClass: 'business', date: '2027-11-25', reminderFeeOre: 10_000, charged }, settings);

  it('charges the fixed 310 kr once, instead of reminder fees (default)', () => {
    expect(business([])).toMatchObject({ charge: true, fee: { kind: 'business-compensation', amountOre: 31_000 } });
    expect(business([{ kind: 'business-compensation', date: '2027-11-25' }]).charge).toBe(false);
  });

  it('only under an agreement between businesses: the billing system says so; unknown (false) is not eligible (RULES 2, 11)', () => {
    const decide = (compensationEligible: boolean) =>
      reminderFee({ customerClass: 'business', date: '2027-11-25', reminderFeeOre: 10_000, charged: [], compensationEligible });
    expect(decide(true)).toMatchObject({ charge: true, fee: { kind: 'business-compensation', amountOre: 31_000 } });
    expect(decide(false)).toEqual({
      charge: false,
      reason:
        'the 310 kr compensation is due only under an agreement between businesses (Interest Act §1 stk. 4, §9a stk. 3); the billing system did not say this customer has one, and unknown is not eligible (RULES 2)',
    });
  });

  it('can charge reminder fees instead, or nothing (setting)', () => {
    expect(business([], { ...DEFAULT_FEE_SETTINGS, businessLateCharge: 'reminder-fees' })).toMatchObject({
      charge: true,
      fee: { kind: 'reminder-fee', amountOre: 10_000 },
    });
    expect(business([], { ...DEFAULT_FEE_SETTINGS, businessLateCharge: 'none' }).charge).toBe(false);
  });
});

describe('grid fees per grid company tariff (SV 2.4, 3.1)', () => {
  const settings = resolveFeeSettings({
    gridTariffs: {
      default: DEFAULT_FEE_SETTINGS.gridTariffs.default,
      '5790000000012': {
        disconnectionPhysicalOre: 62_500,
        disconnectionRemoteOre: 12_500,
        futileVisitOre: 50_000,
        reopeningPhysicalOre: 62_500,
        reopeningRemoteOre: 12_500,
        reopeningOutsideHoursOre: 200_000,
        futileReopeningOre: 50_000,
      },
    },
  });

  it.each([
    // [service, method, grid company, amount]
    ['disconnection', 'physical', '5790000000005', 85_000], // not listed → the default tariff
    ['disconnection', 'remote', '5790000000005', 25_000],
    ['disconnection', 'physical', '5790000000012', 62_500], // its own tariff
    ['futile-visit', 'physical', '5790000000012', 50_000],
    ['reopening', 'remote', '5790000000012', 12_500],
    // a cancellation after 08:00 costs the fee of a PHYSICAL disconnection, even for a remote meter
    ['late-cancellation', 'remote', '5790000000012', 62_500],
  ] as const)('%s (%s) at %s → %i øre', (service, method, gln, amount) => {
    const fee = gridFee(service, method, gln, settings);
    expect(fee.amountOre).toBe(amount);
    expect(fee.basis).toMatch(/SV (2\.2\.1 e, )?(2\.4|3\.1)/);
  });

  it('reads an hourly-settled meter as remote for its fee (setting), the others as they are', () => {
    expect(feeMethodOf('hourly')).toBe('remote');
    expect(feeMethodOf('hourly', { ...DEFAULT_FEE_SETTINGS, hourlyMeterFeeMethod: 'physical' })).toBe('physical');
    expect(feeMethodOf('physical')).toBe('physical');
  });
});

describe("the supplier's own fees per product (RULES 8)", () => {
  it.each([
    // seed 003: 300 kr on the grid's disconnection visit; nothing for a reopening
    ['disconnection-visit', 'standard', 30_000],
    ['reopening', 'standard', 0],
    // seed 002: lukkebesøg 1,000 kr, genåbning 1,000 kr, fogedforretning 2,500 kr
    ['disconnection-visit', 'business-flex', 100_000],
    ['reopening', 'business-flex', 100_000],
    ['bailiff-case', 'business-flex', 250_000],
    // an unknown product falls back to the default product (standard)
    ['disconnection-visit', 'no-such-product', 30_000],
  ] as const)('%s under %s → %i øre', (service, product, amount) => {
    expect(supplierFee(service, product).amountOre).toBe(amount);
  });

  it('passes the court fee on per the product (SV 2.3.6)', () => {
    expect(courtFee('standard')).toMatchObject({ charge: true, fee: { kind: 'court-fee', amountOre: 30_000 } });
    const noCourtFee = resolveFeeSettings({
      products: { standard: { ...DEFAULT_FEE_SETTINGS.products.standard!, passOnCourtFee: false } },
    });
    expect(courtFee('standard', noCourtFee).charge).toBe(false);
  });
});

describe('fee settings', () => {
  it('refuses tariffs without a default grid tariff or without the default product', () => {
    expect(feeSettingsProblem({ ...DEFAULT_FEE_SETTINGS, gridTariffs: {} })).toContain('default');
    expect(() => resolveFeeSettings({ defaultProduct: 'gold' })).toThrow(/defaultProduct "gold"/);
    expect(() => resolveFeeSettings({ courtFeeOre: -1 })).toThrow(/AFBRYD_FEES\.courtFeeOre/);
    expect(() => resolveFeeSettings({ gridTariffs: { 'not-a-gln': DEFAULT_FEE_SETTINGS.gridTariffs.default } })).toThrow(/GLN/);
  });
});

describe('announcedFees: what the disconnection letter states (SV 2.2.1 a item 6; RULES 11)', () => {
  // Worked by hand from the defaults: the illustrative grid tariff (physical disconnection and reopening
  // 850 kr, remote 250 kr) and product `standard` (300 kr on the grid's visit, no reopening fee of its own).
  it('physical: 850 + 300 = 1,150 kr for the disconnection, 850 kr for a reopening', () => {
    expect(announcedFees('physical', undefined, undefined)).toMatchObject({ disconnectionOre: 115_000, reopeningOre: 85_000 });
  });
  it('remote: no visit, so 250 kr and 250 kr', () => {
    expect(announcedFees('remote', undefined, 'standard')).toMatchObject({ disconnectionOre: 25_000, reopeningOre: 25_000 });
  });
  it('business-flex (seed 002): 850 + 1,000 = 1,850 kr and 850 + 1,000 = 1,850 kr', () => {
    expect(announcedFees('physical', undefined, 'business-flex')).toMatchObject({ disconnectionOre: 185_000, reopeningOre: 185_000 });
  });
});

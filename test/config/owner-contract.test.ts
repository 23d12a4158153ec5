/**
 * The owner's contract's contents (BEK §3 stk. 3; RULES 11; issue 15 item 1) as settings of
 * `AFBRYD_OWNER_RULES.ownerProduct.contract` (config/owner.ts, rules/owner-contract.ts): the documented
 * defaults, a configured product with its own contract, and bad values refused in one line naming the
 * variable and the field.
 */
import { describe, expect, it } from 'vitest';
import { buildOwnerCaseSettings } from '../../activities/owner-settings.js';
import { ConfigError } from '../../config/env.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { loadOwnerSettings } from '../../config/owner.js';
import { DEFAULT_OWNER_CONTRACT, DEFAULT_OWNER_SETTINGS, ownerContractProblem, type OwnerContract } from '../../rules/index.js';

/** A product of a real supplier's shape: a fixed price, quarterly aconto, a termination fee. */
const FIXED: OwnerContract = {
  priceType: 'fixed',
  priceMethod: 'Fast pris 1,95 kr. pr. kWh inkl. moms i hele kontraktens løbetid.',
  pricesIncludeVat: true,
  gridChargesPassedOnUnchanged: true,
  subscriptionOrePerMonth: 0,
  fees: [],
  terminationFeeOre: 5_000,
  settlement: 'aconto',
  billingPeriod: 'quarterly',
  paymentMethods: ['Betalingsservice'],
  paymentDays: 14,
  continuesAtNewAddress: true,
  services: 'Levering af elektricitet. Ingen vedligeholdsservice.',
};
const env = (rules: unknown) => ({ AFBRYD_OWNER_RULES: JSON.stringify(rules) });

describe('AFBRYD_OWNER_RULES.ownerProduct.contract (BEK §3 stk. 3)', () => {
  it('defaults: the illustrative product EL-VARIABEL-1 with every item of § 3, stk. 3 (rules/owner-contract.ts, docs/DEPLOYMENT.md)', () => {
    const s = loadOwnerSettings({});
    expect(s.ownerProduct).toEqual({ productId: 'EL-VARIABEL-1', name: 'Variabel elpris (eksempel)', contract: DEFAULT_OWNER_CONTRACT });
    expect(s.ownerProduct.terms).toBeUndefined();
    expect(DEFAULT_OWNER_CONTRACT).toEqual({
      priceType: 'spot',
      priceMethod: 'Elprisen følger spotprisen på elbørsen Nord Pool for dit prisområde (DK1 eller DK2) i hver afregningsperiode, plus vores tillæg.',
      spotSurchargeOrePerKwh: 4,
      pricesIncludeVat: true,
      gridChargesPassedOnUnchanged: true,
      subscriptionOrePerMonth: 2_900,
      fees: [{ name: 'rykkergebyr', amountOre: 10_000, per: 'pr. rykker' }],
      terminationFeeOre: 0,
      settlement: 'in-arrears',
      billingPeriod: 'monthly',
      paymentMethods: ['Betalingsservice', 'bankoverførsel'],
      paymentDays: 8,
      continuesAtNewAddress: false,
      services:
        'Vi leverer elektricitet til målepunktet. Netselskabet driver elnettet og står for målingen og for leveringens tekniske kvalitet (spænding og forsyningssikkerhed). Vi tilbyder ingen vedligeholdsservice.',
    });
    expect(ownerContractProblem(DEFAULT_OWNER_CONTRACT)).toBeNull();
    // The settings are a copy: changing them leaves the frozen defaults alone.
    s.ownerProduct.contract.fees.push({ name: 'x', amountOre: 1 });
    expect(DEFAULT_OWNER_CONTRACT.fees).toHaveLength(1);
  });

  it('a configured product carries its own contract; the free-text terms are still accepted, as an extra note', () => {
    const s = loadOwnerSettings(env({ ownerProduct: { productId: 'FAST-12', name: 'Fastpris 12', contract: FIXED, terms: 'Se også vores leveringsbetingelser.' } }));
    expect(s.ownerProduct).toEqual({ productId: 'FAST-12', name: 'Fastpris 12', contract: FIXED, terms: 'Se også vores leveringsbetingelser.' });
    expect(s.ownerDeadlineHverdage).toBe(DEFAULT_OWNER_SETTINGS.ownerDeadlineHverdage);
  });

  it('the snapshot carries the contract (only its content changes: the workflow copies ownerProduct as it is)', () => {
    const snap = buildOwnerCaseSettings(resolveCaseSettings(), loadOwnerSettings(env({ ownerProduct: { productId: 'FAST-12', name: 'Fastpris 12', contract: FIXED } })));
    expect(snap.owner.ownerProduct.contract).toEqual(FIXED);
    expect(snap.owner.ownerProduct.contract).not.toBe(FIXED);
    expect(snap.versionId).not.toBe(buildOwnerCaseSettings(resolveCaseSettings(), DEFAULT_OWNER_SETTINGS).versionId);
  });

  it('refuses a product without its contract (a product of the old shape, id, name and terms only), in one line naming the variable', () => {
    const old = env({ ownerProduct: { productId: 'P-2', name: 'Fast pris', terms: 'Fast pris 2,00 kr. pr. kWh.' } });
    expect(() => loadOwnerSettings(old)).toThrow(ConfigError);
    expect(() => loadOwnerSettings(old)).toThrow(
      'invalid configuration: AFBRYD_OWNER_RULES.ownerProduct.contract is required: the contents of BEK §3 stk. 3 (docs/DEPLOYMENT.md, "The owner\'s contract")',
    );
  });

  it.each<[string, Partial<OwnerContract> | Record<string, unknown>, RegExp]>([
    ['an unknown price type', { priceType: 'dynamic' }, /^invalid configuration: AFBRYD_OWNER_RULES\.ownerProduct\.contract\.priceType /],
    ['a spot price without its surcharge', { priceType: 'spot' }, /^invalid configuration: AFBRYD_OWNER_RULES: ownerProduct\.contract\.spotSurchargeOrePerKwh must be 0-1000 øre per kWh .*BEK §3 stk\. 3 nr\. 4/],
    ['a surcharge with a fixed price', { spotSurchargeOrePerKwh: 4 }, /^invalid configuration: AFBRYD_OWNER_RULES: ownerProduct\.contract\.spotSurchargeOrePerKwh is for priceType spot only$/],
    ['a surcharge of three decimals', { priceType: 'spot', spotSurchargeOrePerKwh: 4.125 }, /^invalid configuration: AFBRYD_OWNER_RULES\.ownerProduct\.contract\.spotSurchargeOrePerKwh must have at most two decimals/],
    ['a fee in half øre', { fees: [{ name: 'rykkergebyr', amountOre: 99.5 }] }, /^invalid configuration: AFBRYD_OWNER_RULES\.ownerProduct\.contract\.fees\.0\.amountOre must be a whole number of øre/],
    ['no payment method', { paymentMethods: [] }, /^invalid configuration: AFBRYD_OWNER_RULES\.ownerProduct\.contract\.paymentMethods /],
    ['an empty text', { services: '  ' }, /^invalid configuration: AFBRYD_OWNER_RULES\.ownerProduct\.contract\.services must not be empty/],
    ['a field it does not know', { bindingMonths: 12 }, /^invalid configuration: AFBRYD_OWNER_RULES\.ownerProduct\.contract Unrecognized key/],
    ['a missing item', { settlement: undefined }, /^invalid configuration: AFBRYD_OWNER_RULES\.ownerProduct\.contract\.settlement Required/],
  ])('refuses %s in one line naming AFBRYD_OWNER_RULES and the field', (_name, change, message) => {
    const bad = env({ ownerProduct: { productId: 'FAST-12', name: 'Fastpris 12', contract: { ...FIXED, ...change } } });
    expect(() => loadOwnerSettings(bad)).toThrow(ConfigError);
    expect(() => loadOwnerSettings(bad)).toThrow(message);
    try {
      loadOwnerSettings(bad);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

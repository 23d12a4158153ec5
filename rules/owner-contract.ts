/**
 * The contents of the contract the owner's letter carries (BEK §25 stk. 3, 2. pkt., and stk. 5; RULES 9
 * and 11): the items of BEK §3 stk. 3, complaint information included, as structured settings of the
 * owner's product (`OwnerProduct.contract`, rules/owner.ts), each with a documented default. Pure: types,
 * the defaults and their check; the letter's words are `activities/letters/templates/owner-contract.ts`.
 *
 * BEK §3 stk. 3 (bekendtgørelse om elhandelsvirksomhedernes opgaver og forpligtelser i forbindelse med
 * levering af elektricitet til elkunder; seed 001), as written — the draft numbers two items "11)":
 *
 * > Stk. 3. I en kontrakt efter stk. 1 skal der angives følgende:
 * > 1) Elhandelsvirksomhedens navn og adresse.
 * > 2) Produktnavn og pristype.
 * > 3) Oplysning om, hvorvidt net- og systemydelser viderefaktureres uændret til elkunden.
 * > 4) Hvis den samlede pris ikke kan oplyses på forhånd, en klar og let forståelig angivelse af metoden
 * >    til udregning af elprisen. Tillæg til spotmarkedsprisen skal oplyses særskilt i øre pr. kWh.
 * > 5) Alle faste priselementer forbundet med aftalen ud over prisen på el, herunder
 * >    elhandelsvirksomhedens abonnement og obligatoriske gebyrer, herunder kontraktopsigelsesgebyrer.
 * > 6) Afregningsform, eksempelvis acontobetaling eller bagudrettet betaling for faktisk forbrug.
 * > 7) Betalingsmetode, eksempelvis betalingsservice, betalingskort eller andet.
 * > 8) Generelle vilkår og betingelser for betaling.
 * > 9) Hvordan aktuel information om gældende priser, tariffer og gebyrer kan indhentes.
 * > 10) Kontraktens løbetid, bindingsperiode, betingelserne for opsigelse af kontrakten, og hvorvidt det
 * >    er muligt at opsige kontrakten uden omkostninger.
 * > 11) Hvilket varsel elkunden skal give elhandelsvirksomheden, hvis elkunden agter at flytte fra
 * >    adressen, hvor ydelserne leveres, og elkunden ønsker at opsige kontrakten, herunder varslet efter § 9.
 * > 11) Hvorvidt elkunden kan fortsætte aftaleforholdet på en ændret leveringsadresse og betingelserne
 * >    herfor.
 * > 12) Oplysning om over for hvem erstatning og andre mangelsbeføjelser kan gøres gældende, hvis
 * >    kontrakten ikke overholdes, herunder unøjagtig og forsinket fakturering.
 * > 13) Oplysning om klageadgang og oplysning om fremgangsmåden ved klage.
 * > 14) Hvilke ydelser der leveres, og på hvilket kvalitetsniveau, samt hvilke typer vedligeholdsservice
 * >    der tilbydes.
 *
 * Where each item comes from:
 *
 * | item | from |
 * |---|---|
 * | 1 name and address | the letter's sender (`SupplierInfo`: name, postal address, CVR number), as in every letter |
 * | 2 product name, price type | `OwnerProduct.name`, `productId`; {@link OwnerContract.priceType} |
 * | 3 grid and system services passed on unchanged | {@link OwnerContract.gridChargesPassedOnUnchanged} |
 * | 4 how the price is computed, spot surcharge in øre/kWh | {@link OwnerContract.priceMethod}, {@link OwnerContract.spotSurchargeOrePerKwh}, {@link OwnerContract.pricesIncludeVat} |
 * | 5 fixed price elements, fees, termination fee | {@link OwnerContract.subscriptionOrePerMonth}, {@link OwnerContract.fees}, {@link OwnerContract.terminationFeeOre} |
 * | 6 settlement | {@link OwnerContract.settlement}, {@link OwnerContract.billingPeriod} |
 * | 7 payment methods | {@link OwnerContract.paymentMethods} |
 * | 8 payment terms | {@link OwnerContract.paymentDays}, {@link OwnerContract.paymentTerms} |
 * | 9 current prices | {@link OwnerContract.priceInformation} (unset: the sender's web site and customer service) |
 * | 10 duration, binding, termination, free or not | the law: until terminated, no binding, notice `ownerNoticeMonths` (BEK §25 stk. 5); {@link OwnerContract.terminationFeeOre} |
 * | 11 notice when moving | the law: the same notice (BEK §25 stk. 5: at any time, at most 1 month) |
 * | 11 a changed delivery address | {@link OwnerContract.continuesAtNewAddress} |
 * | 12 against whom claims are made | {@link OwnerContract.claimsAgainst} (unset: the supplier, at its complaint contact) |
 * | 13 complaints and how | the sender's complaint contact and the Energy Appeals Board (`SupplierInfo.complaints`, `appealsBoard`: the settings of RULES 11's complaint rights), BEK §32–§33 |
 * | 14 services, quality, maintenance | {@link OwnerContract.services} |
 *
 * No personal data: a product's terms only.
 */

/**
 * BEK §3 stk. 3 nr. 2's price type:
 * - `spot`: a variable price that follows the spot market price (Nord Pool), plus a surcharge;
 * - `variable`: a variable price the supplier sets;
 * - `fixed`: a fixed price.
 */
export const OwnerPriceType = { spot: 'spot', variable: 'variable', fixed: 'fixed' } as const;
export type OwnerPriceType = (typeof OwnerPriceType)[keyof typeof OwnerPriceType];

/** BEK §3 stk. 3 nr. 6's settlement: in arrears for actual consumption, or on account (aconto). */
export const OwnerSettlement = { inArrears: 'in-arrears', aconto: 'aconto' } as const;
export type OwnerSettlement = (typeof OwnerSettlement)[keyof typeof OwnerSettlement];

/** How often the owner is invoiced. */
export const OwnerBillingPeriod = { monthly: 'monthly', quarterly: 'quarterly' } as const;
export type OwnerBillingPeriod = (typeof OwnerBillingPeriod)[keyof typeof OwnerBillingPeriod];

/** A fixed fee of the product (BEK §3 stk. 3 nr. 5), as printed: "rykkergebyr 100,00 kr. pr. rykker". */
export interface OwnerContractFee {
  /** The fee's Danish name, lower case (it is printed inside a sentence), e.g. `rykkergebyr`. 1–100 characters. */
  name: string;
  /** The amount in øre, whole. */
  amountOre: number;
  /** When it is charged, printed after the amount, e.g. `pr. rykker`. 1–60 characters. */
  per?: string;
}

/**
 * The contents of BEK §3 stk. 3 the owner's contract carries besides the product's name and id and the
 * supplier's own identity (the letter's sender). Texts are plain Danish, printed as they are, each one
 * or more whole sentences unless said otherwise; amounts in øre. The defaults are ILLUSTRATIVE (they
 * describe the fictional supplier's example product): production configures its own product's.
 */
export interface OwnerContract {
  /** Nr. 2: the price type. @default 'spot' */
  priceType: OwnerPriceType;
  /**
   * Nr. 4: how the electricity price is computed, plain Danish (1–600 characters).
   * @default 'Elprisen følger spotprisen på elbørsen Nord Pool for dit prisområde (DK1 eller DK2) i hver afregningsperiode, plus vores tillæg.'
   */
  priceMethod: string;
  /**
   * Nr. 4: the surcharge on the spot price in øre per kWh (at most two decimals, 0–1000), printed
   * separately ("Tillæg til spotmarkedsprisen skal oplyses særskilt i øre pr. kWh"). Required with
   * `priceType: 'spot'`, not allowed otherwise.
   * @default 4
   */
  spotSurchargeOrePerKwh?: number;
  /** Nr. 4–5: whether the amounts printed include VAT (moms). @default true */
  pricesIncludeVat: boolean;
  /**
   * Nr. 3: whether the grid company's and Energinet's charges (net- og systemydelser) are passed on to
   * the customer unchanged.
   * @default true
   */
  gridChargesPassedOnUnchanged: boolean;
  /** Nr. 5: the supplier's subscription per month in øre (0: none). @default 2_900 (29,00 kr.) */
  subscriptionOrePerMonth: number;
  /**
   * Nr. 5: the product's other obligatory fees (at most 10). Keep them equal to the product's fee table
   * (`AFBRYD_FEES`, rules/fees.ts) for the fees that table knows.
   * @default [{ name: 'rykkergebyr', amountOre: 10_000, per: 'pr. rykker' }]
   */
  fees: OwnerContractFee[];
  /**
   * Nr. 5, 10: the fee for terminating the contract in øre (0: free). **[interpretation]** BEK §25 stk. 5
   * lets the owner terminate at any time with at most 1 month's notice and does not rule a fee out; a
   * marketed product's fee is then stated here (nr. 5, 10).
   * @default 0
   */
  terminationFeeOre: number;
  /** Nr. 6: in arrears for actual consumption, or aconto. @default 'in-arrears' */
  settlement: OwnerSettlement;
  /** Nr. 6: how often the owner is invoiced. @default 'monthly' */
  billingPeriod: OwnerBillingPeriod;
  /**
   * Nr. 7: the payment methods, each as printed inside a sentence (1–6 entries of 1–60 characters).
   * @default ['Betalingsservice', 'bankoverførsel']
   */
  paymentMethods: string[];
  /** Nr. 8: an invoice is due this many days after its date (1–60). @default 8 */
  paymentDays: number;
  /** Nr. 8: further payment terms, plain Danish (≤ 600 characters). @default unset */
  paymentTerms?: string;
  /**
   * Nr. 9: where the current prices, tariffs and fees are found, printed after "på" (≤ 200 characters),
   * e.g. `eksempel-energi.invalid/priser`.
   * @default unset: the sender's web site, and customer service
   */
  priceInformation?: string;
  /**
   * Nr. 11 (the second): whether the contract can continue at another delivery address. @default false
   * (the contract is for the metering point of the owner's property)
   */
  continuesAtNewAddress: boolean;
  /**
   * Nr. 12: against whom compensation and other claims are made if the contract is not kept, printed
   * after "over for" (≤ 200 characters).
   * @default unset: the supplier (the sender's name), at its complaint contact
   */
  claimsAgainst?: string;
  /**
   * Nr. 14: the services supplied, their quality and the maintenance offered, plain Danish (1–600
   * characters).
   * @default 'Vi leverer elektricitet til målepunktet. Netselskabet driver elnettet og står for målingen og for leveringens tekniske kvalitet (spænding og forsyningssikkerhed). Vi tilbyder ingen vedligeholdsservice.'
   */
  services: string;
}

/** The ILLUSTRATIVE defaults (the fictional supplier's example product `EL-VARIABEL-1`). Frozen. */
export const DEFAULT_OWNER_CONTRACT: Readonly<OwnerContract> = Object.freeze({
  priceType: 'spot',
  priceMethod:
    'Elprisen følger spotprisen på elbørsen Nord Pool for dit prisområde (DK1 eller DK2) i hver afregningsperiode, plus vores tillæg.',
  spotSurchargeOrePerKwh: 4,
  pricesIncludeVat: true,
  gridChargesPassedOnUnchanged: true,
  subscriptionOrePerMonth: 2_900,
  fees: Object.freeze([Object.freeze({ name: 'rykkergebyr', amountOre: 10_000, per: 'pr. rykker' })]) as unknown as OwnerContractFee[],
  terminationFeeOre: 0,
  settlement: 'in-arrears',
  billingPeriod: 'monthly',
  paymentMethods: Object.freeze(['Betalingsservice', 'bankoverførsel']) as unknown as string[],
  paymentDays: 8,
  continuesAtNewAddress: false,
  services:
    'Vi leverer elektricitet til målepunktet. Netselskabet driver elnettet og står for målingen og for leveringens tekniske kvalitet (spænding og forsyningssikkerhed). Vi tilbyder ingen vedligeholdsservice.',
} satisfies OwnerContract);

/** Limits of the contract's fields, shared by {@link ownerContractProblem} and config/owner.ts's zod schema. */
export const OWNER_CONTRACT_LIMITS = Object.freeze({
  text: 600,
  where: 200,
  feeName: 100,
  feePer: 60,
  fees: 10,
  paymentMethod: 60,
  paymentMethods: 6,
  /** Øre per kWh of the spot surcharge. */
  surchargeOre: 1000,
  /** Øre of a fee or the subscription: 100,000 kr. */
  amountOre: 10_000_000,
  paymentDays: 60,
});

/** Whether `v` is a number of øre with at most two decimals (the spot surcharge: "4,25 øre"). */
export function isHundredthsOfOre(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(Math.round(v * 100) - v * 100) < 1e-6;
}

/**
 * The problem with a contract's contents, or null (BEK §3 stk. 3: every item present and printable;
 * config/owner.ts checks the environment's JSON with zod first). Names the field under `ownerProduct.contract`.
 */
export function ownerContractProblem(c: Readonly<OwnerContract> | undefined): string | null {
  const L = OWNER_CONTRACT_LIMITS;
  if (!c || typeof c !== 'object') return 'ownerProduct.contract is required (BEK §3 stk. 3)';
  const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
  const optionalText = (v: unknown, max: number) => v === undefined || text(v, max);
  const ore = (v: unknown, max: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
  const at = (field: string, problem: string) => `ownerProduct.contract.${field} ${problem}`;
  if (c.priceType !== 'spot' && c.priceType !== 'variable' && c.priceType !== 'fixed') return at('priceType', 'must be spot, variable or fixed (BEK §3 stk. 3 nr. 2)');
  if (!text(c.priceMethod, L.text)) return at('priceMethod', `must be 1-${L.text} characters (BEK §3 stk. 3 nr. 4)`);
  if (c.priceType === 'spot') {
    const s = c.spotSurchargeOrePerKwh;
    if (!isHundredthsOfOre(s) || s < 0 || s > L.surchargeOre) {
      return at('spotSurchargeOrePerKwh', `must be 0-${L.surchargeOre} øre per kWh with at most two decimals for a spot price (BEK §3 stk. 3 nr. 4)`);
    }
  } else if (c.spotSurchargeOrePerKwh !== undefined) {
    return at('spotSurchargeOrePerKwh', 'is for priceType spot only');
  }
  if (typeof c.pricesIncludeVat !== 'boolean') return at('pricesIncludeVat', 'must be true or false');
  if (typeof c.gridChargesPassedOnUnchanged !== 'boolean') return at('gridChargesPassedOnUnchanged', 'must be true or false (BEK §3 stk. 3 nr. 3)');
  if (!ore(c.subscriptionOrePerMonth, L.amountOre)) return at('subscriptionOrePerMonth', 'must be a whole, non-negative number of øre (BEK §3 stk. 3 nr. 5)');
  if (!Array.isArray(c.fees) || c.fees.length > L.fees) return at('fees', `must be a list of at most ${L.fees} fees (BEK §3 stk. 3 nr. 5)`);
  for (const [i, fee] of c.fees.entries()) {
    if (!fee || !text(fee.name, L.feeName)) return at(`fees.${i}.name`, `must be 1-${L.feeName} characters`);
    if (!ore(fee.amountOre, L.amountOre)) return at(`fees.${i}.amountOre`, 'must be a whole, non-negative number of øre');
    if (!optionalText(fee.per, L.feePer)) return at(`fees.${i}.per`, `must be 1-${L.feePer} characters`);
  }
  if (!ore(c.terminationFeeOre, L.amountOre)) return at('terminationFeeOre', 'must be a whole, non-negative number of øre (BEK §3 stk. 3 nr. 5, 10)');
  if (c.settlement !== 'in-arrears' && c.settlement !== 'aconto') return at('settlement', 'must be in-arrears or aconto (BEK §3 stk. 3 nr. 6)');
  if (c.billingPeriod !== 'monthly' && c.billingPeriod !== 'quarterly') return at('billingPeriod', 'must be monthly or quarterly (BEK §3 stk. 3 nr. 6)');
  if (!Array.isArray(c.paymentMethods) || c.paymentMethods.length < 1 || c.paymentMethods.length > L.paymentMethods || !c.paymentMethods.every((m) => text(m, L.paymentMethod))) {
    return at('paymentMethods', `must be 1-${L.paymentMethods} methods of 1-${L.paymentMethod} characters (BEK §3 stk. 3 nr. 7)`);
  }
  if (typeof c.paymentDays !== 'number' || !Number.isInteger(c.paymentDays) || c.paymentDays < 1 || c.paymentDays > L.paymentDays) {
    return at('paymentDays', `must be a whole number from 1 to ${L.paymentDays} (BEK §3 stk. 3 nr. 8)`);
  }
  if (!optionalText(c.paymentTerms, L.text)) return at('paymentTerms', `must be 1-${L.text} characters (BEK §3 stk. 3 nr. 8)`);
  if (!optionalText(c.priceInformation, L.where)) return at('priceInformation', `must be 1-${L.where} characters (BEK §3 stk. 3 nr. 9)`);
  if (typeof c.continuesAtNewAddress !== 'boolean') return at('continuesAtNewAddress', 'must be true or false (BEK §3 stk. 3 nr. 11)');
  if (!optionalText(c.claimsAgainst, L.where)) return at('claimsAgainst', `must be 1-${L.where} characters (BEK §3 stk. 3 nr. 12)`);
  if (!text(c.services, L.text)) return at('services', `must be 1-${L.text} characters (BEK §3 stk. 3 nr. 14)`);
  return null;
}

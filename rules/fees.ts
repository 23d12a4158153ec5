/**
 * Fees of a case (RULES 8): the reminder fees of the Interest Act (renteloven), the business
 * compensation, the grid company's fees per its tariff and the supplier's own fees per product.
 * Pure: the settings (tariffs) come in, `{ amountOre, basis }` comes out; whether a fee is passed to
 * billing, and exactly once, is the workflow's business (idempotency key per fee).
 *
 * Amounts are integers in øre. The seeds give no grid-fee amounts (RULES 10, last bullet): the
 * built-in grid tariff is ILLUSTRATIVE and production must configure each grid company's approved
 * tariff (config/fees.ts, `AFBRYD_FEES`).
 */
import { toDayNumber } from './dates.js';
import type { CustomerClass, IsoDate, MeterKind } from './types.js';

/** Interest Act §9b stk. 1: a reminder fee (rykkergebyr) is at most 100 kr. */
export const MAX_REMINDER_FEE_ORE = 10_000;
/** Interest Act §9b stk. 1: at most 3 reminder fees per claim. */
export const MAX_REMINDER_FEES_PER_CLAIM = 3;
/** Interest Act §9b stk. 1: reminder fees at least 10 days apart. */
export const MIN_DAYS_BETWEEN_REMINDER_FEES = 10;
/** Interest Act §9a stk. 3: the fixed compensation a business debtor may be charged once (310 kr). */
export const BUSINESS_COMPENSATION_ORE = 31_000;

/**
 * What a fee passed to billing is for.
 * - `reminder-fee`: rykkergebyr (Interest Act §9b);
 * - `business-compensation`: the fixed 310 kr of Interest Act §9a stk. 3, instead of reminder fees;
 * - `grid-*`: the grid company's fee, passed on to the customer (BEK §26 stk. 6, SV 2.4, 3.1);
 * - `supplier-*`: the supplier's own fee per its product terms (RULES 8);
 * - `court-fee`: the bailiff court's fee (retsafgift) the supplier paid (SV 2.3.6), invoiced on.
 */
export const FeeKind = {
  reminderFee: 'reminder-fee',
  businessCompensation: 'business-compensation',
  gridDisconnection: 'grid-disconnection',
  gridFutileVisit: 'grid-futile-visit',
  gridLateCancellation: 'grid-late-cancellation',
  gridReopening: 'grid-reopening',
  supplierDisconnectionVisit: 'supplier-disconnection-visit',
  supplierReopening: 'supplier-reopening',
  supplierBailiffCase: 'supplier-bailiff-case',
  courtFee: 'court-fee',
} as const;
export type FeeKind = (typeof FeeKind)[keyof typeof FeeKind];

/** A grid company's approved tariff for the services of SV 2.4, 3.1 and 3.4, in øre. */
export interface GridTariff {
  /** Disconnection by a visit (lukkebesøg). A cancellation after 08:00 on the day costs the same (SV 2.4). */
  disconnectionPhysicalOre: number;
  /** Remote disconnection (fjernafbrydelse). */
  disconnectionRemoteOre: number;
  /** A visit that did not lead to a disconnection (forgæves lukkebesøg). */
  futileVisitOre: number;
  /** Reopening by a visit, in normal hours. */
  reopeningPhysicalOre: number;
  /** Remote reopening. */
  reopeningRemoteOre: number;
  /** Extraordinary reopening outside normal hours (SV 3.2.1 d), where the grid offers it. */
  reopeningOutsideHoursOre: number;
  /** A reopening visit that could not reopen (SV 3.4). */
  futileReopeningOre: number;
}

/** The supplier's own fees of one product, which its contract terms must state (RULES 8), in øre. */
export interface ProductTariff {
  /** On the grid's visit to disconnect (lukkebesøg), on top of the grid's fee (003: 300 kr; 002: 1,000 kr). */
  disconnectionVisitOre: number;
  /** On a reopening (002: 1,000 kr). */
  reopeningOre: number;
  /** On a reopening outside normal hours (002: 2,500 kr). */
  reopeningOutsideHoursOre: number;
  /** On handing the case to the bailiff court (002: fogedforretning 2,500 kr). */
  bailiffCaseOre: number;
  /** Whether the grid's fees are passed on to the customer (BEK §26 stk. 6, SV 3.1; 003 §6.2). */
  passOnGridFees: boolean;
  /** Whether the bailiff court's fee the supplier paid is invoiced to the customer (SV 2.3.6). */
  passOnCourtFee: boolean;
}

/** How a business debtor is charged for late payment (Interest Act §9a stk. 3 or §9b). */
export const BusinessLateCharge = {
  /** The fixed 310 kr compensation, once per case, instead of reminder fees. */
  compensation: 'compensation',
  /** Reminder fees as for households (at most 100 kr each, 3 per claim, 10 days apart). */
  reminderFees: 'reminder-fees',
  none: 'none',
} as const;
export type BusinessLateCharge = (typeof BusinessLateCharge)[keyof typeof BusinessLateCharge];

/** The fee settings a case snapshots when it starts (config/fees.ts reads them from `AFBRYD_FEES`). */
export interface FeeSettings {
  /**
   * What a business debtor is charged for late payment.
   * @default 'compensation'
   */
  businessLateCharge: BusinessLateCharge;
  /**
   * The grid companies' tariffs by GLN; `default` for a grid company not listed. Must contain `default`.
   * @default { default: ILLUSTRATIVE_GRID_TARIFF }
   */
  gridTariffs: Record<string, GridTariff>;
  /**
   * The supplier's products' fees by product id. Must contain `defaultProduct`.
   * @default DEFAULT_PRODUCT_TARIFFS (modelled on the seeds 003 and 002)
   */
  products: Record<string, ProductTariff>;
  /**
   * The product of a case that names none.
   * @default 'standard'
   */
  defaultProduct: string;
  /**
   * The bailiff court's fee (retsafgift) for an immediate enforcement (umiddelbar fogedforretning),
   * in øre. ILLUSTRATIVE: set it from the court fee act in force.
   * @default 30000 (300 kr)
   */
  courtFeeOre: number;
  /**
   * Whether a reminder redone after a hold (a complaint resolved against the customer) carries a new
   * reminder fee (RULES 11 **[interpretation]**). Unset in a settings snapshot taken before release
   * 0.6.2: `true`, as those cases charged it.
   * @default false
   */
  feesOnRedoneSteps?: boolean;
  /**
   * Whether only the disconnection and reopening fees the disconnection letter stated are passed on
   * (RULES 11 **[interpretation]**, SV 2.2.1 a item 6): a fee it did not state, or the part beyond what
   * it stated, is not. Applies from release 0.6.6 (`feesOnlyWhenAnnounced`); unset in an older
   * snapshot: `true` for such a run too (a version 1 case drained into version 2 whose letter stated
   * nothing passes nothing on).
   * @default true
   */
  onlyAnnouncedFees?: boolean;
  /**
   * How the grid disconnects and reopens an hourly-settled meter, for its fee (SV 3 knows only visits
   * and remote). **[interpretation]** `remote`, the lower fee: the customer is never charged more than
   * the grid's cost.
   * @default 'remote'
   */
  hourlyMeterFeeMethod: 'physical' | 'remote';
}

/** ILLUSTRATIVE grid tariff (the seeds give none): configure each grid company's approved tariff. */
export const ILLUSTRATIVE_GRID_TARIFF: Readonly<GridTariff> = Object.freeze({
  disconnectionPhysicalOre: 85_000,
  disconnectionRemoteOre: 25_000,
  futileVisitOre: 85_000,
  reopeningPhysicalOre: 85_000,
  reopeningRemoteOre: 25_000,
  reopeningOutsideHoursOre: 250_000,
  futileReopeningOre: 85_000,
});

/**
 * Two example products from the seeds: `standard` after 003 (300 kr on the grid's disconnection
 * visit, grid fees passed on) and `business-flex` after 002 (lukkebesøg 1,000 kr, genåbning 1,000 kr,
 * 2,500 kr outside normal hours, fogedforretning 2,500 kr).
 */
export const DEFAULT_PRODUCT_TARIFFS: Readonly<Record<string, ProductTariff>> = Object.freeze({
  standard: Object.freeze({
    disconnectionVisitOre: 30_000,
    reopeningOre: 0,
    reopeningOutsideHoursOre: 0,
    bailiffCaseOre: 0,
    passOnGridFees: true,
    passOnCourtFee: true,
  }),
  'business-flex': Object.freeze({
    disconnectionVisitOre: 100_000,
    reopeningOre: 100_000,
    reopeningOutsideHoursOre: 250_000,
    bailiffCaseOre: 250_000,
    passOnGridFees: true,
    passOnCourtFee: true,
  }),
});

/** The defaults of {@link FeeSettings}. */
export const DEFAULT_FEE_SETTINGS: Readonly<FeeSettings> = Object.freeze({
  businessLateCharge: 'compensation',
  gridTariffs: Object.freeze({ default: ILLUSTRATIVE_GRID_TARIFF }) as Record<string, GridTariff>,
  products: DEFAULT_PRODUCT_TARIFFS as Record<string, ProductTariff>,
  defaultProduct: 'standard',
  courtFeeOre: 30_000,
  feesOnRedoneSteps: false,
  onlyAnnouncedFees: true,
  hourlyMeterFeeMethod: 'remote',
} satisfies FeeSettings);

/** A fee to pass to billing: its kind, amount and basis. */
export interface Fee {
  kind: FeeKind;
  amountOre: number;
  /** The legal or contractual basis, shown on the case and sent to billing. */
  basis: string;
}

/** A fee already passed to billing (what the reminder-fee limits look at). */
export interface ChargedFeeRef {
  kind: FeeKind;
  /** The day it was charged (Danish local date). */
  date: IsoDate;
}

/** Either a fee to charge, or why none is charged. */
export type FeeDecision = { charge: true; fee: Fee } | { charge: false; reason: string };

/**
 * The fee for a reminder (rykker) sent on `date`, given the fees already charged in the case.
 *
 * - Households (and businesses with `businessLateCharge: 'reminder-fees'`): the reminder fee, capped
 *   at 100 kr, at most 3 per claim and at least 10 days after the previous one (Interest Act §9b
 *   stk. 1). The claim is the case's arrears **[interpretation]**: one case, one claim, however many
 *   invoices joined it.
 * - Businesses with `compensation` (default): the fixed 310 kr (Interest Act §9a stk. 3) once, with
 *   the first reminder, and no reminder fees.
 *
 * Example: reminder 1 on 2027-09-16 with no fee charged and 100 kr set → charge 10,000 øre;
 * reminder 2 on 2027-09-27 (11 days later) → charge again; a third 5 days after that → none.
 */
export function reminderFee(
  input: {
    customerClass: CustomerClass;
    date: IsoDate;
    reminderFeeOre: number;
    charged: readonly ChargedFeeRef[];
    /**
     * Whether the agreement is one between businesses (Interest Act §1 stk. 4), so that the 310 kr may
     * be charged (RULES 2, 11). Version 2 passes `false` when the billing system did not say so (unknown
     * is not eligible). Unset: charged, as the frozen version 1 (which does not pass it) always did.
     */
    compensationEligible?: boolean;
  },
  settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS,
): FeeDecision {
  const business = input.customerClass !== 'household';
  if (business && settings.businessLateCharge === 'none') return { charge: false, reason: 'no late-payment charge for business customers (setting)' };
  if (business && settings.businessLateCharge === 'compensation') {
    if (input.compensationEligible === false) {
      return {
        charge: false,
        reason: 'the 310 kr compensation is due only under an agreement between businesses (Interest Act §1 stk. 4, §9a stk. 3); the billing system did not say this customer has one, and unknown is not eligible (RULES 2)',
      };
    }
    if (input.charged.some((f) => f.kind === 'business-compensation')) {
      return { charge: false, reason: 'the 310 kr compensation was charged once already (Interest Act §9a stk. 3)' };
    }
    return {
      charge: true,
      fee: {
        kind: 'business-compensation',
        amountOre: BUSINESS_COMPENSATION_ORE,
        basis: 'Interest Act (renteloven) §9a stk. 3: fixed compensation of 310 kr from a business debtor, once, instead of reminder fees',
      },
    };
  }
  const amount = Math.min(Math.max(0, Math.floor(input.reminderFeeOre)), MAX_REMINDER_FEE_ORE);
  if (amount <= 0) return { charge: false, reason: 'no reminder fee set' };
  const earlier = input.charged.filter((f) => f.kind === 'reminder-fee');
  if (earlier.length >= MAX_REMINDER_FEES_PER_CLAIM) {
    return { charge: false, reason: `${MAX_REMINDER_FEES_PER_CLAIM} reminder fees already charged for this claim (Interest Act §9b stk. 1)` };
  }
  const last = earlier.map((f) => f.date).sort().at(-1);
  if (last !== undefined && toDayNumber(input.date) - toDayNumber(last) < MIN_DAYS_BETWEEN_REMINDER_FEES) {
    return { charge: false, reason: `less than ${MIN_DAYS_BETWEEN_REMINDER_FEES} days after the last reminder fee (${last}; Interest Act §9b stk. 1)` };
  }
  return {
    charge: true,
    fee: {
      kind: 'reminder-fee',
      amountOre: amount,
      basis: `Interest Act (renteloven) §9b stk. 1: reminder fee ${kr(amount)} (at most 100 kr, 3 per claim, 10 days apart); fee ${earlier.length + 1} of at most ${MAX_REMINDER_FEES_PER_CLAIM}`,
    },
  };
}

/** The grid company's tariff (its own, or `default`), and which one it was. */
export function gridTariffOf(gridCompanyGln: string | undefined, settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS): { tariff: GridTariff; key: string } {
  const own = gridCompanyGln !== undefined ? settings.gridTariffs[gridCompanyGln] : undefined;
  if (own) return { tariff: own, key: gridCompanyGln as string };
  const fallback = settings.gridTariffs.default;
  if (!fallback) throw new RangeError('the fee settings have no default grid tariff');
  return { tariff: fallback, key: 'default' };
}

/** The supplier product's tariff (the case's product, or the default product). */
export function productTariffOf(productId: string | undefined, settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS): { tariff: ProductTariff; id: string } {
  const id = productId !== undefined && settings.products[productId] ? productId : settings.defaultProduct;
  const tariff = settings.products[id];
  if (!tariff) throw new RangeError(`the fee settings have no product "${id}"`);
  return { tariff, id };
}

/** How the grid works a meter of a kind, for its fee (hourly-settled: a setting). */
export function feeMethodOf(meterKind: MeterKind, settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS): 'physical' | 'remote' {
  if (meterKind === 'hourly') return settings.hourlyMeterFeeMethod;
  return meterKind;
}

/** What the grid charges for, as passed on to the customer. */
export type GridService = 'disconnection' | 'futile-visit' | 'late-cancellation' | 'reopening';

/**
 * The grid company's fee for a service, from its tariff (SV 2.4, 3.1, 3.4): a disconnection or
 * reopening by visit or remote; a futile visit; a cancellation after 08:00 on the day, which costs a
 * physical disconnection (SV 2.4).
 *
 * Example: `gridFee('late-cancellation', 'remote', undefined)` → the default tariff's physical
 * disconnection fee, 85,000 øre (illustrative), "SV 2.4: … the fee of a physical disconnection".
 */
export function gridFee(
  service: GridService,
  method: 'physical' | 'remote',
  gridCompanyGln: string | undefined,
  settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS,
): Fee {
  const { tariff, key } = gridTariffOf(gridCompanyGln, settings);
  const of = `grid company ${key}'s tariff`;
  switch (service) {
    case 'disconnection':
      return method === 'physical'
        ? { kind: 'grid-disconnection', amountOre: tariff.disconnectionPhysicalOre, basis: `SV 2.4; BEK §26 stk. 6: disconnection by visit per ${of}, passed on to the customer` }
        : { kind: 'grid-disconnection', amountOre: tariff.disconnectionRemoteOre, basis: `SV 2.4; BEK §26 stk. 6: remote disconnection per ${of}, passed on to the customer` };
    case 'futile-visit':
      return { kind: 'grid-futile-visit', amountOre: tariff.futileVisitOre, basis: `SV 2.4; BEK §26 stk. 6: futile disconnection visit per ${of}, passed on to the customer` };
    case 'late-cancellation':
      return {
        kind: 'grid-late-cancellation',
        amountOre: tariff.disconnectionPhysicalOre,
        basis: `SV 2.2.1 e, 2.4: cancellation after 08:00 on the day of disconnection costs the fee of a physical disconnection per ${of}; passed on (BEK §26 stk. 6)`,
      };
    case 'reopening':
      return method === 'physical'
        ? { kind: 'grid-reopening', amountOre: tariff.reopeningPhysicalOre, basis: `SV 3.1, 3.2.1: reopening by visit per ${of}, passed on to the customer (BEK §26 stk. 6)` }
        : { kind: 'grid-reopening', amountOre: tariff.reopeningRemoteOre, basis: `SV 3.1, 3.2.2: remote reopening per ${of}, passed on to the customer (BEK §26 stk. 6)` };
  }
}

/** The supplier's own fee, per the product's terms. */
export type SupplierService = 'disconnection-visit' | 'reopening' | 'bailiff-case';

/**
 * The supplier's own fee for a service, per the product's terms (RULES 8: it must be in the
 * contract). 0 when the product charges none.
 *
 * Example: `supplierFee('disconnection-visit', 'standard')` → 30,000 øre, "product standard's terms …".
 */
export function supplierFee(service: SupplierService, productId: string | undefined, settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS): Fee {
  const { tariff, id } = productTariffOf(productId, settings);
  switch (service) {
    case 'disconnection-visit':
      return { kind: 'supplier-disconnection-visit', amountOre: tariff.disconnectionVisitOre, basis: `product ${id}'s terms (RULES 8): fee on the grid's visit to disconnect (lukkebesøg)` };
    case 'reopening':
      return { kind: 'supplier-reopening', amountOre: tariff.reopeningOre, basis: `product ${id}'s terms (RULES 8): reopening fee (genåbning)` };
    case 'bailiff-case':
      return { kind: 'supplier-bailiff-case', amountOre: tariff.bailiffCaseOre, basis: `product ${id}'s terms (RULES 8): bailiff case fee (fogedforretning)` };
  }
}

/** The bailiff court's fee the supplier paid, invoiced on when the product says so (SV 2.3.6). */
export function courtFee(productId: string | undefined, settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS): FeeDecision {
  const { tariff, id } = productTariffOf(productId, settings);
  if (!tariff.passOnCourtFee) return { charge: false, reason: `product ${id} does not pass the court fee on` };
  return {
    charge: true,
    fee: {
      kind: 'court-fee',
      amountOre: settings.courtFeeOre,
      basis: `SV 2.3.6: the supplier pays the bailiff court's fee (retsafgift) and may invoice it to the customer (product ${id}'s terms)`,
    },
  };
}

/** Whether the product passes grid fees on (BEK §26 stk. 6: "may"; 003 §6.2). */
export function passesOnGridFees(productId: string | undefined, settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS): boolean {
  return productTariffOf(productId, settings).tariff.passOnGridFees;
}

/** What the disconnection letter states will be passed on (SV 2.2.1 a item 6; RULES 11). */
export interface AnnouncedFees {
  /** The grid's disconnection fee (if the product passes grid fees on) + the supplier's visit fee (a visit only). */
  disconnectionOre: number;
  /** The grid's reopening fee in normal hours (if passed on) + the supplier's reopening fee. */
  reopeningOre: number;
  basis: string;
}

/**
 * The fees the disconnection letter states (SV 2.2.1 a item 6): what will be passed on for the
 * disconnection and for a reopening in normal hours, from the same tariffs the fees are charged
 * from. RULES 11 **[interpretation]**: a fee not stated there is not passed on, so these are also the
 * most that is charged.
 *
 * Example (defaults: the illustrative grid tariff, product `standard`): physical → disconnection
 * 850 + 300 = 1,150 kr, reopening 850 + 0 = 850 kr; remote → 250 kr and 250 kr.
 */
export function announcedFees(
  method: 'physical' | 'remote',
  gridCompanyGln: string | undefined,
  productId: string | undefined,
  settings: Readonly<FeeSettings> = DEFAULT_FEE_SETTINGS,
): AnnouncedFees {
  const passOn = passesOnGridFees(productId, settings);
  const gridDisconnection = passOn ? gridFee('disconnection', method, gridCompanyGln, settings).amountOre : 0;
  const gridReopening = passOn ? gridFee('reopening', method, gridCompanyGln, settings).amountOre : 0;
  const visit = method === 'physical' ? supplierFee('disconnection-visit', productId, settings).amountOre : 0;
  const reopening = supplierFee('reopening', productId, settings).amountOre;
  const { key } = gridTariffOf(gridCompanyGln, settings);
  const { id } = productTariffOf(productId, settings);
  return {
    disconnectionOre: gridDisconnection + visit,
    reopeningOre: gridReopening + reopening,
    basis: `SV 2.2.1 a item 6: ${method} disconnection and reopening in normal hours, grid company ${key}'s tariff${passOn ? '' : ' (not passed on)'} and product ${id}'s terms`,
  };
}

/** Problems with a fee settings object (config validates with zod; this is the cross-field part). */
export function feeSettingsProblem(settings: Readonly<FeeSettings>): string | null {
  if (!settings.gridTariffs.default) return 'gridTariffs must contain "default"';
  if (!settings.products[settings.defaultProduct]) return `products must contain the defaultProduct "${settings.defaultProduct}"`;
  return null;
}

function kr(ore: number): string {
  return `${(ore / 100).toFixed(2)} kr`;
}

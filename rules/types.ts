/**
 * The vocabulary of the rules: dates, customer classes, meter kinds, letter channels, special
 * circumstances.
 * Fixed choices are a const object plus a union type (STYLE §6), never an `enum`.
 */

/**
 * A calendar date in Danish local time (Europe/Copenhagen), written `YYYY-MM-DD`.
 * @format date
 */
export type IsoDate = string;

/**
 * A Danish local date-time (Europe/Copenhagen wall clock), written `YYYY-MM-DDTHH:MM` or
 * `YYYY-MM-DDTHH:MM:SS`, with no offset. See {@link copenhagenLocalTime} to get one from a UTC instant.
 */
export type LocalDateTime = string;

/** A computed date and the rule it comes from, so that a case can explain itself (STYLE §1). */
export interface Dated {
  /** The date. */
  date: IsoDate;
  /** The legal basis, e.g. `BEK §27 stk. 2` or `SV 2.2.1 b`, with a short reason. */
  basis: string;
}

/**
 * The customer class, which decides the days the grid company does not disconnect (SV 2.3.2).
 * - `household` (husholdningskunde): BEK §26–§29 apply.
 * - `business` (erhvervskunde).
 * - `business-large`: an hourly-settled business customer above 100,000 kWh a year, who is also
 *   disconnected between Christmas and New Year (SV 2.3.2, last paragraph).
 */
export const CustomerClass = {
  household: 'household',
  business: 'business',
  businessLarge: 'business-large',
} as const;
export type CustomerClass = (typeof CustomerClass)[keyof typeof CustomerClass];
/** Every customer class, in a fixed order. */
export const CUSTOMER_CLASSES: readonly CustomerClass[] = ['household', 'business', 'business-large'];

/**
 * How the grid company disconnects, which decides its window (RULES 4, SV 2.3.1). The kind is decided
 * by settlement, not by how the meter is read (RULES 4 **[interpretation]**):
 * - `physical`: a visit at the address (SV 2.2.1), deadline d6;
 * - `remote` (fjernafbrydelse, SV 2.2.2), deadline d3;
 * - `hourly`: an hourly-settled metering point (Timeafregnet Målepunkt, SV 1.3, 2.2.3), deadline d2.
 */
export const MeterKind = {
  physical: 'physical',
  remote: 'remote',
  hourly: 'hourly',
} as const;
export type MeterKind = (typeof MeterKind)[keyof typeof MeterKind];
/** Every meter kind, in a fixed order. */
export const METER_KINDS: readonly MeterKind[] = ['physical', 'remote', 'hourly'];

/**
 * The channel a letter goes on (RULES 1, Receipt of a letter):
 * - `digital`: digital post (e-Boks/MitPost), the default channel; received when delivered;
 * - `letter`: a physical letter, the fallback; received dispatch + 5 hverdage by default.
 */
export const Channel = {
  digital: 'digital',
  letter: 'letter',
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];
/** Every channel, in a fixed order. */
export const CHANNELS: readonly Channel[] = ['digital', 'letter'];

/**
 * A special circumstance known about the metering point (SV 2.2.1 b flags; RULES 2.5): sent with the
 * DataHub request. 1 municipality involved, 2 police involved, 3 bailiff court (fogedret) involved,
 * 4 disconnection agreed with / wanted by the customer, 5 other reason.
 */
export type Circumstance = 'municipality' | 'police' | 'bailiff-court' | 'agreed-with-customer' | 'other';

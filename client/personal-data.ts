/**
 * Personal data that must never enter a case through a door: the doors refuse (or, for DataHub's
 * free text, mask) anything that looks like a CPR number, an e-mail address or a Danish phone number.
 * A case's history, search attributes, logs and answers carry ids and facts only.
 *
 * What a pattern cannot recognise: a person's name. Free-text fields (an operator's note, the ground
 * of a security demand without arrears, DataHub's reason texts) are documented as "no personal data"
 * and the caller is responsible for that; ids refuse spaces, so a name written as names are cannot be
 * an id.
 *
 * Pure: no I/O, no dependencies (used by the API's schemas, the CLI and the DataHub poller).
 */

/**
 * A CPR number: DDMMYY, an optional hyphen (or space), 4 digits, standing on its own (not inside a
 * longer run of letters or digits), with a day 01-31 and a month 01-12. `010190-1234`, `0101901234`.
 */
const CPR = /(?<![0-9A-Za-z])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![0-9A-Za-z])/;
/**
 * An e-mail address. Every quantifier is bounded, so a long text without an address is scanned in
 * linear time (an unbounded `[…]+@` backtracks quadratically: 150,000 characters took 70 s).
 */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/;
/**
 * A Danish phone number: with the country code (`+45`, `0045`) and 8 digits, however spaced
 * (`+45 12 34 56 78`, `+4512345678`); or 8 digits written as a phone number is (`12 34 56 78`,
 * `1234 5678`). 8 digits written together (`12345678`) are left alone: customer and invoice numbers
 * look like that.
 */
const PHONE = /(?:(?<![0-9A-Za-z])(?:\+|00)45[ .-]?(?:\d[ .-]?){7}\d(?!\d))|(?:(?<![\d])\d{2}([ .-])\d{2}\1\d{2}\1\d{2}(?![\d]))|(?:(?<![\d])\d{4} \d{4}(?![\d]))/;

const PATTERNS: ReadonlyArray<{ kind: PersonalDataKind; re: RegExp }> = [
  { kind: 'cpr', re: CPR },
  { kind: 'email', re: EMAIL },
  { kind: 'phone', re: PHONE },
];

export type PersonalDataKind = 'cpr' | 'email' | 'phone';

/** The kinds of personal data the text appears to contain (empty: none recognised). */
export function personalDataIn(text: string): PersonalDataKind[] {
  return PATTERNS.filter((p) => (p.kind !== 'email' || text.includes('@')) && p.re.test(text)).map((p) => p.kind);
}

/** Whether the text appears to contain a CPR number, an e-mail address or a phone number. */
export function looksLikePersonalData(text: string): boolean {
  return personalDataIn(text).length > 0;
}

/** A CPR number written with its hyphen, standing on its own: `010190-1234` (also inside an id: `INV-010190-1234`). */
const CPR_WITH_HYPHEN = /(?<![0-9A-Za-z])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-\d{4}(?![0-9A-Za-z])/;
/** A phone number with the country code (`+4512345678`, `004512345678`). */
const PHONE_WITH_COUNTRY_CODE = /(?<![0-9A-Za-z])(?:\+|00)45[.-]?(?:\d[.-]?){7}\d(?!\d)/;

/**
 * Whether an id (no spaces) appears to carry personal data: a CPR number with its hyphen, an e-mail
 * address, a phone number with the country code. Ten digits written together are not refused here
 * (about one in 27 ten-digit invoice numbers would read as a CPR number); the customer id refuses
 * them on its own.
 */
export function idLooksLikePersonalData(id: string): boolean {
  return CPR_WITH_HYPHEN.test(id) || (id.includes('@') && EMAIL.test(id)) || PHONE_WITH_COUNTRY_CODE.test(id);
}

/** The message of a field that refused personal data (it names the rule, never the value). */
export const PERSONAL_DATA_MESSAGE = 'must not contain personal data (a CPR number, an e-mail address or a phone number)';

/** What {@link maskPersonalData} writes in place of a match. */
export const MASK = '[personal data removed]';

/** The text with every CPR number, e-mail address and phone number replaced by {@link MASK}. */
export function maskPersonalData(text: string): string {
  let out = text;
  for (const { kind, re } of PATTERNS) if (kind !== 'email' || out.includes('@')) out = out.replace(new RegExp(re.source, 'g'), MASK);
  return out;
}

/** A JSON-like value with {@link maskPersonalData} applied to every string in it (keys included). */
export function maskPersonalDataDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 200) return '[nested too deeply: removed]';
  if (Array.isArray(value)) return value.map((v) => maskPersonalDataDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, maskPersonalData(k), { value: maskPersonalDataDeep(v, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Field names that carry a person in a DataHub document: the customer (`…customer_MarketParticipant.mRID`
 * is a CPR or CVR number, `….name` the name, RSM-001 and RSM-022), addresses, phone numbers and
 * e-mail addresses. RULES 10: RSM-022's name and CPR/CVR are dropped on arrival.
 */
const PERSONAL_FIELD = /customer|name|cpr|cvr|address|phone|e-?mail|person|contact/i;

/**
 * A DataHub document as afbryd may store it: every field whose name carries a person
 * ({@link PERSONAL_FIELD}) dropped, and what looks like a CPR number, e-mail address or phone number
 * masked in what is left (keys included).
 */
export function dropPersonalFields(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return maskPersonalDataDeep(value, depth);
  if (depth > 200) return '[nested too deeply: removed]';
  if (Array.isArray(value)) return value.map((v) => dropPersonalFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (PERSONAL_FIELD.test(k)) continue;
    Object.defineProperty(out, maskPersonalData(k), { value: dropPersonalFields(v, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

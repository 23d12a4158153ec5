/**
 * The short case number printed on letters (issue 15 item 13): short, readable on the phone, unique,
 * and carrying neither the metering point nor the customer id (RULES 11, "Danish"). A case's id
 * (`<GSRN>-<customerId>-<invoiceId>`) stays the key inside afbryd; the evidence archive's table
 * `case_numbers` maps it to its case number, allocated once (`EvidenceStore.allocateCaseNumber`).
 *
 * **The format** (our choice): eight characters of Crockford's base 32 — the digits and the letters
 * without I, L, O and U, so no two characters are confused when read aloud or written by hand —,
 * printed in two groups of four, `7K3M-9QXF`: seven random characters (32^7 ≈ 34 billion numbers)
 * and one check character. A number always has a letter among its seven (drawn again if not), so it
 * never reads as a customer, invoice or phone number of digits.
 *
 * **The check character** is Damm's algorithm over the field GF(32) (polynomial x^5 + x^2 + 1): the
 * running value `r` starts at 0 and takes each character `d` as `r := 2·r ⊕ d` (· and ⊕ in GF(32));
 * the check character is `2·r` of the seven, so that the whole number runs to 0. Because `r ↦ 2·r ⊕ d`
 * is a bijection and 2 ≠ 1, **every** change of one character and **every** swap of two different
 * adjacent characters gives a number that does not run to 0 (Luhn and mod-11 miss some swaps). The
 * check is verified before a number is looked up, so a typo answers "the check character does not
 * fit", never another customer's case.
 *
 * **Reading** (case-insensitive, Crockford's rules): spaces and one hyphen between the groups are
 * ignored; `O` reads as `0`, `I` and `L` as `1`.
 *
 * Pure: no I/O (the randomness is passed in), so the doors and the stores share it.
 */

/** Crockford's base-32 alphabet: the value of a character is its index. */
export const CASE_NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** How many random characters a case number has (before the check character). */
export const CASE_NUMBER_DATA_LENGTH = 7;
/** A case number as printed: `XXXX-XXXX` in the alphabet. */
export const CASE_NUMBER_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** 2·x in GF(32) modulo x^5 + x^2 + 1 (0b100101). */
function times2(x: number): number {
  const y = x << 1;
  return y & 0b100000 ? y ^ 0b100101 : y;
}

/** The running value of Damm's algorithm over a run of character values. */
function run(values: readonly number[]): number {
  let r = 0;
  for (const d of values) r = times2(r) ^ d;
  return r;
}

const valueOf = (c: string): number => CASE_NUMBER_ALPHABET.indexOf(c);

/** The check character of seven data characters (in the alphabet). @throws RangeError on anything else */
export function caseNumberCheckCharacter(data: string): string {
  if (data.length !== CASE_NUMBER_DATA_LENGTH || [...data].some((c) => valueOf(c) < 0)) throw new RangeError('not seven characters of the case-number alphabet');
  return CASE_NUMBER_ALPHABET[times2(run([...data].map(valueOf)))]!;
}

/** The case number of seven data characters, with its check character, as printed (`XXXX-XXXX`). */
export function withCheckCharacter(data: string): string {
  const whole = data + caseNumberCheckCharacter(data);
  return `${whole.slice(0, 4)}-${whole.slice(4)}`;
}

/**
 * A new case number from a source of random integers (`randomInt(32)` → 0..31): seven random
 * characters, drawn again until one is a letter, and the check character. Uniqueness is the table's
 * (`case_numbers`): the store draws again when a number is taken.
 */
export function newCaseNumber(randomInt: (max: number) => number): string {
  for (;;) {
    const data = Array.from({ length: CASE_NUMBER_DATA_LENGTH }, () => CASE_NUMBER_ALPHABET[randomInt(32)]!).join('');
    if (/[A-Z]/.test(data)) return withCheckCharacter(data);
  }
}

/** What {@link parseCaseNumber} made of a text. */
export type CaseNumberReading =
  | { ok: true; caseNumber: string }
  /** `shape`: not eight characters of the alphabet (in two groups of four); `check`: shaped like one, but the check character does not fit (a typo). */
  | { ok: false; problem: 'shape' | 'check' };

/**
 * Reads a case number as customer service or a customer writes it: case-insensitive, spaces ignored,
 * the groups joined by one hyphen or none, `O` as `0`, `I`/`L` as `1`; the check character verified.
 */
export function parseCaseNumber(text: string): CaseNumberReading {
  if (typeof text !== 'string') return { ok: false, problem: 'shape' };
  const compact = text.trim().toUpperCase().replace(/\s+/g, '');
  if (!/^[0-9A-Z]{4}-?[0-9A-Z]{4}$/.test(compact)) return { ok: false, problem: 'shape' };
  const chars = compact.replace('-', '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if ([...chars].some((c) => valueOf(c) < 0)) return { ok: false, problem: 'shape' };
  if (run([...chars].map(valueOf)) !== 0) return { ok: false, problem: 'check' };
  return { ok: true, caseNumber: `${chars.slice(0, 4)}-${chars.slice(4)}` };
}

/** Whether a text is a case number exactly as printed (`XXXX-XXXX`, upper case, its check character fitting). */
export function isCaseNumber(text: string): boolean {
  if (typeof text !== 'string' || !CASE_NUMBER_PATTERN.test(text)) return false;
  const r = parseCaseNumber(text);
  return r.ok && r.caseNumber === text;
}

/** The message of a case number whose check character does not fit, in Danish and English. */
export const CASE_NUMBER_TYPO = {
  da: 'Sagsnummeret passer ikke: kontroltegnet (det sidste tegn) stemmer ikke med de andre. Tjek, om et tegn er skrevet forkert, eller om to tegn er byttet om.',
  en: 'the case number does not check: its last character (the check character) does not fit the others; a character is mistyped or two are swapped',
} as const;

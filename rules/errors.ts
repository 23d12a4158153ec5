/**
 * Errors the rules throw. Bad dates and dates outside the holiday table throw the built-in
 * `RangeError`; a case the rules refuse throws {@link RulesError}.
 */

/**
 * A combination or request the rules refuse, e.g. `business-large` without an hourly-settled meter,
 * or a cut-off date more than 60 days after the request. The message is one line, fit to show a user.
 */
export class RulesError extends Error {
  override readonly name = 'RulesError';
}

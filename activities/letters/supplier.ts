/**
 * Who sends the letters: the supplier's name and contact data, printed in every letter. Comes from
 * configuration; {@link DEFAULT_SUPPLIER} is a clearly fictional supplier for development and tests.
 */

/** The supplier (elhandelsvirksomhed) as the letters present it. */
export interface SupplierInfo {
  /** The company name, e.g. `Eksempel Energi A/S`. */
  name: string;
  /** Customer service phone number, as printed. */
  phone: string;
  /** Customer service e-mail address. */
  email: string;
  /** The web site, without scheme, e.g. `eksempel-energi.invalid`. */
  web: string;
  /** The company's CVR number (8 digits). */
  cvr: string;
  /** The postal address, one line per entry. Printed under the signature when given. */
  address?: readonly string[];
  /**
   * Where the customer pays (e.g. `reg.nr. 9999 kontonr. 0001234567`). Reminders and the security
   * demand say how to pay when given; otherwise they point to customer service.
   */
  paymentAccount?: string;
  /**
   * Where a customer complains (BEK §32: the supplier's own complaint handling), as printed: an e-mail
   * address, a web form, a postal address. Every letter on the path to disconnection prints it (RULES
   * 11). Unset: customer service's phone and e-mail.
   */
  complaints?: string;
  /**
   * The Energy Appeals Board, as printed in a household's letter (BEK §32 stk. 5, §33). A setting, so
   * that a change of its address needs no release.
   * @default 'Ankenævnet på Energiområdet, Toldboden 2, 8800 Viborg, www.energianke.dk'
   */
  appealsBoard?: string;
}

/** The Energy Appeals Board's default entry (verify before go-live: RULES 11 makes it a setting). */
export const DEFAULT_APPEALS_BOARD = 'Ankenævnet på Energiområdet, Toldboden 2, 8800 Viborg, www.energianke.dk';

/**
 * A fictional supplier: the `.invalid` top-level domain (RFC 2606), a phone number and CVR number that
 * are obviously placeholders. Never use it in production.
 */
export const DEFAULT_SUPPLIER: Readonly<SupplierInfo> = Object.freeze({
  name: 'Eksempel Energi A/S (fiktiv)',
  phone: '+45 00 00 00 00',
  email: 'kundeservice@eksempel-energi.invalid',
  web: 'eksempel-energi.invalid',
  cvr: '00000000',
  address: Object.freeze(['Fiktivvej 1', '9999 Eksempelby']),
  paymentAccount: 'reg.nr. 0000, kontonr. 0000000000',
  complaints: 'klage@eksempel-energi.invalid',
  appealsBoard: DEFAULT_APPEALS_BOARD,
});

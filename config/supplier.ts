/**
 * The supplier the letters, the SMS/e-mail texts and the owner's contract present (RULES 11: the
 * supplier's name, contact, complaint contact and the Energy Appeals Board's address are settings),
 * read by the worker from the environment and validated with zod; a bad value stops it with one line.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `AFBRYD_SUPPLIER` | unset: `DEFAULT_SUPPLIER`, a clearly fictional supplier (`.invalid` addresses, CVR 00000000) for development and tests | a JSON object: `name`, `phone`, `email`, `web`, `cvr` (8 digits), `address` (1–4 lines), and optionally `paymentAccount`, `complaints` (where a customer complains; unset: customer service's phone and e-mail) and `appealsBoard` (default: Ankenævnet på Energiområdet, Toldboden 2, 8800 Viborg, www.energianke.dk) |
 *
 * Set it before real use: with it unset every letter says "Eksempel Energi A/S (fiktiv)".
 */
import { z } from 'zod';
import { DEFAULT_APPEALS_BOARD, DEFAULT_SUPPLIER, type SupplierInfo } from '../activities/letters/supplier.js';
import { ConfigError, formatIssues } from './env.js';

const line = z.string().trim().min(1).max(200);

export const supplierSchema = z
  .object({
    name: line,
    phone: z.string().regex(/^\+?[0-9 ]{8,20}$/, 'must be a phone number as printed, e.g. "+45 70 00 00 00"'),
    email: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address'),
    web: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/i, 'must be a web address without scheme, e.g. "eksempel.dk"'),
    cvr: z.string().regex(/^\d{8}$/, 'must be a CVR number (8 digits)'),
    address: z.array(line).min(1).max(4),
    paymentAccount: line.optional(),
    complaints: line.optional(),
    appealsBoard: line.default(DEFAULT_APPEALS_BOARD),
  })
  .strict();

/** The supplier, and whether it is the fictional default. */
export interface SupplierConfig {
  supplier: SupplierInfo;
  fictional: boolean;
}

/**
 * Reads `AFBRYD_SUPPLIER`.
 * @throws ConfigError naming the bad field (`AFBRYD_SUPPLIER.<field>`).
 */
export function loadSupplierConfig(env: NodeJS.ProcessEnv = process.env): SupplierConfig {
  const text = env.AFBRYD_SUPPLIER;
  if (text === undefined || text.trim() === '') return { supplier: DEFAULT_SUPPLIER, fictional: true };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError('invalid configuration: AFBRYD_SUPPLIER is not valid JSON');
  }
  const parsed = supplierSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error).replace(': ', ': AFBRYD_SUPPLIER.'));
  return { supplier: Object.freeze({ ...parsed.data, address: Object.freeze([...parsed.data.address]) }), fictional: false };
}

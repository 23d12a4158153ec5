/**
 * The SMS/e-mail gateway (issue 15 item 3; `activities/short-message.ts`), read from the environment
 * by the worker and validated with zod; a bad value stops it with one line.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `AFBRYD_SHORT_MESSAGES` | `simulator` | the gateway: `simulator` (in memory, `simulators/short-message.ts`: the embedded default and the tests). A real gateway's adapter is added as another value here and in `worker/parties.ts`. |
 * | `AFBRYD_SMS_SENDER` | `Eksempel` | the SMS's alphanumeric sender id the phone shows: 1–11 letters (A–Z, a–z), digits or spaces, starting with a letter (GSM) |
 * | `AFBRYD_SHORT_MESSAGE_EMAIL_FROM` | `kundeservice@eksempel-energi.invalid` | the e-mail's From address |
 *
 * The defaults are the fictional supplier's (`DEFAULT_SUPPLIER`); set both senders before real use.
 */
import { z } from 'zod';
import { DEFAULT_SHORT_MESSAGE_SENDER, type ShortMessageSender } from '../activities/short-message.js';
import { ConfigError, formatIssues } from './env.js';

/** Unset and empty mean the default (docker-compose passes an empty value for an unset variable). */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const shortMessageConfigSchema = z.object({
  /** Which SMS/e-mail gateway the worker uses. @default 'simulator' */
  AFBRYD_SHORT_MESSAGES: z.preprocess(unsetIfEmpty, z.enum(['simulator'], { message: 'must be simulator (the only gateway so far)' }).default('simulator')),
  /** The SMS sender id. @default 'Eksempel' */
  AFBRYD_SMS_SENDER: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9 ]{0,10}$/, 'must be 1-11 letters, digits or spaces, starting with a letter (an SMS sender id)')
      .default(DEFAULT_SHORT_MESSAGE_SENDER.smsSender),
  ),
  /** The e-mail's From address. @default 'kundeservice@eksempel-energi.invalid' */
  AFBRYD_SHORT_MESSAGE_EMAIL_FROM: z.preprocess(
    unsetIfEmpty,
    z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address').default(DEFAULT_SHORT_MESSAGE_SENDER.emailFrom),
  ),
});

/** The gateway's configuration. */
export interface ShortMessageConfig {
  gateway: 'simulator';
  sender: ShortMessageSender;
}

/** Reads the gateway's configuration. @throws ConfigError in one line */
export function loadShortMessageConfig(env: NodeJS.ProcessEnv = process.env): ShortMessageConfig {
  const parsed = shortMessageConfigSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  return {
    gateway: parsed.data.AFBRYD_SHORT_MESSAGES,
    sender: { smsSender: parsed.data.AFBRYD_SMS_SENDER, emailFrom: parsed.data.AFBRYD_SHORT_MESSAGE_EMAIL_FROM },
  };
}

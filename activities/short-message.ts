/**
 * The short-message adapter (issue 15 item 3; RULES 11): information that must reach the customer the
 * same day goes by SMS, or by e-mail when the customer registry has no mobile number, through an
 * SMS/e-mail gateway — beside digital post and print post (`mail.ts`), never instead of a letter with
 * legal effect (RULES 1: e-mail or SMS alone should not carry those). Today one kind of message: the
 * reopening information (`reopeningInformation`: appliances off, the window, activating the meter,
 * how to reach the supplier; `letters/templates/reopening-information.ts`).
 *
 * **Personal data.** The workflow passes ids, the message kind and the message's values only (the day,
 * the window, the method); the mobile number and the e-mail address are read here from the customer
 * registry (`CustomerRegistryPort`), go to the gateway, and never leave this adapter: the receipt,
 * errors and log lines carry the channel, ids and hashes. The exact text sent is recorded in the
 * evidence archive (`recordShortMessage`), with its SHA-256 and the recipient masked.
 *
 * **Idempotency.** The workflow derives `idempotencyKey`; the gateway gets `<key>:sms` or `<key>:email`
 * on every attempt and dedupes by it (a repeat answers the first result and sends nothing), so one key
 * sends one message, and a retried activity returns the same receipt.
 *
 * Channels, in order: SMS when the registry has a mobile number and the gateway accepts it; else e-mail
 * when it has an address and the gateway accepts it; else `none` — nothing was sent, and the case
 * must have the information given another way (an operator calls).
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { EvidenceStore } from '../evidence/store.js';
import { currentWorkflow, recordEvidence } from './evidence.js';
import { reopeningInformation, smsParts, type ReopeningInformationContent, type ShortMessageWords } from './letters/templates/reopening-information.js';
import { DEFAULT_SUPPLIER, type SupplierInfo } from './letters/supplier.js';
import { activityLog, type CustomerRegistryPort } from './mail.js';
import { copenhagenLocalTime } from '../rules/index.js';

// ---------------------------------------------------------------------------------------------------
// The port: an SMS/e-mail gateway.
// ---------------------------------------------------------------------------------------------------

/** The channel of a short message. */
export type ShortMessageChannel = 'sms' | 'email';

/** One message to the gateway. */
export interface ShortMessageRequest {
  /** `<activity key>:sms` or `<activity key>:email`; the gateway sends a key at most once. */
  idempotencyKey: string;
  channel: ShortMessageChannel;
  /** The mobile number (E.164) or the e-mail address, from the customer registry. Personal data. */
  to: string;
  /** SMS: the alphanumeric sender id (`AFBRYD_SMS_SENDER`); e-mail: the From address. */
  from: string;
  /** The e-mail's subject (unset for an SMS). */
  subject?: string;
  /** The text as sent: the SMS, or the e-mail's plain-text body. */
  text: string;
  /** SHA-256 hex of subject and text (`shortMessageHash`). */
  contentHash: string;
}

/**
 * The gateway's answer: `sent` — accepted for delivery at `sentAt` (an ISO instant), with its message
 * id; `rejected` — it will not send to that recipient (a number that is not a mobile, an address it
 * refuses), with its reason code.
 */
export type ShortMessageResult = { status: 'sent'; messageId: string; sentAt: string } | { status: 'rejected'; reason: string };

/** An SMS/e-mail gateway. Must dedupe by `idempotencyKey`. */
export interface ShortMessagePort {
  send(request: ShortMessageRequest): Promise<ShortMessageResult>;
}

// ---------------------------------------------------------------------------------------------------
// The activity.
// ---------------------------------------------------------------------------------------------------

/** The kinds of short message. */
export type ShortMessageKind = 'reopeningInformation';

/** Input of `sendShortMessage`: ids, the kind and the message's values. No phone number, address or name. */
export interface SendShortMessageInput {
  /** Derived by the workflow (`<caseId>:reopening-information:<cycle>`); the same on every retry. */
  idempotencyKey: string;
  caseId: string;
  /** The customer, looked up in the customer registry for the mobile number and e-mail address. */
  customerId: string;
  kind: ShortMessageKind;
  /** What the message says (`reopeningInformation`). */
  content: ReopeningInformationContent;
}

/**
 * Proof that the information went, without personal data: the channel, the gateway's message id,
 * when, and the hash of the text (the text itself is in the evidence archive). `none`: the registry
 * has neither a mobile number nor an e-mail address the gateway accepts, and nothing was sent.
 */
export type ShortMessageReceipt =
  | { channel: ShortMessageChannel; messageId: string; sentAt: string; contentHash: string }
  | { channel: 'none'; reason: string };

/** What {@link createShortMessageActivities} needs. */
export interface ShortMessageDeps {
  shortMessages: ShortMessagePort;
  customers: CustomerRegistryPort;
  /** The supplier named in the text (its phone number) and the e-mail's signature. @default DEFAULT_SUPPLIER */
  supplier?: SupplierInfo;
  /** The SMS sender id and the e-mail's From address (`config/short-message.ts`). @default DEFAULT_SHORT_MESSAGE_SENDER */
  shortMessageSender?: ShortMessageSender;
  /** The evidence archive: the text sent is recorded in it before the receipt is returned. Unset: nothing recorded. */
  evidence?: EvidenceStore;
}

/** Who a short message is from. */
export interface ShortMessageSender {
  /** The SMS sender id: 1–11 letters, digits or spaces (GSM alphanumeric originator). */
  smsSender: string;
  /** The e-mail's From address. */
  emailFrom: string;
}

/** The fictional default sender (matches `DEFAULT_SUPPLIER`). */
export const DEFAULT_SHORT_MESSAGE_SENDER: Readonly<ShortMessageSender> = Object.freeze({
  smsSender: 'Eksempel',
  emailFrom: 'kundeservice@eksempel-energi.invalid',
});

/** SHA-256 hex of a short message's subject (empty for an SMS) and text. */
export function shortMessageHash(subject: string, text: string): string {
  return createHash('sha256').update(`${subject}\n${text}`, 'utf8').digest('hex');
}

/** A recipient as the archive shows it: the last two digits of a number, the first letter and the domain of an address. */
export function maskRecipient(channel: ShortMessageChannel, to: string): string {
  if (channel === 'sms') return `${'*'.repeat(Math.max(0, to.length - 2))}${to.slice(-2)}`;
  const at = to.lastIndexOf('@');
  return at > 0 ? `${to[0]}***${to.slice(at)}` : '***';
}

function failure(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ nonRetryable: true, type, message });
}


function wordsOf(input: SendShortMessageInput, supplier: SupplierInfo): ShortMessageWords {
  const c = input.content;
  const time = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (input.kind !== 'reopeningInformation') throw failure('InvalidInput', `short message ${input.idempotencyKey}: unknown kind "${String(input.kind)}"`);
  if (!c || !/^\d{4}-\d{2}-\d{2}$/.test(c.expectedDate) || !time.test(c.from) || !time.test(c.to) || (c.method !== 'physical' && c.method !== 'remote')) {
    throw failure('InvalidInput', `short message ${input.idempotencyKey}: content needs expectedDate (YYYY-MM-DD), from and to (HH:MM) and method (physical or remote)`);
  }
  if (c.customerClass !== 'household' && c.customerClass !== 'business') throw failure('InvalidInput', `short message ${input.idempotencyKey}: unknown customerClass`);
  return reopeningInformation(c, supplier);
}

/** Builds the short-message activities. */
export function createShortMessageActivities(deps: ShortMessageDeps) {
  const supplier = deps.supplier ?? DEFAULT_SUPPLIER;
  const sender = deps.shortMessageSender ?? DEFAULT_SHORT_MESSAGE_SENDER;
  return {
    /**
     * Sends one short message to the customer: by SMS if the registry has a mobile number the gateway
     * accepts, else by e-mail if it has an address the gateway accepts, else nothing (`none`). Records
     * the text sent in the evidence archive and returns a receipt without personal data. The same key
     * sends one message however often it runs, and answers the same receipt.
     * @throws ApplicationFailure (non-retryable) `UnknownCustomer`, `InvalidInput`, `BadPartyResponse`;
     *   (retryable) `ShortMessageGatewayUnavailable` — the gateway threw (network, 5xx), named by its
     *   error's name only, since its message may quote the recipient — and `EvidenceUnavailable`.
     */
    async sendShortMessage(input: SendShortMessageInput): Promise<ShortMessageReceipt> {
      const key = input.idempotencyKey;
      if (typeof key !== 'string' || key.length === 0) throw failure('InvalidInput', 'idempotencyKey is required');
      const words = wordsOf(input, supplier);
      const contact = await deps.customers.getContact(input.customerId);
      if (!contact) throw failure('UnknownCustomer', `unknown customer ${input.customerId} (short message ${key})`);
      const log = activityLog();

      const tries: Array<{ channel: ShortMessageChannel; to: string }> = [];
      if (contact.mobilePhone) tries.push({ channel: 'sms', to: contact.mobilePhone });
      if (contact.email) tries.push({ channel: 'email', to: contact.email });
      const refused: string[] = [];
      for (const { channel, to } of tries) {
        const subject = channel === 'email' ? words.subject : '';
        const text = channel === 'email' ? words.emailBody : words.text;
        const contentHash = shortMessageHash(subject, text);
        let answer: ShortMessageResult;
        try {
          answer = await deps.shortMessages.send({
            idempotencyKey: `${key}:${channel}`,
            channel,
            to,
            from: channel === 'sms' ? sender.smsSender : sender.emailFrom,
            ...(channel === 'email' ? { subject } : {}),
            text,
            contentHash,
          });
        } catch (err) {
          // Retryable; the gateway's own message may quote the recipient, so only its error name goes on
          // (into workflow history and the case's timeline).
          throw ApplicationFailure.create({
            type: 'ShortMessageGatewayUnavailable',
            message: `short message ${key}: the ${channel} gateway failed (${String((err as Error)?.name ?? 'Error').slice(0, 60)})`,
          });
        }
        if (answer.status === 'rejected') {
          // The gateway's reason may quote the recipient: only the channel goes on.
          refused.push(channel);
          log?.warn('the gateway refused a short message; trying the next channel', { messageKey: key, caseId: input.caseId, channel });
          continue;
        }
        let sentDate: string;
        try {
          sentDate = copenhagenLocalTime(answer.sentAt).date;
        } catch {
          throw failure('BadPartyResponse', `short message ${key}: the gateway answered a malformed timestamp`);
        }
        if (deps.evidence) {
          const evidence = deps.evidence;
          const { workflowId, runId } = currentWorkflow(input.caseId);
          await recordEvidence(`short message ${key}`, () =>
            evidence.recordShortMessage({
              workflowId,
              ...(runId ? { runId } : {}),
              caseId: input.caseId,
              messageKey: key,
              kind: input.kind,
              channel,
              recipientMasked: maskRecipient(channel, to),
              subject,
              text,
              contentHash,
              sentAt: answer.sentAt,
              sentDate,
              deliveryId: answer.messageId,
            }),
          );
        }
        log?.info('short message sent', { messageKey: key, caseId: input.caseId, kind: input.kind, channel, messageId: answer.messageId, parts: channel === 'sms' ? smsParts(text).parts : 1 });
        return { channel, messageId: answer.messageId, sentAt: answer.sentAt, contentHash };
      }
      const reason =
        tries.length === 0 ? 'no mobile number or e-mail address in the customer registry' : `the gateway refused ${refused.join(' and ')}`;
      log?.info('no short message sent', { messageKey: key, caseId: input.caseId, kind: input.kind, reason: tries.length === 0 ? 'no contact' : 'refused' });
      return { channel: 'none', reason };
    },
  };
}

/** The short-message activities, typed as the factory's return value (for workflows' `proxyActivities<…>`). */
export type ShortMessageActivities = ReturnType<typeof createShortMessageActivities>;

/**
 * The mail adapter: sends a case's letters to the customer by digital post (e-Boks/MitPost, the default
 * channel) or, as the fallback, as a physical letter through a print-and-post service, and returns the
 * receipt from which the next legal deadline is counted (RULES 1, Receipt of a letter).
 *
 * The workflow passes ids and letter values only; the customer's name, address and digital-post id
 * come from the customer registry here, and never leave this adapter: receipts, errors and log lines
 * carry ids only.
 *
 * Idempotency: the workflow derives `idempotencyKey` from case id + step (+ cycle) and a retry repeats
 * it. This adapter passes the same key to every outside party on every attempt, and the parties dedupe
 * by it (a second send with a known key returns the first result without delivering again), so a
 * letter is delivered at most once per channel however often the activity runs.
 *
 * Documents: each letter is rendered twice from the same words — as plain text (`renderLetter`) and as
 * the PDF document the channels carry (`renderLetterPdf`, #15 item 14). Both are deterministic, so a
 * retried attempt sends and archives the same bytes. The receipt keeps the text's content hash; the
 * PDF's bytes go to the ports and the evidence archive only, never into workflow history.
 *
 * Case number: a letter names its case by the short case number (`XXXX-XXXX`, issue 15 item 13), asked
 * of the evidence archive (`allocateCaseNumber`) before rendering — never by the case id, which carries
 * the metering point and the customer id. Allocated once per case id, so a retry renders the same bytes.
 *
 * Evidence: after a successful send, the letter as sent (rendered subject and body, hash, the PDF
 * document, channel, dates, letter id) is written to the evidence archive (`deps.evidence`), its
 * lawful proof. The rendered content holds the customer's name and address: it goes to that database
 * only, never to logs, receipts or workflow history.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  DEFAULT_RULES_SETTINGS,
  SETTINGS_BASES,
  copenhagenLocalTime,
  receiptDate,
  resolveRulesSettings,
  type IsoDate,
  type OwnerSettings,
  type RulesSettings,
} from '../rules/index.js';
import { CASE_NUMBER_ATTEMPTS, drawCaseNumber } from '../evidence/schema.js';
import type { EvidenceStore } from '../evidence/store.js';
import { currentWorkflow, recordEvidence } from './evidence.js';
import { renderLetterPdf } from './letters/pdf.js';
import { LetterContentError, renderLetter, type RenderedLetter } from './letters/render.js';
import { DEFAULT_SUPPLIER, type SupplierInfo } from './letters/supplier.js';
import type { LetterContent, LetterKind } from './letters/types.js';

// ---------------------------------------------------------------------------------------------------
// Ports: the outside parties this adapter talks to.
// ---------------------------------------------------------------------------------------------------

/** A message to a digital-post mailbox (e-Boks/MitPost). */
export interface DigitalPostSendRequest {
  /** Decided by the workflow; the service delivers a key at most once and answers a repeat with the first result. */
  idempotencyKey: string;
  /** The recipient's digital-post id from the customer registry (not a CPR number). */
  recipientId: string;
  subject: string;
  /** The letter as plain text (the same words as `pdf`). */
  body: string;
  /** SHA-256 hex of subject and body (`letterContentHash`), kept by the service as proof of content. */
  contentHash: string;
  /** The letter as a PDF document (`renderLetterPdf`): what the mailbox shows. The same bytes on every attempt. */
  pdf: Uint8Array;
  /** SHA-256 hex of `pdf`. */
  pdfSha256: string;
}

/**
 * The digital-post service's answer:
 * - `delivered`: in the mailbox at `deliveredAt` (an ISO instant), the legal receipt (RULES 1);
 * - `no-mailbox`: the recipient has no mailbox (or is exempt from digital post);
 * - `bounced`: the service refused or could not deliver it, with its reason code.
 */
export type DigitalPostSendResult =
  | { status: 'delivered'; messageId: string; deliveredAt: string }
  | { status: 'no-mailbox' }
  | { status: 'bounced'; reason: string };

/** A digital-post service. Must dedupe by `idempotencyKey`. */
export interface DigitalPostPort {
  send(request: DigitalPostSendRequest): Promise<DigitalPostSendResult>;
}

/** A physical letter handed to a print-and-post service. */
export interface PrintPostDispatchRequest {
  /** Decided by the workflow; the service dispatches a key at most once and answers a repeat with the first result. */
  idempotencyKey: string;
  /** The recipient's name and postal address, printed on the letter. */
  name: string;
  address: readonly string[];
  subject: string;
  /** The letter as plain text (the same words as `pdf`). */
  body: string;
  contentHash: string;
  /** The letter as a PDF document (`renderLetterPdf`): what the service prints. The same bytes on every attempt. */
  pdf: Uint8Array;
  /** SHA-256 hex of `pdf`. */
  pdfSha256: string;
}

/** The print-and-post service's answer: the letter was handed to the postal service at `dispatchedAt` (ISO instant). */
export interface PrintPostDispatchResult {
  dispatchId: string;
  dispatchedAt: string;
}

/** A print-and-post service. Must dedupe by `idempotencyKey`. */
export interface PrintPostPort {
  dispatch(request: PrintPostDispatchRequest): Promise<PrintPostDispatchResult>;
}

/** A customer's contact data, as the customer registry holds it. Personal data: stays in this adapter. */
export interface CustomerContact {
  name: string;
  /** The postal address, one line per entry. */
  address: readonly string[];
  /** The customer's digital-post id (e-Boks/MitPost recipient id, not a CPR number), if the customer has a mailbox. */
  digitalPostId?: string;
  /**
   * The customer's mobile phone number (E.164, e.g. `+4512345678`), if the registry has one: the
   * short-message port's first channel (`activities/short-message.ts`).
   */
  mobilePhone?: string;
  /** The customer's e-mail address, if the registry has one: the short-message port's second channel. */
  email?: string;
}

/** The customer registry (the billing system's customer master data). */
export interface CustomerRegistryPort {
  /** The contact data of a customer, or `undefined` if the id is unknown. */
  getContact(customerId: string): Promise<CustomerContact | undefined>;
}

// ---------------------------------------------------------------------------------------------------
// The activity.
// ---------------------------------------------------------------------------------------------------

/** The channel a letter goes on: digital post, or a physical letter. */
export type MailChannel = 'digital' | 'letter';

/** Input of {@link MailActivities.sendLetter}. Ids and letter values only: no name, address or CPR. */
export interface SendLetterInput {
  /** Derived by the workflow from case id + step (+ cycle); the same on every retry. Becomes the letter id. */
  idempotencyKey: string;
  caseId: string;
  /** The customer, looked up in the customer registry for name, address and digital-post id. */
  customerId: string;
  /**
   * What the letter says. Its `caseId`, if given, must be `caseId`; left out, it is `caseId` (version 2
   * from issue 14 item 8 leaves it out: the same id twice in every letter's history).
   */
  letter: LetterContent | LetterContentWithoutCaseId;
  /**
   * The channel to try first. `digital` falls back to a physical letter when the customer has no
   * digital-post id, or digital post answers no-mailbox or bounced.
   * @default 'digital'
   */
  preferredChannel?: MailChannel;
  /**
   * A physical letter counts as received dispatch + this many hverdage (RULES 1 **[interpretation]**).
   * Overrides `rulesSettings.letterReceiptHverdage`.
   * @default 5 (from `rulesSettings`, else `DEFAULT_RULES_SETTINGS`)
   */
  letterReceiptHverdage?: number;
  /**
   * The case's snapshot of the rules settings the receipt depends on (`receiptSettingsOf`: receipt per
   * channel, the hverdag calendar); a whole snapshot (cases before release 0.4) is taken as well.
   * Missing settings are the defaults.
   * @default DEFAULT_RULES_SETTINGS
   */
  rulesSettings?: Partial<RulesSettings>;
  /**
   * The frozen settings base (rules/settings-base.ts) that `rulesSettings` changes: missing receipt
   * settings are that base's, not this code's defaults (version 2 from issue 14 item 8 sends only the
   * name on the defaults). An unknown base fails the letter before anything is sent.
   * @default undefined (missing settings are `DEFAULT_RULES_SETTINGS`)
   */
  rulesSettingsBase?: string;
  /**
   * The same letter with the dates a physical letter gives (RULES 11: a letter's dates fit its channel
   * before it is sent): sent instead of `letter` when digital post cannot deliver and the letter goes by
   * post, so the customer gets one letter with the right dates, never a wrong one and a correction.
   * Unset: `letter` goes on either channel (its dates do not depend on the channel, or the caller is a
   * workflow from before release 0.6.1).
   */
  letterByPost?: LetterContent;
  /**
   * The twin as its differences from `letter` (issue 14 item 8: the twin differs in a date or two, and
   * the whole content twice cost every letter ~0.4 KB of history): the letter by post is
   * `{ ...letter, ...letterByPostChanges }`. Ignored when `letterByPost` is given.
   * @default undefined (no twin)
   */
  letterByPostChanges?: Partial<LetterContent>;
  /**
   * `compact`: the receipt holds only what a case reads of it — `letterId`, `channel`, `sentDate`,
   * `receivedDate`, `contentHash` (issue 14 item 8: its `receiptBasis`, `sentAt`, `deliveryId` and
   * `fallback` cost ~0.3 KB of history per letter); the evidence archive keeps the full receipt
   * either way. `lean`: the compact receipt without `letterId` (the input's `idempotencyKey`).
   * @default 'full'
   */
  receipt?: 'full' | 'compact' | 'lean';
}

/** A letter's content without its case id (`SendLetterInput.letter`: the input's `caseId` is the letter's). */
export type LetterContentWithoutCaseId = LetterContent extends infer L ? (L extends LetterContent ? Omit<L, 'caseId'> & { caseId?: undefined } : never) : never;

/**
 * What a compact receipt holds (`SendLetterInput.receipt: 'compact'`). `letterId` is the input's
 * `idempotencyKey`, which the case already knows: left out since issue 14 item 8 (`receipt: 'lean'`).
 */
export type CompactLetterReceipt = Pick<LetterReceipt, 'letterId' | 'channel' | 'sentDate' | 'receivedDate' | 'contentHash'>;
/** The compact receipt without the letter id (`SendLetterInput.receipt: 'lean'`). */
export type LeanLetterReceipt = Omit<CompactLetterReceipt, 'letterId'>;

/** `sendLetter`'s type: the compact receipt when asked for (`receipt: 'compact'`), else the full one. */
export interface SendLetter {
  (input: SendLetterInput & { receipt: 'lean' }): Promise<LeanLetterReceipt>;
  (input: SendLetterInput & { receipt: 'compact' }): Promise<CompactLetterReceipt>;
  (input: SendLetterInput): Promise<LetterReceipt>;
}

/** Why a letter meant for digital post went as a physical letter. */
export interface LetterFallback {
  from: 'digital';
  /** `no-mailbox`: no digital-post id in the registry, or digital post has no mailbox for it; `bounced`: digital post refused it. */
  reason: 'no-mailbox' | 'bounced';
  /** The detail: where the no-mailbox answer came from, or digital post's bounce reason code. */
  detail?: string;
}

/** Proof that a letter was sent, and when it counts as received. Ids and dates only: no personal data. */
export interface LetterReceipt {
  /** The letter's id: the input's `idempotencyKey`. */
  letterId: string;
  kind: LetterKind;
  channel: MailChannel;
  /** When it was sent (digital: delivered to the mailbox; letter: dispatched), as an ISO instant from the channel. */
  sentAt: string;
  /** The Danish local date of `sentAt` (Europe/Copenhagen). */
  sentDate: IsoDate;
  /** The day the letter counts as received (RULES 1): legal periods count from it. */
  receivedDate: IsoDate;
  /** Why `receivedDate` is that day (RULES 1, the channel's rule, the channel's timestamp). */
  receiptBasis: string;
  /**
   * SHA-256 hex of the subject and body that were sent (`letterContentHash`): the hash of the letter's
   * words. The PDF document that carried them, and its own SHA-256, are in the evidence archive (by
   * workflow id and `letterId`); the PDF names this hash in its information (`ContentHash`). The
   * document's bytes never enter workflow history.
   */
  contentHash: string;
  /** The channel's own id of the delivery (digital post's message id, the print service's dispatch id). */
  deliveryId: string;
  /** Set when a letter meant for digital post went as a physical letter. */
  fallback?: LetterFallback;
}

/** What {@link createMailActivities} needs. */
export interface MailDeps {
  digitalPost: DigitalPostPort;
  printPost: PrintPostPort;
  customers: CustomerRegistryPort;
  /**
   * The supplier printed in every letter (from configuration).
   * @default DEFAULT_SUPPLIER (fictional)
   */
  supplier?: SupplierInfo;
  /**
   * The worker's owner settings (`AFBRYD_OWNER_RULES`): an owner's letter whose product has no contract
   * contents (a case whose settings snapshot predates them) gets the configured product's, when it is the
   * same product ({@link withOwnerContract}).
   * @default undefined (such a letter is refused as InvalidLetter)
   */
  owner?: Pick<OwnerSettings, 'ownerProduct'>;
  /**
   * The evidence archive: every letter sent is recorded in it before the activity returns (a failed
   * write fails the attempt; the retry resends nothing, the parties dedupe, and records it then).
   * Unset (unit tests of the adapter alone): nothing is recorded.
   * @default undefined
   */
  evidence?: EvidenceStore;
  /**
   * Where a case's short case number comes from (issue 15 item 13), asked before the letter is
   * rendered: the same case id gets the same number on every attempt, so a retry renders the same
   * bytes.
   * @default `evidence` (its `case_numbers` table); without it, numbers kept in this process only
   *   (unit tests of the adapter alone)
   */
  caseNumbers?: CaseNumberSource;
}

/** What the mail adapter needs of the case numbers (`EvidenceStore` has it). */
export interface CaseNumberSource {
  /** The case's short case number (`XXXX-XXXX`), allocated once and the same ever after. */
  allocateCaseNumber(caseId: string, workflowId: string): Promise<string>;
}

/** Case numbers kept in memory: for the adapter without an evidence archive (unit tests), never for a worker. */
export function memoryCaseNumbers(draw: () => string = drawCaseNumber): CaseNumberSource {
  const byCase = new Map<string, string>();
  const taken = new Set<string>();
  return {
    async allocateCaseNumber(caseId) {
      let n = byCase.get(caseId);
      for (let attempt = 0; n === undefined; attempt++) {
        if (attempt === CASE_NUMBER_ATTEMPTS) throw new Error(`no free case number after ${CASE_NUMBER_ATTEMPTS} draws`);
        const candidate = draw();
        if (!taken.has(candidate)) n = candidate;
      }
      byCase.set(caseId, n);
      taken.add(n);
      return n;
    },
  };
}

/** The failure types this adapter throws. All are non-retryable: a retry would get the same answer. */
export const MailFailureType = {
  /** The customer id is not in the customer registry. */
  unknownCustomer: 'UnknownCustomer',
  /** The letter content cannot be rendered into a lawful letter, or does not belong to the case. */
  invalidLetter: 'InvalidLetter',
  /** The rules settings or another input value is invalid. */
  invalidInput: 'InvalidInput',
  /** An outside party answered something this adapter cannot read (e.g. a malformed timestamp). */
  badPartyResponse: 'BadPartyResponse',
} as const;
export type MailFailureType = (typeof MailFailureType)[keyof typeof MailFailureType];

function failure(type: MailFailureType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ nonRetryable: true, type, message });
}

/** The activity context's logger, or none when the function is called outside an activity (e.g. a unit test). */
export function activityLog(): Context['log'] | undefined {
  try {
    return Context.current().log;
  } catch {
    return undefined;
  }
}

function settingsOf(input: SendLetterInput): Readonly<RulesSettings> {
  if (input.rulesSettings === undefined && input.letterReceiptHverdage === undefined && input.rulesSettingsBase === undefined) return DEFAULT_RULES_SETTINGS;
  let from: Readonly<RulesSettings> = DEFAULT_RULES_SETTINGS;
  if (input.rulesSettingsBase !== undefined) {
    const named = SETTINGS_BASES[input.rulesSettingsBase]?.rules;
    if (!named) throw failure(MailFailureType.invalidInput, `case ${input.caseId}: unknown settings base ${input.rulesSettingsBase}`);
    from = named;
  }
  const base = { ...from, ...(input.rulesSettings ?? {}) };
  try {
    const settings = resolveRulesSettings(
      input.letterReceiptHverdage === undefined ? { ...base } : { ...base, letterReceiptHverdage: input.letterReceiptHverdage },
    );
    // Fail before anything is sent if the calendar cannot be built (e.g. an unknown holiday table).
    receiptDate('2026-01-02', 'letter', settings);
    return settings;
  } catch (err) {
    throw failure(MailFailureType.invalidInput, `case ${input.caseId}: ${(err as Error).message}`);
  }
}

/** The Danish local date and time of a channel's timestamp. */
function localOf(instant: string, input: SendLetterInput, party: string): { date: IsoDate; local: string } {
  try {
    const t = copenhagenLocalTime(instant);
    return { date: t.date, local: t.local };
  } catch {
    throw failure(MailFailureType.badPartyResponse, `letter ${input.idempotencyKey}: ${party} answered a malformed timestamp`);
  }
}

/**
 * The owner's letter of a case whose settings snapshot predates the contract's contents (BEK §3 stk. 3,
 * `OwnerProduct.contract`): its product has an id, a name and a free-text `terms` only. When the worker's
 * configured product is the same product (same id), the letter carries the configured product (name,
 * contract and extra note, replacing the old free text, which described the same terms in one blob);
 * otherwise the letter is left as it is, and rendering refuses it (InvalidLetter: the case asks an
 * operator), so a contract never goes out without those contents or with another product's prices. Any
 * other letter is returned as it is.
 */
export function withOwnerContract(letter: LetterContent, owner: Pick<OwnerSettings, 'ownerProduct'> | undefined): LetterContent {
  if (letter.kind !== 'ownerNotice' || !letter.product || letter.product.contract || !owner?.ownerProduct?.contract) return letter;
  if (letter.product.productId !== owner.ownerProduct.productId) return letter;
  const { productId, name, contract, terms } = owner.ownerProduct;
  return { ...letter, product: { productId, name, contract, ...(terms !== undefined ? { terms } : {}) } };
}

/**
 * Builds the mail activities.
 *
 * Example (with the simulators):
 * ```ts
 * const { digitalPost, printPost, customers } = createSimulatedParties();
 * const { sendLetter } = createMailActivities({ digitalPost, printPost, customers });
 * ```
 */
export function createMailActivities(deps: MailDeps): { sendLetter: SendLetter } {
  const supplier = deps.supplier ?? DEFAULT_SUPPLIER;
  const caseNumbers = deps.caseNumbers ?? deps.evidence ?? memoryCaseNumbers();

  return {
    /**
     * Sends one letter of a case and returns its receipt.
     *
     * Digital post is the default channel; without a digital-post id in the registry, or when digital
     * post answers no-mailbox or bounced, the same letter goes as a physical letter and the receipt
     * records the fallback. Receipt (RULES 1): digital post, the Danish date of the delivery timestamp
     * (+ `digitalReceiptHverdage`, default 0); physical letter, the Danish date of dispatch +
     * `letterReceiptHverdage` hverdage (default 5).
     *
     * Every attempt passes the same `idempotencyKey` to the parties, which dedupe by it, so a retry
     * never delivers a second letter and returns the same receipt.
     *
     * With `deps.evidence`, the letter as sent is recorded in the evidence archive before the receipt
     * is returned, under the calling workflow's id (the activity context; outside an activity, the
     * case id).
     *
     * @throws ApplicationFailure (non-retryable) `UnknownCustomer`, `InvalidLetter`, `InvalidInput`,
     *   `BadPartyResponse`. Errors from the parties themselves (network, 5xx) propagate and are retried,
     *   and so does `EvidenceUnavailable` (the archive could not be written).
     */
    async sendLetter(given: SendLetterInput): Promise<LetterReceipt | CompactLetterReceipt | LeanLetterReceipt> {
      // A letter without its case id is the input's case's.
      const input = {
        ...given,
        letter: withOwnerContract({ ...given.letter, caseId: given.letter.caseId ?? given.caseId } as LetterContent, deps.owner),
        ...(given.letterByPost ? { letterByPost: withOwnerContract(given.letterByPost, deps.owner) } : {}),
      };
      const key = input.idempotencyKey;
      if (typeof key !== 'string' || key.length === 0) throw failure(MailFailureType.invalidInput, 'idempotencyKey is required');
      const preferred = input.preferredChannel ?? 'digital';
      if (preferred !== 'digital' && preferred !== 'letter') {
        throw failure(MailFailureType.invalidInput, `letter ${key}: unknown channel "${String(preferred)}"`);
      }
      if (input.letter.caseId !== input.caseId) {
        throw failure(MailFailureType.invalidLetter, `letter ${key}: the letter belongs to case ${input.letter.caseId}, not ${input.caseId}`);
      }
      const settings = settingsOf(input);

      const contact = await deps.customers.getContact(input.customerId);
      if (!contact) throw failure(MailFailureType.unknownCustomer, `unknown customer ${input.customerId} (letter ${key})`);

      const twin: LetterContent | undefined =
        input.letterByPost ?? (input.letterByPostChanges ? ({ ...input.letter, ...input.letterByPostChanges } as LetterContent) : undefined);
      if (twin && (twin.caseId !== input.caseId || twin.kind !== input.letter.kind)) {
        throw failure(MailFailureType.invalidLetter, `letter ${key}: letterByPost must be the same kind of letter of the same case`);
      }
      // The short case number the letter prints (issue 15 item 13), never the case id: allocated once
      // per case id, so every attempt, re-render and later letter of the case prints the same one.
      const { workflowId } = currentWorkflow(input.caseId);
      const caseNumber = await recordEvidence(`case number of letter ${key}`, () => caseNumbers.allocateCaseNumber(input.caseId, workflowId));
      const render = (content: LetterContent): RenderedLetter & { pdf: Uint8Array; pdfSha256: string } => {
        try {
          const recipient = { name: contact.name, address: contact.address };
          const text = renderLetter(content, recipient, supplier, caseNumber);
          // The document the channel carries: deterministic, so a retry sends and archives the same bytes.
          const pdf = renderLetterPdf(content, recipient, supplier, caseNumber);
          return { ...text, pdf: pdf.bytes, pdfSha256: pdf.sha256 };
        } catch (err) {
          // LetterContentError messages name fields and ids only; any other error is a bug: don't echo it.
          if (err instanceof LetterContentError) throw failure(MailFailureType.invalidLetter, `letter ${key}: ${err.message}`);
          throw failure(MailFailureType.invalidLetter, `letter ${key}: the letter could not be rendered`);
        }
      };
      // Both variants are rendered before anything is sent: a bad one fails the step, not half of it.
      const byDigital = render(input.letter);
      const byPost = twin ? render(twin) : byDigital;
      let { subject, body, contentHash, pdf, pdfSha256 } = byDigital;
      const log = activityLog();

      /** Records the letter as sent in the evidence archive, then hands back its receipt. */
      const proven = async (receipt: LetterReceipt): Promise<LetterReceipt | CompactLetterReceipt | LeanLetterReceipt> => {
        const evidence = deps.evidence;
        if (!evidence) return shaped(receipt, input.receipt);
        const { workflowId, runId } = currentWorkflow(input.caseId);
        await recordEvidence(`letter ${key}`, () =>
          evidence.recordLetter({
            workflowId,
            ...(runId ? { runId } : {}),
            caseId: input.caseId,
            letterId: receipt.letterId,
            idempotencyKey: key,
            kind: receipt.kind,
            channel: receipt.channel,
            subject,
            body,
            contentHash: receipt.contentHash,
            pdf,
            sentAt: receipt.sentAt,
            sentDate: receipt.sentDate,
            receivedDate: receipt.receivedDate,
            receiptBasis: receipt.receiptBasis,
            deliveryId: receipt.deliveryId,
            ...(receipt.fallback ? { fallback: { ...receipt.fallback } } : {}),
          }),
        );
        return shaped(receipt, input.receipt);
      };

      let fallback: LetterFallback | undefined;
      if (preferred === 'digital') {
        if (!contact.digitalPostId) {
          fallback = { from: 'digital', reason: 'no-mailbox', detail: 'no digital-post id in the customer registry' };
        } else {
          const answer = await deps.digitalPost.send({ idempotencyKey: key, recipientId: contact.digitalPostId, subject, body, contentHash, pdf, pdfSha256 });
          if (answer.status === 'delivered') {
            const sent = localOf(answer.deliveredAt, input, 'digital post');
            const receipt = receiptDate(sent.date, 'digital', settings);
            log?.info('letter delivered by digital post', { letterId: key, caseId: input.caseId, kind: input.letter.kind, messageId: answer.messageId });
            return proven({
              letterId: key,
              kind: input.letter.kind,
              channel: 'digital',
              sentAt: answer.deliveredAt,
              sentDate: sent.date,
              receivedDate: receipt.date,
              receiptBasis: `${receipt.basis}; delivered ${sent.local} Danish time (digital post message ${answer.messageId})`,
              contentHash,
              deliveryId: answer.messageId,
            });
          }
          fallback =
            answer.status === 'no-mailbox'
              ? { from: 'digital', reason: 'no-mailbox', detail: 'digital post: the recipient has no mailbox' }
              : { from: 'digital', reason: 'bounced', detail: `digital post: ${String(answer.reason).slice(0, 200)}` };
          log?.warn('digital post did not deliver; sending a physical letter', { letterId: key, caseId: input.caseId, reason: fallback.reason });
        }
      }

      // By post: the variant with the physical letter's dates, if the caller gave one.
      ({ subject, body, contentHash, pdf, pdfSha256 } = byPost);
      const dispatched = await deps.printPost.dispatch({
        idempotencyKey: key,
        name: contact.name,
        address: contact.address,
        subject,
        body,
        contentHash,
        pdf,
        pdfSha256,
      });
      const sent = localOf(dispatched.dispatchedAt, input, 'print post');
      const receipt = receiptDate(sent.date, 'letter', settings);
      log?.info('letter dispatched by post', { letterId: key, caseId: input.caseId, kind: input.letter.kind, dispatchId: dispatched.dispatchId });
      return proven({
        letterId: key,
        kind: input.letter.kind,
        channel: 'letter',
        sentAt: dispatched.dispatchedAt,
        sentDate: sent.date,
        receivedDate: receipt.date,
        receiptBasis: `${receipt.basis}; dispatched ${sent.local} Danish time (print post dispatch ${dispatched.dispatchId})`,
        contentHash,
        deliveryId: dispatched.dispatchId,
        ...(fallback ? { fallback } : {}),
      });
    },
    // The overloads say which receipt comes back for which input; the body returns one or the other.
  } as { sendLetter: SendLetter };
}

/** The receipt as asked for (`SendLetterInput.receipt`): whole, or the fields a case reads. */
function shaped(r: LetterReceipt, asked: SendLetterInput['receipt']): LetterReceipt | CompactLetterReceipt | LeanLetterReceipt {
  if (asked === 'lean') return { channel: r.channel, sentDate: r.sentDate, receivedDate: r.receivedDate, contentHash: r.contentHash };
  if (asked === 'compact') return { letterId: r.letterId, channel: r.channel, sentDate: r.sentDate, receivedDate: r.receivedDate, contentHash: r.contentHash };
  return r;
}

/** The mail activities, typed as the factory's return value (for workflows' `proxyActivities<…>` and test mocks). */
export type MailActivities = ReturnType<typeof createMailActivities>;

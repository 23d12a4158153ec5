/**
 * Renders a letter's content (values decided by the workflow) into the plain-text Danish letter the
 * customer reads: one template per letter kind, per meter kind for the disconnection notice, with
 * business variants where RULES 3 makes business letters differ (reminders, disconnection notice).
 *
 * Runs in activities only (it uses `node:crypto`), never in workflows. Rendering is a pure function of
 * its arguments: the same content, recipient and sender give the same text and the same content hash,
 * so a retried activity sends exactly the letter it sent before.
 */
import { createHash } from 'node:crypto';
import { isCaseNumber } from '../../evidence/case-number.js';
import { daysBetween, isIsoDate, ownerContractProblem, type IsoDate } from '../../rules/index.js';
import { formatClock, formatDanishDate } from './format.js';
import type { SupplierInfo } from './supplier.js';
import {
  complaintRights,
  frameText,
  letterParts,
  voiceOf,
  type LetterParts,
  type TemplateContext,
  type TemplateOutput,
} from './templates/common.js';
import { hourlyDisconnectionNotice } from './templates/disconnection-hourly.js';
import { ownerNotice } from './templates/owner-notice.js';
import { physicalDisconnectionNotice } from './templates/disconnection-physical.js';
import { remoteDisconnectionNotice } from './templates/disconnection-remote.js';
import { businessReminder } from './templates/reminder-business.js';
import { householdReminder } from './templates/reminder-household.js';
import { reopeningNotice } from './templates/reopening.js';
import { securityDemand } from './templates/security-demand.js';
import { terminationNotice } from './templates/termination-notice.js';
import type { LetterContent } from './types.js';

export { DEFAULT_SUPPLIER, type SupplierInfo } from './supplier.js';
export { formatClock, formatDanishDate, formatKroner } from './format.js';
export type { LetterParts } from './templates/common.js';

/** Who the letter is addressed to: from the customer registry, never from the workflow. */
export interface LetterRecipient {
  name: string;
  /** The postal address, one line per entry (street, postcode and town, …). */
  address: readonly string[];
}

/** A rendered letter. */
export interface RenderedLetter {
  /** The subject (digital post's title; the heading of a physical letter). */
  subject: string;
  /** The plain-text body, lines separated by `\n`, ending with a newline. */
  body: string;
  /** {@link letterContentHash} of `subject` and `body`: lower-case hex SHA-256. */
  contentHash: string;
}

/**
 * The letter content cannot be rendered into a lawful letter (a missing or impossible value, or a
 * letter kind the customer class does not get). The message names the field, never personal data.
 */
export class LetterContentError extends Error {
  override readonly name = 'LetterContentError';
}

/**
 * The content hash of a rendered letter: SHA-256, lower-case hex, of the UTF-8 bytes of
 * `subject + "\n" + body`. It documents exactly what was sent (RULES 1: content and delivery can be
 * documented).
 */
export function letterContentHash(subject: string, body: string): string {
  return createHash('sha256').update(`${subject}\n${body}`, 'utf8').digest('hex');
}

/**
 * Renders a letter into Danish plain text and hashes it: {@link composeLetter}'s parts as text
 * (`frameText`). The PDF (`pdf.ts`) is laid out from the same parts.
 *
 * @param content what the letter says, as values (amounts in øre, `YYYY-MM-DD` dates).
 * @param recipient the customer's name and postal address, printed at the top.
 * @param sender the supplier, printed in the signature and in contact sentences.
 * @param caseNumber the case's short case number (`EvidenceStore.allocateCaseNumber`), printed wherever
 *   the letter names its case; never the case id.
 * @throws LetterContentError as {@link composeLetter}.
 */
export function renderLetter(content: LetterContent, recipient: LetterRecipient, sender: SupplierInfo, caseNumber: string): RenderedLetter {
  const parts = composeLetter(content, recipient, sender, caseNumber);
  const body = frameText(parts);
  return { subject: parts.subject, body, contentHash: letterContentHash(parts.subject, body) };
}

/**
 * A letter's words, as parts (recipient block, references, subject, greeting, paragraphs, closing,
 * sender): the one place a letter's content becomes Danish sentences, for the text and the PDF alike.
 *
 * The letter names its case by `caseNumber`, the short case number (issue 15 item 13: in "Sagsnr.",
 * "oplys sagsnummeret …", the bank reference when billing gave no payment reference, a replacing
 * letter's "sagsnr. …"), never by `content.caseId`, which carries the metering point and the customer id.
 *
 * @throws LetterContentError if a value is missing or impossible (e.g. a household disconnection notice
 *   without `newAgreementBy`), or for a security demand or termination notice to a business customer
 *   (BEK §26–§29 apply to households only), or if `caseNumber` is not a short case number.
 */
export function composeLetter(content: LetterContent, recipient: LetterRecipient, sender: SupplierInfo, caseNumber: string): LetterParts {
  validate(content);
  if (!isCaseNumber(caseNumber)) throw new LetterContentError(`${content.kind} of case ${content.caseId}: the case number must be a short case number (XXXX-XXXX with its check character), never the case id`);
  if (!recipient.name.trim()) throw new LetterContentError('the recipient has no name');
  if (content.kind === 'ownerNotice' && !(sender.address ?? []).some((line) => line.trim())) {
    fail(content, "the sender's postal address is required in the owner's contract (BEK §3 stk. 3 nr. 1)");
  }
  const ctx: TemplateContext = { voice: voiceOf(content.customerClass), sender, caseNumber };
  const out = template(content, ctx);
  // RULES 11: every letter that moves the case towards termination or disconnection states the complaint rights.
  const onThePath = ON_THE_PATH.has(content.kind);
  const paragraphs = [
    ...(content.correctsEarlierLetter
      ? [`Dette brev erstatter vores tidligere brev om samme sag (sagsnr. ${caseNumber}). Det er fristerne og datoerne i dette brev, der gælder.`]
      : []),
    ...out.paragraphs,
    ...(onThePath ? [complaintRights(ctx)] : []),
  ];
  return letterParts({
    subject: out.subject,
    paragraphs,
    recipient,
    sender,
    voice: ctx.voice,
    caseNumber,
    meteringPointId: content.meteringPointId,
    ...(content.letterDate !== undefined ? { letterDate: formatDanishDate(content.letterDate) } : {}),
  });
}

/** The letters that move a case towards termination or disconnection (RULES 11). */
const ON_THE_PATH: ReadonlySet<LetterContent['kind']> = new Set(['reminder1', 'reminder2', 'securityDemand', 'terminationNotice', 'disconnectionNotice']);

function template(content: LetterContent, ctx: TemplateContext): TemplateOutput {
  switch (content.kind) {
    case 'reminder1':
    case 'reminder2':
      return ctx.voice.household ? householdReminder(content, ctx) : businessReminder(content, ctx);
    case 'securityDemand':
      return securityDemand(content, ctx);
    case 'terminationNotice':
      return terminationNotice(content, ctx);
    case 'disconnectionNotice':
      switch (content.meterKind) {
        case 'physical':
          return physicalDisconnectionNotice(content, ctx);
        case 'remote':
          return remoteDisconnectionNotice(content, ctx);
        case 'hourly':
          return hourlyDisconnectionNotice(content, ctx);
        default:
          return unknown('meterKind', content.meterKind);
      }
    case 'reopeningNotice':
      return reopeningNotice(content, ctx);
    case 'ownerNotice':
      return ownerNotice(content, ctx);
    default:
      return unknown('kind', (content as { kind: never }).kind);
  }
}

function unknown(field: string, value: never): never {
  throw new LetterContentError(`unknown ${field} "${String(value)}"`);
}

function fail(content: LetterContent, problem: string): never {
  throw new LetterContentError(`${content.kind} of case ${content.caseId}: ${problem}`);
}

function date(content: LetterContent, field: string, value: IsoDate | undefined): void {
  if (!isIsoDate(value)) fail(content, `${field} is not a date (YYYY-MM-DD)`);
}

function amount(content: LetterContent, field: string, value: number | undefined, max?: number): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < 0) fail(content, `${field} must be a whole, non-negative number of øre`);
  if (max !== undefined && value > max) fail(content, `${field} is above ${max / 100} kr`);
}

/** Checks the values a template prints, and the legal limits a letter must not contradict. */
function validate(content: LetterContent): void {
  if (typeof content.caseId !== 'string' || !content.caseId) throw new LetterContentError('the letter has no caseId');
  if (!/^\d{18}$/.test(content.meteringPointId)) fail(content, 'meteringPointId is not an 18-digit GSRN');
  if (!['household', 'business', 'business-large'].includes(content.customerClass)) fail(content, 'unknown customerClass');
  if (content.letterDate !== undefined) date(content, 'letterDate', content.letterDate);
  const household = content.customerClass === 'household';
  switch (content.kind) {
    case 'reminder1':
    case 'reminder2':
      amount(content, 'amountDueOre', content.amountDueOre);
      if (content.amountDueOre === 0) fail(content, 'a reminder needs an unpaid amount');
      date(content, 'paymentDeadline', content.paymentDeadline);
      if (!Array.isArray(content.invoiceIds)) fail(content, 'invoiceIds must be a list');
      // Interest Act §9b: at most 100 kr per reminder; the business compensation is 310 kr.
      amount(content, 'reminderFeeOre', content.reminderFeeOre, 10_000);
      amount(content, 'compensationOre', content.compensationOre, 31_000);
      if (household && content.compensationOre) fail(content, 'compensationOre is for business customers only');
      if (content.paymentReferences !== undefined) {
        if (!Array.isArray(content.paymentReferences) || content.paymentReferences.some((r) => typeof r !== 'string' || !/^[+<>0-9A-Za-z -]{2,40}$/.test(r))) {
          fail(content, 'paymentReferences must be a list of payment references (2–40 characters: digits, letters, spaces and + < > -)');
        }
      }
      if (content.earlierFeesOwed !== undefined) {
        if (!Array.isArray(content.earlierFeesOwed)) fail(content, 'earlierFeesOwed must be a list');
        for (const fee of content.earlierFeesOwed) {
          if (typeof fee?.kind !== 'string' || !fee.kind) fail(content, 'an earlier fee has no kind');
          amount(content, 'earlierFeesOwed[].amountOre', fee.amountOre);
          date(content, 'earlierFeesOwed[].chargedOn', fee.chargedOn);
        }
      }
      if (household) {
        if (!Number.isInteger(content.securityMaxMonths) || content.securityMaxMonths < 1 || content.securityMaxMonths > 5) {
          fail(content, 'securityMaxMonths must be 1–5 (BEK §26 stk. 1)');
        }
        if (!Number.isInteger(content.securityDeadlineHverdage) || content.securityDeadlineHverdage < 15) {
          fail(content, 'securityDeadlineHverdage must be at least 15 (BEK §27 stk. 2)');
        }
      }
      return;
    case 'securityDemand':
      if (!household) fail(content, 'a security demand goes to households only (BEK §1 stk. 2, §26)');
      amount(content, 'amountDueOre', content.amountDueOre);
      amount(content, 'securityAmountOre', content.securityAmountOre);
      if (content.securityAmountOre === 0) fail(content, 'securityAmountOre must be positive');
      if (!content.withoutArrears && content.amountDueOre === 0) fail(content, 'a demand with arrears needs amountDueOre');
      date(content, 'deadline', content.deadline);
      return;
    case 'terminationNotice':
      if (!household) fail(content, 'a termination notice goes to households only (BEK §1 stk. 2, §28)');
      amount(content, 'securityAmountOre', content.securityAmountOre);
      date(content, 'effective', content.effective);
      return;
    case 'disconnectionNotice':
      date(content, 'cutoff', content.cutoff);
      date(content, 'windowDeadline', content.windowDeadline);
      if (daysBetween(content.cutoff, content.windowDeadline) < 0) fail(content, 'windowDeadline is before cutoff');
      if (household && content.newAgreementBy === undefined) {
        fail(content, 'a household disconnection notice needs newAgreementBy (SV 2.2.1 a 5)');
      }
      if (content.newAgreementBy !== undefined) {
        date(content, 'newAgreementBy', content.newAgreementBy);
        if (daysBetween(content.newAgreementBy, content.cutoff) < 1) fail(content, 'newAgreementBy must be before cutoff');
      }
      if (content.customerClass === 'business-large' && content.meterKind !== 'hourly') {
        fail(content, 'business-large is hourly-settled (SV 2.3.2)');
      }
      amount(content, 'amountDueOre', content.amountDueOre);
      amount(content, 'fees.disconnectionOre', content.fees?.disconnectionOre);
      amount(content, 'fees.reopeningOre', content.fees?.reopeningOre);
      return;
    case 'reopeningNotice':
      date(content, 'expectedDate', content.expectedDate);
      try {
        formatClock(content.from);
        formatClock(content.to);
      } catch {
        fail(content, 'from and to must be HH:MM');
      }
      if (content.to <= content.from) fail(content, 'the time window must end after it starts');
      return;
    case 'ownerNotice': {
      date(content, 'agreementEnd', content.agreementEnd);
      date(content, 'deadline', content.deadline);
      date(content, 'boundFrom', content.boundFrom);
      if (daysBetween(content.deadline, content.boundFrom) < 1) fail(content, 'boundFrom must be after the deadline (BEK §25 stk. 6)');
      if (daysBetween(content.agreementEnd, content.boundFrom) < 1) fail(content, 'boundFrom must be after agreementEnd (BEK §25 stk. 3)');
      const e = content.earliestDisconnection;
      if (!e) fail(content, 'earliestDisconnection is required (BEK §25 stk. 7)');
      date(content, 'earliestDisconnection.askBy', e.askBy);
      date(content, 'earliestDisconnection.cutoff', e.cutoff);
      date(content, 'earliestDisconnection.windowDeadline', e.windowDeadline);
      if (daysBetween(e.askBy, e.cutoff) < 1) fail(content, 'earliestDisconnection.cutoff must be after askBy');
      if (daysBetween(e.cutoff, e.windowDeadline) < 0) fail(content, 'earliestDisconnection.windowDeadline is before its cutoff');
      if (content.noticeMonths !== 0 && content.noticeMonths !== 1) fail(content, 'noticeMonths must be 0 or 1 (BEK §25 stk. 5)');
      const p = content.product;
      if (!p || typeof p.productId !== 'string' || !p.productId || typeof p.name !== 'string' || !p.name) {
        fail(content, 'product needs productId and name (BEK §25 stk. 5)');
      }
      if (p.terms !== undefined && (typeof p.terms !== 'string' || !p.terms.trim())) fail(content, 'product.terms, when given, must be a text');
      // RULES 11: the contract carries the contents of BEK §3 stk. 3, complaint information included.
      const problem = ownerContractProblem(p.contract);
      if (problem) fail(content, `product: ${problem.replace(/^ownerProduct\./, '')}`);
      return;
    }
  }
}

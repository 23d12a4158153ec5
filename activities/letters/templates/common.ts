/**
 * What every template shares: the way a letter addresses the customer (du/I), the frame around the
 * paragraphs (address block, references, greeting, signature) and the supplier's contact line.
 */
import type { CustomerClass } from '../../../rules/index.js';
import type { SupplierInfo } from '../supplier.js';
import { joinDanish } from '../format.js';

/**
 * How the letter speaks to the customer: a household is `du`, a business `I` (the company). Every
 * template writes its sentences with these words, so one template serves both where the content is
 * the same.
 */
export interface Voice {
  household: boolean;
  /** `du` / `I` (subject). */
  du: string;
  /** `Du` / `I`, at the start of a sentence. */
  Du: string;
  /** `dig` / `jer` (object). */
  dig: string;
  /** `din` / `jeres` (possessive, common gender). */
  din: string;
  /** `dit` / `jeres` (possessive, neuter). */
  dit: string;
  /** `dine` / `jeres` (possessive, plural). */
  dine: string;
  /** `i din bolig` / `på jeres ejendom`. */
  premises: string;
}

const HOUSEHOLD: Voice = {
  household: true,
  du: 'du',
  Du: 'Du',
  dig: 'dig',
  din: 'din',
  dit: 'dit',
  dine: 'dine',
  premises: 'i din bolig',
};

const BUSINESS: Voice = {
  household: false,
  du: 'I',
  Du: 'I',
  dig: 'jer',
  din: 'jeres',
  dit: 'jeres',
  dine: 'jeres',
  premises: 'på jeres ejendom',
};

/** The voice of a customer class: households `du`, business customers `I`. */
export function voiceOf(customerClass: CustomerClass): Voice {
  return customerClass === 'household' ? HOUSEHOLD : BUSINESS;
}

/** What a template gets besides the letter content. */
export interface TemplateContext {
  voice: Voice;
  sender: SupplierInfo;
  /**
   * The case number printed for the customer (issue 15 item 13): the short number of the evidence
   * archive's `case_numbers` (`XXXX-XXXX`, `evidence/case-number.ts`), never the case id, which
   * carries the metering point and the customer id.
   */
  caseNumber: string;
}

/** What a template produces: the subject and the paragraphs between the greeting and the signature. */
export interface TemplateOutput {
  subject: string;
  /** Paragraphs; a paragraph may hold several lines (a list, an amount table). */
  paragraphs: string[];
}

/** "telefon … eller e-mail …": how to reach customer service, for sentences that ask the customer to call. */
export function contactPhrase(sender: SupplierInfo): string {
  return `telefon ${sender.phone} eller e-mail ${sender.email}`;
}

/**
 * How to pay: with the billing system's payment references when it gave them (issue 15 item 13: afbryd
 * never builds one), otherwise to the supplier's account with the short case number as the reference
 * (so the bank never sees the metering point or the customer id).
 */
export function howToPay(ctx: TemplateContext, paymentReferences: readonly string[] = []): string {
  const { voice: v, sender, caseNumber } = ctx;
  if (paymentReferences.length > 0) {
    const refs = [...new Set(paymentReferences)];
    return refs.length === 1
      ? `Brug betalingsreferencen ${refs[0]}, når ${v.du} betaler.`
      : `Brug betalingsreferencerne ${joinDanish(refs)}, én for hver faktura, når ${v.du} betaler.`;
  }
  return sender.paymentAccount
    ? `Beløbet kan indbetales på ${sender.paymentAccount}. Skriv sagsnummeret ${caseNumber} som reference.`
    : `Kontakt os på ${contactPhrase(sender)}, så fortæller vi ${v.dig}, hvordan ${v.du} betaler.`;
}

/** A two-column block of label and value lines, e.g. the amounts of a reminder. */
export function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}${value}`).join('\n');
}

/** What the frame around a template's paragraphs is made from. */
export interface FrameInput {
  subject: string;
  paragraphs: string[];
  recipient: { name: string; address: readonly string[] };
  sender: SupplierInfo;
  voice: Voice;
  /** The short case number, printed as "Sagsnr." ({@link TemplateContext.caseNumber}). */
  caseNumber: string;
  meteringPointId: string;
  /** Printed as "Dato" when given. */
  letterDate?: string;
}

/**
 * A letter as its parts, in reading order: what the plain text ({@link frameText}) and the PDF
 * (`../pdf.ts`) are both laid out from, so that the two never differ in a word.
 */
export interface LetterParts {
  /** The recipient's name and postal address, one line each. */
  recipient: string[];
  /** The case references, label and value: the letter date (when given), case number, metering point. */
  references: Array<[string, string]>;
  /** The heading (= the subject). */
  subject: string;
  greeting: string;
  /** The paragraphs; a paragraph may hold several lines (a list, an amount table made by {@link table}). */
  paragraphs: string[];
  /** The closing line before the sender. */
  closing: string;
  /** The sender: name, postal address, contact data and CVR number, one line each. */
  sender: string[];
}

/** The parts of a letter: the frame (address block, references, greeting, signature) around the paragraphs. */
export function letterParts(input: FrameInput): LetterParts {
  const { sender } = input;
  return {
    recipient: [input.recipient.name, ...input.recipient.address],
    references: [
      ...(input.letterDate !== undefined ? ([['Dato', input.letterDate]] as Array<[string, string]>) : []),
      ['Sagsnr.', input.caseNumber],
      ['Aftagenummer (målepunkts-ID)', input.meteringPointId],
    ],
    subject: input.subject,
    greeting: input.voice.household ? `Kære ${input.recipient.name}` : `Til ${input.recipient.name}`,
    paragraphs: [...input.paragraphs],
    closing: 'Med venlig hilsen',
    sender: [
      sender.name,
      ...(sender.address ?? []),
      `Telefon: ${sender.phone}`,
      `E-mail: ${sender.email}`,
      `Web: ${sender.web}`,
      `CVR-nr.: ${sender.cvr}`,
    ],
  };
}

/**
 * The plain-text body of a letter's parts: the recipient's address block, the case references, the
 * heading (= the subject), the greeting, the paragraphs, and the signature with the supplier's
 * contact data; blocks separated by a blank line, ending with a newline.
 */
export function frameText(parts: LetterParts): string {
  const blocks: string[] = [
    parts.recipient.join('\n'),
    table(parts.references),
    parts.subject,
    parts.greeting,
    ...parts.paragraphs,
    [parts.closing, ...parts.sender].join('\n'),
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** The whole plain-text body: {@link frameText} of {@link letterParts}. */
export function frame(input: FrameInput): string {
  return frameText(letterParts(input));
}

/**
 * The executive order's official title (RULES 11: its title or number, not a nickname). The text in
 * RULES.md's sources is a draft without a number; when it is published, its number goes here.
 */
export const BEK_TITLE = 'bekendtgørelse om elhandelsvirksomhedernes opgaver og forpligtelser i forbindelse med levering af elektricitet til elkunder';

/**
 * The complaint rights every letter on the path to termination or disconnection states (RULES 11;
 * BEK §32 stk. 1–2 and 5, §33): how to complain, that a complaint stops the termination and the
 * disconnection on its grounds while it is handled, and — households — the appeal to the Energy
 * Appeals Board.
 */
export function complaintRights(ctx: TemplateContext): string {
  const { voice: v, sender } = ctx;
  const where = sender.complaints ? sender.complaints : contactPhrase(sender);
  const own = `Er ${v.du} uenig${v.household ? '' : 'e'} i vores krav, kan ${v.du} klage til os på ${where}. Mens vi behandler klagen, ${v.household ? 'ophæver' : 'opsiger'} vi ikke aftalen og afbryder ikke elforsyningen af de grunde, ${v.du} klager over (§ 32, stk. 2, i ${BEK_TITLE}).`;
  if (!v.household) return own;
  return `${own} Får ${v.du} ikke fuldt ud medhold, kan ${v.du} klage videre til ${sender.appealsBoard ?? 'Ankenævnet på Energiområdet'} (§ 32, stk. 5, og § 33); heller ikke mens ankenævnet behandler klagen, ophæver vi aftalen eller afbryder af de grunde, ${v.du} klager over (§ 33, stk. 3).`;
}


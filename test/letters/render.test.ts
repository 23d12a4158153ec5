/**
 * Every letter kind, and every meter kind and business variant of the disconnection notice, rendered
 * with concrete values: each item RULES.md sections 2, 3 and 7 require is checked WITH its value, in
 * the paragraph that states it. Dates are the hand-worked ones of RULES 2's worked examples.
 *
 * The same assertions run over the text and over the PDF as pdftotext reads it (#15 item 14:
 * `letterContentSuite`), and the PDF's own properties (pages, bytes, fonts) are checked at the end.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SUPPLIER, LetterContentError, letterContentHash, renderLetter } from '../../activities/letters/render.js';
import { renderLetterPdf } from '../../activities/letters/pdf.js';
import type { SupplierInfo } from '../../activities/letters/supplier.js';
import {
  LETTER_KINDS,
  type DisconnectionNoticeLetter,
  type LetterContent,
  type ReminderLetter,
  type ReopeningNoticeLetter,
  type SecurityDemandLetter,
  type TerminationNoticeLetter,
} from '../../activities/letters/types.js';
import { OWNER_NOTICE } from './owner-notice-fixture.js';
import { PDFTOTEXT_MISSING, pdftotext, readPdfText } from './pdf-text.js';

const RECIPIENT = { name: 'Kanarie Fuglesang', address: ['Kanarievej 7, 1. tv.', '9999 Eksempelby'] };
const SENDER: SupplierInfo = {
  name: 'Prøve El A/S',
  phone: '+45 11 22 33 44',
  email: 'kunde@proeve-el.invalid',
  web: 'proeve-el.invalid',
  cvr: '12345678',
  // BEK §3 stk. 3 nr. 1: the owner's contract names the supplier's address.
  address: ['Prøvevej 1', '9999 Eksempelby'],
  paymentAccount: 'reg.nr. 1111, kontonr. 2222222222',
};
const GSRN = '571313100000012345';
/** The customer ids behind the fixtures' case ids (`<GSRN>-<customer>-<invoice>`, as `deriveCaseId` makes them): never printed. */
const CUSTOMERS = ['K-4711', 'K-4777', 'O-3002'];
const HOUSEHOLD = { caseId: `${GSRN}-K-4711-F-2026-0914`, meteringPointId: GSRN, customerClass: 'household' } as const;
const BUSINESS = { caseId: `${GSRN}-K-4777-F-2026-0977`, meteringPointId: GSRN, customerClass: 'business' } as const;
/** The short case number the letters print (issue 15 item 13): A000000 with its check character, worked by hand in test/evidence/case-number.test.ts. */
const CASE_NUMBER = 'A000-000W';

/** The paragraphs of a body (blank-line separated), whitespace runs collapsed. */
function paragraphs(body: string): string[] {
  return body.split(/\n\n+/).map((p) => p.replace(/[ \t]+/g, ' ').trim());
}

/** The one paragraph containing `marker`; fails if none or several do. */
function para(body: string, marker: string | RegExp): string {
  const found = paragraphs(body).filter((p) => (typeof marker === 'string' ? p.includes(marker) : marker.test(p)));
  expect(found, `exactly one paragraph with ${String(marker)}`).toHaveLength(1);
  return found[0] as string;
}

function render(letter: LetterContent, sender: SupplierInfo = SENDER) {
  return renderLetter(letter, RECIPIENT, sender, CASE_NUMBER);
}

/** A letter as the letter-content test reads it: the subject, the body, and the sender's block. */
interface Reading {
  subject: string;
  /** From the recipient's address block to the signature: paragraphs separated by a blank line. */
  body: string;
  /** The sender's name, address, contact data and CVR number (text: the signature; PDF: the sender block). */
  sender: string;
}
type Render = (letter: LetterContent, sender?: SupplierInfo) => Reading;

function readText(letter: LetterContent, sender: SupplierInfo = SENDER): Reading {
  const { subject, body } = render(letter, sender);
  return { subject, body, sender: paragraphs(body).find((p) => p.startsWith('Med venlig hilsen')) ?? '' };
}

/** The PDF, read back by pdftotext (normalised: test/letters/pdf-text.ts). */
function readPdf(letter: LetterContent, sender: SupplierInfo = SENDER): Reading {
  const pdf = renderLetterPdf(letter, RECIPIENT, sender, CASE_NUMBER);
  const read = readPdfText(pdf.bytes);
  return { subject: pdf.subject, body: read.body, sender: read.sender };
}

// ---------------------------------------------------------------------------------------------------
// Fixtures (RULES 2 worked example: invoice due Monday 14 Sep 2026, digital post, physical meter).
// ---------------------------------------------------------------------------------------------------

const reminder1: ReminderLetter = {
  ...HOUSEHOLD,
  kind: 'reminder1',
  amountDueOre: 123_450,
  invoiceIds: ['F-2026-0914'],
  paymentDeadline: '2026-09-27', // reminder 1 Thu 17 Sep + 10 days
  reminderFeeOre: 10_000,
  securityMaxMonths: 5,
  securityDeadlineHverdage: 15,
};

const reminder2: ReminderLetter = {
  ...HOUSEHOLD,
  kind: 'reminder2',
  amountDueOre: 98_700, // after a partial payment
  invoiceIds: ['F-2026-0914', 'F-2026-1014'],
  paymentDeadline: '2026-10-08', // reminder 2 Mon 28 Sep + 10 days
  securityMaxMonths: 3,
  securityDeadlineHverdage: 20,
};

const securityDemand: SecurityDemandLetter = {
  ...HOUSEHOLD,
  kind: 'securityDemand',
  amountDueOre: 123_450,
  securityAmountOre: 450_000,
  deadline: '2026-10-30', // received Fri 9 Oct + 15 hverdage: 12–16, 19–23, 26–30 Oct
  withoutArrears: false,
};

const terminationNotice: TerminationNoticeLetter = {
  ...HOUSEHOLD,
  kind: 'terminationNotice',
  securityAmountOre: 450_000,
  effective: '2026-11-04', // received Sat 31 Oct + 3 hverdage: 2, 3, 4 Nov
};

const physical: DisconnectionNoticeLetter = {
  ...HOUSEHOLD,
  kind: 'disconnectionNotice',
  meterKind: 'physical',
  cutoff: '2026-11-10', // request Thu 5 Nov + 3 working days: 6, 9, 10 Nov
  windowDeadline: '2026-11-17', // d1…d6 = 10, 11, 12, 13, 16, 17 Nov
  newAgreementBy: '2026-11-09', // the hverdag before Tue 10 Nov
  amountDueOre: 123_450,
  fees: { disconnectionOre: 30_000, reopeningOre: 100_000 },
};

// RULES 2, the same case with a remote meter and physical letters.
const remote: DisconnectionNoticeLetter = {
  ...HOUSEHOLD,
  kind: 'disconnectionNotice',
  meterKind: 'remote',
  cutoff: '2026-11-30',
  windowDeadline: '2026-12-02', // d3: 30 Nov, 1, 2 Dec
  newAgreementBy: '2026-11-27', // the hverdag before Mon 30 Nov: Fri 27 Nov
  amountDueOre: 123_450,
};

const hourly: DisconnectionNoticeLetter = {
  ...HOUSEHOLD,
  kind: 'disconnectionNotice',
  meterKind: 'hourly',
  cutoff: '2026-11-10',
  windowDeadline: '2026-11-11', // d2
  newAgreementBy: '2026-11-09',
  amountDueOre: 123_450,
  fees: { disconnectionOre: 45_000 },
};

const reopeningPhysical: ReopeningNoticeLetter = {
  ...HOUSEHOLD,
  kind: 'reopeningNotice',
  meterKind: 'physical',
  expectedDate: '2026-11-17', // requested Tue 17 Nov 10:30, by 11:00: the same day
  from: '10:30',
  to: '16:00',
};

const reopeningRemote: ReopeningNoticeLetter = {
  ...HOUSEHOLD,
  kind: 'reopeningNotice',
  meterKind: 'remote',
  expectedDate: '2026-11-20', // requested Thu 19 Nov 14:30, after 14:00: Friday, until 15:00
  from: '08:00',
  to: '15:00',
};

const ALL: Array<[string, LetterContent]> = [
  ['reminder1 household', reminder1],
  ['reminder2 household', reminder2],
  ['reminder1 business', { ...reminder1, ...BUSINESS }],
  ['reminder2 business', { ...reminder2, ...BUSINESS }],
  ['securityDemand', securityDemand],
  ['terminationNotice', terminationNotice],
  ['disconnection physical household', physical],
  ['disconnection physical business', { ...physical, ...BUSINESS }],
  ['disconnection remote household', remote],
  ['disconnection remote business', { ...remote, ...BUSINESS }],
  ['disconnection hourly household', hourly],
  ['disconnection hourly business-large', { ...hourly, customerClass: 'business-large' }],
  ['reopening physical', reopeningPhysical],
  ['reopening remote', reopeningRemote],
  ['ownerNotice household (test/letters/owner-notice.test.ts)', OWNER_NOTICE],
  ['ownerNotice business', { ...OWNER_NOTICE, ...BUSINESS }],
];

/**
 * The letter-content test, over one rendering: `text` (renderLetter) or `pdf` (renderLetterPdf read
 * back by pdftotext, test/letters/pdf-text.ts). Every assertion runs over both.
 */
function letterContentSuite(render: Render): void {
  // ---------------------------------------------------------------------------------------------------

  describe('reminders to a household (BEK §27 stk. 2–3)', () => {
    it('reminder 1 states the amount, fee, total and deadline, the security of up to 5 months, its 15-hverdage deadline and the consequences', () => {
      const { subject, body } = render(reminder1);
      expect(subject).toBe('1. rykker: ubetalt elregning');
      expect(para(body, 'Vi har endnu ikke modtaget betaling')).toContain('fakturanr. F-2026-0914');
      const amounts = para(body, 'Ubetalt beløb');
      expect(amounts).toContain('Ubetalt beløb: 1.234,50 kr.');
      expect(amounts).toContain('Rykkergebyr: 100,00 kr.');
      expect(amounts).toContain('I alt at betale: 1.334,50 kr.');
      expect(amounts).toContain('Betalingsfrist: søndag den 27. september 2026');
      expect(para(body, 'Du skal betale')).toContain('Du skal betale 1.334,50 kr. senest søndag den 27. september 2026.');
      expect(para(body, 'Du skal betale')).toContain('reg.nr. 1111, kontonr. 2222222222');
      // No billing payment reference: the short case number is the bank reference, never the case id.
      expect(para(body, 'Du skal betale')).toContain(`Beløbet kan indbetales på reg.nr. 1111, kontonr. 2222222222. Skriv sagsnummeret ${CASE_NUMBER} som reference.`);
      const security = para(body, 'stiller sikkerhed for dine fremtidige betalinger');
      expect(security).toContain('inden fristen i 2. rykker');
      expect(security).toContain('op til 5 måneders betaling');
      expect(para(body, 'Fristen for at stille en sådan sikkerhed')).toContain(
        'Fristen for at stille en sådan sikkerhed vil være 15 hverdage fra den dag, du modtager kravet om sikkerhedsstillelse.',
      );
      const consequences = para(body, 'Konsekvensen af ikke at stille sikkerheden');
      expect(consequences).toContain('ophæver din elaftale');
      expect(consequences).toContain('elforsyningen til dig bliver afbrudt');
    });

    it("prints the billing system's payment reference instead of the case number (issue 15 item 13)", () => {
      const one = render({ ...reminder2, paymentReferences: ['+71<000000123456789+87654321<'] }).body;
      expect(para(one, 'Du skal betale')).toContain('Brug betalingsreferencen +71<000000123456789+87654321<, når du betaler.');
      expect(one).not.toContain('Skriv sagsnummeret');
      const two = render({ ...reminder2, paymentReferences: ['+71<000000000000011+87654321<', '+71<000000000000022+87654321<'] }).body;
      expect(para(two, 'Du skal betale')).toContain(
        'Brug betalingsreferencerne +71<000000000000011+87654321< og +71<000000000000022+87654321<, én for hver faktura, når du betaler.',
      );
      expect(() => render({ ...reminder2, paymentReferences: ['Jens; DROP'] })).toThrow(/paymentReferences/);
    });

    it("reminder 2's total includes reminder 1's unpaid fee, named with its day (RULES 11)", () => {
      // Worked by hand: 987,00 kr. unpaid + reminder 1's fee of 100,00 kr. (charged Thu 17 Sep 2026) +
      // this reminder's fee of 100,00 kr. = 1.187,00 kr.
      const { body } = render({ ...reminder2, reminderFeeOre: 10_000, earlierFeesOwed: [{ kind: 'reminder-fee', amountOre: 10_000, chargedOn: '2026-09-17' }] });
      const amounts = para(body, 'Ubetalt beløb');
      expect(amounts).toContain('Ubetalt beløb: 987,00 kr.');
      expect(amounts).toContain('Rykkergebyr fra 17. september 2026: 100,00 kr.');
      expect(amounts).toContain('Rykkergebyr: 100,00 kr.');
      expect(amounts).toContain('I alt at betale: 1.187,00 kr.');
      expect(para(body, 'Du skal betale')).toContain('Du skal betale 1.187,00 kr. senest torsdag den 8. oktober 2026.');
    });

    it('refuses an earlier fee that is not a whole amount of øre', () => {
      expect(() => render({ ...reminder2, earlierFeesOwed: [{ kind: 'reminder-fee', amountOre: 99.5, chargedOn: '2026-09-17' }] })).toThrow(/earlierFeesOwed/);
    });

    it('reminder 2 ties the security demand to its own deadline and carries the configured months and hverdage', () => {
      const { subject, body } = render(reminder2);
      expect(subject).toBe('2. rykker: ubetalt elregning');
      expect(para(body, 'Vi har endnu ikke modtaget betaling')).toContain('fakturanr. F-2026-0914 og F-2026-1014');
      expect(para(body, 'Ubetalt beløb')).toContain('Ubetalt beløb: 987,00 kr.');
      expect(body).not.toContain('Rykkergebyr');
      expect(body).not.toContain('I alt at betale');
      expect(para(body, 'Du skal betale')).toContain('Du skal betale 987,00 kr. senest torsdag den 8. oktober 2026.');
      expect(para(body, 'stiller sikkerhed for dine fremtidige betalinger')).toContain(
        'Betaler du ikke senest torsdag den 8. oktober 2026, kan vi kræve, at du stiller sikkerhed for dine fremtidige betalinger på op til 3 måneders betaling.',
      );
      expect(para(body, 'Fristen for at stille en sådan sikkerhed')).toContain('20 hverdage fra den dag, du modtager kravet');
      expect(para(body, 'Konsekvensen')).toMatch(/ophæver din elaftale, og at elforsyningen til dig bliver afbrudt/);
    });

    it('refuses values the law rules out', () => {
      expect(() => render({ ...reminder1, securityMaxMonths: 6 })).toThrow(LetterContentError);
      expect(() => render({ ...reminder1, securityDeadlineHverdage: 14 })).toThrow(/BEK §27 stk. 2/);
      expect(() => render({ ...reminder1, reminderFeeOre: 10_001 })).toThrow(/above 100 kr/);
      expect(() => render({ ...reminder1, compensationOre: 31_000 })).toThrow(/business customers only/);
    });
  });

  describe('reminders to a business customer (RULES 3)', () => {
    const r1: ReminderLetter = { ...reminder1, ...BUSINESS, reminderFeeOre: undefined, compensationOre: 31_000 };
    const r2: ReminderLetter = { ...reminder2, ...BUSINESS };

    it('reminder 1 states amount, the fixed compensation, total and deadline, and that disconnection follows reminder 2', () => {
      const { subject, body } = render(r1);
      expect(subject).toBe('1. rykker: ubetalt elregning');
      expect(para(body, 'Til Kanarie Fuglesang')).toBe('Til Kanarie Fuglesang');
      const amounts = para(body, 'Ubetalt beløb');
      expect(amounts).toContain('Ubetalt beløb: 1.234,50 kr.');
      expect(amounts).toContain('Kompensation for inddrivelsesomkostninger: 310,00 kr.');
      expect(amounts).toContain('I alt at betale: 1.544,50 kr.');
      expect(para(body, 'I skal betale')).toContain('I skal betale 1.544,50 kr. senest søndag den 27. september 2026.');
      expect(para(body, '2. rykker')).toContain('anmode netselskabet om at afbryde elforsyningen til målepunktet');
      // BEK §26–§29 do not apply: no security demand, no termination.
      expect(body).not.toMatch(/sikkerhed|ophæve/);
    });

    it('reminder 2 says disconnection may be requested after its deadline', () => {
      const { body } = render(r2);
      expect(para(body, 'anmode netselskabet')).toContain(
        'Betaler I ikke senest torsdag den 8. oktober 2026, kan vi anmode netselskabet om at afbryde elforsyningen til målepunktet.',
      );
      expect(body).not.toMatch(/sikkerhed|ophæve/);
    });
  });

  describe('security demand (BEK §26–§27)', () => {
    it('states the arrears, the security, its deadline, the consequences and that a new agreement with any supplier avoids disconnection', () => {
      const { subject, body } = render(securityDemand);
      expect(subject).toBe('Krav om sikkerhedsstillelse');
      expect(para(body, 'to rykkere')).toContain('Du har ikke betalt 1.234,50 kr.');
      expect(para(body, 'Vi kræver derfor')).toContain('sikkerhed for dine fremtidige betalinger på 4.500,00 kr.');
      const provide = para(body, 'Du skal stille sikkerheden');
      expect(provide).toContain('Du skal stille sikkerheden på 4.500,00 kr. senest fredag den 30. oktober 2026.');
      expect(provide).toContain('reg.nr. 1111, kontonr. 2222222222');
      const consequences = para(body, 'Stiller du ikke sikkerheden');
      expect(consequences).toContain('Stiller du ikke sikkerheden senest fredag den 30. oktober 2026');
      expect(consequences).toContain('ophæver din elaftale');
      expect(consequences).toContain('elforsyningen til dig bliver afbrudt');
      const avoid = para(body, 'ny aftale om levering af el');
      // BEK §26 stk. 4: a new agreement with us needs the debt paid (or the security): said, not implied.
      expect(avoid).toContain(
        'med en anden elleverandør, eller med os, når du har betalt det, du skylder, eller stillet sikkerheden (§ 26, stk. 4, i bekendtgørelse om elhandelsvirksomhedernes opgaver og forpligtelser i forbindelse med levering af elektricitet til elkunder)',
      );
      expect(avoid).not.toContain('elselskab');
      expect(avoid).toContain('træder i kraft, inden afbrydelsen gennemføres');
      expect(para(body, 'tillæg')).toContain('1.234,50 kr.');
      expect(para(body, 'Nationalbankens udlånsrente')).toContain('1 år');
    });

    it('the variant without arrears (BEK §27 stk. 1) states no arrears and its 2-month deadline', () => {
      const { body } = render({ ...securityDemand, withoutArrears: true, amountDueOre: 0, deadline: '2026-12-09' });
      expect(para(body, 'særlig grund')).toContain(GSRN);
      expect(body).not.toContain('rykkere');
      expect(body).not.toContain('tillæg');
      expect(para(body, 'Du skal stille sikkerheden')).toContain('senest onsdag den 9. december 2026');
      expect(para(body, 'ny aftale om levering af el')).toContain('inden afbrydelsen gennemføres');
    });

    it('is refused for a business customer (BEK §1 stk. 2)', () => {
      expect(() => render({ ...securityDemand, customerClass: 'business' })).toThrow(LetterContentError);
    });
  });

  describe('termination notice (BEK §28)', () => {
    it('states the unmet security, the earliest termination date and that supply is disconnected unless another supplier delivers', () => {
      const { subject, body } = render(terminationNotice);
      expect(subject).toBe('Varsel om ophævelse af din elaftale');
      expect(para(body, 'Du har ikke stillet den sikkerhed')).toContain('4.500,00 kr.');
      // RULES 2.4 / worked example: the notice has run at the end of Wed 4 Nov; the agreement can be
      // terminated from Thu 5 Nov.
      expect(para(body, 'Vi varsler hermed')).toContain('Varslet løber til og med onsdag den 4. november 2026, så aftalen kan tidligst ophæves torsdag den 5. november 2026.');
      expect(para(body, 'medmindre')).toContain(
        'elforsyningen til dig blive afbrudt, medmindre du får leveret el fra en anden elleverandør, inden afbrydelsen gennemføres',
      );
      expect(para(body, 'særskilt')).toContain('hvornår afbrydelsen vil ske');
    });

    it('is refused for a business customer', () => {
      expect(() => render({ ...terminationNotice, customerClass: 'business' })).toThrow(LetterContentError);
    });
  });

  /** The items all household disconnection letters share (SV 2.2.1 a 1, 2, 4, 5; BEK §26 stk. 4). */
  function expectHouseholdTermination(body: string, letter: DisconnectionNoticeLetter, newAgreementBy: string, cutoff: string) {
    expect(para(body, 'ophævet din elaftale')).toContain(`Vi har derfor ophævet din elaftale om levering af el til målepunktet ${GSRN}.`);
    expect(para(body, 'Du skylder os fortsat')).toContain('1.234,50 kr.');
    expect(para(body, 'anmodet netselskabet om at afbryde')).toBeTruthy();
    const contact = para(body, 'spørgsmål til afbrydelsen');
    expect(contact).toContain('kontakte os – ikke netselskabet');
    expect(contact).toContain('+45 11 22 33 44');
    expect(contact).toContain('kunde@proeve-el.invalid');
    expect(para(body, 'betale til netselskabet')).toBe('Du kan ikke undgå afbrydelsen ved at betale til netselskabet.');
    const avert = para(body, 'ny elaftale med en elleverandør');
    expect(avert).toContain('som løber fra det tidspunkt, hvor din ophævede aftale med os ophører');
    expect(avert).toContain(`skal den nye elaftale være indgået senest ${newAgreementBy}, som er hverdagen før den varslede afbrydelse ${cutoff}.`);
    expect(para(body, 'Vil du indgå en ny elaftale med os')).toContain('først betale det, du skylder os (1.234,50 kr.)');
    expect(para(body, 'indtil afbrydelsen er gennemført')).toContain('Vi leverer el til målepunktet');
    void letter;
  }

  /** The remote items (SV 2.2.2 a 4, 5, 9; SV 2.2.3 a 7–9). */
  function expectRemoteItems(body: string, voice: 'du' | 'I') {
    expect(para(body, 'fjernkontrol')).toMatch(/Afbrydelsen foretages ved fjernkontrol fra netselskabets kontor og uden besøg på (din|jeres) adresse\./);
    expect(para(body, 'børn, dyr')).toContain(`${voice === 'du' ? 'Du' : 'I'} skal sikre, at der bliver taget vare på børn, dyr og andre, der ikke kan tage vare på sig selv`);
    const after = para(body, 'Når afbrydelsen har fundet sted');
    expect(after).toContain('kontakte en elleverandør for at få oplyst vilkårene for genåbning');
    expect(after).toContain('Genåbningen foretages fra netselskabets kontor');
    expect(after).toContain(`når ${voice} selv aktiverer elmåleren`);
    expect(after).toMatch(/elektriske apparater (i din bolig|på jeres ejendom) i nødvendigt omfang er slukket, når elmåleren aktiveres/);
  }

  describe('termination and disconnection notice, physical visit (SV 2.2.1 a)', () => {
    it('household: items 1–6 with the cut-off date, "or one of the following days", the grid deadline, the hverdag before and the fees', () => {
      const { subject, body } = render(physical);
      expect(subject).toBe('Din elaftale er ophævet – varsel om afbrydelse af elforsyningen tidligst tirsdag den 10. november 2026');
      expectHouseholdTermination(body, physical, 'mandag den 9. november 2026', 'tirsdag den 10. november 2026');
      expect(para(body, 'anmodet netselskabet om at afbryde')).toContain('kommer ud på adressen');
      expect(para(body, 'Afbrydelsen kan tidligst ske')).toBe(
        'Afbrydelsen kan tidligst ske tirsdag den 10. november 2026. Den kan forventes foretaget den dag eller en af de følgende dage, senest tirsdag den 17. november 2026.',
      );
      expect(para(body, 'gebyr')).toBe('Du vil blive opkrævet et gebyr på 300,00 kr. for afbrydelsen og 1.000,00 kr. for en eventuel genåbning.');
      expect(body).not.toMatch(/fjernkontrol|børn, dyr|aktiverer elmåleren/);
    });

    it('household without fees leaves the optional item 6 out', () => {
      const { fees: _fees, ...noFees } = physical;
      expect(render(noFees).body).not.toContain('gebyr');
    });

    it('business: no termination and no how-to-avert (RULES 3), the other items stay', () => {
      const { subject, body } = render({ ...physical, ...BUSINESS, newAgreementBy: undefined });
      expect(subject).toBe('Varsel om afbrydelse af elforsyningen tidligst tirsdag den 10. november 2026');
      expect(body).not.toMatch(/ophævet|ny elaftale|sikkerhed/);
      expect(para(body, 'I har ikke betalt')).toContain('1.234,50 kr.');
      expect(para(body, 'anmodet netselskabet om at afbryde')).toBeTruthy();
      expect(para(body, 'Afbrydelsen kan tidligst ske')).toContain('tirsdag den 10. november 2026');
      expect(para(body, 'Afbrydelsen kan tidligst ske')).toContain('en af de følgende dage, senest tirsdag den 17. november 2026');
      expect(para(body, 'spørgsmål til afbrydelsen')).toContain('Har I spørgsmål til afbrydelsen, skal I kontakte os');
      expect(para(body, 'betale til netselskabet')).toBe('I kan ikke undgå afbrydelsen ved at betale til netselskabet.');
      expect(para(body, 'gebyr')).toContain('I vil blive opkrævet et gebyr på 300,00 kr. for afbrydelsen');
    });

    it('business: after two reminders, in the plural; an end of supply says the agreement ends (RULES 11)', () => {
      const plain = render({ ...physical, ...BUSINESS, newAgreementBy: undefined }).body;
      expect(para(plain, 'I har ikke betalt')).toBe(
        `I har ikke betalt 1.234,50 kr. for levering af el til målepunktet ${GSRN}, selv om vi har sendt jer to rykkere, og fristen i vores 2. rykker er udløbet.`,
      );
      expect(plain).not.toContain('leveranceophør');
      const ending = render({ ...physical, ...BUSINESS, newAgreementBy: undefined, endsAgreement: true }).body;
      expect(para(ending, 'leveranceophør')).toBe('Anmodningen er en anmodning om leveranceophør: jeres elaftale med os ophører, når elforsyningen bliver afbrudt.');
    });

    it('a household letter without newAgreementBy is refused (SV 2.2.1 a 5 needs the date)', () => {
      expect(() => render({ ...physical, newAgreementBy: undefined })).toThrow(/newAgreementBy/);
      expect(() => render({ ...physical, newAgreementBy: '2026-11-10' })).toThrow(/before cutoff/);
      expect(() => render({ ...physical, windowDeadline: '2026-11-09' })).toThrow(/before cutoff/);
    });
  });

  describe('termination and disconnection notice, remote (SV 2.2.2 a)', () => {
    it('household: the physical items plus no visit; children, animals, others; activating the meter; appliances off', () => {
      const { subject, body } = render(remote);
      expect(subject).toContain('tidligst mandag den 30. november 2026');
      expectHouseholdTermination(body, remote, 'fredag den 27. november 2026', 'mandag den 30. november 2026');
      expect(para(body, 'Afbrydelsen kan tidligst ske')).toBe(
        'Afbrydelsen kan tidligst ske mandag den 30. november 2026. Den kan forventes foretaget den dag eller en af de følgende dage, senest onsdag den 2. december 2026.',
      );
      expectRemoteItems(body, 'du');
      expect(body).not.toContain('kommer ud på adressen');
      expect(body).not.toContain('gebyr');
    });

    it('business: the remote items without termination and how-to-avert', () => {
      const { body } = render({ ...remote, ...BUSINESS, newAgreementBy: undefined, fees: { reopeningOre: 62_500 } });
      expect(body).not.toMatch(/ophævet|ny elaftale/);
      expect(para(body, 'Afbrydelsen kan tidligst ske')).toContain('senest onsdag den 2. december 2026');
      expectRemoteItems(body, 'I');
      expect(para(body, 'gebyr')).toBe('I vil blive opkrævet et gebyr på 625,00 kr. for en eventuel genåbning.');
    });
  });

  describe('termination and disconnection notice, hourly-settled (SV 2.2.3 a)', () => {
    it('household: the cut-off date "eller senest den næstfølgende dag" with its date, contact, paying the grid, new agreement, fee', () => {
      const { body } = render(hourly);
      expect(para(body, 'næstfølgende dag')).toBe(
        'Afbrydelsen kan forventes foretaget tirsdag den 10. november 2026 eller senest den næstfølgende dag, onsdag den 11. november 2026.',
      );
      expectHouseholdTermination(body, hourly, 'mandag den 9. november 2026', 'tirsdag den 10. november 2026');
      expect(para(body, 'gebyr')).toBe('Du vil blive opkrævet et gebyr på 450,00 kr. for afbrydelsen.');
      // RULES 11: no "produktionsanlæg" to a household.
      expect(body).not.toContain('produktionsanlæg');
      expect(para(body, 'kan skade elektrisk udstyr')).toContain('forberede dit udstyr');
      expect(body).not.toMatch(/fjernkontrol|børn, dyr|aktiverer elmåleren|en af de følgende dage/);
    });

    it('business-large, remotely disconnected, Friday cut-off: the grid deadline after the weekend, and items 7–9', () => {
      const letter: DisconnectionNoticeLetter = {
        ...hourly,
        caseId: 'case-2026-0099',
        customerClass: 'business-large',
        newAgreementBy: undefined,
        cutoff: '2026-11-13', // a Friday: a business disconnection day
        windowDeadline: '2026-11-16', // d2 = Monday
        disconnectedRemotely: true,
        fees: undefined,
      };
      const { subject, body } = render(letter);
      expect(subject).toBe('Varsel om afbrydelse af elforsyningen tidligst fredag den 13. november 2026');
      expect(para(body, 'næstfølgende dag')).toBe(
        'Afbrydelsen kan forventes foretaget fredag den 13. november 2026 eller senest den næstfølgende dag, hvor netselskabet afbryder, dvs. senest mandag den 16. november 2026.',
      );
      expect(para(body, 'betale til netselskabet')).toBe('I kan ikke undgå afbrydelsen ved at betale til netselskabet.');
      expectRemoteItems(body, 'I');
      expect(body).not.toMatch(/ophævet|ny elaftale|gebyr/);
    });
  });

  describe('reopening notice (SV 3.2.1 e, 3.2.2 e)', () => {
    it('physical: the expected window, appliances off with the HPFI advice, the 1-hour warning', () => {
      const { subject, body } = render(reopeningPhysical);
      expect(subject).toBe('Genåbning af elforsyningen tirsdag den 17. november 2026');
      expect(para(body, 'forventes foretaget')).toBe('Genåbningen forventes foretaget tirsdag den 17. november 2026 mellem kl. 10.30 og kl. 16.00.');
      const appliances = para(body, 'elektriske apparater');
      expect(appliances).toContain('i nødvendigt omfang er slukket, inden forsyningen bliver genåbnet');
      expect(appliances).toContain('slår HPFI-relæet (fejlstrømsafbryderen) fra');
      expect(para(body, 'en time før')).toContain('telefon eller sms');
      expect(body).not.toContain('aktiverer elmåleren');
    });

    it('remote: the expected window, the customer must activate the meter, appliances off (HPFI)', () => {
      const { body } = render(reopeningRemote);
      expect(para(body, 'forventes foretaget')).toBe('Genåbningen forventes foretaget fredag den 20. november 2026 mellem kl. 8.00 og kl. 15.00.');
      expect(para(body, 'fjernkontrol')).toContain('kommer strømmen først tilbage, når du selv aktiverer elmåleren');
      const appliances = para(body, 'elektriske apparater');
      expect(appliances).toContain('slukket, når du aktiverer elmåleren');
      expect(appliances).toContain('HPFI-relæet');
      expect(body).not.toContain('en time før');
    });

    it('hourly reopens physically by default, remotely when the rules say so; business is addressed as "I"', () => {
      expect(render({ ...reopeningPhysical, meterKind: 'hourly' }).body).not.toContain('aktiverer elmåleren');
      const remoteHourly = render({ ...reopeningPhysical, meterKind: 'hourly', reopeningMethod: 'remote' }).body;
      expect(para(remoteHourly, 'fjernkontrol')).toContain('når du selv aktiverer elmåleren');
      const business = render({ ...reopeningRemote, ...BUSINESS }).body;
      expect(para(business, 'elektriske apparater')).toContain('I skal sikre, at elektriske apparater på jeres ejendom');
      expect(para(business, 'fjernkontrol')).toContain('når I selv aktiverer elmåleren');
    });

    it('refuses a malformed window', () => {
      expect(() => render({ ...reopeningPhysical, from: '16:00', to: '10:30' })).toThrow(LetterContentError);
      expect(() => render({ ...reopeningPhysical, from: '8:00' })).toThrow(LetterContentError);
    });
  });

  describe('every letter', () => {
    it('the fixtures cover every letter kind and every meter kind of the disconnection notice', () => {
      expect(new Set(ALL.map(([, l]) => l.kind))).toEqual(new Set(LETTER_KINDS));
      const meters = ALL.flatMap(([, l]) => (l.kind === 'disconnectionNotice' ? [l.meterKind] : []));
      expect(new Set(meters)).toEqual(new Set(['physical', 'remote', 'hourly']));
    });

    it.each(ALL)('%s: addressed to the recipient, with the case, the metering point and the sender, and no unfilled value', (_name, letter) => {
      const { subject, body, sender } = render(letter);
      expect(body.startsWith(`${RECIPIENT.name}\n${RECIPIENT.address[0]}\n${RECIPIENT.address[1]}\n\n`)).toBe(true);
      expect(body).toMatch(new RegExp(`Sagsnr\\.:\\s+${CASE_NUMBER}\\n`));
      // RULES 11: the customer's word for the metering point, not "GSRN".
      expect(body).toMatch(new RegExp(`Aftagenummer \\(målepunkts-ID\\):\\s+${GSRN}\\n`));
      expect(body).not.toContain('GSRN');
      expect(body).not.toContain('elselskab');
      expect(paragraphs(body)).toContain(subject);
      expect(para(body, 'Med venlig hilsen')).toContain(SENDER.name);
      for (const v of [SENDER.name, `Telefon: ${SENDER.phone}`, `E-mail: ${SENDER.email}`, `Web: ${SENDER.web}`, `CVR-nr.: ${SENDER.cvr}`]) {
        expect(sender).toContain(v);
      }
      expect(`${subject}\n${body}`).not.toMatch(/undefined|NaN|null|\[object|\.\.|\$\{/);
    });

    it.each(ALL)('%s: the short case number wherever the case is named; neither the case id nor the customer id anywhere, the metering point only as the aftagenummer (RULES 11; issue 15 item 13)', (_name, letter) => {
      const { subject, body } = render(letter);
      const all = `${subject}\n${body}`.replace(/\s+/g, ' ');
      expect(all).not.toContain(letter.caseId);
      for (const customer of CUSTOMERS) expect(all).not.toContain(customer);
      // Every place a letter names its case (the references, "sagsnummeret …", the replaced letter's "sagsnr. …") names the short number.
      expect(all).toContain(`Sagsnr.: ${CASE_NUMBER}`);
      const named = [...all.matchAll(/sagsn(?:r\.|ummeret):? (\S+)/gi)].map((m) => m[1]!.replace(/[.,)]$/, ''));
      expect(named.length).toBeGreaterThanOrEqual(1);
      expect(new Set(named)).toEqual(new Set([CASE_NUMBER]));
      // The metering point is printed where the customer needs it — the aftagenummer and "målepunktet …" — and nowhere else
      // (not in a case number or a payment reference); the case id's other metering point (the owner's fixture) not at all.
      const elsewhere = all.replace(new RegExp(`(Aftagenummer \\(målepunkts-ID\\): |målepunktet )${GSRN}`, 'g'), '');
      expect(elsewhere).not.toMatch(/\d{18}/);
    });

    it('refuses to print anything but a short case number as the case number (never the case id)', () => {
      expect(() => renderLetter(reminder1, RECIPIENT, SENDER, reminder1.caseId)).toThrow(LetterContentError);
      expect(() => renderLetter(reminder1, RECIPIENT, SENDER, 'A000-000X')).toThrow(/case number/);
      expect(() => renderLetterPdf(reminder1, RECIPIENT, SENDER, '')).toThrow(LetterContentError);
    });

    it('prints the letter date when the workflow gives one', () => {
      const { body } = render({ ...securityDemand, letterDate: '2026-10-09' });
      expect(para(body, 'Sagsnr.')).toMatch(/^Dato: fredag den 9\. oktober 2026\n/);
      expect(render(securityDemand).body).not.toContain('Dato:');
      expect(() => render({ ...securityDemand, letterDate: '9/10/2026' })).toThrow(/letterDate/);
    });

    it('a corrected letter opens by saying it replaces the earlier one and that its dates apply', () => {
      const { body } = render({ ...securityDemand, deadline: '2026-11-06', correctsEarlierLetter: true });
      const [, , , greeting, first] = paragraphs(body);
      expect(greeting).toBe('Kære Kanarie Fuglesang');
      expect(first).toBe(
        'Dette brev erstatter vores tidligere brev om samme sag (sagsnr. A000-000W). Det er fristerne og datoerne i dette brev, der gælder.',
      );
      expect(para(body, 'Du skal stille sikkerheden')).toContain('senest fredag den 6. november 2026');
      expect(render(securityDemand).body).not.toContain('erstatter');
    });

    it('DEFAULT_SUPPLIER is clearly fictional, and a sender without a payment account points to customer service', () => {
      expect(DEFAULT_SUPPLIER.web).toMatch(/\.invalid$/);
      expect(DEFAULT_SUPPLIER.email).toMatch(/\.invalid$/);
      expect(DEFAULT_SUPPLIER.name).toMatch(/fiktiv/i);
      const { paymentAccount: _p, ...noAccount } = SENDER;
      expect(para(render(reminder1, noAccount).body, 'Du skal betale')).toContain(`Kontakt os på telefon ${SENDER.phone}`);
      expect(render(reminder1, DEFAULT_SUPPLIER).sender).toContain(`CVR-nr.: ${DEFAULT_SUPPLIER.cvr}`);
    });

    it('refuses a metering point that is not an 18-digit GSRN, and a bad amount', () => {
      expect(() => render({ ...reminder1, meteringPointId: '1234' })).toThrow(/GSRN/);
      expect(() => render({ ...reminder1, amountDueOre: 12.5 })).toThrow(LetterContentError);
      expect(() => render({ ...reminder1, paymentDeadline: '2026-09-31' })).toThrow(/paymentDeadline/);
    });
  });

  describe('complaint rights in every letter on the path to disconnection (RULES 11; BEK §32 stk. 1–2 and 5, §33)', () => {
    const BEK = 'bekendtgørelse om elhandelsvirksomhedernes opgaver og forpligtelser i forbindelse med levering af elektricitet til elkunder';
    const withComplaints: SupplierInfo = { ...SENDER, complaints: 'klage@proeve-el.invalid', appealsBoard: 'Ankenævnet på Energiområdet, Prøvevej 9, 9999 Eksempelby' };
    const household =
      'Er du uenig i vores krav, kan du klage til os på klage@proeve-el.invalid. Mens vi behandler klagen, ophæver vi ikke aftalen og afbryder ikke elforsyningen af de grunde, du klager over ' +
      `(§ 32, stk. 2, i ${BEK}). Får du ikke fuldt ud medhold, kan du klage videre til Ankenævnet på Energiområdet, Prøvevej 9, 9999 Eksempelby (§ 32, stk. 5, og § 33); ` +
      'heller ikke mens ankenævnet behandler klagen, ophæver vi aftalen eller afbryder af de grunde, du klager over (§ 33, stk. 3).';
    const business =
      'Er I uenige i vores krav, kan I klage til os på klage@proeve-el.invalid. Mens vi behandler klagen, opsiger vi ikke aftalen og afbryder ikke elforsyningen af de grunde, I klager over ' +
      `(§ 32, stk. 2, i ${BEK}).`;

    it.each(ALL.filter(([, l]) => l.kind !== 'reopeningNotice' && l.kind !== 'ownerNotice'))('%s: how to complain, that it stops the steps, and (households) the appeals board', (_name, letter) => {
      const { body } = render(letter, withComplaints);
      expect(paragraphs(body)).toContain(letter.customerClass === 'household' ? household : business);
    });

    it('is not in the letters off that path (reopening, the owner’s letter: its contract has its own complaint item, below)', () => {
      for (const [, letter] of ALL.filter(([, l]) => l.kind === 'reopeningNotice' || l.kind === 'ownerNotice')) {
        const { body } = render(letter, withComplaints);
        expect(body).not.toContain('Mens vi behandler klagen');
        if (letter.kind === 'reopeningNotice') expect(body).not.toContain('klage til os');
      }
    });

    it('without a complaint address, points to customer service; without a board setting, names the board', () => {
      const { body } = render(reminder1);
      expect(body).toContain('kan du klage til os på telefon +45 11 22 33 44 eller e-mail kunde@proeve-el.invalid.');
      expect(body).toContain('kan du klage videre til Ankenævnet på Energiområdet (§ 32, stk. 5, og § 33)');
    });
  });

  describe("the owner's contract carries the contents of BEK §3 stk. 3, complaint information included (RULES 11; issue 15 item 1)", () => {
    // The fixture's contract: test/letters/owner-notice-fixture.ts (OWNER_CONTRACT). The sender: SENDER with
    // a complaint address and the appeals board, the settings of RULES 11's complaint rights.
    const withComplaints: SupplierInfo = { ...SENDER, complaints: 'klage@proeve-el.invalid', appealsBoard: 'Ankenævnet på Energiområdet, Prøvevej 9, 9999 Eksempelby' };
    const household = () => render(OWNER_NOTICE, withComplaints).body;
    const business = () => render({ ...OWNER_NOTICE, ...BUSINESS }, withComplaints).body;

    it('opens the contract: the metering point, § 25, stk. 5, and § 3, stk. 3', () => {
      expect(para(household(), 'Kontrakt om levering')).toBe(
        `Kontrakt om levering af elektricitet til målepunktet ${GSRN} (§ 25, stk. 5). Kontrakten har de oplysninger, som § 3, stk. 3, kræver af en elkontrakt:`,
      );
    });

    it("nr. 1: the supplier's name and address", () => {
      expect(para(household(), 'Elleverandør:')).toBe('Elleverandør: Prøve El A/S, Prøvevej 1, 9999 Eksempelby, CVR-nr. 12345678.');
    });

    it('nr. 2: the product name and the price type', () => {
      expect(para(household(), 'Produkt:')).toBe('Produkt: Variabel elpris (eksempel) (produktnr. EL-VARIABEL-1). Pristype: variabel pris, der følger spotprisen på el.');
    });

    it('nr. 3: whether grid and system services are passed on unchanged', () => {
      expect(para(household(), 'Net- og systemydelser:')).toBe(
        'Net- og systemydelser: Netselskabets og Energinets tariffer og abonnementer opkræver vi på elregningen og sender uændret videre til dig.',
      );
    });

    it('nr. 4: how the price is computed, and the spot surcharge separately in øre per kWh', () => {
      expect(para(household(), 'Elpris:')).toBe(
        'Elpris: Elprisen følger spotprisen på Nord Pool for prisområde DK1 i hver afregningsperiode, plus vores tillæg. Tillægget til spotprisen er 4,25 øre pr. kWh. Alle priser i kontrakten er inkl. moms.',
      );
    });

    it('nr. 5: every fixed price element — the subscription and the obligatory fees', () => {
      expect(para(household(), 'Faste priser og gebyrer:')).toBe(
        'Faste priser og gebyrer: Ud over elprisen betaler du abonnement 39,00 kr. pr. måned, rykkergebyr 100,00 kr. pr. rykker og gebyr for papirfaktura 25,00 kr. pr. faktura.',
      );
    });

    it('nr. 6: the settlement', () => {
      expect(para(household(), 'Afregning:')).toBe('Afregning: Du betaler hver måned bagud for dit faktiske forbrug.');
    });

    it('nr. 7: the payment methods', () => {
      expect(para(household(), 'Betalingsmåde:')).toBe('Betalingsmåde: Du kan betale med Betalingsservice og bankoverførsel.');
    });

    it('nr. 8: the general payment terms', () => {
      expect(para(household(), 'Betalingsbetingelser:')).toBe('Betalingsbetingelser: Regningen skal være betalt senest 8 dage efter fakturadatoen.');
    });

    it('nr. 9: where current prices, tariffs and fees are found', () => {
      expect(para(household(), 'Aktuelle priser:')).toBe(
        'Aktuelle priser: Du kan altid se de gældende priser, tariffer og gebyrer på proeve-el.invalid/priser eller få dem oplyst hos vores kundeservice på telefon +45 11 22 33 44 eller e-mail kunde@proeve-el.invalid.',
      );
    });

    it('nr. 10: the duration, no binding period, how to terminate (§ 25, stk. 5), and that it is free', () => {
      expect(para(household(), 'Løbetid og opsigelse:')).toBe(
        'Løbetid og opsigelse: Kontrakten gælder fra og med fredag den 2. april 2027, hvis du bliver bundet af den, og løber, indtil den bliver opsagt. Der er ingen bindingsperiode. ' +
          'Du kan til enhver tid opsige kontrakten med højst 1 måneds varsel til udgangen af en måned (§ 25, stk. 5). Det koster ikke noget at opsige kontrakten.',
      );
    });

    it('nr. 11 (both): the notice when moving, and whether the contract continues at another address', () => {
      expect(para(household(), 'Flytning:')).toBe(
        'Flytning: Flytter du fra ejendommen eller sælger den, kan du opsige kontrakten på samme måde: med højst 1 måneds varsel til udgangen af en måned. ' +
          `Kontrakten gælder kun levering til målepunktet ${GSRN} og kan ikke fortsætte på en anden leveringsadresse.`,
      );
    });

    it('nr. 12: against whom compensation and other claims are made, inaccurate and late invoicing included', () => {
      expect(para(household(), 'Erstatning:')).toBe(
        'Erstatning: Overholder vi ikke kontrakten, fx ved forkert eller forsinket fakturering, kan du kræve erstatning eller gøre andre krav gældende over for os, Prøve El A/S, på klage@proeve-el.invalid.',
      );
    });

    it("nr. 13: how and where to complain — the supplier's complaint contact and, households, Ankenævnet på Energiområdet's address", () => {
      expect(para(household(), 'Klager:')).toBe(
        'Klager: Er du utilfreds med kontrakten eller med os, kan du klage til os på klage@proeve-el.invalid. Skriv, hvad klagen drejer sig om, og oplys sagsnummeret A000-000W. ' +
          'Vi behandler klagen hurtigt og svarer dig (§ 32, stk. 1). Får du ikke fuldt ud medhold, kan du klage videre til Ankenævnet på Energiområdet, Prøvevej 9, 9999 Eksempelby (§ 32, stk. 5, og § 33).',
      );
      // Without a complaint address: customer service; without a board setting: the board by name.
      expect(para(render(OWNER_NOTICE).body, 'Klager:')).toContain(
        'kan du klage til os på telefon +45 11 22 33 44 eller e-mail kunde@proeve-el.invalid. Skriv, hvad klagen drejer sig om',
      );
      expect(para(render(OWNER_NOTICE).body, 'Klager:')).toContain('kan du klage videre til Ankenævnet på Energiområdet (§ 32, stk. 5, og § 33).');
    });

    it('nr. 14: the services, their quality and the maintenance offered', () => {
      expect(para(household(), 'Ydelser og kvalitet:')).toBe(
        'Ydelser og kvalitet: Vi leverer elektricitet til målepunktet. Netselskabet står for målingen og leveringens tekniske kvalitet. Vi tilbyder ingen vedligeholdsservice.',
      );
    });

    it('a business owner: the same items as I / jer, and no appeals board (BEK §33: households)', () => {
      const b = business();
      expect(para(b, 'Afregning:')).toBe('Afregning: I betaler hver måned bagud for jeres faktiske forbrug.');
      expect(para(b, 'Net- og systemydelser:')).toContain('sender uændret videre til jer.');
      expect(para(b, 'Løbetid og opsigelse:')).toContain('I kan til enhver tid opsige kontrakten med højst 1 måneds varsel til udgangen af en måned (§ 25, stk. 5).');
      expect(para(b, 'Klager:')).toBe(
        'Klager: Er I utilfredse med kontrakten eller med os, kan I klage til os på klage@proeve-el.invalid. Skriv, hvad klagen drejer sig om, og oplys sagsnummeret A000-000W. Vi behandler klagen hurtigt og svarer jer (§ 32, stk. 1).',
      );
      for (const label of ['Elleverandør:', 'Produkt:', 'Elpris:', 'Faste priser og gebyrer:', 'Betalingsmåde:', 'Betalingsbetingelser:', 'Aktuelle priser:', 'Flytning:', 'Erstatning:', 'Ydelser og kvalitet:']) {
        expect(para(b, label)).toMatch(new RegExp(`^${label}`));
      }
    });
  });

  describe('the security demand states the bound of its amount and, without arrears, its ground (RULES 11; BEK §26 stk. 1, §27 stk. 1)', () => {
    it('by the months: 3 months of 850 kr', () => {
      const { body } = render({ ...securityDemand, securityAmountOre: 255_000, securityBasis: { bound: 'months', months: 3, monthlyOre: 85_000 } });
      expect(para(body, 'Vi kræver derfor')).toBe(
        'Vi kræver derfor, at du stiller sikkerhed for dine fremtidige betalinger på 2.550,00 kr. som betingelse for, at vi fortsat leverer el til dig. Beløbet svarer til 3 måneders forventet betaling (850,00 kr. om måneden).',
      );
    });

    it('by the risk cap: lower than 3 months of 850 kr', () => {
      const { body } = render({ ...securityDemand, securityAmountOre: 200_000, securityBasis: { bound: 'risk-cap', months: 3, monthlyOre: 85_000 } });
      expect(para(body, 'Vi kræver derfor')).toContain('på 2.000,00 kr. som betingelse for, at vi fortsat leverer el til dig. Beløbet svarer til vores risiko i din sag, som er mindre end 3 måneders forventet betaling (850,00 kr. om måneden).');
    });

    it('without arrears: the ground, as billing wrote it', () => {
      const { body } = render({ ...securityDemand, amountDueOre: 0, withoutArrears: true, ground: 'du har standset dine betalinger.' });
      expect(para(body, 'særlig grund')).toBe(`Vi har særlig grund til at forvente, at du ikke kan eller vil betale for den el, vi fremover leverer til målepunktet ${GSRN}. Grunden er: du har standset dine betalinger.`);
    });
  });
}

describe('the letter content, as text', () => letterContentSuite(readText));

describe('the text rendering', () => {
  it.each(ALL)('%s: contentHash is the SHA-256 of subject + "\\n" + body, stable across renders', (_name, letter) => {
    const a = render(letter);
    const b = render(structuredClone(letter));
    expect(a).toEqual(b);
    expect(a.contentHash).toBe(createHash('sha256').update(`${a.subject}\n${a.body}`, 'utf8').digest('hex'));
    expect(a.contentHash).toBe(letterContentHash(a.subject, a.body));
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a changed value or recipient changes the hash', () => {
    const base = render(physical).contentHash;
    expect(render({ ...physical, cutoff: '2026-11-11', newAgreementBy: '2026-11-10' }).contentHash).not.toBe(base);
    expect(renderLetter(physical, { ...RECIPIENT, name: 'En Anden' }, SENDER, CASE_NUMBER).contentHash).not.toBe(base);
  });
});

describe.skipIf(PDFTOTEXT_MISSING !== undefined)(`the letter content, as PDF read by pdftotext${PDFTOTEXT_MISSING ? ` (skipped: ${PDFTOTEXT_MISSING})` : ''}`, () =>
  letterContentSuite(readPdf),
);

/**
 * The pages of each letter kind as laid out today (A4, DejaVu Sans 10 pt). A page more or less after
 * a change of a template's text is not wrong in itself: check the PDF (the page break falls between
 * paragraphs, the signature is not alone on a page) and update the number here.
 */
const PAGES: Record<string, number> = {
  'reminder1 household': 1,
  'reminder2 household': 1,
  'reminder1 business': 1,
  'reminder2 business': 1,
  securityDemand: 1,
  terminationNotice: 1,
  'disconnection physical household': 1,
  'disconnection physical business': 1,
  'disconnection remote household': 2,
  'disconnection remote business': 1,
  'disconnection hourly household': 1,
  'disconnection hourly business-large': 1,
  'reopening physical': 1,
  'reopening remote': 1,
  'ownerNotice household (test/letters/owner-notice.test.ts)': 2,
  'ownerNotice business': 2,
};

describe.skipIf(PDFTOTEXT_MISSING !== undefined)(`the PDF${PDFTOTEXT_MISSING ? ` (skipped: ${PDFTOTEXT_MISSING})` : ''}`, () => {
  it.each(ALL)('%s: its page count, and pdftotext reads the same words as the text', (name, letter) => {
    const pdf = renderLetterPdf(letter, RECIPIENT, SENDER, CASE_NUMBER);
    const read = readPdfText(pdf.bytes);
    expect(read.pages).toBe(pdf.pages);
    expect(pdf.pages, `${name}: pages`).toBe(PAGES[name]);
    // Word for word: the text's body is the PDF's sender block, then its body with the sender's
    // contact data (the text's signature) left to the sender block.
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    const text = render(letter);
    const signatureStart = text.body.lastIndexOf('Med venlig hilsen');
    expect(words(read.body)).toEqual(words(`${text.body.slice(0, signatureStart)}Med venlig hilsen\n${SENDER.name}`));
    expect(words(read.sender)).toEqual(words(text.body.slice(signatureStart + 'Med venlig hilsen'.length)));
  });

  it.each(ALL)('%s: the same input gives the same bytes, whatever the day (a retried activity archives an identical PDF)', (_name, letter) => {
    const a = renderLetterPdf(letter, RECIPIENT, SENDER, CASE_NUMBER);
    vi.useFakeTimers({ now: new Date('2031-05-06T07:08:09Z'), toFake: ['Date'] });
    try {
      const b = renderLetterPdf(structuredClone(letter), RECIPIENT, SENDER, CASE_NUMBER);
      expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
      expect(b.sha256).toBe(a.sha256);
    } finally {
      vi.useRealTimers();
    }
    expect(a.sha256).toBe(createHash('sha256').update(a.bytes).digest('hex'));
    expect(a.contentHash).toBe(render(letter).contentHash);
  });

  it('the creation date is the letter date (else a constant), the document id follows the content', () => {
    const dated = Buffer.from(renderLetterPdf({ ...reminder1, letterDate: '2026-09-17' }, RECIPIENT, SENDER, CASE_NUMBER).bytes).toString('latin1');
    // pdfkit writes the information's values as objects of their own: /CreationDate 13 0 R … (D:…).
    expect(dated.match(/\(D:20260917000000Z\)/g)).toHaveLength(2);
    const undated = Buffer.from(renderLetterPdf(reminder1, RECIPIENT, SENDER, CASE_NUMBER).bytes).toString('latin1');
    expect(undated.match(/\(D:20000101000000Z\)/g)).toHaveLength(2);
    expect(undated).toContain(`(${render(reminder1).contentHash})`);
    const id = (pdf: string) => /\/ID \[<([0-9a-f]{32})>/.exec(pdf)?.[1];
    expect(id(undated)).toMatch(/^[0-9a-f]{32}$/);
    const other = Buffer.from(renderLetterPdf({ ...reminder1, amountDueOre: 123_451 }, RECIPIENT, SENDER, CASE_NUMBER).bytes).toString('latin1');
    expect(id(other)).not.toBe(id(undated));
  });

  it('Danish characters, §, en and em dashes come out as written (the embedded DejaVu Sans covers them)', () => {
    const recipient = { name: 'Åse Ærø-Øhlenschläger', address: ['Søndergade 5 – 1. sal', '8000 Aarhus C'] };
    const sender = { ...SENDER, name: 'Æbleø Strøm A/S', address: ['Ågade 1 — bygning Ø', '9999 Æblerød'] };
    const read = readPdfText(renderLetterPdf(reminder1, recipient, sender, CASE_NUMBER).bytes);
    expect(read.body.startsWith('Åse Ærø-Øhlenschläger\nSøndergade 5 – 1. sal\n8000 Aarhus C\n\n')).toBe(true);
    expect(read.sender).toContain('Æbleø Strøm A/S\nÅgade 1 — bygning Ø\n9999 Æblerød');
    expect(read.body).toContain('(§ 32, stk. 2, i bekendtgørelse om elhandelsvirksomhedernes');
    const fonts = Buffer.from(renderLetterPdf(reminder1, recipient, sender, CASE_NUMBER).bytes).toString('latin1');
    expect(fonts).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(fonts).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(fonts).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('a letter that does not fit one page numbers its pages; one that does has no footer', () => {
    const long = renderLetterPdf(OWNER_NOTICE, RECIPIENT, SENDER, CASE_NUMBER);
    expect(long.pages).toBe(2);
    const raw = pdftotext(long.bytes);
    expect(raw).toMatch(/Side 1 af 2/);
    expect(raw).toMatch(/Side 2 af 2/);
    expect(pdftotext(renderLetterPdf(reopeningPhysical, RECIPIENT, SENDER, CASE_NUMBER).bytes)).not.toContain('Side 1');
  });
});

/**
 * The owner's letter (BEK §25 stk. 2–7): every item the law requires, checked with its value in the
 * paragraph that states it. Dates: see owner-notice-fixture.ts (worked out by hand).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPPLIER, LetterContentError, renderLetter } from '../../activities/letters/render.js';
import { OWNER_NOTICE } from './owner-notice-fixture.js';

const OWNER = { name: 'Ejer Eksempelsen (fiktiv)', address: ['Prøvevej 3', '9999 Eksempelby'] };

function paragraphs(body: string): string[] {
  return body.split(/\n\n+/).map((p) => p.replace(/[ \t]+/g, ' ').trim());
}
function para(body: string, marker: string): string {
  const found = paragraphs(body).filter((p) => p.includes(marker));
  expect(found, `exactly one paragraph with ${marker}`).toHaveLength(1);
  return found[0]!;
}

describe("the owner's letter (BEK §25)", () => {
  const { subject, body } = renderLetter(OWNER_NOTICE, OWNER, DEFAULT_SUPPLIER, 'A000-000W');

  it('names the deadline in the subject', () => {
    expect(subject).toBe('Elforsyningen til din ejendom: ny elaftale senest torsdag den 1. april 2027');
  });

  it('says the customer ended the agreement, when, and why the owner is told (stk. 2)', () => {
    const p = para(body, 'har opsagt sin elaftale');
    expect(p).toContain('målepunktet 571313100000012345');
    expect(p).toContain('Aftalen udløber onsdag den 31. marts 2027');
    expect(p).toContain('§ 25, stk. 2');
  });

  it('gives the deadline of ≥ 5 hverdage from receipt, for a new agreement from the end of the old one (stk. 3)', () => {
    const p = para(body, 'har frist til og med');
    expect(p).toContain('Du har frist til og med torsdag den 1. april 2027');
    expect(p).toContain('fra torsdag den 1. april 2027'); // the day after the agreement's last day
    expect(p).toContain('§ 25, stk. 3');
  });

  it('says the owner is bound by the contract if no other agreement is made, and from when (stk. 3, 6)', () => {
    expect(para(body, 'bliver du bundet')).toContain('bundet af kontrakten nedenfor fra og med fredag den 2. april 2027 (§ 25, stk. 3 og 6)');
  });

  it("contains the contract on the marketed product's terms (stk. 5)", () => {
    const p = para(body, 'Kontrakt om levering');
    expect(p).toContain('Variabel elpris (eksempel)');
    expect(p).toContain('EL-VARIABEL-1');
    expect(p).toContain('Pris: spotpris + 4,00 øre pr. kWh; abonnement 29,00 kr. pr. måned.');
  });

  it("says the owner can leave with at most 1 month's notice to the end of a month (stk. 5)", () => {
    expect(para(body, 'opsige kontrakten')).toBe('Du kan til enhver tid opsige kontrakten med højst 1 måneds varsel til udgangen af en måned (§ 25, stk. 5).');
  });

  it('says consumption is paid at the §72 f price until the disconnection (stk. 7)', () => {
    const p = para(body, '§ 72 f');
    expect(p).toContain('§ 25, stk. 7');
    expect(p).toContain('betaler altså for forbruget, indtil forsyningen er afbrudt');
  });

  it('gives the earliest possible disconnection: forwarded at once, ≥ 3 working days, then the window (stk. 4)', () => {
    const p = para(body, 'Vi sender anmodningen videre');
    expect(p).toContain('med det samme (§ 25, stk. 4)');
    expect(p).toContain('mindst 3 arbejdsdage');
    expect(p).toContain('senest mandag den 22. marts 2027, kan forsyningen tidligst blive afbrudt tirsdag den 30. marts 2027');
    expect(p).toContain('senest tirsdag den 6. april 2027');
  });

  it('says a disconnection before the owner is bound means not bound (stk. 4), but promises nothing when the window runs past it (RULES 11)', () => {
    // The fixture's window (to Tue 6 Apr) runs past the day the owner is bound (Fri 2 Apr): asking at
    // once does not make sure the grid disconnects before it.
    expect(para(body, 'ikke bundet')).toBe(
      'Bliver forsyningen afbrudt på din anmodning før fredag den 2. april 2027, bliver du ikke bundet af kontrakten (§ 25, stk. 4). ' +
        'Netselskabet må dog afbryde helt frem til tirsdag den 6. april 2027, så vi kan ikke love, at afbrydelsen sker før fredag den 2. april 2027, heller ikke hvis du beder om den med det samme. ' +
        'Sker den senere, er du bundet af kontrakten fra og med fredag den 2. april 2027, indtil forsyningen er afbrudt, og betaler for forbruget indtil da (§ 25, stk. 6 og 7).',
    );
  });

  it('keeps the plain promise when the whole window ends before the owner is bound', () => {
    // Window to Thu 1 Apr, bound from Fri 2 Apr: any disconnection the request leads to comes first.
    const { body: b } = renderLetter({ ...OWNER_NOTICE, earliestDisconnection: { askBy: '2027-03-22', cutoff: '2027-03-30', windowDeadline: '2027-04-01' } }, OWNER, DEFAULT_SUPPLIER, 'A000-000W');
    expect(para(b, 'ikke bundet')).toBe(
      'Bliver forsyningen afbrudt på din anmodning, inden fristen udløber torsdag den 1. april 2027, bliver du ikke bundet af kontrakten (§ 25, stk. 4).',
    );
  });

  it('an agreement to Sun 31 Oct 2027: the earliest disconnection is Mon 1 Nov, the day the owner is bound, and the letter says so', () => {
    // Letter Mon 4 Oct 2027 by digital post; deadline 5, 6, 7, 8, 11 Oct → Mon 11 Oct; bound from the
    // later of Tue 12 Oct and Mon 1 Nov → Mon 1 Nov; cut-off held to Mon 1 Nov, physical window to Mon 8 Nov.
    const letter = {
      ...OWNER_NOTICE,
      letterDate: '2027-10-04',
      agreementEnd: '2027-10-31',
      deadline: '2027-10-11',
      boundFrom: '2027-11-01',
      earliestDisconnection: { askBy: '2027-10-04', cutoff: '2027-11-01', windowDeadline: '2027-11-08', afterAgreementEnd: true },
    };
    const { body: b } = renderLetter(letter, OWNER, DEFAULT_SUPPLIER, 'A000-000W');
    const ask = para(b, 'Vi sender anmodningen videre');
    expect(ask).toContain('med det samme (§ 25, stk. 4), dog tidligst 60 dage før afbrydelsen.');
    expect(ask).toContain('Forsyningen kan ikke afbrydes, før den opsagte aftale er udløbet søndag den 31. oktober 2027.');
    expect(ask).toContain('kan forsyningen tidligst blive afbrudt mandag den 1. november 2027');
    expect(para(b, 'kan ikke undgå kontrakten')).toBe(
      'Forsyningen kan tidligst afbrydes mandag den 1. november 2027, så du kan ikke undgå kontrakten ved at bede om afbrydelse: ' +
        'du er bundet af kontrakten fra og med mandag den 1. november 2027, indtil forsyningen er afbrudt, og betaler for forbruget indtil da (§ 25, stk. 6 og 7).',
    );
    expect(b).not.toContain('ikke bundet');
  });

  it('speaks to a business owner as I / jer', () => {
    const b = renderLetter({ ...OWNER_NOTICE, customerClass: 'business' }, OWNER, DEFAULT_SUPPLIER, 'A000-000W');
    expect(b.subject).toBe('Elforsyningen til jeres ejendom: ny elaftale senest torsdag den 1. april 2027');
    expect(b.body).toContain('I har frist til og med');
    expect(b.body).toContain('bliver I bundet af kontrakten');
  });

  it('refuses impossible dates and a missing product', () => {
    expect(() => renderLetter({ ...OWNER_NOTICE, boundFrom: '2027-04-01' }, OWNER, DEFAULT_SUPPLIER, 'A000-000W')).toThrow(LetterContentError);
    expect(() => renderLetter({ ...OWNER_NOTICE, noticeMonths: 2 }, OWNER, DEFAULT_SUPPLIER, 'A000-000W')).toThrow(/BEK §25 stk\. 5/);
    expect(() => renderLetter({ ...OWNER_NOTICE, product: { productId: 'X', name: 'X', terms: ' ' } }, OWNER, DEFAULT_SUPPLIER, 'A000-000W')).toThrow(/product/);
    expect(() =>
      renderLetter({ ...OWNER_NOTICE, earliestDisconnection: { askBy: '2027-03-22', cutoff: '2027-03-30', windowDeadline: '2027-03-29' } }, OWNER, DEFAULT_SUPPLIER, 'A000-000W'),
    ).toThrow(/windowDeadline/);
  });
});

/**
 * The owner's letter (BEK §25 stk. 2–7): every item the law requires, checked with its value in the
 * paragraph that states it. Dates: see owner-notice-fixture.ts (worked out by hand). The contract's
 * items of BEK §3 stk. 3 are checked one by one, over the text and the PDF, in render.test.ts; here,
 * how each setting changes their words (text).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPPLIER, LetterContentError, renderLetter } from '../../activities/letters/render.js';
import type { SupplierInfo } from '../../activities/letters/supplier.js';
import type { OwnerNoticeLetter } from '../../activities/letters/types.js';
import { DEFAULT_OWNER_SETTINGS, type OwnerContract } from '../../rules/index.js';
import { OWNER_CONTRACT, OWNER_NOTICE } from './owner-notice-fixture.js';

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

  it("contains the contract on the marketed product's terms (stk. 5), last, after the contact line", () => {
    expect(para(body, 'Kontrakt om levering')).toContain('målepunktet 571313100000012345 (§ 25, stk. 5)');
    const p = para(body, 'Produkt:');
    expect(p).toContain('Variabel elpris (eksempel)');
    expect(p).toContain('produktnr. EL-VARIABEL-1');
    const all = paragraphs(body);
    expect(all.findIndex((x) => x.startsWith('Har du spørgsmål'))).toBeLessThan(all.findIndex((x) => x.startsWith('Kontrakt om levering')));
  });

  it("says the owner can leave with at most 1 month's notice to the end of a month (stk. 5), in the contract", () => {
    expect(para(body, 'Løbetid og opsigelse:')).toContain('Du kan til enhver tid opsige kontrakten med højst 1 måneds varsel til udgangen af en måned (§ 25, stk. 5).');
    const noNotice = renderLetter({ ...OWNER_NOTICE, noticeMonths: 0 }, OWNER, DEFAULT_SUPPLIER, 'A000-000W').body;
    expect(para(noNotice, 'Løbetid og opsigelse:')).toContain('Du kan til enhver tid opsige kontrakten til udgangen af en måned (§ 25, stk. 5).');
    expect(para(noNotice, 'Flytning:')).toContain('kan du opsige kontrakten på samme måde: til udgangen af en måned.');
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
    expect(() => renderLetter({ ...OWNER_NOTICE, product: { productId: 'X', name: 'X', terms: 'Pris: spotpris.' } }, OWNER, DEFAULT_SUPPLIER, 'A000-000W')).toThrow(
      /product: contract is required \(BEK §3 stk\. 3\)/,
    );
    expect(() => renderLetter({ ...OWNER_NOTICE, product: { ...OWNER_NOTICE.product, terms: ' ' } }, OWNER, DEFAULT_SUPPLIER, 'A000-000W')).toThrow(/product\.terms/);
    expect(() =>
      renderLetter({ ...OWNER_NOTICE, earliestDisconnection: { askBy: '2027-03-22', cutoff: '2027-03-30', windowDeadline: '2027-03-29' } }, OWNER, DEFAULT_SUPPLIER, 'A000-000W'),
    ).toThrow(/windowDeadline/);
  });
});

describe("the owner's contract: the settings of BEK §3 stk. 3 change its words (RULES 11; issue 15 item 1)", () => {
  const render = (contract: Partial<OwnerContract>, extra: Partial<OwnerNoticeLetter['product']> = {}, sender: SupplierInfo = DEFAULT_SUPPLIER) =>
    renderLetter({ ...OWNER_NOTICE, product: { ...OWNER_NOTICE.product, ...extra, contract: { ...OWNER_CONTRACT, ...contract } } }, OWNER, sender, 'A000-000W').body;

  it('the defaults (DEFAULT_OWNER_CONTRACT, the fictional supplier): every item, with the default values', () => {
    const b = renderLetter({ ...OWNER_NOTICE, product: { ...DEFAULT_OWNER_SETTINGS.ownerProduct } }, OWNER, DEFAULT_SUPPLIER, 'A000-000W').body;
    expect(para(b, 'Elleverandør:')).toBe('Elleverandør: Eksempel Energi A/S (fiktiv), Fiktivvej 1, 9999 Eksempelby, CVR-nr. 00000000.');
    expect(para(b, 'Produkt:')).toBe('Produkt: Variabel elpris (eksempel) (produktnr. EL-VARIABEL-1). Pristype: variabel pris, der følger spotprisen på el.');
    expect(para(b, 'Elpris:')).toContain('Tillægget til spotprisen er 4,00 øre pr. kWh. Alle priser i kontrakten er inkl. moms.');
    expect(para(b, 'Net- og systemydelser:')).toContain('sender uændret videre til dig.');
    expect(para(b, 'Faste priser og gebyrer:')).toBe('Faste priser og gebyrer: Ud over elprisen betaler du abonnement 29,00 kr. pr. måned og rykkergebyr 100,00 kr. pr. rykker.');
    expect(para(b, 'Afregning:')).toBe('Afregning: Du betaler hver måned bagud for dit faktiske forbrug.');
    expect(para(b, 'Betalingsmåde:')).toBe('Betalingsmåde: Du kan betale med Betalingsservice og bankoverførsel.');
    expect(para(b, 'Betalingsbetingelser:')).toBe('Betalingsbetingelser: Regningen skal være betalt senest 8 dage efter fakturadatoen.');
    // nr. 9 without its setting: the sender's web site.
    expect(para(b, 'Aktuelle priser:')).toContain('gebyrer på eksempel-energi.invalid eller få dem oplyst hos vores kundeservice på telefon +45 00 00 00 00');
    expect(para(b, 'Løbetid og opsigelse:')).toContain('Det koster ikke noget at opsige kontrakten.');
    expect(para(b, 'Flytning:')).toContain('kan ikke fortsætte på en anden leveringsadresse.');
    expect(para(b, 'Erstatning:')).toContain('over for os, Eksempel Energi A/S (fiktiv), på klage@eksempel-energi.invalid.');
    expect(para(b, 'Klager:')).toContain('kan du klage til os på klage@eksempel-energi.invalid.');
    expect(para(b, 'Klager:')).toContain('kan du klage videre til Ankenævnet på Energiområdet, Toldboden 2, 8800 Viborg, www.energianke.dk (§ 32, stk. 5, og § 33).');
    expect(para(b, 'Ydelser og kvalitet:')).toContain('Vi tilbyder ingen vedligeholdsservice.');
    expect(b).not.toContain('Øvrige vilkår');
  });

  it('a fixed price: no spot surcharge; prices without VAT', () => {
    const b = render({ priceType: 'fixed', priceMethod: 'Fast pris 2,10 kr. pr. kWh i 12 måneder', spotSurchargeOrePerKwh: undefined, pricesIncludeVat: false });
    expect(para(b, 'Produkt:')).toContain('Pristype: fast pris.');
    expect(para(b, 'Elpris:')).toBe('Elpris: Fast pris 2,10 kr. pr. kWh i 12 måneder. Alle priser i kontrakten er ekskl. moms.');
    expect(() => render({ priceType: 'fixed' })).toThrow(/spotSurchargeOrePerKwh is for priceType spot only/);
    expect(() => render({ spotSurchargeOrePerKwh: undefined })).toThrow(/spotSurchargeOrePerKwh must be/);
  });

  it('grid and system services not passed on unchanged (nr. 3)', () => {
    expect(para(render({ gridChargesPassedOnUnchanged: false }), 'Net- og systemydelser:')).toBe(
      'Net- og systemydelser: Netselskabets og Energinets tariffer og abonnementer sender vi ikke uændret videre til dig; de indgår i vores priser.',
    );
  });

  it('a termination fee: in the fixed price elements (nr. 5) and in the termination terms (nr. 10)', () => {
    const b = render({ terminationFeeOre: 12_500, subscriptionOrePerMonth: 0, fees: [] });
    expect(para(b, 'Faste priser og gebyrer:')).toBe('Faste priser og gebyrer: Ud over elprisen betaler du opsigelsesgebyr 125,00 kr.');
    expect(para(b, 'Løbetid og opsigelse:')).toContain('Det koster 125,00 kr. at opsige kontrakten.');
    expect(para(render({ subscriptionOrePerMonth: 0, fees: [] }), 'Faste priser og gebyrer:')).toBe(
      'Faste priser og gebyrer: Ud over elprisen betaler du ingen faste priser eller gebyrer til os.',
    );
  });

  it('aconto, quarterly (nr. 6), extra payment terms (nr. 8)', () => {
    const b = render({ settlement: 'aconto', billingPeriod: 'quarterly', paymentTerms: 'Betaler du for sent, kan vi opkræve renter efter renteloven' });
    expect(para(b, 'Afregning:')).toBe('Afregning: Du betaler hvert kvartal aconto, dvs. forud efter dit forventede forbrug, og vi opgør dit faktiske forbrug mindst én gang om året.');
    expect(para(b, 'Betalingsbetingelser:')).toBe(
      'Betalingsbetingelser: Regningen skal være betalt senest 8 dage efter fakturadatoen. Betaler du for sent, kan vi opkræve renter efter renteloven.',
    );
  });

  it('the contract continues at a new address (nr. 11); claims against someone else (nr. 12); the extra note', () => {
    const b = render({ continuesAtNewAddress: true, claimsAgainst: 'Eksempel Energi A/S, Fiktivvej 1, 9999 Eksempelby' }, { terms: 'Vores almindelige leveringsbetingelser gælder i øvrigt' });
    expect(para(b, 'Flytning:')).toContain('Kontrakten kan fortsætte på en ny leveringsadresse på de samme vilkår, hvis du giver os besked om den nye adresse og flyttedagen, inden du flytter.');
    expect(para(b, 'Erstatning:')).toContain('gøre andre krav gældende over for Eksempel Energi A/S, Fiktivvej 1, 9999 Eksempelby.');
    expect(para(b, 'Øvrige vilkår:')).toBe('Øvrige vilkår: Vores almindelige leveringsbetingelser gælder i øvrigt.');
    expect(paragraphs(b).at(-2)).toBe('Øvrige vilkår: Vores almindelige leveringsbetingelser gælder i øvrigt.');
  });

  it("refuses a contract without the supplier's address (nr. 1) and with a bad value", () => {
    const { address: _a, ...noAddress } = DEFAULT_SUPPLIER;
    expect(() => render({}, {}, noAddress)).toThrow(/postal address is required in the owner's contract \(BEK §3 stk\. 3 nr\. 1\)/);
    expect(() => render({ paymentMethods: [] })).toThrow(/contract\.paymentMethods must be/);
    expect(() => render({ spotSurchargeOrePerKwh: 4.125 })).toThrow(/at most two decimals/);
    expect(() => render({ fees: [{ name: 'rykkergebyr', amountOre: 99.5 }] })).toThrow(/contract\.fees\.0\.amountOre/);
  });
});

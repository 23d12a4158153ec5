/**
 * The contract in the owner's letter (BEK §25 stk. 3, 2. pkt., and stk. 5; RULES 9, 11): the marketed
 * product on which the owner is bound, with every item BEK §3 stk. 3 requires of a contract, complaint
 * information included, in plain Danish. One paragraph per item, each opening with its label, so that
 * the text and the PDF (`../pdf.ts`) show them alike and a reader finds each one.
 *
 * BEK §3 stk. 3 (quoted in full in rules/owner-contract.ts) → paragraph:
 * nr. 1 "Elleverandør" (the sender: name, postal address, CVR number); nr. 2 "Produkt" (name, product
 * number, price type); nr. 4 "Elpris" (the method, the spot surcharge in øre per kWh, VAT); nr. 3
 * "Net- og systemydelser"; nr. 5 "Faste priser og gebyrer" (subscription, fees, termination fee); nr. 6
 * "Afregning"; nr. 7 "Betalingsmåde"; nr. 8 "Betalingsbetingelser"; nr. 9 "Aktuelle priser"; nr. 10
 * "Løbetid og opsigelse" (until terminated, no binding, BEK §25 stk. 5's notice, free or not); nr. 11
 * (both) "Flytning"; nr. 12 "Erstatning"; nr. 13 "Klager" (the supplier's complaint contact, how, and —
 * households — Ankenævnet på Energiområdet, BEK §32 stk. 1 and 5, §33); nr. 14 "Ydelser og kvalitet";
 * then `terms`, the product's extra note, as "Øvrige vilkår".
 */
import type { OwnerContract } from '../../../rules/index.js';
import { formatDanishDate, formatKroner, formatOre, joinDanish } from '../format.js';
import type { OwnerNoticeLetter } from '../types.js';
import { contactPhrase, type TemplateContext } from './common.js';

/** The paragraphs of the contract. The caller has checked `letter.product.contract` and the sender's address (render.ts). */
export function ownerContractParagraphs(letter: OwnerNoticeLetter, ctx: TemplateContext): string[] {
  const { voice: v, sender } = ctx;
  const p = letter.product;
  const c = p.contract as OwnerContract;
  const mp = letter.meteringPointId;
  const complaintsAt = sender.complaints ?? contactPhrase(sender);
  const notice = noticePhrase(letter.noticeMonths);
  const fixed = [
    ...(c.subscriptionOrePerMonth > 0 ? [`abonnement ${formatKroner(c.subscriptionOrePerMonth)} pr. måned`] : []),
    ...c.fees.map((f) => `${f.name} ${formatKroner(f.amountOre)}${f.per ? ` ${f.per}` : ''}`),
    ...(c.terminationFeeOre > 0 ? [`opsigelsesgebyr ${formatKroner(c.terminationFeeOre)}`] : []),
  ];
  const period = c.billingPeriod === 'quarterly' ? 'hvert kvartal' : 'hver måned';
  return [
    `Kontrakt om levering af elektricitet til målepunktet ${mp} (§ 25, stk. 5). Kontrakten har de oplysninger, som § 3, stk. 3, kræver af en elkontrakt:`,
    `Elleverandør: ${sender.name}, ${(sender.address ?? []).join(', ')}, CVR-nr. ${sender.cvr}.`,
    `Produkt: ${p.name} (produktnr. ${p.productId}). Pristype: ${PRICE_TYPE[c.priceType]}.`,
    [
      `Elpris: ${sentence(c.priceMethod)}`,
      ...(c.priceType === 'spot' && c.spotSurchargeOrePerKwh !== undefined ? [`Tillægget til spotprisen er ${formatOre(c.spotSurchargeOrePerKwh)} pr. kWh.`] : []),
      `Alle priser i kontrakten er ${c.pricesIncludeVat ? 'inkl.' : 'ekskl.'} moms.`,
    ].join(' '),
    c.gridChargesPassedOnUnchanged
      ? `Net- og systemydelser: Netselskabets og Energinets tariffer og abonnementer opkræver vi på elregningen og sender uændret videre til ${v.dig}.`
      : `Net- og systemydelser: Netselskabets og Energinets tariffer og abonnementer sender vi ikke uændret videre til ${v.dig}; de indgår i vores priser.`,
    `Faste priser og gebyrer: ${
      fixed.length > 0 ? sentence(`Ud over elprisen betaler ${v.du} ${joinDanish(fixed)}`) : `Ud over elprisen betaler ${v.du} ingen faste priser eller gebyrer til os.`
    }`,
    c.settlement === 'aconto'
      ? `Afregning: ${v.Du} betaler ${period} aconto, dvs. forud efter ${v.dit} forventede forbrug, og vi opgør ${v.dit} faktiske forbrug mindst én gang om året.`
      : `Afregning: ${v.Du} betaler ${period} bagud for ${v.dit} faktiske forbrug.`,
    `Betalingsmåde: ${v.Du} kan betale med ${joinDanish(c.paymentMethods)}.`,
    [`Betalingsbetingelser: Regningen skal være betalt senest ${c.paymentDays} dage efter fakturadatoen.`, ...(c.paymentTerms ? [sentence(c.paymentTerms)] : [])].join(' '),
    `Aktuelle priser: ${v.Du} kan altid se de gældende priser, tariffer og gebyrer på ${c.priceInformation ?? sender.web} eller få dem oplyst hos vores kundeservice på ${contactPhrase(sender)}.`,
    `Løbetid og opsigelse: Kontrakten gælder fra og med ${formatDanishDate(letter.boundFrom)}, hvis ${v.du} bliver bundet af den, og løber, indtil den bliver opsagt. Der er ingen bindingsperiode. ${v.Du} kan til enhver tid opsige kontrakten ${notice} (§ 25, stk. 5). ${
      c.terminationFeeOre > 0 ? `Det koster ${formatKroner(c.terminationFeeOre)} at opsige kontrakten.` : 'Det koster ikke noget at opsige kontrakten.'
    }`,
    `Flytning: Flytter ${v.du} fra ejendommen eller sælger den, kan ${v.du} opsige kontrakten på samme måde: ${notice}. ${
      c.continuesAtNewAddress
        ? `Kontrakten kan fortsætte på en ny leveringsadresse på de samme vilkår, hvis ${v.du} giver os besked om den nye adresse og flyttedagen, inden ${v.du} flytter.`
        : `Kontrakten gælder kun levering til målepunktet ${mp} og kan ikke fortsætte på en anden leveringsadresse.`
    }`,
    `Erstatning: Overholder vi ikke kontrakten, fx ved forkert eller forsinket fakturering, kan ${v.du} kræve erstatning eller gøre andre krav gældende over for ${sentence(
      c.claimsAgainst ?? `os, ${sender.name}, på ${complaintsAt}`,
    )}`,
    [
      `Klager: Er ${v.du} utilfreds${v.household ? '' : 'e'} med kontrakten eller med os, kan ${v.du} klage til os på ${complaintsAt}. Skriv, hvad klagen drejer sig om, og oplys sagsnummeret ${ctx.caseNumber}. Vi behandler klagen hurtigt og svarer ${v.dig} (§ 32, stk. 1).`,
      ...(v.household
        ? [`Får ${v.du} ikke fuldt ud medhold, kan ${v.du} klage videre til ${sender.appealsBoard ?? 'Ankenævnet på Energiområdet'} (§ 32, stk. 5, og § 33).`]
        : []),
    ].join(' '),
    `Ydelser og kvalitet: ${sentence(c.services)}`,
    ...(p.terms?.trim() ? [`Øvrige vilkår: ${sentence(p.terms.trim())}`] : []),
  ];
}

/** BEK §3 stk. 3 nr. 2's price type in plain Danish. */
const PRICE_TYPE: Record<OwnerContract['priceType'], string> = {
  spot: 'variabel pris, der følger spotprisen på el',
  variable: 'variabel pris, som vi fastsætter',
  fixed: 'fast pris',
};

/** The owner's notice (BEK §25 stk. 5): at most 1 month to the end of a month, or to the end of a month. */
export function noticePhrase(noticeMonths: number): string {
  return noticeMonths === 0 ? 'til udgangen af en måned' : 'med højst 1 måneds varsel til udgangen af en måned';
}

/** A text as a sentence: trimmed, with a full stop unless it ends with one (or `!`, `?`). */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

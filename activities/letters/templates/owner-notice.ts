/**
 * Meddelelse til ejeren (BEK §25 stk. 2–7; RULES 9): the customer's supply agreement for the metering
 * point ends and no new one exists. The letter gives the owner a deadline of at least 5 hverdage from
 * receipt to have a new agreement made (stk. 3), contains a contract on the terms of one of the
 * supplier's marketed products (stk. 5) with the contents of BEK §3 stk. 3, complaint information
 * included (RULES 11; `owner-contract.ts`), says that the owner is bound by it if no other agreement is
 * made by the deadline and from when (stk. 3, 6), that the owner can leave it with at most 1 month's
 * notice to the end of a month (stk. 5: in the contract's "Løbetid og opsigelse"), that consumption is
 * paid at the §72 f price from the end of the terminated agreement until supply under a contract begins
 * or the supply is disconnected (stk. 7), and how a disconnection is asked for: forwarded at once, the
 * earliest day it can happen, and that a disconnection before the deadline means the owner is not bound
 * (stk. 4). The contract comes last, after the contact line.
 */
import { addDays } from '../../../rules/index.js';
import { formatDanishDate } from '../format.js';
import type { OwnerNoticeLetter } from '../types.js';
import { BEK_TITLE, contactPhrase, type TemplateContext, type TemplateOutput } from './common.js';
import { ownerContractParagraphs } from './owner-contract.js';

export function ownerNotice(letter: OwnerNoticeLetter, ctx: TemplateContext): TemplateOutput {
  const v = ctx.voice;
  const deadline = formatDanishDate(letter.deadline);
  const boundFrom = formatDanishDate(letter.boundFrom);
  const e = letter.earliestDisconnection;
  const paragraphs = [
    `Elkunden på målepunktet ${letter.meteringPointId} har opsagt sin elaftale med os. Aftalen udløber ${formatDanishDate(letter.agreementEnd)}, og der er ikke indgået en ny elaftale for målepunktet. Som ejer af ejendommen får ${v.du} derfor denne meddelelse (§ 25, stk. 2, i ${BEK_TITLE}; de paragraffer, der nævnes nedenfor, er fra samme bekendtgørelse).`,
    `${v.Du} har frist til og med ${deadline} til at sørge for, at der bliver indgået en ny aftale om levering af elektricitet til målepunktet fra ${formatDanishDate(addDays(letter.agreementEnd, 1))}. Aftalen kan indgås med os eller med en anden elleverandør, af ${v.dig} selv eller af en ny lejer eller bruger af ejendommen (§ 25, stk. 3).`,
    `Er der ikke indgået en anden aftale inden fristen, bliver ${v.du} bundet af kontrakten nedenfor fra og med ${boundFrom} (§ 25, stk. 3 og 6).`,
    `Fra den opsagte aftale udløber, og indtil leveringen efter kontrakten eller efter en anden aftale begynder, eller indtil forsyningen er afbrudt, betaler ${v.du} for elektriciteten til målepunktet til prisen efter elforsyningslovens § 72 f (§ 25, stk. 7). ${v.Du} betaler altså for forbruget, indtil forsyningen er afbrudt.`,
    `Ønsker ${v.du} i stedet, at forsyningen bliver afbrudt, skal ${v.du} bede os om det. Vi sender anmodningen videre til netselskabet med det samme (§ 25, stk. 4)${
      e.afterAgreementEnd ? ', dog tidligst 60 dage før afbrydelsen' : ''
    }. Netselskabet skal have anmodningen mindst 3 arbejdsdage før afbrydelsen og afbryder derefter inden for sin frist.${
      e.afterAgreementEnd
        ? ` Forsyningen kan ikke afbrydes, før den opsagte aftale er udløbet ${formatDanishDate(letter.agreementEnd)}.`
        : ''
    } Beder ${v.du} os om det senest ${formatDanishDate(e.askBy)}, kan forsyningen tidligst blive afbrudt ${formatDanishDate(e.cutoff)}, og netselskabet skal have afbrudt den senest ${formatDanishDate(e.windowDeadline)}.`,
    boundAfterDisconnection(letter, v, boundFrom, deadline),
    `Har ${v.du} spørgsmål, eller vil ${v.du} indgå en aftale eller bede om afbrydelse, så kontakt os på ${contactPhrase(ctx.sender)}, og oplys sagsnummeret ${ctx.caseNumber}.`,
    // The contract itself (stk. 3, 5), with the contents of § 3, stk. 3.
    ...ownerContractParagraphs(letter, ctx),
  ];
  return { subject: `Elforsyningen til ${v.din} ejendom: ny elaftale senest ${deadline}`, paragraphs };
}

/**
 * Whether asking for the disconnection keeps the owner from being bound (BEK §25 stk. 4, 6–7; RULES 11):
 * not bound only if disconnected before the day the owner would be bound. The letter never promises
 * that asking in time avoids it when the grid's window runs past that day.
 */
function boundAfterDisconnection(letter: OwnerNoticeLetter, v: TemplateContext['voice'], boundFrom: string, deadline: string): string {
  const e = letter.earliestDisconnection;
  const bound = `bundet af kontrakten fra og med ${boundFrom}, indtil forsyningen er afbrudt, og betaler for forbruget indtil da (§ 25, stk. 6 og 7)`;
  if (e.windowDeadline < letter.boundFrom) {
    return `Bliver forsyningen afbrudt på ${v.din} anmodning, inden fristen udløber ${deadline}, bliver ${v.du} ikke bundet af kontrakten (§ 25, stk. 4).`;
  }
  if (e.cutoff < letter.boundFrom) {
    return `Bliver forsyningen afbrudt på ${v.din} anmodning før ${boundFrom}, bliver ${v.du} ikke bundet af kontrakten (§ 25, stk. 4). Netselskabet må dog afbryde helt frem til ${formatDanishDate(e.windowDeadline)}, så vi kan ikke love, at afbrydelsen sker før ${boundFrom}, heller ikke hvis ${v.du} beder om den med det samme. Sker den senere, er ${v.du} ${bound}.`;
  }
  return `Forsyningen kan tidligst afbrydes ${formatDanishDate(e.cutoff)}, så ${v.du} kan ikke undgå kontrakten ved at bede om afbrydelse: ${v.du} er ${bound}.`;
}


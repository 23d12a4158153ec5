/**
 * Krav om sikkerhedsstillelse (BEK §26–§27), households only. States the security demanded and the
 * deadline for providing it (≥ 15 hverdage from receipt, BEK §27 stk. 2; ≥ 2 months without arrears,
 * stk. 1), the consequences of not providing it (termination, disconnection; stk. 3), and that a new
 * supply agreement taking effect before the disconnection avoids it (stk. 4; with any supplier).
 * It also says how the deposit is kept (BEK §29) and that another arrangement securing future payment
 * is possible (BEK §26 stk. 3).
 */
import { formatDanishDate, formatKroner } from '../format.js';
import type { SecurityDemandLetter } from '../types.js';
import { BEK_TITLE, contactPhrase, type TemplateContext, type TemplateOutput } from './common.js';

export function securityDemand(letter: SecurityDemandLetter, ctx: TemplateContext): TemplateOutput {
  const deadline = formatDanishDate(letter.deadline);
  const security = formatKroner(letter.securityAmountOre);
  const { sender } = ctx;
  const paragraphs = [
    letter.withoutArrears
      ? `Vi har særlig grund til at forvente, at du ikke kan eller vil betale for den el, vi fremover leverer til målepunktet ${letter.meteringPointId}${letter.ground ? `. Grunden er: ${letter.ground.replace(/[.\s]+$/, '')}.` : '.'}`
      : `Du har ikke betalt ${formatKroner(letter.amountDueOre)} for levering af el til målepunktet ${letter.meteringPointId}, selv om vi har sendt dig to rykkere, og fristen for betaling i 2. rykker er udløbet.`,
    `Vi kræver derfor, at du stiller sikkerhed for dine fremtidige betalinger på ${security} som betingelse for, at vi fortsat leverer el til dig.${basisSentence(letter)}`,
    `Du skal stille sikkerheden på ${security} senest ${deadline}. ` +
      (sender.paymentAccount
        ? `Sikkerheden kan stilles ved at indbetale beløbet på ${sender.paymentAccount} med sagsnummeret ${ctx.caseNumber} som reference.`
        : `Kontakt os på ${contactPhrase(sender)}, så fortæller vi dig, hvordan du stiller sikkerheden.`),
    ...(letter.withoutArrears
      ? []
      : [`Sikkerheden kommer i tillæg til det skyldige beløb på ${formatKroner(letter.amountDueOre)}, som du fortsat skal betale.`]),
    `Stiller du ikke sikkerheden senest ${deadline}, kan konsekvensen være, at vi ophæver din elaftale, og at elforsyningen til dig bliver afbrudt.`,
    'Du kan undgå, at elforsyningen bliver afbrudt, ved at indgå en ny aftale om levering af el, som træder i kraft, inden afbrydelsen gennemføres: med en anden elleverandør, eller med os, når du har betalt det, du skylder, eller stillet sikkerheden (§ 26, stk. 4, i ' + BEK_TITLE + ').',
    'Sikkerheden holdes adskilt fra vores egne midler og forrentes med Nationalbankens udlånsrente, når den er positiv. Du får sikkerheden tilbage med renter, når du har betalt til tiden i 1 år, eller når din aftale med os ophører.',
    `Kontakt os på ${contactPhrase(sender)}, hvis du har spørgsmål, eller hvis du vil aftale en anden ordning, der sikrer betalingen fremover, fx en betalingsaftale.`,
  ];
  return { subject: 'Krav om sikkerhedsstillelse', paragraphs };
}

/** Which bound set the amount (BEK §26 stk. 1: at most 5 months' payment and at most our risk). */
function basisSentence(letter: SecurityDemandLetter): string {
  const b = letter.securityBasis;
  if (!b) return '';
  const months = `${b.months} måneders forventet betaling (${formatKroner(b.monthlyOre)} om måneden)`;
  return b.bound === 'risk-cap'
    ? ` Beløbet svarer til vores risiko i din sag, som er mindre end ${months}.`
    : ` Beløbet svarer til ${months}.`;
}


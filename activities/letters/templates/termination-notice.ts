/**
 * Varsel om ophævelse (BEK §28 stk. 1–2), households only: the security was not provided in time, the
 * notice runs to the end of `effective` (≥ 3 hverdage from receipt) and the agreement is terminated at
 * the earliest the day after it (RULES 2.4), and the
 * supply will be disconnected unless the customer gets supply from another supplier before the
 * disconnection is carried out (§28 stk. 2). The time of the disconnection follows in a separate
 * letter (§28 stk. 3).
 */
import { addDays } from '../../../rules/index.js';
import { formatDanishDate, formatKroner } from '../format.js';
import type { TerminationNoticeLetter } from '../types.js';
import { contactPhrase, type TemplateContext, type TemplateOutput } from './common.js';

export function terminationNotice(letter: TerminationNoticeLetter, ctx: TemplateContext): TemplateOutput {
  const effective = formatDanishDate(letter.effective);
  const paragraphs = [
    `Du har ikke stillet den sikkerhed på ${formatKroner(letter.securityAmountOre)}, som vi krævede for fortsat at levere el til målepunktet ${letter.meteringPointId}, og fristen for at stille den er udløbet.`,
    // RULES 2.4: the notice has run at the end of its last hverdag; the letter names the day after.
    `Vi varsler hermed, at vi ophæver din elaftale. Varslet løber til og med ${effective}, så aftalen kan tidligst ophæves ${formatDanishDate(addDays(letter.effective, 1))}.`,
    'Når aftalen er ophævet, vil elforsyningen til dig blive afbrudt, medmindre du får leveret el fra en anden elleverandør, inden afbrydelsen gennemføres.',
    'Vi sender dig særskilt skriftlig besked om, hvornår afbrydelsen vil ske.',
    `Kontakt os hurtigst muligt på ${contactPhrase(ctx.sender)}, hvis du har spørgsmål.`,
  ];
  return { subject: 'Varsel om ophævelse af din elaftale', paragraphs };
}

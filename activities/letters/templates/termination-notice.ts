/**
 * Varsel om ophævelse (BEK §28 stk. 1–2), households only: the security was not provided in time, the
 * agreement will be terminated at the earliest on `effective` (≥ 3 hverdage from receipt), and the
 * supply will be disconnected unless the customer gets supply from another supplier before the
 * disconnection is carried out (§28 stk. 2). The time of the disconnection follows in a separate
 * letter (§28 stk. 3).
 */
import { formatDanishDate, formatKroner } from '../format.js';
import type { TerminationNoticeLetter } from '../types.js';
import { contactPhrase, type TemplateContext, type TemplateOutput } from './common.js';

export function terminationNotice(letter: TerminationNoticeLetter, ctx: TemplateContext): TemplateOutput {
  const effective = formatDanishDate(letter.effective);
  const paragraphs = [
    `Du har ikke stillet den sikkerhed på ${formatKroner(letter.securityAmountOre)}, som vi krævede for fortsat at levere el til målepunktet ${letter.meteringPointId}, og fristen for at stille den er udløbet.`,
    `Vi varsler hermed, at vi ophæver din elaftale. Aftalen ophæves tidligst ${effective}.`,
    'Når aftalen er ophævet, vil elforsyningen til dig blive afbrudt, medmindre du får leveret el fra et andet elselskab, inden afbrydelsen gennemføres.',
    'Vi sender dig særskilt skriftlig besked om, hvornår afbrydelsen vil ske.',
    `Kontakt os hurtigst muligt på ${contactPhrase(ctx.sender)}, hvis du har spørgsmål.`,
  ];
  return { subject: 'Varsel om ophævelse af din elaftale', paragraphs };
}

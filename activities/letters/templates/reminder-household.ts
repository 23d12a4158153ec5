/**
 * Rykker 1 and 2 to a household (BEK §27 stk. 2–3). Besides the amount and the payment deadline, both
 * reminders must say (BEK §27 stk. 3): that failing to provide security within the deadline may lead
 * to termination of the agreement and disconnection; that the supplier may demand security of up to
 * 5 months' payment if the customer does not pay within the deadline of reminder 2; and the deadline
 * for providing such security.
 */
import { formatDanishDate, formatKroner } from '../format.js';
import type { ReminderLetter } from '../types.js';
import { howToPay, table, type TemplateContext, type TemplateOutput } from './common.js';
import { invoicePhrase, reminderAmounts } from './reminder-common.js';

export function householdReminder(letter: ReminderLetter, ctx: TemplateContext): TemplateOutput {
  const first = letter.kind === 'reminder1';
  const deadline = formatDanishDate(letter.paymentDeadline);
  const { rows, total } = reminderAmounts(letter);
  const paragraphs = [
    `Vi har endnu ikke modtaget betaling for ${invoicePhrase(letter.invoiceIds)} for levering af el til målepunktet ${letter.meteringPointId}.`,
    table([...rows, ['Betalingsfrist', deadline]]),
    `Du skal betale ${formatKroner(total)} senest ${deadline}. ${howToPay(ctx, letter.paymentReferences)}`,
    first
      ? `Betaler du ikke inden fristen, sender vi dig en 2. rykker. Hvis du heller ikke betaler inden fristen i 2. rykker, kan vi kræve, at du stiller sikkerhed for dine fremtidige betalinger på op til ${letter.securityMaxMonths} måneders betaling.`
      : `Betaler du ikke senest ${deadline}, kan vi kræve, at du stiller sikkerhed for dine fremtidige betalinger på op til ${letter.securityMaxMonths} måneders betaling.`,
    `Fristen for at stille en sådan sikkerhed vil være ${letter.securityDeadlineHverdage} hverdage fra den dag, du modtager kravet om sikkerhedsstillelse.`,
    'Konsekvensen af ikke at stille sikkerheden inden for fristen kan være, at vi ophæver din elaftale, og at elforsyningen til dig bliver afbrudt.',
    'Har du allerede betalt, kan du se bort fra dette brev. Kan du ikke betale, så kontakt os hurtigst muligt, så vi kan tale om mulighederne, fx en betalingsaftale.',
  ];
  return { subject: `${first ? '1.' : '2.'} rykker: ubetalt elregning`, paragraphs };
}

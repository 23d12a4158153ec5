/**
 * Rykker 1 and 2 to a business customer (RULES 3). BEK §26–§29 do not apply (BEK §1 stk. 2): no
 * security demand and no termination first; after reminder 2's deadline the supplier sends a
 * disconnection notice and requests the disconnection. The reminder states the amount, the deadline
 * and that consequence.
 */
import { formatDanishDate, formatKroner } from '../format.js';
import type { ReminderLetter } from '../types.js';
import { howToPay, table, type TemplateContext, type TemplateOutput } from './common.js';
import { invoicePhrase, reminderAmounts } from './reminder-common.js';

export function businessReminder(letter: ReminderLetter, ctx: TemplateContext): TemplateOutput {
  const first = letter.kind === 'reminder1';
  const deadline = formatDanishDate(letter.paymentDeadline);
  const { rows, total } = reminderAmounts(letter);
  const paragraphs = [
    `Vi har endnu ikke modtaget betaling for ${invoicePhrase(letter.invoiceIds)} for levering af el til målepunktet ${letter.meteringPointId}.`,
    table([...rows, ['Betalingsfrist', deadline]]),
    `I skal betale ${formatKroner(total)} senest ${deadline}. ${howToPay(ctx, letter.paymentReferences)}`,
    first
      ? 'Betaler I ikke inden fristen, sender vi jer en 2. rykker. Bliver beløbet heller ikke betalt inden fristen i 2. rykker, kan vi anmode netselskabet om at afbryde elforsyningen til målepunktet.'
      : `Betaler I ikke senest ${deadline}, kan vi anmode netselskabet om at afbryde elforsyningen til målepunktet. I får i så fald skriftligt besked om, hvornår afbrydelsen kan forventes.`,
    'Har I allerede betalt, kan I se bort fra dette brev. Kontakt os hurtigst muligt, hvis I ikke kan betale.',
  ];
  return { subject: `${first ? '1.' : '2.'} rykker: ubetalt elregning`, paragraphs };
}

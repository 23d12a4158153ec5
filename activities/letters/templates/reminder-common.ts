/** Parts both reminder templates (household and business) share. */
import { formatKroner } from '../format.js';
import type { ReminderLetter } from '../types.js';

/** "fakturaen 123" / "fakturaerne 123 og 456" / "din elregning". */
export function invoicePhrase(invoiceIds: readonly string[]): string {
  if (invoiceIds.length === 0) return 'elregningen';
  if (invoiceIds.length === 1) return `fakturanr. ${invoiceIds[0]}`;
  return `fakturanr. ${invoiceIds.slice(0, -1).join(', ')} og ${invoiceIds[invoiceIds.length - 1]}`;
}

/** The amount table of a reminder: what is unpaid, the fee or compensation charged now, and the total. */
export function reminderAmounts(letter: ReminderLetter): { rows: Array<[string, string]>; total: number } {
  const rows: Array<[string, string]> = [['Ubetalt beløb', formatKroner(letter.amountDueOre)]];
  let total = letter.amountDueOre;
  if (letter.reminderFeeOre !== undefined && letter.reminderFeeOre > 0) {
    rows.push(['Rykkergebyr', formatKroner(letter.reminderFeeOre)]);
    total += letter.reminderFeeOre;
  }
  if (letter.compensationOre !== undefined && letter.compensationOre > 0) {
    rows.push(['Kompensation for inddrivelsesomkostninger', formatKroner(letter.compensationOre)]);
    total += letter.compensationOre;
  }
  if (total !== letter.amountDueOre) rows.push(['I alt at betale', formatKroner(total)]);
  return { rows, total };
}

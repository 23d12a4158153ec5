/** Parts both reminder templates (household and business) share. */
import { formatDanishDate, formatKroner } from '../format.js';
import type { OwedFee, ReminderLetter } from '../types.js';

/** The Danish name of a fee kind (rules/fees.ts `FeeKind`), as a letter names it. */
const FEE_NAMES: Record<string, string> = {
  'reminder-fee': 'Rykkergebyr',
  'business-compensation': 'Kompensation for inddrivelsesomkostninger',
  'grid-disconnection': 'Gebyr for afbrydelse',
  'grid-futile-visit': 'Gebyr for forgæves besøg',
  'grid-late-cancellation': 'Gebyr for sen tilbagekaldelse af afbrydelsen',
  'grid-reopening': 'Gebyr for genåbning',
  'supplier-disconnection-visit': 'Gebyr for lukkebesøg',
  'supplier-reopening': 'Gebyr for genåbning',
  'supplier-bailiff-case': 'Gebyr for sag i fogedretten',
  'court-fee': 'Retsafgift',
};

/** "Rykkergebyr fra 9. september 2027" — an earlier fee, named with the day it was charged. */
export function owedFeeLabel(fee: OwedFee): string {
  return `${FEE_NAMES[fee.kind] ?? 'Gebyr'} fra ${formatDanishDate(fee.chargedOn).replace(/^\S+ den /, '')}`;
}

/** "fakturaen 123" / "fakturaerne 123 og 456" / "din elregning". */
export function invoicePhrase(invoiceIds: readonly string[]): string {
  if (invoiceIds.length === 0) return 'elregningen';
  if (invoiceIds.length === 1) return `fakturanr. ${invoiceIds[0]}`;
  return `fakturanr. ${invoiceIds.slice(0, -1).join(', ')} og ${invoiceIds[invoiceIds.length - 1]}`;
}

/**
 * The amount table of a reminder: what is unpaid, the earlier fees still owed (each named, RULES 11),
 * the fee or compensation charged now, and the total.
 */
export function reminderAmounts(letter: ReminderLetter): { rows: Array<[string, string]>; total: number } {
  const rows: Array<[string, string]> = [['Ubetalt beløb', formatKroner(letter.amountDueOre)]];
  let total = letter.amountDueOre;
  for (const fee of letter.earlierFeesOwed ?? []) {
    rows.push([owedFeeLabel(fee), formatKroner(fee.amountOre)]);
    total += fee.amountOre;
  }
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

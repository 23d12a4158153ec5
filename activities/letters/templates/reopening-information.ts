/**
 * The reopening information as a short message (SMS or e-mail), RULES 11 / SV 3.2.1 e, 3.2.2 e: what
 * the customer must know before the power comes back — when (the day and the time window), that
 * electrical appliances must be switched off (advice: the HPFI relay off), for a remote reopening that
 * the power comes back only when the customer activates the meter, for a physical one that someone
 * must be home if the technician needs access, and how to reach the supplier. The reopening notice
 * letter (`reopening.ts`) says the same at length and follows as confirmation.
 *
 * Length: an SMS is sent in GSM 03.38's 7-bit alphabet (æ ø å Æ Ø Å are in it; no en dash, no
 * curly quotes), 160 characters for one part, 153 per part of a concatenated message. The text is
 * written to fit in **two parts (306 characters)** with the default supplier and any window, and is
 * never split by afbryd: the gateway sends it as one concatenated message, which the phone shows as
 * one (`smsParts` counts the parts; `test/activities/short-message.test.ts` holds the bound).
 * The e-mail carries the same text under a subject, signed with the supplier's name.
 */
import { formatClock, formatDanishDate } from '../format.js';
import type { SupplierInfo } from '../supplier.js';
import { voiceOf } from './common.js';
import type { CustomerClass, IsoDate } from '../../../rules/index.js';

/** What the reopening information says: no personal data, the values of the reopening notice. */
export interface ReopeningInformationContent {
  /** The expected day of the reopening (`expectedReopening(...).date`). */
  expectedDate: IsoDate;
  /** The time window, Danish local time `HH:MM`. */
  from: string;
  to: string;
  /** How the grid reopens: `remote` — the customer must activate the meter (SV 3.2.2 e 2). */
  method: 'physical' | 'remote';
  /** The voice (du / I). */
  customerClass: CustomerClass;
}

/** The words of a short message: the SMS is `text`; the e-mail is `subject` over `emailBody`. */
export interface ShortMessageWords {
  subject: string;
  /** The SMS text (GSM 03.38 characters only). */
  text: string;
  /** The e-mail's body: `text` and the supplier's signature. */
  emailBody: string;
}

/** The reopening information's words. */
export function reopeningInformation(content: ReopeningInformationContent, sender: SupplierInfo): ShortMessageWords {
  const v = voiceOf(content.customerClass);
  const date = formatDanishDate(content.expectedDate);
  const window = `${date} mellem ${formatClock(content.from)} og ${formatClock(content.to)}`;
  const Din = v.household ? 'Din' : 'Jeres';
  const text =
    content.method === 'remote'
      ? [
          `${Din} strøm kan genåbnes ${window}, men den kommer først, når ${v.du} aktiverer elmåleren.`,
          `Sluk elektriske apparater, og slå HPFI-relæet fra, før ${v.du} aktiverer den; slå det til igen bagefter.`,
          `Spørgsmål: ring ${sender.phone}. Brev følger.`,
        ].join(' ')
      : [
          `${Din} strøm genåbnes ${window}.`,
          'Sluk elektriske apparater, og slå HPFI-relæet fra, til strømmen er tilbage.',
          'Skal netselskabet ind til elmåleren, skal nogen være til stede.',
          `Spørgsmål: ring ${sender.phone}. Brev følger.`,
        ].join(' ');
  return {
    subject: `Genåbning af elforsyningen ${date}`,
    text,
    emailBody: `${text}\n\nMed venlig hilsen\n${sender.name}\n${sender.phone} · ${sender.email}`,
  };
}

/** GSM 03.38's basic character set (one septet each). */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** GSM 03.38's extension table (two septets each: escape + character). */
const GSM_EXTENSION = new Set('^{}\\[~]|€');

/**
 * How many SMS parts a text needs: GSM 7-bit — 160 septets in one part, 153 per part when
 * concatenated (extension characters count two); any other character makes the whole message UCS-2 —
 * 70 characters, 67 per part.
 */
export function smsParts(text: string): { encoding: 'gsm7' | 'ucs2'; units: number; parts: number } {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENSION.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'gsm7', units: septets, parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = [...text].reduce((n, ch) => n + (ch.codePointAt(0)! > 0xffff ? 2 : 1), 0);
  return { encoding: 'ucs2', units, parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}

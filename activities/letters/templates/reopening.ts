/**
 * Before reopening (SV 3.2.1 e, 3.2.2 e): the expected time window, and that appliances must be
 * switched off (advice: switch off the RCD, HPFI-relæet). Remote reopening: the supply comes back only
 * when the customer activates the meter. Physical reopening: the grid warns by phone or SMS an hour
 * ahead if a technician needs access (SV 3.2.1 c). The customer cannot speed it up by calling the grid
 * (SV 3.2.1 h).
 */
import { formatClock, formatDanishDate } from '../format.js';
import type { ReopeningNoticeLetter } from '../types.js';
import { contactPhrase, type TemplateContext, type TemplateOutput } from './common.js';

/** How the grid reopens: as given, else remote for a remote meter and physical otherwise. */
export function reopeningMethodOf(letter: ReopeningNoticeLetter): 'physical' | 'remote' {
  return letter.reopeningMethod ?? (letter.meterKind === 'remote' ? 'remote' : 'physical');
}

export function reopeningNotice(letter: ReopeningNoticeLetter, ctx: TemplateContext): TemplateOutput {
  const v = ctx.voice;
  const remote = reopeningMethodOf(letter) === 'remote';
  const date = formatDanishDate(letter.expectedDate);
  const paragraphs = [
    `Netselskabet er blevet anmodet om at genåbne elforsyningen til målepunktet ${letter.meteringPointId}.`,
    `Genåbningen forventes foretaget ${date} mellem ${formatClock(letter.from)} og ${formatClock(letter.to)}.`,
    ...(remote
      ? [
          `Vigtigt: Genåbningen foretages ved fjernkontrol fra netselskabets kontor. Af sikkerhedsmæssige årsager kommer strømmen først tilbage, når ${v.du} selv aktiverer elmåleren.`,
          `${v.Du} skal sikre, at elektriske apparater ${v.premises} i nødvendigt omfang er slukket, når ${v.du} aktiverer elmåleren, og forsyningen genetableres. Vi anbefaler, at ${v.du} slår HPFI-relæet (fejlstrømsafbryderen) fra, inden ${v.du} aktiverer elmåleren, og først slår det til igen bagefter.`,
        ]
      : [
          `${v.Du} skal sikre, at elektriske apparater ${v.premises} i nødvendigt omfang er slukket, inden forsyningen bliver genåbnet. Vi anbefaler, at ${v.du} slår HPFI-relæet (fejlstrømsafbryderen) fra, indtil strømmen er tilbage.`,
          `Skal netselskabets tekniker have adgang til elmåleren, skal nogen være til stede. Netselskabet varsler ${v.dig} i så fald pr. telefon eller sms en time før ankomst, hvis netselskabet har ${v.dit} telefonnummer.`,
        ]),
    `Genåbningen kan ikke fremskyndes ved at kontakte netselskabet. Har ${v.du} spørgsmål, er ${v.du} velkommen til at kontakte os på ${contactPhrase(ctx.sender)}.`,
  ];
  return { subject: `Genåbning af elforsyningen ${date}`, paragraphs };
}

/**
 * The items of the termination and disconnection letter (ophævelse og varsel om afbrydelse) that the
 * three meter kinds share (SV 2.2.1 a, 2.2.2 a, 2.2.3 a; BEK §26 stk. 4, §28 stk. 3). Each meter kind
 * has its own template that puts them in the order of its SV paragraph.
 *
 * Business customers (RULES 3, SV 2.2.1 note 1): no termination is needed and the letter need not say
 * how to avert the disconnection, so the business variant leaves out items 1 and the new-agreement part
 * of item 5; the other items stay.
 */
import { formatDanishDate, formatKroner, joinDanish } from '../format.js';
import type { DisconnectionNoticeLetter } from '../types.js';
import { contactPhrase, type TemplateContext } from './common.js';

/** Item 1 (households: the agreement is terminated, and why) and the amount still due. */
export function opening(letter: DisconnectionNoticeLetter, ctx: TemplateContext): string[] {
  const due = letter.amountDueOre > 0 ? formatKroner(letter.amountDueOre) : undefined;
  if (ctx.voice.household) {
    return [
      `Du har ikke stillet den sikkerhed, vi krævede, inden fristen. Vi har derfor ophævet din elaftale om levering af el til målepunktet ${letter.meteringPointId}.`,
      ...(due ? [`Du skylder os fortsat ${due} for levering af el.`] : []),
    ];
  }
  return [
    due
      ? `I har ikke betalt ${due} for levering af el til målepunktet ${letter.meteringPointId}, selv om vi har sendt jer to rykkere, og fristen i vores 2. rykker er udløbet.`
      : `Vi har ikke modtaget jeres betaling for levering af el til målepunktet ${letter.meteringPointId}.`,
    // RULES 11: an end of supply (BRS-002) ends the agreement; the business must be told.
    ...(letter.endsAgreement ? ['Anmodningen er en anmodning om leveranceophør: jeres elaftale med os ophører, når elforsyningen bliver afbrudt.'] : []),
  ];
}

/** Item 2: the grid company has been asked to disconnect. */
export function requested(): string {
  return 'Vi har anmodet netselskabet om at afbryde elforsyningen til målepunktet.';
}

/**
 * Item 3 for physical and remote meters: disconnection on the cut-off date "eller en af de følgende
 * dage", with the grid's deadline (RULES 4).
 */
export function timingFollowingDays(letter: DisconnectionNoticeLetter): string {
  return `Afbrydelsen kan tidligst ske ${formatDanishDate(letter.cutoff)}. Den kan forventes foretaget den dag eller en af de følgende dage, senest ${formatDanishDate(letter.windowDeadline)}.`;
}

/** Item 4 (physical, hourly) / 6 (remote): questions go to the supplier. */
export function contactUs(ctx: TemplateContext): string {
  const v = ctx.voice;
  return `Har ${v.du} spørgsmål til afbrydelsen, skal ${v.du} kontakte os – ikke netselskabet – på ${contactPhrase(ctx.sender)}.`;
}

/** Item 5 (physical, hourly) / 7 (remote), first part: paying the grid company does not stop it. */
export function cannotPayGrid(ctx: TemplateContext): string {
  return `${ctx.voice.Du} kan ikke undgå afbrydelsen ved at betale til netselskabet.`;
}

/**
 * Item 5 / 7, second part (households): a new supply agreement with any supplier, running from the end
 * of the terminated agreement and entered no later than the hverdag before the cut-off date, stops the
 * disconnection. With us, the customer must first pay what is owed (BEK §26 stk. 4).
 */
export function newAgreement(letter: DisconnectionNoticeLetter): string[] {
  if (letter.newAgreementBy === undefined) return [];
  const owed = letter.amountDueOre > 0 ? ` (${formatKroner(letter.amountDueOre)})` : '';
  return [
    `Du kan undgå afbrydelsen ved at indgå en ny elaftale med en elleverandør, som løber fra det tidspunkt, hvor din ophævede aftale med os ophører. For at være sikker på at undgå afbrydelsen skal den nye elaftale være indgået senest ${formatDanishDate(letter.newAgreementBy)}, som er hverdagen før den varslede afbrydelse ${formatDanishDate(letter.cutoff)}.`,
    `Vil du indgå en ny elaftale med os, skal du først betale det, du skylder os${owed}.`,
  ];
}

/** Item 6 (physical, hourly) / 8 (remote), optional: the fees for disconnection and a possible reopening. */
export function fees(letter: DisconnectionNoticeLetter, ctx: TemplateContext): string[] {
  const f = letter.fees;
  if (!f) return [];
  const parts: string[] = [];
  if (f.disconnectionOre !== undefined) parts.push(`${formatKroner(f.disconnectionOre)} for afbrydelsen`);
  if (f.reopeningOre !== undefined) parts.push(`${formatKroner(f.reopeningOre)} for en eventuel genåbning`);
  if (parts.length === 0) return [];
  return [`${ctx.voice.Du} vil blive opkrævet et gebyr på ${joinDanish(parts)}.`];
}

/** Supply and billing continue until the disconnection is carried out (SV 2.1). */
export function supplyContinues(ctx: TemplateContext): string {
  return `Vi leverer el til målepunktet, indtil afbrydelsen er gennemført, og ${ctx.voice.du} skal betale for forbruget frem til da.`;
}

/** SV 2.2.2 a 4 / 2.2.3 a 7: remote, without a visit. */
export function remoteNoVisit(ctx: TemplateContext): string {
  return `Vigtigt: Afbrydelsen foretages ved fjernkontrol fra netselskabets kontor og uden besøg på ${ctx.voice.din} adresse.`;
}

/** SV 2.2.2 a 5 / 2.2.3 a 8: take care of children, animals and others who cannot take care of themselves. */
export function takeCare(ctx: TemplateContext): string {
  return `Vigtigt: ${ctx.voice.Du} skal sikre, at der bliver taget vare på børn, dyr og andre, der ikke kan tage vare på sig selv, når elforsyningen bliver afbrudt.`;
}

/**
 * SV 2.2.2 a 9 / 2.2.3 a 9: after a remote disconnection, contact a supplier; reopening is remote and
 * the customer must activate the meter; appliances must be switched off.
 */
export function afterRemoteDisconnection(ctx: TemplateContext): string {
  const v = ctx.voice;
  return [
    `Når afbrydelsen har fundet sted, skal ${v.du} være opmærksom på følgende:`,
    `- ${v.Du} skal kontakte en elleverandør for at få oplyst vilkårene for genåbning.`,
    `- Genåbningen foretages fra netselskabets kontor, og af sikkerhedsmæssige årsager kommer strømmen først tilbage, når ${v.du} selv aktiverer elmåleren.`,
    `- ${v.Du} skal sikre, at elektriske apparater ${v.premises} i nødvendigt omfang er slukket, når elmåleren aktiveres, og forsyningen genetableres. Netselskabet er ikke ansvarligt for skader, der skyldes, at det ikke er sket.`,
  ].join('\n');
}

/** The subject line: households are told the agreement is terminated. */
export function disconnectionSubject(letter: DisconnectionNoticeLetter, ctx: TemplateContext): string {
  const when = `tidligst ${formatDanishDate(letter.cutoff)}`;
  return ctx.voice.household
    ? `Din elaftale er ophævet – varsel om afbrydelse af elforsyningen ${when}`
    : `Varsel om afbrydelse af elforsyningen ${when}`;
}

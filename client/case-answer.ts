/**
 * What customer service says about a case, in plain Danish (issue 17 item 4; RULES 7 and SV 4.3.6:
 * customer service must see whether a customer is disconnected for arrears and explain how to get
 * reopened). Built from the case's `caseView` at the moment it is asked, so the page, the API
 * (`GET /cases/:id/answer`) and the tests read the same sentences. Pure: the day and time of "now"
 * are arguments.
 *
 * The answer comes first, in the order an agent reads it to the customer: where the case stands and
 * why; the next step and its date; the cut-off and the grid's window; whether the customer is
 * disconnected for arrears; what stops it today (the exact amount, security, a new agreement by which
 * day, a complaint); how to get reopened and how fast (11:00/14:00, normal hours).
 */
import {
  DEFAULT_RULES_SETTINGS,
  MONTH_NAMES_DA,
  copenhagenLocalTime,
  WEEKDAY_NAMES_DA,
  dayOfWeek,
  earliestCutoff,
  expectedReopening,
  gridWindow,
  receiptDate,
  newAgreementDeadline,
  type IsoDate,
  type LocalDateTime,
  type RulesSettings,
} from '../rules/index.js';
import type { CaseView, CloseReason, Stage, StepName } from '../workflows/case/definitions.js';
import { ATTENTION, type AttentionCode, type ClearingAction } from '../workflows/shared/attention.js';

/** A date as Danish speech writes it: `torsdag den 10. december 2026`. */
export function danishDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAY_NAMES_DA[dayOfWeek(date)]} den ${d}. ${MONTH_NAMES_DA[m]} ${y}`;
}

/** An amount in øre as Danish kroner: `845000` → `8.450,00 kr`. */
export function danishAmount(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(ore));
  const kroner = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = abs % 100;
  return `${sign}${kroner},${rest < 10 ? `0${rest}` : rest} kr`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A clock time `HH:MM` the Danish way: `kl. 10.30`. */
function danishClock(time: string): string {
  const [h, m] = time.split(':');
  return `kl. ${Number(h)}.${m}`;
}

/** The steps in Danish, as the next step. */
export const STEP_DA: Record<StepName, string> = {
  reminder1: '1. rykker',
  reminder2: '2. rykker',
  securityDemand: 'krav om sikkerhedsstillelse',
  terminationNotice: 'varsel om ophævelse af aftalen',
  disconnectionRequest: 'ophævelse af aftalen og anmodning til netselskabet om afbrydelse',
  gridWindow: 'netselskabets frist for at afbryde',
  specialCircumstances: 'en myndighed inddrages, før der sendes en ny anmodning om afbrydelse',
  awaitReopeningGrounds: 'vi venter på betaling og en ny aftale, så vi kan bede om genåbning',
  reopening: 'anmodning til netselskabet om genåbning',
  settle: 'sagen afsluttes',
};

/** The stages in Danish (a short label). */
export const STAGE_DA: Record<Stage, string> = {
  opened: 'Oprettet',
  'reminder-1': '1. rykker sendt',
  'reminder-2': '2. rykker sendt',
  'security-demand': 'Sikkerhedsstillelse krævet',
  'termination-notice': 'Ophævelse varslet',
  'disconnection-requested': 'Afbrydelse anmodet',
  'special-circumstances': 'Særlige forhold',
  disconnected: 'Afbrudt',
  reopening: 'Genåbning anmodet',
  'on-hold': 'I bero',
  closing: 'Afsluttes',
  closed: 'Afsluttet',
};

const CLOSE_REASON_DA: Record<CloseReason, string> = {
  paid: 'beløbet er betalt',
  'security-provided': 'sikkerheden er stillet',
  'payment-arrangement': 'der er indgået en betalingsaftale',
  'supplier-switched': 'kunden har fået en anden elleverandør',
  'customer-moved': 'kunden er flyttet',
  'complaint-upheld': 'kunden fik medhold i sin klage',
  reopened: 'forsyningen er genåbnet',
  'cancelled-by-operator': 'en medarbejder har lukket sagen',
};

const HOLD_DA: Record<string, string> = {
  complaint: 'en klage behandles',
  appeal: 'en klage til Ankenævnet på Energiområdet behandles',
  death: 'dødsfald',
  bankruptcy: 'konkurs',
  'welfare-concern': 'bekymring for kundens velfærd',
  investigation: 'sagen undersøges',
  other: 'en medarbejder har sat sagen i bero',
};

/** How an attention reason is cleared, in Danish (the worklist's action). */
export const CLEARING_ACTION_DA: Readonly<Record<ClearingAction, string>> & Readonly<Record<string, string | undefined>> = {
  retryStep: 'Ret årsagen, og prøv trinnet igen',
  taskDone: 'Udfør opgaven, og markér den som udført',
  acknowledge: 'Håndtér det uden for sagen, og kvittér med en note',
  reopened: 'Ryddes, når netselskabet melder genåbningen (eller kvittér med en note)',
  masterData: 'Ret stamdata (eller kvittér med en note)',
  reopeningInformationGiven: 'Ring til kunden, og registrér, at oplysningerne om genåbning er givet',
  proceedBelowMinimum: 'Ryddes, når kunden betaler eller restancen når mindstebeløbet; eller send sagen videre til krav om sikkerhedsstillelse med en note',
  gridReport: 'Ryddes, når netselskabet melder udfaldet (eller kvittér med en note)',
};

/** One open attention reason, as the page and the worklist show it. */
export interface AttentionLine {
  code: string;
  ref?: string;
  since: string;
  detail: string;
  /** The catalogue's Danish text. */
  text: string;
  /** The action that clears it (`retryStep`, `taskDone`, `acknowledge`, …) and its Danish words. */
  clearedBy: string;
  action: string;
  /** For `taskDone`: the open task it belongs to. */
  taskId?: string;
}

/** A case's open attention reasons in Danish (a version 1 case's bare flag as `flagged-in-version-1`). */
export function attentionLines(view: Pick<CaseView, 'attention' | 'needsAttention' | 'tasks'>): AttentionLine[] {
  const reasons = view.attention ?? [];
  const lines = reasons.map((r) => {
    const kind = (ATTENTION as Record<string, { da: string; clearedBy: string }>)[r.code];
    const clearedBy = kind?.clearedBy ?? 'acknowledge';
    const task = clearedBy === 'taskDone' ? (view.tasks ?? []).find((t) => !t.closed && (r.ref === undefined || r.ref === t.taskId)) : undefined;
    return {
      code: r.code,
      ...(r.ref !== undefined ? { ref: r.ref } : {}),
      since: r.since,
      detail: r.detail,
      text: kind?.da ?? r.code,
      clearedBy,
      action: CLEARING_ACTION_DA[clearedBy] ?? CLEARING_ACTION_DA.acknowledge!,
      ...(task ? { taskId: task.taskId } : {}),
    };
  });
  if (lines.length === 0 && view.needsAttention) {
    const code: AttentionCode = 'flagged-in-version-1';
    lines.push({ code, since: '', detail: '', text: ATTENTION[code].da, clearedBy: 'acknowledge', action: CLEARING_ACTION_DA.acknowledge! });
  }
  return lines;
}

/** The plain answer, part by part (each a few sentences an agent can read aloud). */
export interface CaseAnswer {
  /** What the customer owes now, in øre: the arrears and the case's fees (as the letters state it, RULES 11). */
  owedOre: number;
  /** Of which fees. */
  feesOre: number;
  /** Where the case stands and why. */
  standing: string;
  /** Short label of the stage. */
  stageLabel: string;
  open: boolean;
  /** The next step and its date. */
  nextStep: string;
  nextStepDate?: IsoDate;
  /** The cut-off date and the grid's window. */
  cutoff: string;
  cutoffDate?: IsoDate;
  windowDeadline?: IsoDate;
  /** Before the request: the cut-off and window deadline if the request goes on its planned day. */
  expectedCutoffDate?: IsoDate;
  expectedWindowDeadline?: IsoDate;
  /** Whether the customer is disconnected for arrears. */
  disconnected: boolean;
  disconnectedText: string;
  /** What stops it today, one sentence each. */
  whatStopsIt: string[];
  /** How to get reopened and how fast. */
  reopening: string[];
  /** Open holds, in Danish. */
  holds: { holdId: string; kind: string; text: string; since: string }[];
  attention: AttentionLine[];
}

/** The moment the answer is given: Danish local date-time (`YYYY-MM-DDTHH:MM`). */
export interface AnswerOptions {
  now: LocalDateTime;
}

/**
 * The cut-off a request sent on its planned day would get (RULES 2.5: the first disconnection day ≥ 3
 * working days after it and after the hverdag following the receipt of the letter sent with it, on
 * the channel the customer's last letter went on), and the grid's window after it (RULES 4).
 */
function expectedCutoff(view: CaseView, requestDay: IsoDate, settings: Readonly<RulesSettings>): { cutoff: IsoDate; windowDeadline: IsoDate } | undefined {
  try {
    const channel = view.letters.at(-1)?.channel ?? 'digital';
    const letterReceipt = receiptDate(requestDay, channel, settings).date;
    const cutoff = earliestCutoff({ request: requestDay, customerClass: view.customerClass, letterReceipt }, settings).date;
    const windowDeadline = view.meterKind ? gridWindow(cutoff, view.meterKind, view.customerClass, settings).deadline : undefined;
    return windowDeadline ? { cutoff, windowDeadline } : undefined;
  } catch {
    return undefined;
  }
}

/** What the case's state says of a pending request: sent and not yet settled. */
function pendingRequest(view: CaseView): CaseView['request'] | undefined {
  const r = view.request;
  return r && (r.status === 'sent' || r.status === 'confirmed') ? r : undefined;
}

/**
 * The answer to "where does my case stand?", in plain Danish. Dates are worked out by the case (its
 * `caseView`); this adds the rules the customer acts on: the last day for a new agreement (the hverdag
 * before the cut-off, SV 2.2.1 a 5, `newAgreementDeadline`) and when a reopening requested now would
 * happen (`expectedReopening`, SV 3.2.1 c, 3.2.2 c).
 */
export function caseAnswer(view: CaseView, options: AnswerOptions): CaseAnswer {
  const settings: Readonly<RulesSettings> = view.settings?.rules ?? DEFAULT_RULES_SETTINGS;
  // What the customer owes now, as the letters state it (RULES 11): the arrears and the case's fees.
  // A fee the case credited back (release 0.6.10: a reminder that crossed a registered payment) is not owed.
  const feesOre = (view.fees ?? []).filter((f) => !f.credited).reduce((sum, f) => sum + f.amountOre, 0);
  const owedOre = view.amountDueOre + feesOre;
  const amount = danishAmount(owedOre);
  const arrears = danishAmount(view.amountDueOre);
  const amountParts = feesOre > 0 ? `: ${danishAmount(view.amountDueOre)} og gebyrer på ${danishAmount(feesOre)}` : '';
  const open = view.stage !== 'closed';
  const household = view.customerClass === 'household';
  const request = pendingRequest(view);
  const disconnected = Boolean(view.disconnected) && !view.closed && view.stage !== 'closing';
  const security = view.securityDeadline;

  // ----- where it stands, and why
  let standing: string;
  switch (view.stage) {
    case 'opened':
      standing = `Sagen er oprettet, fordi ${view.invoices.length === 1 ? 'en faktura' : 'fakturaer'} på i alt ${arrears} ikke er betalt. Der er endnu ikke sendt en rykker.`;
      break;
    case 'reminder-1':
      standing = `Vi har sendt 1. rykker, fordi ${arrears} ikke er betalt til tiden.`;
      break;
    case 'reminder-2':
      standing = `Vi har sendt 2. rykker, fordi ${arrears} stadig ikke er betalt efter 1. rykker.`;
      break;
    case 'security-demand':
      standing =
        `Vi har krævet sikkerhedsstillelse${security ? ` på ${danishAmount(security.securityAmountOre)}` : ''}, fordi ${arrears} ikke blev betalt efter to rykkere.` +
        (security ? ` Fristen for at stille sikkerheden er ${danishDate(security.date)}.` : '');
      break;
    case 'termination-notice':
      standing =
        'Vi har varslet, at aftalen bliver ophævet, fordi sikkerheden ikke blev stillet inden fristen.' +
        (view.terminationEffective ? ` Varslet udløber ${danishDate(view.terminationEffective.date)}.` : '');
      break;
    case 'disconnection-requested':
      standing = household
        ? 'Aftalen er ophævet, fordi sikkerheden ikke blev stillet, og vi har bedt netselskabet om at afbryde forsyningen.'
        : `Vi har bedt netselskabet om at afbryde forsyningen, fordi ${arrears} ikke er betalt.`;
      break;
    case 'special-circumstances':
      standing = 'Netselskabet kunne ikke afbryde, eller der er særlige forhold. Vi inddrager en myndighed (kommunen, politiet eller fogedretten), før vi beder om afbrydelse igen.';
      break;
    case 'disconnected':
      standing = `Forsyningen er afbrudt${view.disconnected ? ` siden ${danishDate(view.disconnected.date)}` : ''}, fordi restancen ikke blev betalt.`;
      break;
    case 'reopening':
      standing = 'Kunden har betalt og indgået en ny aftale, og vi har bedt netselskabet om at genåbne forsyningen.';
      break;
    case 'on-hold':
      standing = `Sagen står i bero (${view.holds.map((h) => HOLD_DA[h.kind === 'operator' ? h.reason : h.kind] ?? h.reason).join('; ') || 'pause'}). Aftalen bliver ikke ophævet, og der bliver ikke afbrudt, så længe sagen står i bero.`;
      break;
    case 'closing':
      standing = 'Sagen er ved at blive afsluttet: anmodningen om afbrydelse er annulleret, og vi venter på netselskabets sidste besked.';
      break;
    case 'closed':
      standing = `Sagen er afsluttet${view.closed ? `, fordi ${CLOSE_REASON_DA[view.closed.reason] ?? view.closed.reason}` : ''}.`;
      break;
  }

  // ----- the next step and its date
  let nextStep: string;
  const next = open ? view.next : undefined;
  if (!open) nextStep = 'Ingen: sagen er afsluttet.';
  else if (view.stage === 'on-hold') nextStep = 'Intet, før pausen ophæves. Derefter gentages det trin, der var i gang, med nye frister.';
  else if (!next) nextStep = 'Vi venter på svar fra netselskabet eller en anden part.';
  else if (next.date) nextStep = `${capitalize(STEP_DA[next.step] ?? next.step)}, ${danishDate(next.date)}.`;
  else if (next.step === 'securityDemand' && /^arrears of at least (\d+) øre/.test(next.waitingFor ?? '')) {
    // RULES 11: held at the reminders below the minimum arrears for a security demand.
    const minimumOre = Number(/^arrears of at least (\d+) øre/.exec(next.waitingFor!)![1]);
    nextStep = `Intet lige nu: restancen er under ${danishAmount(minimumOre)}, så der kræves ikke sikkerhedsstillelse. Sagen venter ved rykkerne, til kunden betaler, eller en ny ubetalt faktura løfter restancen op til ${danishAmount(minimumOre)}${
      (view.attention ?? []).some((r) => r.code === 'arrears-below-minimum') ? '; en medarbejder kan også sende sagen videre til krav om sikkerhedsstillelse' : ''
    }.`;
  }
  else nextStep = `${capitalize(STEP_DA[next.step] ?? next.step)}, når vi har fået svar fra netselskabet eller en anden part.`;

  // ----- the cut-off and the grid's window
  let cutoff: string;
  let expectedCutoffDate: IsoDate | undefined;
  let expectedWindowDeadline: IsoDate | undefined;
  if (request) {
    cutoff =
      `Skæringsdatoen er ${danishDate(request.cutoff)}. Netselskabet kan afbryde fra den dag og skal have afbrudt senest ${danishDate(request.windowDeadline)}.` +
      (view.meterKind === 'hourly' ? ' Ved en timeafregnet måler sker det på skæringsdatoen eller senest dagen efter.' : '');
  } else if (view.request?.status === 'cancelled') {
    cutoff = `Anmodningen om afbrydelse (skæringsdato ${danishDate(view.request.cutoff)}) er annulleret.`;
  } else if (view.disconnected) {
    cutoff = `Forsyningen blev afbrudt ${danishDate(view.disconnected.date)}.`;
  } else if (open && next?.step === 'disconnectionRequest' && next.date) {
    const expected = expectedCutoff(view, next.date, settings);
    cutoff = expected
      ? `Der er endnu ikke bedt om afbrydelse. Sker der intet, sender vi anmodningen ${danishDate(next.date)}. Skæringsdatoen bliver da tidligst ${danishDate(expected.cutoff)}, og netselskabet skal have afbrudt senest ${danishDate(expected.windowDeadline)}.`
      : `Der er endnu ikke bedt om afbrydelse. Anmodningen sendes tidligst ${danishDate(next.date)}, og skæringsdatoen bliver mindst 3 arbejdsdage senere.`;
    if (expected) {
      expectedCutoffDate = expected.cutoff;
      expectedWindowDeadline = expected.windowDeadline;
    }
  } else {
    cutoff = 'Der er ikke bedt om afbrydelse, og der er ingen skæringsdato.';
  }

  // ----- disconnected for arrears?
  const disconnectedText = disconnected
    ? `Ja. Kunden er afbrudt for restance siden ${danishDate(view.disconnected!.date)}.`
    : request
      ? 'Nej, ikke endnu. Der er bedt om afbrydelse (se skæringsdatoen).'
      : 'Nej. Kunden er ikke afbrudt for restance.';

  // ----- what stops it today
  const whatStopsIt: string[] = [];
  if (!open || view.stage === 'closing') {
    whatStopsIt.push('Intet at gøre: sagen er afsluttet eller ved at blive det.');
  } else if (disconnected || view.stage === 'reopening') {
    whatStopsIt.push('Afbrydelsen er sket. Se nedenfor, hvordan kunden får strømmen igen.');
  } else if (view.stage === 'on-hold') {
    whatStopsIt.push('Sagen står allerede i bero: der sker ingen ophævelse eller afbrydelse, så længe pausen varer.');
  } else if (request || view.stage === 'special-circumstances') {
    const cut = request?.cutoff ?? view.request?.cutoff;
    const by = cut ? newAgreementDeadline(cut, settings).date : undefined;
    whatStopsIt.push(
      `Betal ${amount}${amountParts ? ` (${amountParts.slice(2)})` : ''}, og indgå en ny aftale om levering, der gælder fra ophævelsen${by ? `, senest ${danishDate(by)}` : ''}. Begge dele skal være på plads; en betaling alene stopper ikke afbrydelsen.`,
    );
    if (by) whatStopsIt.push(`En aftale med en anden elleverandør stopper også afbrydelsen, hvis den er indgået senest ${danishDate(by)}.`);
    if (household && security) whatStopsIt.push(`Eller stil sikkerhed på ${danishAmount(security.securityAmountOre)}.`);
    whatStopsIt.push('Eller indgå en betalingsaftale med os (eller få en garanti fra kommunen).');
  } else {
    whatStopsIt.push(`Betal ${amount} (hele det skyldige beløb${amountParts}): så lukkes sagen.`);
    if (household && security && view.stage === 'security-demand') {
      whatStopsIt.push(`Eller stil sikkerhed på ${danishAmount(security.securityAmountOre)} senest ${danishDate(security.date)}.`);
    } else if (household && security) {
      whatStopsIt.push(`Eller stil sikkerhed på ${danishAmount(security.securityAmountOre)}.`);
    }
    whatStopsIt.push('Eller indgå en betalingsaftale med os (eller få en garanti fra kommunen).');
  }
  if (open && view.stage !== 'closing' && view.stage !== 'on-hold' && !disconnected && view.stage !== 'reopening') {
    whatStopsIt.push(
      'En klage over kravet stopper ophævelse og afbrydelse, så længe klagen behandles. Betalingen skal stadig ske.' +
        (household ? ' Får kunden ikke fuldt medhold, kan kunden klage til Ankenævnet på Energiområdet.' : ''),
    );
  }

  // ----- how to get reopened, and how fast
  const reopening: string[] = [];
  const meter = view.meterKind;
  const clock =
    meter === 'physical' ? 'kl. 11.00' : meter === 'remote' ? 'kl. 14.00' : 'kl. 11.00 (genåbning ved besøg) eller kl. 14.00 (fjerngenåbning)';
  reopening.push(
    `Kunden skal betale det, kunden skylder${owedOre > 0 ? ` (nu ${amount})` : ''}, og indgå en ny aftale om levering${household ? ' (godkendt med MitID eller underskrift)' : ''}. Så beder vi straks netselskabet om genåbning.`,
  );
  reopening.push(
    `Når anmodningen når netselskabet senest ${clock} på en arbejdsdag, genåbner det samme dag; ellers senest næste arbejdsdag. Netselskabet genåbner i normal arbejdstid: mandag til torsdag kl. 8.00–16.00 og fredag kl. 8.00–15.00.`,
  );
  if (meter && (disconnected || view.stage === 'reopening')) {
    try {
      const expected = expectedReopening({ at: options.now, meter }, settings);
      const today = options.now.slice(0, 10);
      const lead = 'Beder vi om genåbning nu, kan den ske';
      reopening.push(
        expected.sameDay && expected.date === today
          ? `${lead} i dag mellem ${danishClock(expected.from)} og ${danishClock(expected.to)}.`
          : `${lead} ${danishDate(expected.date)} mellem ${danishClock(expected.from)} og ${danishClock(expected.to)}.`,
      );
    } catch {
      // a date outside the holiday table: the rule above still says it
    }
  }
  reopening.push(
    'Før genåbningen skal kunden slukke elektriske apparater (gerne slå HPFI-relæet fra).' +
      (meter === 'remote' ? ' Ved fjerngenåbning skal kunden selv aktivere måleren, når den er genåbnet.' : '') +
      ' Kunden kan ikke fremskynde genåbningen ved at ringe til netselskabet.',
  );
  if (view.reopeningInformationSent) {
    // Release 0.6.9: sent by SMS or e-mail the same day; the number or address stays in the customer registry.
    const sent = view.reopeningInformationSent;
    let when = sent.sentAt.slice(0, 10);
    try {
      const local = copenhagenLocalTime(sent.sentAt);
      when = `${danishDate(local.date)} ${danishClock(local.local.slice(11, 16))}`;
    } catch {
      // a malformed instant: its date as recorded
    }
    reopening.push(
      `Oplysningerne om genåbning er sendt til kunden som ${sent.channel === 'sms' ? 'sms' : 'e-mail'} ${when} til ${sent.channel === 'sms' ? 'det mobilnummer' : 'den e-mailadresse'}, vi har registreret; brevet følger som bekræftelse.`,
    );
  }
  if (view.reopeningInformationGiven) {
    reopening.push(`Oplysningerne om genåbning er givet til kunden og registreret (${view.reopeningInformationGiven.at.slice(0, 10)}).`);
  }

  return {
    owedOre,
    feesOre,
    standing,
    stageLabel: STAGE_DA[view.stage] ?? view.stage,
    open,
    nextStep,
    ...(next?.date ? { nextStepDate: next.date } : {}),
    cutoff,
    ...(request ? { cutoffDate: request.cutoff, windowDeadline: request.windowDeadline } : {}),
    ...(expectedCutoffDate && expectedWindowDeadline ? { expectedCutoffDate, expectedWindowDeadline } : {}),
    disconnected,
    disconnectedText,
    whatStopsIt,
    reopening,
    holds: view.holds.map((h) => ({
      holdId: h.holdId,
      kind: h.kind,
      text: h.kind === 'operator' ? `Pause af en medarbejder: ${HOLD_DA[h.reason] ?? h.reason}${h.note ? ` (${h.note})` : ''}` : (HOLD_DA[h.kind] ?? h.kind),
      since: h.since,
    })),
    attention: attentionLines(view),
  };
}

/** The letter kinds in Danish. */
export const LETTER_KIND_DA: Record<string, string> = {
  reminder1: '1. rykker',
  reminder2: '2. rykker',
  securityDemand: 'Krav om sikkerhedsstillelse',
  terminationNotice: 'Varsel om ophævelse',
  disconnectionNotice: 'Ophævelse og varsel om afbrydelse',
  reopeningNotice: 'Besked om genåbning',
  ownerNotice: 'Brev til ejeren',
};

const METER_DA: Record<string, string> = { physical: 'afbrydes ved besøg', remote: 'fjernafbrydes', hourly: 'timeafregnet' };

/** The event types in Danish, as the cause of a timeline line. */
export const EVENT_DA: Record<string, string> = {
  paymentReceived: 'betaling modtaget',
  securityProvided: 'sikkerhed stillet',
  paymentArrangementAgreed: 'betalingsaftale',
  supplyAgreementSigned: 'ny aftale',
  complaintFiled: 'klage registreret',
  complaintResolved: 'klage afgjort',
  appealFiled: 'klage til Ankenævnet',
  appealDecided: 'Ankenævnets afgørelse',
  customerMoved: 'kunden er flyttet',
  invoiceMissed: 'ny ubetalt faktura',
  requestConfirmed: 'DataHub bekræftede',
  requestRejected: 'DataHub afviste',
  disconnected: 'netselskabet afbrød',
  notDisconnected: 'netselskabet afbrød ikke',
  supplierSwitched: 'leverandørskifte',
  reopened: 'netselskabet genåbnede',
  notReopened: 'netselskabet genåbnede ikke',
  endOfSupplyCancelled: 'DataHub annullerede',
  hold: 'pause',
  release: 'pause ophævet',
  retryStep: 'trin prøvet igen',
  gridCharged: 'gebyr fra netselskabet',
  authorityAnswered: 'svar fra myndighed',
  courtScheduled: 'retsmøde',
  dataHubOutageMarked: 'DataHub-nedbrud markeret',
  dataHubOutageCleared: 'DataHub-nedbrud slut',
  taskDone: 'opgave udført',
  acknowledgeAttention: 'kvitteret af medarbejder',
  reopeningInformationGiven: 'oplysninger om genåbning givet',
  proceedBelowMinimum: 'sendt videre under mindstebeløbet',
};

/**
 * A timeline line in Danish where its wording is one of the common ones; otherwise the recorded
 * (English) words, marked `lang: 'en'` so a screen reader reads them as English.
 */
export function timelineTextDa(what: string): { text: string; lang: 'da' | 'en' } {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^case opened$/, () => 'Sagen er oprettet'],
    [/^settings (\S+) snapshotted; meter kind (\w+)$/, (m) => `Sagens regler er fastlagt (${m[1]}); måleren ${METER_DA[m[2]!] ?? m[2]}`],
    [/^(\w+) sent by the previous system \(imported\)$/, (m) => `${LETTER_KIND_DA[m[1]!] ?? m[1]} sendt af det tidligere system`],
    [/^taken over from the previous system \((.+)\); next step: (\w+)$/, (m) => `Overtaget fra det tidligere system (${m[1]}); næste skridt: ${STEP_DA[m[2] as StepName] ?? m[2]}`],
    [/^rykker (\d) sent$/, (m) => `${m[1]}. rykker sendt`],
    [/^security demanded$/, () => 'Sikkerhedsstillelse krævet'],
    [/^no security demand yet: RULES 11: no security demand for arrears of (\d+) øre, below the minimum (\d+) øre/, (m) => `Intet krav om sikkerhedsstillelse endnu: restancen ${danishAmount(Number(m[1]))} er under mindstebeløbet ${danishAmount(Number(m[2]))}`],
    [/^(\S+) moved the case on to the security demand below the minimum arrears \(.*?\): (.*)$/s, (m) => `${m[1]} sendte sagen videre til krav om sikkerhedsstillelse, selv om restancen er under mindstebeløbet: ${m[2]}`],
    [/^termination notice sent$/, () => 'Varsel om ophævelse sendt'],
    [/^reopening notice sent$/, () => 'Besked om genåbning sendt'],
    [/^DataHub request sent \((.+)\)$/, () => 'Anmodning om afbrydelse sendt til DataHub'],
    [/^DataHub request cancelled: (.+)$/, () => 'Anmodningen om afbrydelse er annulleret'],
    [/^reopening information sent by (SMS|e-mail) before the reopening request/, (m) => `Oplysninger om genåbning sendt som ${m[1] === 'SMS' ? 'sms' : 'e-mail'} før anmodningen om genåbning`],
    [/^the reopening information (was not|could not be) sent by SMS or e-mail/, () => 'Oplysninger om genåbning kunne ikke sendes som sms eller e-mail: ring til kunden'],
    [/^reopening requested \(BRS-039 D03\): (.+)$/, () => 'Genåbning anmodet via DataHub'],
    [/^case closed: ([\w-]+)$/, (m) => `Sagen er lukket: ${CLOSE_REASON_DA[m[1] as CloseReason] ?? m[1]}`],
    [/^fee passed to billing: (\S+) (\d+\.\d{2}) kr$/, (m) => `Gebyr sendt til fakturering: ${danishAmount(Math.round(Number(m[2]) * 100))}`],
    [
      /^fee credited: reminder-fee (\d+\.\d{2}) kr \(rykker (\d) crossed a payment registered before it was sent\)$/,
      (m) => `Rykkergebyr for ${m[2]}. rykker krediteret: ${danishAmount(Math.round(Number(m[1]) * 100))} (betalingen var registreret, før rykkeren blev sendt)`,
    ],
    [/^complaint (\S+) filed$/, (m) => `Klage ${m[1]} registreret: sagen står i bero`],
    [/^appeal (\S+) filed$/, (m) => `Klage til Ankenævnet ${m[1]} registreret: sagen står i bero`],
  ];
  for (const [re, da] of rules) {
    const m = re.exec(what);
    if (m) return { text: da(m), lang: 'da' };
  }
  return { text: what, lang: 'en' };
}

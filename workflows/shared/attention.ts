/**
 * Why a case needs an operator: a list of open reasons instead of a bare flag (issue 14, item 6).
 * Every reason has a code from ONE catalogue, with its Danish and English text and the action that
 * clears it; the action that resolves a reason removes it, and an operator may acknowledge any
 * reason with a note. `needsAttention` (the search attribute, the view's boolean) is derived: true
 * while a reason is open.
 *
 * What raises a reason, and what does not:
 * - A refusal answered to its caller (an update that is rejected: the billing API, an operator) does
 *   NOT raise one: the caller has heard why.
 * - A message nobody hears the refusal of (a signal from the DataHub poller) that is malformed or does
 *   not fit the case DOES raise one, so that it is never silently dropped.
 * The other issues (DataHub faults, master data, reopening information) add their reasons here.
 */

/** How a reason is cleared: the operator action (CLI / API event) that resolves it. */
export type ClearingAction =
  | 'retryStep'
  | 'taskDone'
  | 'acknowledge'
  | 'reopened'
  | 'masterData'
  | 'reopeningInformationGiven'
  /** An operator moves on a case held at the reminders below the minimum arrears (release 0.6.10). */
  | 'proceedBelowMinimum'
  /** The grid's report of the request's outcome (disconnected, not disconnected, or DataHub's rejection) arrives. */
  | 'gridReport';

/** One entry of the catalogue. */
export interface AttentionKind {
  /** English, for engineers and logs. */
  en: string;
  /** Danish, for customer service and the operator worklist. */
  da: string;
  /** What clears it. Every reason can also be acknowledged by an operator with a note. */
  clearedBy: ClearingAction;
}

/** The catalogue: every reason a case can need attention for. */
export const ATTENTION = {
  'message-rejected': {
    en: 'a message from DataHub or an outside system did not fit the case and was not applied',
    da: 'en besked fra DataHub eller et andet system passede ikke til sagen og blev ikke brugt',
    clearedBy: 'acknowledge',
  },
  'step-failed': {
    en: 'a step stopped on a failure no retry will fix (e.g. an unknown customer); fix the data and retry the step',
    da: 'et trin stoppede på en fejl, som ikke retter sig selv (f.eks. en ukendt kunde); ret data og prøv trinnet igen',
    clearedBy: 'retryStep',
  },
  'datahub-configuration-fault': {
    en: 'DataHub refused the request for a configuration fault (401/403/404/415, or a 500 that persisted): fix the configuration (certificate, token, URL, document type) and retry — many cases may wait for the same fix: `afbryd cases retry --reason datahub-configuration-fault`',
    da: 'DataHub afviste anmodningen på grund af en konfigurationsfejl (401/403/404/415 eller en vedvarende 500): ret konfigurationen (certifikat, token, adresse, dokumenttype) og prøv igen — mange sager kan vente på samme rettelse',
    clearedBy: 'retryStep',
  },
  'request-rejected': {
    en: 'DataHub rejected the disconnection request; correct the cause and retry the step',
    da: 'DataHub afviste anmodningen om afbrydelse; ret årsagen og prøv trinnet igen',
    clearedBy: 'retryStep',
  },
  'cancellation-rejected': {
    en: 'DataHub rejected the cancellation of the request: check with DataHub that nothing is disconnected',
    da: 'DataHub afviste annulleringen af anmodningen: kontrollér hos DataHub, at intet bliver afbrudt',
    clearedBy: 'acknowledge',
  },
  'reopening-rejected': {
    en: 'DataHub rejected the reopening request: the customer is still disconnected',
    da: 'DataHub afviste anmodningen om genåbning: kunden er stadig afbrudt',
    clearedBy: 'reopened',
  },
  'not-reopened': {
    en: 'the grid company could not reopen yet',
    da: 'netselskabet kunne endnu ikke genåbne',
    clearedBy: 'reopened',
  },
  'disconnection-unexpected': {
    en: 'the grid reported a disconnection no pending request of this case asked for',
    da: 'netselskabet meldte en afbrydelse, som ingen aktiv anmodning i sagen har bedt om',
    clearedBy: 'acknowledge',
  },
  'wrongful-disconnection': {
    en: 'the grid disconnected after the cancellation reached it: a wrongful disconnection (SV 3.3.1); follow up with the grid company',
    da: 'netselskabet afbrød, efter annulleringen var modtaget: en uberettiget afbrydelse (SV 3.3.1); følg op hos netselskabet',
    clearedBy: 'acknowledge',
  },
  'flagged-in-version-1': {
    en: 'the case was flagged for attention in version 1 of the case workflow, which kept no reasons: read its timeline',
    da: 'sagen var markeret til opfølgning i version 1 af sagsforløbet, som ikke gemte årsager: læs sagens tidslinje',
    clearedBy: 'acknowledge',
  },
  'not-disconnected': {
    en: 'the grid company did not disconnect (D41–D44, D58) and the case takes no next step by itself: an operator decides (cancel or close the case)',
    da: 'netselskabet afbrød ikke (D41–D44, D58), og sagen tager ikke selv det næste skridt: en medarbejder beslutter, hvad der skal ske (annullér eller luk sagen)',
    clearedBy: 'acknowledge',
  },
  'grid-overdue': {
    en: 'no outcome from the grid company by its report deadline (RULES 4): check with the grid company and DataHub',
    da: 'netselskabet har ikke meldt udfaldet inden fristen (RULES 4): kontakt netselskabet og DataHub',
    clearedBy: 'gridReport',
  },
  'owner-cutoff-before-agreement-end': {
    en: 'the owner-liability case planned a disconnection before the day after the terminated agreement ends (a case started before release 0.6.1; BEK §25 stk. 6–7): cancel the request if one is out, tell the owner the right date',
    da: 'ejersagen har planlagt en afbrydelse, før den opsagte aftale er udløbet (en sag startet før version 0.6.1; BEK § 25, stk. 6–7): annullér anmodningen, hvis den er sendt, og giv ejeren den rigtige dato',
    clearedBy: 'acknowledge',
  },
  'reopening-information-not-confirmed': {
    en: 'the reopening notice went by post, which arrives after the reopening, no SMS or e-mail reached the customer (none in the customer registry, or the gateway failed), and no one has recorded giving the customer the reopening information (appliances off, activate the meter): call the customer and record it',
    da: 'besked om genåbning er sendt med post og når frem efter genåbningen, ingen sms eller e-mail er nået frem (intet nummer eller adresse i kunderegistret, eller sms-tjenesten fejlede), og ingen har registreret, at kunden har fået oplysningerne (sluk apparater, aktivér måleren): ring til kunden og registrér det',
    clearedBy: 'reopeningInformationGiven',
  },
  'master-data-missing': {
    en: 'afbryd holds no master data for the metering point (grid company, hourly settlement, disconnection method), so the case cannot plan its letters: it waits and goes on by itself when an RSM-022 arrives from DataHub; else supply it — `afbryd masterdata set`, `POST /master-data` or the master-data CSV import',
    da: 'afbryd har ingen stamdata for målepunktet (netselskab, timeafregning, afbrydelsesmetode), så sagen kan ikke planlægge sine breve: den venter og fortsætter af sig selv, når en RSM-022 kommer fra DataHub; ellers indtast stamdata — `afbryd masterdata set`, `POST /master-data` eller stamdataimporten (CSV)',
    clearedBy: 'masterData',
  },
  'arrears-below-minimum': {
    en: 'the arrears are below the minimum for a security demand (RULES 11, setting securityMinArrearsOre), so the case waits at the reminders: it goes on by itself when a further invoice lifts the arrears to the minimum, and closes when paid; an operator may move it on to the security demand now (`proceedBelowMinimum`, with a note saying why)',
    da: 'restancen er under mindstebeløbet for krav om sikkerhedsstillelse (RULES 11, indstillingen securityMinArrearsOre), så sagen venter ved rykkerne: den fortsætter af sig selv, når en ny faktura løfter restancen op til mindstebeløbet, og lukkes, når kunden betaler; en medarbejder kan sende sagen videre til krav om sikkerhedsstillelse nu (med en note om hvorfor)',
    clearedBy: 'proceedBelowMinimum',
  },
  'operator-task': {
    en: 'an operator task is open (see the case\u2019s tasks)',
    da: 'en opgave til en medarbejder er åben (se sagens opgaver)',
    clearedBy: 'taskDone',
  },
} as const satisfies Record<string, AttentionKind>;

export type AttentionCode = keyof typeof ATTENTION;

/** An open reason on a case. */
export interface AttentionReason {
  code: AttentionCode;
  /** What exactly, for this case (ids, dates, codes; no personal data). */
  detail: string;
  /** Workflow time it was raised. */
  since: string;
  /** What raised it: a message id, a task id, a step. Two reasons of one code are told apart by it. */
  ref?: string;
}

/** The state every case keeps its reasons in. */
export interface HasAttention {
  attention?: AttentionReason[];
}

/** Opens a reason (once per code and ref). */
export function raiseAttention(state: HasAttention, code: AttentionCode, detail: string, since: string, ref?: string): void {
  state.attention ??= [];
  if (state.attention.some((r) => r.code === code && r.ref === ref)) return;
  state.attention.push({ code, detail, since, ...(ref !== undefined ? { ref } : {}) });
}

/**
 * Removes the reasons of a code (all, or the one with `ref`).
 * @returns how many were removed
 */
export function clearAttention(state: HasAttention, code: AttentionCode, ref?: string): number {
  const before = state.attention?.length ?? 0;
  if (!state.attention) return 0;
  state.attention = state.attention.filter((r) => !(r.code === code && (ref === undefined || r.ref === ref)));
  return before - state.attention.length;
}

/** Whether any reason is open. */
export function needsAttention(state: HasAttention): boolean {
  return (state.attention?.length ?? 0) > 0;
}

/** The codes of the open reasons, sorted and without repeats (the `AfbrydAttentionReason` keyword list). */
export function attentionCodes(state: HasAttention): AttentionCode[] {
  return [...new Set((state.attention ?? []).map((r) => r.code))].sort();
}

/**
 * The bare flag of releases up to 0.5, for the owner-liability and requested-disconnection runs that
 * started before release 0.6 (workflows/releases.ts `attentionReasons`). Such a run keeps publishing
 * `AfbrydNeedsAttention` exactly as it did — set wherever 0.5 set it, never cleared — so that its
 * history replays; its view shows the reasons all the same. Kept by every run (one boolean), read only
 * by the runs without the feature.
 */
export interface HasLegacyFlag extends HasAttention {
  flaggedBefore06?: boolean;
}

/** Opens a reason and sets the 0.5 flag: where release 0.5 set its bare flag. */
export function raiseAttentionAndFlag(state: HasLegacyFlag, code: AttentionCode, detail: string, since: string, ref?: string): void {
  raiseAttention(state, code, detail, since, ref);
  state.flaggedBefore06 = true;
}

/** The published `AfbrydNeedsAttention`: the open reasons (release 0.6) or the 0.5 flag. */
export function publishedAttention(state: HasLegacyFlag, attentionReasons: boolean): boolean {
  return attentionReasons ? needsAttention(state) : state.flaggedBefore06 === true;
}

/**
 * The refusal of a malformed signal (workflows/shared/doors.ts `refuseMalformed`) for owner liability
 * and requested disconnection: a timeline line, and `message-rejected` with the 0.5 flag.
 */
export function refuseMalformedWithFlag(state: HasLegacyFlag & { timeline: { push(entry: { at: string; what: string; cause: { type: 'start' } }): unknown } }, now: () => string): (problem: string) => void {
  return (problem) => {
    state.timeline.push({ at: now(), what: `message rejected: ${problem}`, cause: { type: 'start' } });
    raiseAttentionAndFlag(state, 'message-rejected', problem, now());
  };
}


/**
 * Special circumstances (RULES 5; SV 2.2.1 b, i–j, 2.3.3–2.3.6): when the grid does not disconnect
 * (refusal D41–D44, D58), the authority the code asks for is involved — the municipality, the police,
 * the bailiff court — and a new RSM-020 request goes in the same end-of-supply process with its flag
 * and date; circumstances known before the first request are handled before it (SV 2.3.4). Silent
 * parties are chased, then become operator tasks: nothing waits forever silently.
 */
import * as wf from '@temporalio/workflow';
import {
  chasePlan,
  copenhagenInstant,
  courtFee,
  followUpRequestDate,
  gridWindow as gridWindowOf,
  refusalStep,
  supplierFee,
  type Authority,
  type FollowUpServiceType,
  type IsoDate,
  type RefusalCode,
} from '../../../../rules/index.js';
import { factOrTimeout } from '../../../shared/wait.js';
import type { AuthorityContact, Cause } from '../../definitions.js';
import { activities } from '../activities.js';
import { flag, type CaseContext } from '../context.js';
import { addTask } from '../state.js';
import type { Step } from './step.js';
import type { StepOutcome } from './table.js';
import { nowIso } from '../../../shared/kernel.js';
import { sendCircumstancesInProcess } from '../../../shared/circumstances.js';

/** A date agreed with an authority or set by the court, for a (new) request. */
export interface Agreed {
  date: IsoDate;
  time?: string;
  note?: string;
  /** "agreed with the police (POL-1)", "set by the bailiff court (FOG-2)". */
  by: string;
  authority: Authority;
  reference: string;
}

export const specialCircumstances: Step = {
  sequence: 7,
  name: 'specialCircumstances',
  description: 'Særlige forhold: netselskabet afbrød ikke; kommune, politi eller fogedret inddrages, og en ny anmodning sendes i samme proces (SV 2.3.3–2.3.6)',
  run: handleRefusal,
};

/** The authorities among the circumstances known before the first request (SV 2.2.1 b flags 1–3). */
export function knownAuthorities(ctx: CaseContext): Authority[] {
  return (ctx.input.circumstances ?? []).filter((c): c is Authority => c === 'municipality' || c === 'police' || c === 'bailiff-court');
}

function authorityName(authority: Authority): string {
  return authority === 'municipality' ? 'municipality (kommunen)' : authority === 'police' ? 'police (politiet)' : 'bailiff court (fogedretten)';
}

/**
 * After the grid's refusal (RULES 5): involve the authority the code asks for, then a new request in
 * the same end-of-supply process with its flag and date. After `maxFollowUpRequests` new requests,
 * an operator must approve another.
 */
async function handleRefusal(ctx: CaseContext): Promise<StepOutcome> {
  const { state, exceptions } = ctx;
  const refusal = state.refusals?.at(-1);
  if (!refusal || state.request?.status !== 'not-disconnected') return 'requested';
  const next = refusalStep(refusal.code);
  ctx.setStage('special-circumstances');
  if ((state.followUps?.length ?? 0) >= exceptions.maxFollowUpRequests) {
    let task = state.tasks?.find((t) => t.kind === 'refusals-limit' && t.what.includes(refusal.messageId));
    if (!task) {
      task = addTask(
        state,
        'refusals-limit',
        `the grid refused again (${refusal.code}, message ${refusal.messageId}) after ${state.followUps?.length ?? 0} new requests: decide; mark the task done to send another`,
        nowIso(),
      );
      ctx.record(`refused ${refusal.code} after ${state.followUps?.length ?? 0} new requests: an operator decides (${task.taskId})`, { type: 'timer', date: ctx.today() }, next.basis);
    }
    state.next = { step: 'specialCircumstances', waitingFor: `an operator to decide on another request (${task.taskId})` };
    ctx.publish();
    const open = task;
    await wf.condition(() => Boolean(open.closed) || ctx.mustReplan());
    if (!open.closed) return 'interrupted';
  }
  let agreed: Agreed | undefined;
  if (next.authority) {
    const involved = await involveAuthorities(ctx, [next.authority], refusal.code, refusal.messageId);
    if (!involved.ready) return 'interrupted';
    agreed = involved.agreed;
  }
  await sendFollowUp(ctx, next.serviceType, refusal.code, agreed, refusal.text, next.basis);
  return 'requested';
}

/**
 * Involves each authority in turn (RULES 5, SV 2.3.4): asks it once, then waits for its answer —
 * chased after 5 working days, an operator task after 10 (settings) — and returns the latest date
 * agreed or set. Re-entrant: a contact already asked is not asked again.
 * @returns ready: false when something interrupted the wait (the main loop re-plans).
 */
export async function involveAuthorities(
  ctx: CaseContext,
  authorities: Authority[],
  why: RefusalCode | 'known',
  refusalMessageId?: string,
): Promise<{ ready: boolean; agreed?: Agreed }> {
  ctx.setStage('special-circumstances');
  let agreed: Agreed | undefined;
  for (const authority of authorities) {
    const contact =
      ctx.state.authorityContacts?.find((c) => c.authority === authority && c.why === why && c.refusalMessageId === refusalMessageId && !c.withdrawn) ??
      (await askAuthority(ctx, authority, why, refusalMessageId));
    if (!(await awaitAuthority(ctx, contact))) return { ready: false };
    const answer = contact.answer!;
    if (answer.date && (!agreed || answer.date > agreed.date)) {
      agreed = {
        date: answer.date,
        ...(answer.time ? { time: answer.time } : {}),
        ...(answer.note ? { note: answer.note } : {}),
        by: authority === 'bailiff-court' ? `set by the bailiff court (${contact.reference})` : `agreed with the ${authority} (${contact.reference})`,
        authority,
        reference: contact.reference,
      };
    }
  }
  return { ready: true, ...(agreed ? { agreed } : {}) };
}

/** Asks one authority: notifies the municipality or the police, or requests the enforcement from the bailiff court. */
async function askAuthority(ctx: CaseContext, authority: Authority, why: RefusalCode | 'known', refusalMessageId?: string): Promise<AuthorityContact> {
  const { state, input, fees } = ctx;
  const index = state.authorityContacts?.length ?? 0;
  const idempotencyKey = `${input.caseId}:authority:${authority}:${index}`;
  const askedOn = ctx.today();
  const plan = chasePlan(askedOn, ctx.exceptions, ctx.rules);
  const cause: Cause = { type: 'timer', date: askedOn };
  let reference: string;
  let basis: string;
  let courtFeePaid: string | undefined;
  if (authority === 'bailiff-court') {
    // SV 2.3.6 b: the supplier is the requesting party, pays the court fee and tells the court of the
    // grid's ownership, access right and duty to disconnect (the grid company's GLN).
    const court = await activities.requestEnforcement({
      idempotencyKey,
      caseId: input.caseId,
      meteringPointId: input.meteringPointId,
      gridCompanyGln: await ctx.gridCompany(),
      why,
      courtFeeOre: fees.courtFeeOre,
    });
    reference = court.courtCaseId;
    courtFeePaid = court.feePaymentId;
    basis = 'SV 2.3.6 b; retsplejeloven §596: immediate enforcement (umiddelbar fogedforretning) requested, court fee paid';
  } else {
    const notice = await activities.notifyAuthority({
      idempotencyKey,
      caseId: input.caseId,
      authority,
      meteringPointId: input.meteringPointId,
      why,
      request:
        authority === 'municipality'
          ? 'Kommunen underrettes om en forestående afbrydelse af elforsyningen (SV 2.3.3.4, 2.3.3.6); oplys venligst om kommunen handler, eller om kommunen overtager betalingen af den fremtidige forsyning.'
          : 'Politiet anmodes om at medvirke ved afbrydelsen af elforsyningen (SV 2.3.3.5); aftal venligst tidspunktet.',
    });
    reference = notice.reference;
    basis = authority === 'municipality' ? 'RULES 5; SV 2.3.3.4, 2.3.3.6: the municipality notified' : 'RULES 5; SV 2.3.3.5: the police contacted to agree the timing';
  }
  const contact: AuthorityContact = { authority, why, ...(refusalMessageId ? { refusalMessageId } : {}), reference, askedOn, chaseOn: plan.chaseOn, taskOn: plan.taskOn };
  state.authorityContacts ??= [];
  state.authorityContacts.push(contact);
  ctx.record(`the ${authorityName(authority)} involved (${reference})${why === 'known' ? ' before the first request (SV 2.3.4)' : ` after the grid's refusal ${why}`}`, cause, basis, {
    reference,
    chaseOn: plan.chaseOn,
    taskOn: plan.taskOn,
    ...(courtFeePaid ? { courtFeePaymentId: courtFeePaid, courtFeeOre: fees.courtFeeOre } : {}),
  });
  ctx.publish();
  if (authority === 'bailiff-court') {
    const court = courtFee(input.productId, fees);
    if (court.charge) await ctx.charge(court.fee, `fee:court-fee:${reference}`);
    await ctx.charge(supplierFee('bailiff-case', input.productId, fees), `fee:supplier-bailiff-case:${reference}`);
  }
  return contact;
}

/**
 * Waits for an authority's answer; chases it, then makes its silence an operator task (RULES 5). The
 * court's answer is the enforcement it sets; a preliminary meeting only adds a task to attend it.
 * @returns true when answered, false when interrupted.
 */
async function awaitAuthority(ctx: CaseContext, contact: AuthorityContact): Promise<boolean> {
  const { state, input } = ctx;
  const at = (date: IsoDate) => copenhagenInstant(date, ctx.stepTime);
  for (;;) {
    if (contact.answer) return true;
    if (ctx.mustReplan()) return false;
    const name = authorityName(contact.authority);
    if (!contact.chasedOn && Date.now() >= at(contact.chaseOn)) {
      await activities.chaseAuthority({
        idempotencyKey: `${input.caseId}:authority-chase:${contact.authority}:${contact.reference}`,
        caseId: input.caseId,
        authority: contact.authority,
        reference: contact.reference,
        askedOn: contact.askedOn,
      });
      contact.chasedOn = ctx.today();
      ctx.record(`the ${name} has not answered since ${contact.askedOn}: chased`, { type: 'timer', date: contact.chaseOn }, 'RULES 5: an outside party that does not answer is chased', {
        reference: contact.reference,
      });
      continue;
    }
    if (!contact.taskId && Date.now() >= at(contact.taskOn)) {
      const task = addTask(
        state,
        'authority-silent',
        `the ${name} (${contact.reference}) has not answered since ${contact.askedOn}, chased ${contact.chasedOn ?? '-'}: follow up by phone`,
        nowIso(),
      );
      contact.taskId = task.taskId;
      ctx.record(`the ${name} still has not answered: an operator task (${task.taskId})`, { type: 'timer', date: contact.taskOn }, 'RULES 5: after a setting\u2019s time, an operator task', {
        taskId: task.taskId,
      });
      ctx.publish();
      continue;
    }
    state.next = {
      step: state.step,
      waitingFor: `the ${name} to answer (${contact.reference}, asked ${contact.askedOn})`,
      ...(contact.taskId ? {} : { date: contact.chasedOn ? contact.taskOn : contact.chaseOn, basis: 'RULES 5: chased, then an operator task' }),
    };
    ctx.publish();
    const fact = () => Boolean(contact.answer) || ctx.mustReplan();
    const nextAt = !contact.chasedOn ? at(contact.chaseOn) : !contact.taskId ? at(contact.taskOn) : undefined;
    if (nextAt === undefined) await wf.condition(fact);
    else await factOrTimeout(fact, Math.max(1, nextAt - Date.now()), contact.chasedOn ? `svar fra ${contact.authority}: opgave til en medarbejder` : `svar fra ${contact.authority}: rykker`);
  }
}

/** The e-mail that supplements the flags of a request (SV 2.2.1 b). Ids, dates and codes only. */
export async function tellGridOfCircumstances(ctx: CaseContext, cutoff: IsoDate, agreed: Agreed | undefined, cause: Cause): Promise<void> {
  const { input } = ctx;
  const flags: Record<string, string> = {
    municipality: '1 kommunen er inddraget',
    police: '2 politiet er inddraget',
    'bailiff-court': '3 fogedretten er inddraget',
    'agreed-with-customer': '4 afbrydelsen er aftalt med/ønsket af kunden',
    other: '5 anden årsag',
  };
  const text = [
    `Anmodning om leveranceophør for målepunkt ${input.meteringPointId} med ønsket skæringsdato ${cutoff} er sendt med særlige forhold:`,
    (input.circumstances ?? []).map((c) => flags[c]).join('; ') + '.',
    agreed ? `Aftalt tidspunkt: ${agreed.date}${agreed.time ? ` kl. ${agreed.time}` : ''} (${agreed.authority === 'bailiff-court' ? 'fogedretten' : agreed.authority === 'police' ? 'politiet' : 'kommunen'}, ref. ${agreed.reference}).` : '',
    `Sag ${input.caseId}.`,
  ]
    .filter(Boolean)
    .join(' ');
  const sent = await activities.messageGridCompany({
    idempotencyKey: ctx.key('grid-circumstances'),
    caseId: input.caseId,
    gridCompanyGln: await ctx.gridCompany(),
    meteringPointId: input.meteringPointId,
    topic: 'special-circumstances',
    text,
  });
  ctx.record('the grid company told of the special circumstances by e-mail', cause, 'SV 2.2.1 b: flags supplemented by e-mail to the grid company', {
    messageId: sent.messageId,
  });
}

/** A new RSM-020 RequestService in the same end-of-supply process (RULES 5, 10), and the window from its date. */
async function sendFollowUp(
  ctx: CaseContext,
  serviceType: FollowUpServiceType,
  after: RefusalCode,
  agreed: Agreed | undefined,
  gridText: string | undefined,
  basis: string,
): Promise<void> {
  const { state, input, rules } = ctx;
  const request = state.request!;
  const requestDay = ctx.today();
  const date = followUpRequestDate({ request: requestDay, customerClass: input.customerClass, ...(agreed ? { agreed: { date: agreed.date, by: agreed.by } } : {}) }, rules);
  const window = gridWindowOf(date.date, state.meterKind!, input.customerClass, rules);
  const when = agreed ? `${agreed.date}${agreed.time ? ` kl. ${agreed.time}` : ''}` : date.date;
  const description = [
    serviceType === 'D09'
      ? `Kommunen er inddraget (ref. ${agreed?.reference ?? state.authorityContacts?.at(-1)?.reference ?? '-'}).`
      : serviceType === 'D10'
        ? `Politiet er inddraget (ref. ${agreed?.reference ?? '-'}); aftalt tidspunkt ${when}.`
        : serviceType === 'D11'
          ? `Fogedretten (sag ${agreed?.reference ?? '-'}) har fastsat fogedforretningen til ${when}; elleverandøren møder op.`
          : `Ny anmodning efter afvisning ${after}${gridText ? ` (${gridText})` : ''}.`,
    agreed?.note ?? '',
    `Afbrydelse tidligst ${date.date}. Sag ${input.caseId}.`,
  ]
    .filter(Boolean)
    .join(' ')
    .slice(0, 1000);
  const n = state.followUps?.length ?? 0;
  // The grid now works to the new date: recorded as being sent before it goes, so that DataHub's
  // answer arriving before the activity's result applies to it.
  request.status = 'sending';
  request.cutoff = date.date;
  request.cutoffBasis = date.basis;
  request.windowDeadline = window.deadline;
  request.windowDeadlineBasis = window.basis;
  delete state.gridSla;
  let receipt;
  try {
    receipt = await activities.sendDataHubRequest({
      idempotencyKey: `${input.caseId}:datahub-follow-up:${state.cycle}:${n}`,
      caseId: input.caseId,
      request: {
        kind: 'RequestService',
        meteringPointId: input.meteringPointId,
        serviceType,
        date: date.date,
        ...(request.processId ? { processId: request.processId } : {}),
        description,
      },
    });
  } catch (err) {
    if (err instanceof wf.ActivityFailure && request.status === 'sending') request.status = 'not-disconnected';
    throw err;
  }
  state.followUps ??= [];
  state.followUps.push({
    serviceType,
    after,
    messageId: receipt.messageId,
    transactionId: receipt.transactionId,
    sentDate: requestDay,
    date: date.date,
    dateBasis: date.basis,
    windowDeadline: window.deadline,
    windowDeadlineBasis: window.basis,
    description,
    status: receipt.status === 'accepted' ? 'sent' : 'rejected',
  });
  if (receipt.status === 'rejected') request.status = 'rejected';
  else if (request.status === 'sending') request.status = 'sent';
  const cause: Cause = { type: 'timer', date: requestDay };
  if (receipt.status === 'rejected') {
    ctx.record(`DataHub rejected the new request ${serviceType} (${receipt.code}: ${receipt.message}); an operator must act`, cause, 'RULES 10', {
      messageId: receipt.messageId,
    });
    flag(ctx, 'request-rejected', `DataHub rejected the new request ${serviceType} (${receipt.code}: ${receipt.message})`, receipt.messageId);
  } else {
    ctx.record(`new request in the same process sent (RSM-020 ${serviceType}) after ${after}`, cause, `${basis}; ${date.basis}`, {
      messageId: receipt.messageId,
      date: date.date,
      windowDeadline: window.deadline,
      windowDeadlineBasis: window.basis,
    });
  }
  ctx.setStage('disconnection-requested');
}

/**
 * The special circumstances known when the end of supply went out, sent as RSM-020 RequestService
 * D09–D13 in its process now that DataHub has confirmed it (RULES 10, release 0.6.7): one message per
 * circumstance, ids derived from the case, so a retry sends the same ones. A rejection opens the
 * attention reason `request-rejected`; the request itself stands.
 */
export async function sendKnownCircumstances(ctx: CaseContext): Promise<void> {
  const { state, input } = ctx;
  const cause: Cause = { type: 'timer', date: ctx.today() };
  await sendCircumstancesInProcess({
    send: activities.sendSpecialCircumstances,
    idempotencyKey: ctx.key('circumstances'),
    caseId: input.caseId,
    meteringPointId: input.meteringPointId,
    request: state.request!,
    record: (what, basis, facts) => ctx.record(what, cause, basis, facts),
    flagRejected: (detail, ref) => flag(ctx, 'request-rejected', detail, ref),
  });
  ctx.publish();
}

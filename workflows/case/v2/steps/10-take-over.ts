/**
 * Take-over of a case half-way from the previous system (go-live import, issue 7): the previous
 * system's letters become the case's own, the deadlines they started are worked out as if afbryd had
 * sent them, and the case goes on from the history's next step (a step whose day has passed runs at
 * once).
 */
import { FeeKind, laterOfStated, securityDeadline, terminationEffective } from '../../../../rules/index.js';
import type { Cause, ImportedHistory, ImportedLetter, Stage, TimelineEntry } from '../../definitions.js';
import type { CaseContext } from '../context.js';

const STAGE_AFTER: Record<ImportedLetter['kind'], Stage> = {
  reminder1: 'reminder-1',
  reminder2: 'reminder-2',
  securityDemand: 'security-demand',
  terminationNotice: 'termination-notice',
};

export async function takeOver(ctx: CaseContext, history: ImportedHistory): Promise<void> {
  const { state, input, rules } = ctx;
  const cause: Cause = { type: 'start' };
  for (const imported of history.letters) {
    const letterId = `imported:${input.caseId}:${imported.kind}`;
    state.letters.push({
      kind: imported.kind,
      cycle: state.cycle,
      letterId,
      channel: imported.channel,
      sentDate: imported.sentDate,
      receivedDate: imported.receivedDate,
      contentHash: 'imported',
    });
    const facts: NonNullable<TimelineEntry['facts']> = {
      imported: true,
      source: history.source,
      letterId,
      channel: imported.channel,
      sent: imported.sentDate,
      received: imported.receivedDate,
      ...(imported.reference ? { reference: imported.reference } : {}),
    };
    if (imported.kind === 'securityDemand') {
      // RULES 11: the later of afbryd's deadline and the one the letter stated.
      const deadline = laterOfStated(securityDeadline(imported.receivedDate, { withoutArrears: false }, rules), imported.statedDeadline);
      const securityAmountOre =
        history.securityAmountOre ??
        (await ctx.expectedMonthlyPayment()) * ctx.settings.case.securityMonths;
      state.securityDeadline = { ...deadline, securityAmountOre };
      Object.assign(facts, { securityAmountOre, deadline: deadline.date, deadlineBasis: deadline.basis });
    }
    if (imported.kind === 'terminationNotice') {
      const effective = laterOfStated(terminationEffective(imported.receivedDate, rules), imported.statedDeadline);
      state.terminationEffective = effective;
      Object.assign(facts, { effective: effective.date, effectiveBasis: effective.basis });
    }
    // Fees the previous system charged are the case's own: never charged again, and named in later letters.
    if (imported.feeOre) importedFee(ctx, FeeKind.reminderFee, imported.feeOre, imported.sentDate, `${imported.kind}`);
    if (imported.kind === 'reminder1' && history.compensationOre) {
      importedFee(ctx, FeeKind.businessCompensation, history.compensationOre, imported.sentDate, 'compensation');
    }
    if (imported.statedDeadline) facts.statedDeadline = imported.statedDeadline;
    ctx.record(`${imported.kind} sent by the previous system (imported)`, cause, undefined, facts);
    state.stage = STAGE_AFTER[imported.kind];
    state.channelHint = imported.channel;
  }
  state.step = history.nextStep;
  ctx.record(`taken over from the previous system (${history.source}); next step: ${history.nextStep}`, cause);
  ctx.publish();
}

/** A fee the previous system charged, recorded as the case's own (nothing goes to billing). */
function importedFee(ctx: CaseContext, kind: FeeKind, amountOre: number, date: string, what: string): void {
  const key = `imported:${ctx.input.caseId}:fee:${what}`;
  (ctx.state.fees ??= []).push({ kind, amountOre, basis: 'charged by the previous system (go-live import)', date, chargeId: key, idempotencyKey: key });
}

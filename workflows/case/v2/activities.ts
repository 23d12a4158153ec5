/**
 * The activities the case (version 2) calls, grouped by retry need (STYLE §2). Types only from
 * activities/: the workflow bundle never loads an adapter.
 */
import * as wf from '@temporalio/workflow';
import type * as authoritiesActivities from '../../../activities/authorities.js';
import type * as billingActivities from '../../../activities/billing.js';
import type * as datahubActivities from '../../../activities/datahub.js';
import type * as gridCompanyActivities from '../../../activities/grid-company.js';
import type * as mailActivities from '../../../activities/mail.js';
import type * as settingsActivities from '../../../activities/settings.js';
import type * as shortMessageActivities from '../../../activities/short-message.js';
import type { CaseView } from '../definitions.js';

type Mail = ReturnType<typeof mailActivities.createMailActivities>;
type ShortMessages = ReturnType<typeof shortMessageActivities.createShortMessageActivities>;
type DataHub = ReturnType<typeof datahubActivities.createDataHubActivities>;
type Billing = ReturnType<typeof billingActivities.createBillingActivities>;
type Settings = ReturnType<typeof settingsActivities.createSettingsActivities>;
type Authorities = ReturnType<typeof authoritiesActivities.createAuthoritiesActivities>;
type GridCompany = ReturnType<typeof gridCompanyActivities.createGridCompanyActivities>;
/**
 * The evidence archive's activity (activities/evidence.ts). Version 2 passes no view: the activity reads
 * the final view with the case's `caseView` query (issue 14 item 8; the old shape with `view` is still
 * accepted, for activities scheduled before).
 */
interface Evidence {
  archiveClosedCase(input: { caseId: string; reason: string; closedAt: string; view?: CaseView }): Promise<void>;
}

// Outside parties (digital post, DataHub, billing, the authorities, the grid company's desk):
// idempotent calls, retried with backoff without limit, since a letter or a request that cannot go out
// now must go out as soon as it can. A failure the party will not fix by itself (non-retryable) stops
// the step for an operator (workflow.ts, runStep).
const outside = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} satisfies wf.ActivityOptions;

// No static summaries on activities (issue 14 item 8): "send a letter" on `sendLetter` said what the
// activity type says, in ~45 B of every scheduled activity's history. Timers keep theirs: they say
// in the domain's words what a case waits for (STYLE §2.7).
const mail = wf.proxyActivities<Mail>(outside);
// The reopening information by SMS/e-mail (release 0.6.9): it must not hold up the reopening request
// (RULES 11), so it is tried a few times within about a minute; if it still fails the step goes on and
// the case is flagged for an operator to call, as when the customer has no number (07-reopening.ts).
const shortMessages = wf.proxyActivities<ShortMessages>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '20 seconds', maximumAttempts: 4 },
});
const datahub = wf.proxyActivities<DataHub>(outside);
// The metering point's master data is a read, not a step with effects: a local activity.
const datahubLocal = wf.proxyLocalActivities<DataHub>({ startToCloseTimeout: '30 seconds', retry: outside.retry });
const billing = wf.proxyActivities<Billing>(outside);
// From release 0.6.9 (monthlyPaymentAsLocalActivity): the expected monthly payment is a read, like the
// master data: a local activity.
const billingLocal = wf.proxyLocalActivities<Billing>({ startToCloseTimeout: '30 seconds', retry: outside.retry });
// Fees: a fee must reach billing once it can; billing dedupes by the key.
const fees = wf.proxyActivities<Billing>(outside);
// From release 0.6.9 (feesAsLocalActivities): the same call as a local activity, in the workflow task
// that decided the fee (a short, idempotent call; retried as above, a long outage by timer).
const feesLocal = wf.proxyLocalActivities<Billing>({ startToCloseTimeout: '30 seconds', retry: outside.retry });
const authorities = wf.proxyActivities<Authorities>(outside);
const grid = wf.proxyActivities<GridCompany>(outside);
// Reads the worker's configuration: local, and recorded in history as the case's snapshot.
const settings = wf.proxyLocalActivities<Settings>({ startToCloseTimeout: '10 seconds' });
// The evidence archive: retried without limit, since a closed case must reach it.
const evidence = wf.proxyActivities<Evidence>(outside);

/** Every activity of the case, by name. */
export const activities = {
  // Version 2 asks for the compact receipt (issue 14 item 8) and reads no more of it.
  // … and from issue 14 item 8's last step the lean one: the letter id is the key the case sent.
  sendLetter: mail.sendLetter as (input: mailActivities.SendLetterInput & { receipt: 'lean' }) => Promise<mailActivities.LeanLetterReceipt>,
  sendShortMessage: shortMessages.sendShortMessage,
  sendDataHubRequest: datahub.sendDataHubRequest,
  sendSpecialCircumstances: datahub.sendSpecialCircumstances,
  lookupMeteringPoint: datahubLocal.lookupMeteringPoint,
  expectedMonthlyPayment: billing.expectedMonthlyPayment,
  expectedMonthlyPaymentLocally: billingLocal.expectedMonthlyPayment,
  chargeFee: fees.chargeFee,
  chargeFeeLocally: feesLocal.chargeFee,
  // Release 0.6.10 (creditCrossedReminderFee): a reminder fee credited, like a fee, as a local activity.
  creditFeeLocally: feesLocal.creditFee,
  notifyAuthority: authorities.notifyAuthority,
  requestEnforcement: authorities.requestEnforcement,
  chaseAuthority: authorities.chaseAuthority,
  withdrawEnforcement: authorities.withdrawEnforcement,
  messageGridCompany: grid.messageGridCompany,
  snapshotCaseSettings: settings.snapshotCaseSettings,
  archiveClosedCase: evidence.archiveClosedCase,
};

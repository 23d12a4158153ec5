/**
 * THE release table (issue 14, item 4): every change after version 2 of the case that would alter a
 * running case's commands, in any of the four long-running workflows — the case (version 2), owner
 * liability, requested disconnection, the deposit — is a row here: a software release, newest first,
 * naming the features it turns on per workflow. Each run decides its features once, at its start
 * (workflows/shared/releases.ts `decideFeatures`), and reads them only from what that returns; a test
 * (test/workflows/releases.test.ts) fails on a `wf.patched` anywhere else.
 *
 * Version 2 of the case starts with no rows: every behaviour of version 1's releases 0.1–0.4 is
 * unconditional there. Version 1 (`caseWorkflow`) keeps its own frozen patches until it has drained.
 *
 * Adding a change: add the feature's name to its workflow's list in FEATURES, add (or extend) the
 * newest row of RELEASES, read `features.<name>` in the workflow, record the release's histories
 * (`npm run record-histories`).
 */
import { decideFeatures, type Release } from './shared/releases.js';

/** The features each workflow may have, by workflow type. */
export const FEATURES = {
  /**
   * oneLetterPerChannel (0.6.1, issue 15 item 12; RULES 11): a letter planned for digital post carries
   * its physical twin, dated from a physical letter's receipt, and goes as that if digital post cannot
   * deliver — instead of a letter with wrong dates followed by a corrected one.
   */
  /**
   * noLateFeeAfterComplaint (0.6.2, issue 15 item 7; RULES 11): a late-cancellation fee is never passed
   * on when a complaint or an appeal caused the cancellation.
   */
  /**
   * reopeningInformationCheck (0.6.3, issue 15 item 3; RULES 11): a reopening notice that does not
   * arrive the same day, with no record that customer service gave the information, opens the
   * attention reason `reopening-information-not-confirmed`.
   */
  /**
   * compensationOnlyWhenEligible (0.6.4, issue 15 item 6; RULES 2): the 310 kr compensation only when
   * the billing system says the agreement is one between businesses (`compensationEligible`).
   */
  /**
   * dayAttributes (0.6.5, issue 17 item 6; also owner liability and requested disconnection): the
   * search attributes AfbrydCustomerId (set once, at start; not for owner liability, whose case is the
   * owner's), AfbrydCutoffDay and AfbrydNextStepDay (Danish days a day query finds) and
   * AfbrydAttentionReasons (the open reasons' codes), upserted when they change.
   */
  /**
   * feesOnlyWhenAnnounced (0.6.6, issue 15 item 7; RULES 11, SV 2.2.1 a item 6): the disconnection
   * letter states the fees for the disconnection and a reopening that will be passed on, and no more
   * than it stated is charged; a case whose disconnection letter stated none passes none on.
   */
  /**
   * circumstancesAsServiceRequests (0.6.7, issue 16; RULES 10): the special circumstances known at the
   * request are no longer put on RSM-005 (no CIM field); they go as RSM-020 RequestService D09–D13 in
   * the end-of-supply process once DataHub confirms it.
   */
  /**
   * masterDataWait (0.6.8, issue 16 item 8): a metering point without master data never fails the
   * case: it waits with the attention reason `master-data-missing` and looks in the master-data store
   * again when nudged (`masterDataSupplied`: the poller after an RSM-022, an operator's master data) or
   * by itself (10 s, doubling, at most hourly), then goes on.
   */
  /**
   * feesAsLocalActivities (0.6.9, issue 14 item 8): a fee is passed to billing as a local activity, in
   * the workflow task that decided it — one marker instead of an activity's three events and the
   * workflow task its completion wakes. Billing still dedupes by the key; a refusal still opens an
   * operator task.
   */
  /**
   * oneUpsertPerTask (0.6.9, issue 14 item 8): the search attributes that change in one workflow task go
   * in one upsert, written when the task's code has run (a stage and the next step's day were two).
   */
  /**
   * compactSettingsSnapshot (0.6.9, issue 14 item 8): the settings snapshot is recorded as a frozen
   * base (rules/settings-base.ts) and what the configuration changes in it, not every setting written
   * out; the workflow expands it. On the defaults, 2.3 KB of every history becomes ~0.1 KB.
   */
  /**
   * monthlyPaymentAsLocalActivity (0.6.9, issue 14 item 8): the expected monthly payment (the security
   * demand's basis) is read from billing as a local activity, like the master data: a read, not a step
   * with effects.
   */
  /**
   * reopeningInformationByShortMessage (0.6.9, issue 15 item 3; RULES 11, SV 3.2.1 e, 3.2.2 e): when
   * the reopening notice will not arrive the same day and customer service has not recorded giving the
   * information, the reopening step sends it by SMS (else e-mail) through the short-message port before
   * the reopening request, and records it in the timeline; only when the customer registry has neither
   * (or the gateway fails) does the case open `reopening-information-not-confirmed`, as in 0.6.3.
   */
  /**
   * creditCrossedReminderFee (0.6.10, issue 15 item 7; RULES 11, Interest Act §9b): a reminder's fee
   * remembers its letter (sent instant, the arrears it stated, the payments it reflected); when a
   * payment whose `registeredAt` (billing's registration instant) is before the letter was sent reaches
   * the case after it and, with any other such payment, covers the arrears the letter stated, the fee is
   * credited once through billing's `creditFee` (decided in decide.ts `crossedReminderFees`, acted on in
   * the main loop), recorded in the timeline with its basis, and no longer owed in later letters.
   * A payment without `registeredAt` is applied as before.
   */
  /**
   * moveOnBelowMinimum (0.6.10, issue 15 item 9; RULES 11): a case held at the reminders because its
   * arrears are below the minimum for a security demand (`securityMinArrearsOre`) has the attention
   * reason `arrears-below-minimum` while it waits, and takes the operator's `proceedBelowMinimum` (with
   * a note): the security demand then goes at once, its dates counted from that day. A run without it
   * waits as before (paid, or a further invoice) and refuses the event.
   */
  /**
   * hourlyMethodFromMasterData (0.6.11, issue 15 item 5; RULES 11, SV 2.2.3 a items 7–9): an
   * hourly-settled point's disconnection method — the disconnection letter's remote items, the fees and
   * the reopening rule — comes from its master data when that says it (RSM-022's disconnection method,
   * an operator's or the import's), else from the grid company's setting `hourlyMethodByGrid`.
   */
  /**
   * rejectionsByTransaction (0.6.12, issue 16; RULES 10; also owner liability and requested
   * disconnection): a DataHub rejection that names one of the case's messages other than the end of
   * supply's own — a special circumstance's RSM-020 rejected later through the poller, a follow-up
   * request, or a message the case does not know — marks what it names rejected and opens
   * `request-rejected`, and the end of supply stands (workflows/shared/circumstances.ts). Before, any
   * rejection rejected the whole request.
   */
  caseWorkflowV2: [
    'oneLetterPerChannel',
    'noLateFeeAfterComplaint',
    'reopeningInformationCheck',
    'compensationOnlyWhenEligible',
    'dayAttributes',
    'feesOnlyWhenAnnounced',
    'circumstancesAsServiceRequests',
    'masterDataWait',
    'feesAsLocalActivities',
    'oneUpsertPerTask',
    'compactSettingsSnapshot',
    'reopeningInformationByShortMessage',
    'monthlyPaymentAsLocalActivity',
    'creditCrossedReminderFee',
    'moveOnBelowMinimum',
    'hourlyMethodFromMasterData',
    'rejectionsByTransaction',
  ],
  /**
   * attentionReasons (0.6, issue 14 item 6): `AfbrydNeedsAttention` is published from the open
   * attention reasons (workflows/shared/attention.ts), which the resolving action clears, instead of
   * 0.5's bare flag that nothing cleared and that an update's refusal also set.
   */
  /**
   * ownerAfterAgreementEnd (0.6.1, issue 15 item 1): the disconnection offered in the owner's letter and
   * sent to DataHub is never before the day after the terminated agreement ends (BEK §25 stk. 6–7);
   * a cut-off more than 60 days ahead waits until 60 days before it. Runs started before 0.6.1 are
   * found by `afbryd owner check-agreement-end` and get an attention reason.
   */
  /**
   * circumstancesAsServiceRequests (0.6.9, issue 16; RULES 10; also requested disconnection): the D12
   * (the owner or the customer asked) or D13 (the owner could not be reached) no longer goes on RSM-005's
   * legacy `specialCircumstance` field (no CIM field); it goes as RSM-020 RequestService in the
   * end-of-supply process once DataHub confirms it with its process id (workflows/shared/circumstances.ts,
   * as version 2 since 0.6.7). A rejection opens `request-rejected`.
   */
  /**
   * masterDataWait (0.6.9, issue 16 item 8; also requested disconnection): a metering point without
   * master data never fails the case: it waits with the attention reason `master-data-missing` and
   * looks in the master-data store again when nudged (`masterDataSupplied`, sent by the same doors as
   * to version 2) or by itself (10 s, doubling, at most hourly), then goes on
   * (workflows/shared/master-data.ts, as version 2 since 0.6.8).
   */
  ownerLiabilityWorkflow: ['attentionReasons', 'ownerAfterAgreementEnd', 'dayAttributes', 'circumstancesAsServiceRequests', 'masterDataWait', 'rejectionsByTransaction'],
  requestedDisconnectionWorkflow: ['attentionReasons', 'dayAttributes', 'circumstancesAsServiceRequests', 'masterDataWait', 'rejectionsByTransaction'],
  /**
   * continueAsNewOnYearRestart (0.5, issue 14 item 5): when a missed payment starts the year of
   * timely payment again, the deposit continues as new (same type) with its state.
   */
  depositWorkflow: ['continueAsNewOnYearRestart'],
} as const satisfies Record<string, readonly string[]>;

export type WorkflowWithReleases = keyof typeof FEATURES;
export type FeatureOf<W extends WorkflowWithReleases> = (typeof FEATURES)[W][number];
export type FeaturesOf<W extends WorkflowWithReleases> = Readonly<Record<FeatureOf<W>, boolean>>;

/** One row: a software release and the features it turns on, per workflow. */
export interface ReleaseRow {
  release: string;
  features: { [W in WorkflowWithReleases]?: readonly FeatureOf<W>[] };
}

/** Newest first. */
export const RELEASES: readonly ReleaseRow[] = [
  {
    release: '0.6.12',
    features: { caseWorkflowV2: ['rejectionsByTransaction'], ownerLiabilityWorkflow: ['rejectionsByTransaction'], requestedDisconnectionWorkflow: ['rejectionsByTransaction'] },
  },
  { release: '0.6.11', features: { caseWorkflowV2: ['hourlyMethodFromMasterData'] } },
  { release: '0.6.10', features: { caseWorkflowV2: ['creditCrossedReminderFee', 'moveOnBelowMinimum'] } },
  {
    release: '0.6.9',
    features: {
      caseWorkflowV2: ['feesAsLocalActivities', 'oneUpsertPerTask', 'compactSettingsSnapshot', 'reopeningInformationByShortMessage', 'monthlyPaymentAsLocalActivity'],
      ownerLiabilityWorkflow: ['circumstancesAsServiceRequests', 'masterDataWait'],
      requestedDisconnectionWorkflow: ['circumstancesAsServiceRequests', 'masterDataWait'],
    },
  },
  { release: '0.6.8', features: { caseWorkflowV2: ['masterDataWait'] } },
  { release: '0.6.7', features: { caseWorkflowV2: ['circumstancesAsServiceRequests'] } },
  { release: '0.6.6', features: { caseWorkflowV2: ['feesOnlyWhenAnnounced'] } },
  {
    release: '0.6.5',
    features: { caseWorkflowV2: ['dayAttributes'], ownerLiabilityWorkflow: ['dayAttributes'], requestedDisconnectionWorkflow: ['dayAttributes'] },
  },
  { release: '0.6.4', features: { caseWorkflowV2: ['compensationOnlyWhenEligible'] } },
  { release: '0.6.3', features: { caseWorkflowV2: ['reopeningInformationCheck'] } },
  { release: '0.6.2', features: { caseWorkflowV2: ['noLateFeeAfterComplaint'] } },
  { release: '0.6.1', features: { caseWorkflowV2: ['oneLetterPerChannel'], ownerLiabilityWorkflow: ['ownerAfterAgreementEnd'] } },
  { release: '0.6', features: { ownerLiabilityWorkflow: ['attentionReasons'], requestedDisconnectionWorkflow: ['attentionReasons'] } },
  { release: '0.5', features: { depositWorkflow: ['continueAsNewOnYearRestart'] } },
];

/**
 * The features of a run of `workflow`, decided once at its start. Only the releases that turn on a
 * feature of this workflow count: a run records the marker of the newest of them alone.
 */
export function featuresOf<W extends WorkflowWithReleases>(workflow: W): FeaturesOf<W> {
  const table: Release<FeatureOf<W>>[] = RELEASES.filter((r) => (r.features[workflow]?.length ?? 0) > 0).map((r) => ({
    release: r.release,
    features: r.features[workflow] as readonly FeatureOf<W>[],
  }));
  return decideFeatures<FeatureOf<W>>(workflow, table, FEATURES[workflow] as readonly FeatureOf<W>[]);
}

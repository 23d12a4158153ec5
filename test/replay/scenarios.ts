/**
 * Scenarios whose histories are recorded for replay tests. Each runs on a time-skipping server with
 * afbryd's real worker and returns the finished workflow's handle. `scripts/record-histories.ts`
 * records every scenario that has no file yet for the current release; a released file is never
 * rewritten (test/replay/replay.test.ts fails if one changes).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mridFromKey } from '../../activities/datahub.js';
import { sleepUntil } from '../support/time-skipping.js';
import { CASE_WORKFLOW_TYPE, caseEventSignal, caseViewQuery, masterDataSuppliedSignal, type CaseEvent, type CaseInput, type CaseView, type Stage } from '../../workflows/case/definitions.js';
import { wakeUpSignal } from '../../workflows/smoke/definitions.js';
import { DEPOSIT_SCENARIOS } from './deposit-scenarios.js';
import { OWNER_SCENARIOS } from './owner-scenarios.js';

export interface ReplayScenario {
  /** The workflow type, first part of the file name. */
  workflow: string;
  /** Short kebab-case name of the path it takes. */
  scenario: string;
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<WorkflowHandle>;
}


async function untilStage(handle: WorkflowHandle, stage: Stage): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await handle.query(caseViewQuery)).stage === stage) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the case did not reach ${stage}`);
}

async function untilView(handle: WorkflowHandle, what: string, pred: (v: CaseView) => boolean): Promise<CaseView> {
  for (let i = 0; i < 400; i++) {
    const view = await handle.query(caseViewQuery);
    if (pred(view)) return view;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the case did not reach: ${what}`);
}

/**
 * Starts a scenario's case as new cases start: version 2 since release 0.5.0 (version 1's scenarios
 * were recorded for 0.1.0–0.4.0 and stay, frozen, in test/replay/histories).
 */
function startCase(env: TestWorkflowEnvironment, taskQueue: string, input: CaseInput): Promise<WorkflowHandle> {
  return env.client.workflow.start(CASE_WORKFLOW_TYPE, { args: [input], workflowId: `replay-${input.caseId}`, taskQueue });
}

const signal = (handle: WorkflowHandle, event: CaseEvent) => handle.signal(caseEventSignal, event);

export const SCENARIOS: ReplayScenario[] = [
  {
    workflow: 'smokeWorkflow',
    scenario: 'timer-30-days',
    async run(env, taskQueue) {
      const handle = await env.client.workflow.start('smokeWorkflow', {
        args: [{ runId: 'replay-timer', wait: '30 days' }],
        workflowId: 'replay-smoke-timer-30-days',
        taskQueue,
      });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: 'smokeWorkflow',
    scenario: 'woken-early',
    async run(env, taskQueue) {
      const handle = await env.client.workflow.start('smokeWorkflow', {
        args: [{ runId: 'replay-woken', wait: '30 days' }],
        workflowId: 'replay-smoke-woken-early',
        taskQueue,
      });
      await env.sleep('2 days');
      await handle.signal(wakeUpSignal);
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'household-physical-to-reopening',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-hh-1',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-R1', amountOre: 200_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
      });
      await sleepUntil(env, '2027-11-04', '12:00');
      await untilStage(handle, 'disconnection-requested');
      await sleepUntil(env, '2027-11-09', '14:00');
      await signal(handle, { messageId: 'r-disc', type: 'disconnected', date: '2027-11-09', meterReading: { value: 1, unit: 'kWh' } });
      await untilStage(handle, 'disconnected');
      await sleepUntil(env, '2027-11-19', '10:00');
      await signal(handle, { messageId: 'r-pay', type: 'paymentReceived', amountOre: 200_000 });
      await signal(handle, { messageId: 'r-agr', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-11-19' });
      await untilStage(handle, 'reopening');
      await signal(handle, { messageId: 'r-reop', type: 'reopened', date: '2027-11-19' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'household-letters-complaint-resumed',
    async run(env, taskQueue) {
      // A customer without digital post; a complaint during the security period, resolved against
      // the customer, then paid in full before the request.
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-hh-2',
        customerId: 'C-1002',
        meteringPointId: '571313100000000024',
        invoices: [{ invoiceId: 'INV-R2', amountOre: 90_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
      });
      // Since release 0.6.1 a reminder's deadline counts from its receipt (RULES 2.1): by post the
      // security demand goes Fri 22 Oct 2027 (reminders 16 Sep and 4 Oct, received 23 Sep and 11 Oct).
      await sleepUntil(env, '2027-10-22', '12:00');
      await untilStage(handle, 'security-demand');
      await signal(handle, { messageId: 'r-cmp', type: 'complaintFiled', complaintId: 'K-1' });
      await untilStage(handle, 'on-hold');
      await sleepUntil(env, '2027-10-28', '12:00');
      await signal(handle, { messageId: 'r-res', type: 'complaintResolved', complaintId: 'K-1', upheld: false });
      await untilStage(handle, 'security-demand');
      await sleepUntil(env, '2027-11-02', '12:00');
      await signal(handle, { messageId: 'r-pay2', type: 'paymentReceived', amountOre: 90_000 });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'business-request-then-paid-with-agreement',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-biz-1',
        customerId: 'C-2001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-R3', amountOre: 500_000, dueDate: '2027-09-13' }],
        customerClass: 'business',
      });
      await sleepUntil(env, '2027-10-12', '12:00');
      await untilStage(handle, 'disconnection-requested');
      await signal(handle, { messageId: 'r-biz-dup', type: 'paymentReceived', amountOre: 500_000 });
      await signal(handle, { messageId: 'r-biz-dup', type: 'paymentReceived', amountOre: 500_000 });
      await signal(handle, { messageId: 'r-biz-agr', type: 'supplyAgreementSigned', validatedWith: 'signature', effectiveFrom: '2027-10-12' });
      await handle.result();
      return handle;
    },
  },

  // ----- issue 6: when the grid does not disconnect, and what it costs (dates as in
  // test/workflows/case/{bailiff,refusals,known-circumstances,grid-sla,cancellations,deposit-start}.test.ts)
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'refusal-d58-bailiff-to-reopening',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-d58',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-R58', amountOre: 200_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
        productId: 'standard',
      });
      await sleepUntil(env, '2027-11-04', '12:00');
      await untilStage(handle, 'disconnection-requested');
      await sleepUntil(env, '2027-11-09', '15:00');
      await signal(handle, { messageId: 'r58-refusal', type: 'notDisconnected', reason: 'D58', text: 'ingen adgang' });
      const court = await untilView(handle, 'the court asked', (v) => (v.authorityContacts?.length ?? 0) === 1);
      const courtCaseId = court.authorityContacts![0]!.reference;
      await signal(handle, { messageId: 'r58-futile', type: 'gridCharged', chargeKind: 'futile-visit', amountOre: 85_000, date: '2027-11-09', chargeId: 'NG-R58' });
      await untilView(handle, 'the futile visit booked', (v) => (v.fees ?? []).some((f) => f.kind === 'grid-futile-visit'));
      await sleepUntil(env, '2027-11-15', '10:00');
      await signal(handle, { messageId: 'r58-prelim', type: 'courtScheduled', courtCaseId, meeting: 'preliminary-meeting', date: '2027-11-19', time: '10:00' });
      const meeting = await untilView(handle, 'a task to attend', (v) => (v.tasks ?? []).some((t) => t.kind === 'attend-court' && !t.closed));
      await sleepUntil(env, '2027-11-19', '13:00');
      await signal(handle, { messageId: 'r58-attended', type: 'taskDone', taskId: meeting.tasks!.find((t) => t.kind === 'attend-court')!.taskId });
      await sleepUntil(env, '2027-11-22', '11:00');
      await signal(handle, { messageId: 'r58-enforcement', type: 'courtScheduled', courtCaseId, meeting: 'enforcement', date: '2027-12-02', time: '09:30' });
      await untilView(handle, 'D11 sent', (v) => (v.followUps?.length ?? 0) === 1);
      await sleepUntil(env, '2027-12-02', '12:00');
      await signal(handle, { messageId: 'r58-disc', type: 'disconnected', date: '2027-12-02' });
      await untilStage(handle, 'disconnected');
      await sleepUntil(env, '2027-12-06', '10:00');
      await signal(handle, { messageId: 'r58-pay', type: 'paymentReceived', amountOre: 200_000 });
      await signal(handle, { messageId: 'r58-agr', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-12-06' });
      await untilStage(handle, 'reopening');
      await signal(handle, { messageId: 'r58-reopened', type: 'reopened', date: '2027-12-06' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'refusal-d41-municipality-chased-then-moved',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-d41',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-R41', amountOre: 200_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
      });
      await sleepUntil(env, '2027-11-04', '12:00');
      await untilStage(handle, 'disconnection-requested');
      await sleepUntil(env, '2027-11-10', '14:00');
      await signal(handle, { messageId: 'r41-refusal', type: 'notDisconnected', reason: 'D41' });
      await untilView(handle, 'the municipality asked', (v) => (v.authorityContacts?.length ?? 0) === 1);
      // chased Wed 17 Nov, an operator task Wed 24 Nov
      await sleepUntil(env, '2027-11-25', '12:00');
      await untilView(handle, 'an operator task', (v) => (v.tasks ?? []).some((t) => t.kind === 'authority-silent'));
      await signal(handle, { messageId: 'r41-answer', type: 'authorityAnswered', authority: 'municipality', reference: 'KOM-1' });
      await untilView(handle, 'D09 sent', (v) => (v.followUps?.length ?? 0) === 1);
      // Fri 26 Nov, before the new date (Tue 30 Nov): the customer moves → the request is cancelled
      await sleepUntil(env, '2027-11-26', '10:00');
      await signal(handle, { messageId: 'r41-moved', type: 'customerMoved', moveOutDate: '2027-11-26' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'refusal-d44-other-reason-to-reopening',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-d44',
        customerId: 'C-2001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-R44', amountOre: 600_000, dueDate: '2027-12-06' }],
        customerClass: 'business',
      });
      // request Mon 3 Jan 2028, cut-off Thu 6 Jan; D13 after Fri 7 Jan: 10, 11, 12 Jan → Wed 12 Jan
      await sleepUntil(env, '2028-01-03', '12:00');
      await untilStage(handle, 'disconnection-requested');
      await sleepUntil(env, '2028-01-07', '10:00');
      await signal(handle, { messageId: 'r44-refusal', type: 'notDisconnected', reason: 'D44', text: 'anden årsag' });
      await untilView(handle, 'D13 sent', (v) => (v.followUps?.length ?? 0) === 1);
      await sleepUntil(env, '2028-01-12', '12:00');
      await signal(handle, { messageId: 'r44-disc', type: 'disconnected', date: '2028-01-12' });
      await untilStage(handle, 'disconnected');
      await sleepUntil(env, '2028-01-13', '10:00');
      await signal(handle, { messageId: 'r44-pay', type: 'paymentReceived', amountOre: 600_000 });
      await signal(handle, { messageId: 'r44-agr', type: 'supplyAgreementSigned', validatedWith: 'signature', effectiveFrom: '2028-01-13' });
      await untilStage(handle, 'reopening');
      await signal(handle, { messageId: 'r44-reopened', type: 'reopened', date: '2028-01-13' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'known-police-before-request-to-reopening',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-kp',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-RKP', amountOre: 200_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
        circumstances: ['police'],
      });
      await sleepUntil(env, '2027-11-05', '12:00');
      await untilStage(handle, 'special-circumstances');
      await sleepUntil(env, '2027-11-08', '10:00');
      await signal(handle, { messageId: 'rkp-answer', type: 'authorityAnswered', authority: 'police', agreedDate: '2027-11-17', agreedTime: '08:30' });
      await untilStage(handle, 'disconnection-requested');
      await sleepUntil(env, '2027-11-17', '11:00');
      await signal(handle, { messageId: 'rkp-disc', type: 'disconnected', date: '2027-11-17' });
      await untilStage(handle, 'disconnected');
      await sleepUntil(env, '2027-11-19', '10:00');
      await signal(handle, { messageId: 'rkp-pay', type: 'paymentReceived', amountOre: 200_000 });
      await signal(handle, { messageId: 'rkp-agr', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-11-19' });
      await untilStage(handle, 'reopening');
      await signal(handle, { messageId: 'rkp-reopened', type: 'reopened', date: '2027-11-19' });
      await handle.result();
      return handle;
    },
  },
  {
    // Issue 16 (release 0.6.12, rejectionsByTransaction): the police's D10 follows DataHub's confirmation
    // as RSM-020 and is rejected later, through the poller, naming its transaction: the end of supply stands.
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'known-police-d10-rejected-later-disconnected',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-kpr',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-RKPR', amountOre: 200_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
        circumstances: ['police'],
      });
      await sleepUntil(env, '2027-11-05', '12:00');
      await untilStage(handle, 'special-circumstances');
      await sleepUntil(env, '2027-11-08', '10:00');
      await signal(handle, { messageId: 'rkpr-answer', type: 'authorityAnswered', authority: 'police', agreedDate: '2027-11-17', agreedTime: '08:30' });
      await untilStage(handle, 'disconnection-requested');
      const requested = await handle.query(caseViewQuery);
      await signal(handle, { messageId: 'rkpr-confirm', actor: 'datahub', type: 'requestConfirmed', ...(requested.request?.processId ? { processId: requested.request.processId } : {}) });
      await untilView(handle, 'the circumstances sent', (v) => (v.request?.circumstancesSent ?? []).length === 1);
      await sleepUntil(env, '2027-11-09', '10:00');
      const d10 = mridFromKey('replay-kpr:circumstances:0:D10', 'transaction');
      await signal(handle, { messageId: 'rkpr-reject', actor: 'datahub', type: 'requestRejected', code: 'E10', refersTo: { transactionId: d10 } });
      await untilView(handle, 'the D10 rejected', (v) => v.request?.circumstancesSent?.[0]?.status === 'rejected');
      await sleepUntil(env, '2027-11-17', '11:00');
      await signal(handle, { messageId: 'rkpr-disc', type: 'disconnected', date: '2027-11-17' });
      await untilStage(handle, 'disconnected');
      await sleepUntil(env, '2027-11-19', '10:00');
      await signal(handle, { messageId: 'rkpr-pay', type: 'paymentReceived', amountOre: 200_000 });
      await signal(handle, { messageId: 'rkpr-agr', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-11-19' });
      await untilStage(handle, 'reopening');
      await signal(handle, { messageId: 'rkpr-reopened', type: 'reopened', date: '2027-11-19' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'grid-overdue-outage-to-reopening',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-sla',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-RSLA', amountOre: 200_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
      });
      await sleepUntil(env, '2027-11-04', '12:00');
      await untilStage(handle, 'disconnection-requested');
      // window to Tue 16 Nov; overdue from Thu 18 Nov
      await sleepUntil(env, '2027-11-18', '09:00');
      await untilView(handle, 'overdue', (v) => v.gridSla?.overdue === true);
      await sleepUntil(env, '2027-11-18', '10:00');
      await signal(handle, { messageId: 'rsla-outage', type: 'dataHubOutageMarked' });
      await sleepUntil(env, '2027-11-22', '10:00');
      await signal(handle, { messageId: 'rsla-over', type: 'dataHubOutageCleared' });
      await untilView(handle, 'the outage cleared', (v) => v.dataHubOutage === undefined);
      await sleepUntil(env, '2027-11-25', '10:00');
      await signal(handle, { messageId: 'rsla-disc', type: 'disconnected', date: '2027-11-25' });
      await untilStage(handle, 'disconnected');
      await sleepUntil(env, '2027-11-26', '10:00');
      await signal(handle, { messageId: 'rsla-pay', type: 'paymentReceived', amountOre: 200_000 });
      await signal(handle, { messageId: 'rsla-agr', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-11-26' });
      await untilStage(handle, 'reopening');
      await signal(handle, { messageId: 'rsla-reopened', type: 'reopened', date: '2027-11-26' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'late-cancellation-grid-reopens-itself-fee-charged',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-cc',
        customerId: 'C-2001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-RCC', amountOre: 400_000, dueDate: '2027-11-15' }],
        customerClass: 'business',
      });
      // request Fri 10 Dec, cut-off Wed 15 Dec
      await sleepUntil(env, '2027-12-10', '12:00');
      await untilStage(handle, 'disconnection-requested');
      await sleepUntil(env, '2027-12-15', '11:00');
      await signal(handle, { messageId: 'rcc-pay', type: 'paymentReceived', amountOre: 400_000 });
      await signal(handle, { messageId: 'rcc-agr', type: 'supplyAgreementSigned', validatedWith: 'signature', effectiveFrom: '2027-12-15' });
      await untilStage(handle, 'closing');
      await sleepUntil(env, '2027-12-15', '15:00');
      await signal(handle, { messageId: 'rcc-disc', type: 'disconnected', date: '2027-12-15' });
      await untilStage(handle, 'disconnected');
      await sleepUntil(env, '2027-12-16', '10:00');
      await signal(handle, { messageId: 'rcc-reopened', type: 'reopened', date: '2027-12-16' });
      await untilStage(handle, 'closing');
      await sleepUntil(env, '2027-12-20', '10:00');
      await signal(handle, { messageId: 'rcc-charge', type: 'gridCharged', chargeKind: 'late-cancellation', amountOre: 85_000, date: '2027-12-15', chargeId: 'NG-RCC' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'security-provided-deposit-child',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-dep',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-RDEP', amountOre: 200_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
      });
      await sleepUntil(env, '2027-10-13', '10:00');
      await untilStage(handle, 'security-demand');
      await signal(handle, { messageId: 'rdep-sec', type: 'securityProvided', amountOre: 255_000 });
      // the case completes; its deposit (ABANDON) runs on
      await handle.result();
      return handle;
    },
  },

  // ----- issue 7: a case taken over half-way (go-live import), closed and archived (dates as in
  // test/workflows/case/import.test.ts)
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'imported-before-termination-to-reopening-archived',
    async run(env, taskQueue) {
      await sleepUntil(env, '2027-10-20', '12:00');
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-imp-1',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-RIMP1', amountOre: 250_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
        imported: {
          nextStep: 'terminationNotice',
          source: 'replay.csv row 2',
          securityAmountOre: 300_000,
          letters: [
            { kind: 'reminder1', sentDate: '2027-09-16', receivedDate: '2027-09-16', channel: 'digital' },
            { kind: 'reminder2', sentDate: '2027-09-27', receivedDate: '2027-09-27', channel: 'digital' },
            { kind: 'securityDemand', sentDate: '2027-10-08', receivedDate: '2027-10-08', channel: 'digital' },
          ],
        },
      });
      await sleepUntil(env, '2027-11-04', '12:00');
      await untilStage(handle, 'disconnection-requested');
      await sleepUntil(env, '2027-11-09', '11:00');
      await signal(handle, { messageId: 'r-imp-disc', type: 'disconnected', date: '2027-11-09', meterReading: { value: 1000, unit: 'kWh' } });
      await untilStage(handle, 'disconnected');
      await signal(handle, { messageId: 'r-imp-pay', type: 'paymentReceived', amountOre: 250_000 });
      await signal(handle, { messageId: 'r-imp-agr', type: 'supplyAgreementSigned', validatedWith: 'mitid', effectiveFrom: '2027-11-10' });
      await untilStage(handle, 'reopening');
      await signal(handle, { messageId: 'r-imp-reop', type: 'reopened', date: '2027-11-10' });
      await handle.result();
      return handle;
    },
  },

  // ----- issue 8: owner liability (BEK §25) and a requested disconnection (D12): owner-scenarios.ts
  // ----- issue 16 item 8 (release 0.6.7): no master data for the metering point — the case waits with
  // `master-data-missing` (a nudge that finds nothing, a look of its own), then the customer pays
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'master-data-missing-waits-then-paid',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-md',
        customerId: 'C-1001',
        meteringPointId: '571313100000009990',
        invoices: [{ invoiceId: 'INV-RMD', amountOre: 90_000, dueDate: '2027-09-06' }],
        customerClass: 'household',
      });
      await untilView(handle, 'waiting for master data', (v) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
      await handle.signal(masterDataSuppliedSignal);
      await env.sleep('1 minute');
      await signal(handle, { messageId: 'rmd-pay', type: 'paymentReceived', amountOre: 90_000 });
      await handle.result();
      return handle;
    },
  },
  // ----- issue 15 item 7 (release 0.6.10, creditCrossedReminderFee): billing registered the payment at
  // 07:00 on rykker 2's day (Mon 27 Sep 2027); rykker 2 went out at the case's step time, 07:23:30, with its
  // fee; billing's message arrives at 12:00, twice — rykker 2's fee is credited once and the case closes
  // (test/workflows/case/crossed-reminder-fee.test.ts). Recorded for 0.6.10 and later only.
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'payment-crossed-reminder-2-fee-credited',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-crossed',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-RX', amountOre: 150_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
      });
      await sleepUntil(env, '2027-09-27', '12:00');
      await untilStage(handle, 'reminder-2');
      const payment: CaseEvent = { messageId: 'rx-pay', type: 'paymentReceived', amountOre: 150_000, registeredAt: '2027-09-27T07:00:00+02:00' };
      await signal(handle, payment);
      await signal(handle, payment);
      await handle.result();
      return handle;
    },
  },
  // ----- issue 15 item 9 (release 0.6.10, moveOnBelowMinimum): 80 kr, below the minimum of 100 kr — the
  // case waits at the reminders with `arrears-below-minimum` (Fri 8 Oct 2027), an operator moves it on
  // (Wed 13 Oct: the security demand goes that day), then the customer pays
  {
    workflow: CASE_WORKFLOW_TYPE,
    scenario: 'below-minimum-moved-on-then-paid',
    async run(env, taskQueue) {
      const handle = await startCase(env, taskQueue, {
        caseId: 'replay-bm',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        invoices: [{ invoiceId: 'INV-RBM', amountOre: 8_000, dueDate: '2027-09-13' }],
        customerClass: 'household',
      });
      await sleepUntil(env, '2027-10-08', '12:00');
      await untilView(handle, 'waiting below the minimum', (v) => (v.attention ?? []).some((r) => r.code === 'arrears-below-minimum'));
      await sleepUntil(env, '2027-10-13', '12:00');
      await signal(handle, { messageId: 'rbm-move', actor: 'operator:replay', type: 'proceedBelowMinimum', note: 'aftalt med teamleder' });
      await untilStage(handle, 'security-demand');
      await signal(handle, { messageId: 'rbm-pay', type: 'paymentReceived', amountOre: 8_000 });
      await handle.result();
      return handle;
    },
  },
  ...OWNER_SCENARIOS,

  // ----- the deposit (BEK §29): a missed payment restarts its year (issue 14, item 5): deposit-scenarios.ts
  ...DEPOSIT_SCENARIOS,
];

/** `<workflow>-<scenario>-<release>.json`, after the SDK's own history_files. */
export function historyFileName(s: Pick<ReplayScenario, 'workflow' | 'scenario'>, release: string): string {
  return `${s.workflow}-${s.scenario}-${release}.json`;
}

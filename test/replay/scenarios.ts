/**
 * Scenarios whose histories are recorded for replay tests. Each runs on a time-skipping server with
 * afbryd's real worker and returns the finished workflow's handle. `scripts/record-histories.ts`
 * records every scenario that has no file yet for the current release; a released file is never
 * rewritten (test/replay/replay.test.ts fails if one changes).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { copenhagenInstant } from '../../rules/index.js';
import { caseEventSignal, caseViewQuery, type CaseEvent, type CaseInput, type Stage } from '../../workflows/case/definitions.js';
import { wakeUpSignal } from '../../workflows/smoke/definitions.js';

export interface ReplayScenario {
  /** The workflow type, first part of the file name. */
  workflow: string;
  /** Short kebab-case name of the path it takes. */
  scenario: string;
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<WorkflowHandle>;
}

async function sleepUntil(env: TestWorkflowEnvironment, date: string, time: string): Promise<void> {
  await env.sleep(copenhagenInstant(date, time) - (await env.currentTimeMs()));
}

async function untilStage(handle: WorkflowHandle, stage: Stage): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await handle.query(caseViewQuery)).stage === stage) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the case did not reach ${stage}`);
}

function startCase(env: TestWorkflowEnvironment, taskQueue: string, input: CaseInput): Promise<WorkflowHandle> {
  return env.client.workflow.start('caseWorkflow', { args: [input], workflowId: `replay-${input.caseId}`, taskQueue });
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
    workflow: 'caseWorkflow',
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
    workflow: 'caseWorkflow',
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
      await sleepUntil(env, '2027-10-12', '12:00');
      await untilStage(handle, 'security-demand');
      await signal(handle, { messageId: 'r-cmp', type: 'complaintFiled', complaintId: 'K-1' });
      await untilStage(handle, 'on-hold');
      await sleepUntil(env, '2027-10-20', '12:00');
      await signal(handle, { messageId: 'r-res', type: 'complaintResolved', complaintId: 'K-1', upheld: false });
      await untilStage(handle, 'security-demand');
      await sleepUntil(env, '2027-10-25', '12:00');
      await signal(handle, { messageId: 'r-pay2', type: 'paymentReceived', amountOre: 90_000 });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: 'caseWorkflow',
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
];

/** `<workflow>-<scenario>-<release>.json`, after the SDK's own history_files. */
export function historyFileName(s: Pick<ReplayScenario, 'workflow' | 'scenario'>, release: string): string {
  return `${s.workflow}-${s.scenario}-${release}.json`;
}

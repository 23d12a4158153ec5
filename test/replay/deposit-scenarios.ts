/**
 * Replay scenarios of the deposit (BEK §29, workflows/deposit/): a missed payment starts the year of
 * timely payment again, and the deposit is repaid a year after the restart. The dates of
 * test/workflows/deposit/continue-as-new.test.ts (worked by hand there): received Fri 15 Jan 2027,
 * invoice due Wed 10 Mar 2027 missed, the year starts again Thu 11 Mar 2027, repaid Sat 11 Mar 2028.
 * Part of `SCENARIOS` (scenarios.ts).
 *
 * Up to release 0.4 the deposit runs this in one run. From release 0.5 (`continueAsNewOnYearRestart`)
 * it continues as new at the restart: the scenario returns the FIRST run's handle, whose history has
 * the release's marker and the continue-as-new — the commands a running deposit must keep.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sleepUntil } from '../support/time-skipping.js';
import {
  DEPOSIT_WORKFLOW_TYPE,
  depositEventSignal,
  submitDepositEventUpdate,
  type DepositInput,
} from '../../workflows/deposit/definitions.js';
import type { ReplayScenario } from './scenarios.js';

/** Waits (through describe: the time-skipping server can lose a query sent at a continue-as-new) until the id's chain has closed. */
async function untilClosed(env: TestWorkflowEnvironment, workflowId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await env.client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${workflowId} did not close`);
}

export const DEPOSIT_SCENARIOS: ReplayScenario[] = [
  {
    workflow: DEPOSIT_WORKFLOW_TYPE,
    scenario: 'missed-payment-year-restarted-repaid',
    async run(env, taskQueue): Promise<WorkflowHandle> {
      await sleepUntil(env, '2027-01-15', '08:00');
      const input: DepositInput = {
        depositId: 'replay-missed',
        caseId: 'replay-dep',
        customerId: 'C-1001',
        meteringPointId: '571313100000000017',
        amountOre: 255_000,
        receivedDate: '2027-01-15',
      };
      const handle = await env.client.workflow.start(DEPOSIT_WORKFLOW_TYPE, { args: [input], workflowId: 'deposit-replay-missed', taskQueue });
      await handle.signal(depositEventSignal, { messageId: 'rdm-1', type: 'paidOnTime', invoiceId: 'I-RDM1', dueDate: '2027-02-10' });
      await sleepUntil(env, '2027-03-20', '12:00');
      // An update (not a signal): it returns once applied, so nothing asks the deposit while it restarts.
      await handle.executeUpdate(submitDepositEventUpdate, { args: [{ messageId: 'rdm-2', type: 'paymentMissed', invoiceId: 'I-RDM2', dueDate: '2027-03-10' }] });
      await sleepUntil(env, '2027-04-12', '12:00');
      await handle.signal(depositEventSignal, { messageId: 'rdm-2', type: 'paymentMissed', invoiceId: 'I-RDM2', dueDate: '2027-03-10' });
      await handle.signal(depositEventSignal, { messageId: 'rdm-3', type: 'paidOnTime', invoiceId: 'I-RDM3', dueDate: '2027-04-10' });
      await sleepUntil(env, '2028-03-11', '12:00');
      await untilClosed(env, handle.workflowId);
      return env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
    },
  },
];

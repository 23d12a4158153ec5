/**
 * A DataHub configuration fault (issue 16 item 4): a 401/403/404/415, or a 500 that persisted, is not an
 * outage — the adapter throws the non-retryable `DataHubConfigurationFault`, the case's step stops with
 * the attention reason `datahub-configuration-fault` (not the generic `step-failed`), and once the
 * configuration is fixed a retry by that reason resumes every case it stopped, with the same ids.
 *
 * Dates (household, physical meter, digital post; RULES 2 worked example moved to 2027, as in
 * household.test.ts): due Mon 13 Sep 2027 → the request step on Thu 4 Nov 2027.
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATAHUB_CONFIGURATION_FAULT as ACTIVITY_FAULT_TYPE } from '../../../activities/datahub.js';
import { DATAHUB_CONFIGURATION_FAULT as WORKFLOW_FAULT_TYPE } from '../../../workflows/case/v2/workflow.js';
import { CaseHarness, CUSTOMER, METERING_POINT } from './harness.js';

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.create();
});
afterAll(async () => {
  await h?.teardown();
});

describe('a DataHub configuration fault', () => {
  it('the workflow knows the adapter’s failure type by the same name', () => {
    expect(WORKFLOW_FAULT_TYPE).toBe(ACTIVITY_FAULT_TYPE);
  });

  it('stops the request step with its own reason; a retry by that reason resumes the case with the same request', async () => {
    const handle = await h.start({
      caseId: 'cfg-fault-1',
      customerId: CUSTOMER.digital,
      meteringPointId: METERING_POINT.physical,
      invoices: [{ invoiceId: 'INV-CF1', amountOre: 200_000, dueDate: '2027-09-13' }],
      customerClass: 'household',
    });
    const send = h.deps.datahub.send.bind(h.deps.datahub);
    let refused = 0;
    h.deps.datahub.send = async () => {
      refused += 1;
      throw ApplicationFailure.create({ type: ACTIVITY_FAULT_TYPE, nonRetryable: true, message: 'DataHub answered 401 Unauthorized (the token was refused)' });
    };
    try {
      await h.sleepUntil('2027-11-04', '12:00');
      const stopped = await h.untilView(handle, 'the configuration-fault reason', (v) => (v.attention ?? []).some((r) => r.code === 'datahub-configuration-fault'));
      expect(stopped.attention).toEqual([
        {
          code: 'datahub-configuration-fault',
          detail: 'disconnectionRequest: DataHubConfigurationFault: DataHub answered 401 Unauthorized (the token was refused)',
          since: expect.any(String),
          ref: 'disconnectionRequest',
        },
      ]);
      expect(stopped.needsAttention).toBe(true);
      expect(refused).toBe(1); // non-retryable: tried once, not retried without limit
      expect(h.datahubOf('cfg-fault-1')).toEqual([]);
    } finally {
      h.deps.datahub.send = send;
    }

    // Fixed: retryStep (what `afbryd cases retry --reason datahub-configuration-fault` sends to every such
    // case — the time-skipping server has no visibility list; test/e2e/bulk-retry.test.ts runs that part)
    // resumes it, and the reason goes.
    const reason = (await h.view(handle)).attention![0]!;
    await h.signal(handle, { messageId: `retry:datahub-configuration-fault:${reason.since}`, actor: 'operator:jens', type: 'retryStep' });
    const requested = await h.untilStage(handle, 'disconnection-requested');
    expect(requested.attention ?? []).toEqual([]);
    // 3 working days after Thu 4 Nov: 5, 8, 9 Nov → Tue 9 Nov (household.test.ts)
    expect(requested.request).toMatchObject({ sentDate: '2027-11-04', cutoff: '2027-11-09' });
    expect(h.datahubOf('cfg-fault-1')).toHaveLength(1);
    await handle.terminate('test over');
  });
});

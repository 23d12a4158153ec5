/**
 * Replay scenarios of issue 8: owner liability (BEK §25) and a requested disconnection (D12), with the
 * hand-worked dates of test/workflows/owner-liability and test/workflows/requested-disconnection. The
 * seeded customers of the simulated registry play the owners (C-1001 digital post, C-1002 paper only).
 * Each moves the clock to its start day first. Part of `SCENARIOS` (scenarios.ts). From release 0.6.9
 * the D12/D13 scenarios have DataHub confirm the request (the circumstance follows as RSM-020), and one
 * scenario per workflow waits for master data.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mridFromKey } from '../../activities/datahub.js';
import { sleepUntil } from '../support/time-skipping.js';
import {
  masterDataSuppliedSignal,
  OWNER_LIABILITY_WORKFLOW_TYPE,
  ownerLiabilityEventOutcomeQuery,
  ownerLiabilityEventSignal,
  ownerLiabilityViewQuery,
  type OwnerLiabilityEvent,
  type OwnerLiabilityInput,
  type OwnerLiabilityView,
} from '../../workflows/owner-liability/definitions.js';
import {
  REQUESTED_DISCONNECTION_WORKFLOW_TYPE,
  requestedDisconnectionEventOutcomeQuery,
  requestedDisconnectionEventSignal,
  requestedDisconnectionViewQuery,
  type RequestedDisconnectionEvent,
  type RequestedDisconnectionInput,
  type RequestedDisconnectionView,
} from '../../workflows/requested-disconnection/definitions.js';
import type { ReplayScenario } from './scenarios.js';

async function until<V>(read: () => Promise<V>, what: string, pred: (v: V) => boolean): Promise<V> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (pred(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`did not reach: ${what}`);
}

const ownerView = (h: WorkflowHandle) => h.query(ownerLiabilityViewQuery);
const requestedView = (h: WorkflowHandle) => h.query(requestedDisconnectionViewQuery);

/** Signals an event and waits until the case has seen it (so the clock never moves past an unprocessed message). */
async function ownerEvent(h: WorkflowHandle, event: OwnerLiabilityEvent): Promise<void> {
  await h.signal(ownerLiabilityEventSignal, event);
  await until(() => h.query(ownerLiabilityEventOutcomeQuery, event.messageId), event.messageId, (o) => o !== null);
}

async function requestedEvent(h: WorkflowHandle, event: RequestedDisconnectionEvent): Promise<void> {
  await h.signal(requestedDisconnectionEventSignal, event);
  await until(() => h.query(requestedDisconnectionEventOutcomeQuery, event.messageId), event.messageId, (o) => o !== null);
}

function startOwner(env: TestWorkflowEnvironment, taskQueue: string, input: OwnerLiabilityInput): Promise<WorkflowHandle> {
  return env.client.workflow.start(OWNER_LIABILITY_WORKFLOW_TYPE, { args: [input], workflowId: `replay-${input.caseId}`, taskQueue });
}

function startRequested(env: TestWorkflowEnvironment, taskQueue: string, input: RequestedDisconnectionInput): Promise<WorkflowHandle> {
  return env.client.workflow.start(REQUESTED_DISCONNECTION_WORKFLOW_TYPE, { args: [input], workflowId: `replay-${input.caseId}`, taskQueue });
}

export const OWNER_SCENARIOS: ReplayScenario[] = [
  {
    workflow: OWNER_LIABILITY_WORKFLOW_TYPE,
    scenario: 'owner-silent-bound-over-easter',
    async run(env, taskQueue) {
      // Letter Mon 22 Mar 2027 (digital), deadline Thu 1 Apr (Easter), bound from Fri 2 Apr 2027.
      await sleepUntil(env, '2027-03-22', '10:00');
      const handle = await startOwner(env, taskQueue, {
        caseId: 'replay-own-1',
        meteringPointId: '571313100000000017',
        ownerId: 'C-1001',
        terminatedAgreementId: 'AGR-R1',
        agreementEnd: '2027-03-31',
      });
      await until(() => ownerView(handle), 'the owner notified', (v: OwnerLiabilityView) => v.stage === 'owner-notified');
      await handle.result();
      return handle;
    },
  },
  {
    workflow: OWNER_LIABILITY_WORKFLOW_TYPE,
    scenario: 'owner-unreachable-attempts-then-d13-disconnected',
    async run(env, taskQueue) {
      // Letter by post Mon 4 Oct 2027 (received Mon 11 Oct); phone Tue 5 Oct; a request refused Wed 6 Oct;
      // e-mail Tue 12 Oct; request Wed 13 Oct (cut-off Mon 18 Oct); disconnected Tue 19 Oct.
      await sleepUntil(env, '2027-10-04', '10:00');
      const handle = await startOwner(env, taskQueue, {
        caseId: 'replay-own-2',
        meteringPointId: '571313100000000017',
        ownerId: 'C-1002',
        terminatedAgreementId: 'AGR-R2',
        agreementEnd: '2027-10-31',
        preferredChannel: 'letter',
      });
      await until(() => ownerView(handle), 'the owner notified', (v: OwnerLiabilityView) => v.stage === 'owner-notified');
      await sleepUntil(env, '2027-10-05', '10:00');
      await ownerEvent(handle, { messageId: 'ro2-a1', actor: 'operator:jens', type: 'contactAttemptRecorded', date: '2027-10-05', channel: 'phone' });
      await sleepUntil(env, '2027-10-06', '10:00');
      await ownerEvent(handle, { messageId: 'ro2-early', actor: 'operator:jens', type: 'ownerUnreachableDisconnection' });
      await sleepUntil(env, '2027-10-12', '10:00');
      await ownerEvent(handle, { messageId: 'ro2-a2', actor: 'operator:jens', type: 'contactAttemptRecorded', date: '2027-10-12', channel: 'email' });
      await sleepUntil(env, '2027-10-13', '10:00');
      await ownerEvent(handle, { messageId: 'ro2-req', actor: 'operator:jens', type: 'ownerUnreachableDisconnection' });
      const requested = await until(() => ownerView(handle), 'the request sent', (v: OwnerLiabilityView) => v.stage === 'disconnection-requested');
      // DataHub confirms; from release 0.6.9 the D13 follows as RSM-020 in its process (RULES 10).
      await ownerEvent(handle, { messageId: 'ro2-confirm', actor: 'datahub', type: 'requestConfirmed', ...(requested.request?.processId ? { processId: requested.request.processId } : {}) });
      await until(() => ownerView(handle), 'the circumstance sent', (v: OwnerLiabilityView) => (v.request?.circumstancesSent ?? []).length === 1);
      await sleepUntil(env, '2027-10-20', '09:00');
      await ownerEvent(handle, { messageId: 'ro2-disc', actor: 'datahub', type: 'disconnected', date: '2027-10-19' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: REQUESTED_DISCONNECTION_WORKFLOW_TYPE,
    scenario: 'household-friday-moved-disconnected-reopened',
    async run(env, taskQueue) {
      // Asked Wed 1 Sep 2027 for Fri 10 Sep → cut-off Mon 13 Sep; disconnected 13 Sep; reopened Mon 4 Oct 2027.
      await sleepUntil(env, '2027-09-01', '10:00');
      const handle = await startRequested(env, taskQueue, {
        caseId: 'replay-req-1',
        requestId: 'REQ-R1',
        meteringPointId: '571313100000000024',
        customerId: 'C-1001',
        requesterRole: 'owner',
        customerClass: 'household',
        wantedDate: '2027-09-10',
      });
      const requested = await until(() => requestedView(handle), 'the request sent', (v: RequestedDisconnectionView) => v.stage === 'disconnection-requested');
      // DataHub confirms; from release 0.6.9 the D12 follows as RSM-020 in its process (RULES 10).
      await requestedEvent(handle, { messageId: 'rr1-confirm', actor: 'datahub', type: 'requestConfirmed', ...(requested.request?.processId ? { processId: requested.request.processId } : {}) });
      await until(() => requestedView(handle), 'the circumstance sent', (v: RequestedDisconnectionView) => (v.request?.circumstancesSent ?? []).length === 1);
      await sleepUntil(env, '2027-09-14', '09:00');
      await requestedEvent(handle, { messageId: 'rr1-disc', actor: 'datahub', type: 'disconnected', date: '2027-09-13' });
      await sleepUntil(env, '2027-10-04', '10:00');
      await requestedEvent(handle, { messageId: 'rr1-reopen', actor: 'billing', type: 'reopeningRequested' });
      await until(() => requestedView(handle), 'reopening', (v: RequestedDisconnectionView) => v.stage === 'reopening');
      await requestedEvent(handle, { messageId: 'rr1-reopened', actor: 'datahub', type: 'reopened', date: '2027-10-04' });
      await handle.result();
      return handle;
    },
  },
  // ----- issue 16 item 8 (release 0.6.9): no master data for the metering point — the case waits with
  // `master-data-missing` (a nudge that finds nothing, a look of its own), then it is cancelled.
  {
    workflow: OWNER_LIABILITY_WORKFLOW_TYPE,
    scenario: 'master-data-missing-waits-then-cancelled',
    async run(env, taskQueue) {
      await sleepUntil(env, '2027-09-06', '10:00');
      const handle = await startOwner(env, taskQueue, {
        caseId: 'replay-own-md',
        meteringPointId: '571313100000009991',
        ownerId: 'C-1001',
        terminatedAgreementId: 'AGR-RMD',
        agreementEnd: '2027-09-30',
      });
      await until(() => ownerView(handle), 'waiting for master data', (v: OwnerLiabilityView) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
      await handle.signal(masterDataSuppliedSignal);
      await env.sleep('1 minute');
      await ownerEvent(handle, { messageId: 'romd-cancel', actor: 'operator:jens', type: 'caseCancelled', reason: 'opened-in-error' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: REQUESTED_DISCONNECTION_WORKFLOW_TYPE,
    scenario: 'master-data-missing-waits-then-cancelled',
    async run(env, taskQueue) {
      await sleepUntil(env, '2027-11-01', '10:00');
      const handle = await startRequested(env, taskQueue, {
        caseId: 'replay-req-md',
        requestId: 'REQ-RMD',
        meteringPointId: '571313100000009992',
        customerId: 'C-1001',
        requesterRole: 'owner',
        customerClass: 'household',
        wantedDate: '2027-11-22',
      });
      await until(() => requestedView(handle), 'waiting for master data', (v: RequestedDisconnectionView) => (v.attention ?? []).some((r) => r.code === 'master-data-missing'));
      await handle.signal(masterDataSuppliedSignal);
      await env.sleep('1 minute');
      await requestedEvent(handle, { messageId: 'rrmd-cancel', actor: 'billing', type: 'cancellationRequested' });
      await handle.result();
      return handle;
    },
  },
  // ----- issue 16 (release 0.6.12, rejectionsByTransaction): DataHub rejects the circumstance's RSM-020
  // later, through the poller, naming its transaction or message: the end of supply stands.
  {
    workflow: OWNER_LIABILITY_WORKFLOW_TYPE,
    scenario: 'd12-rejected-later-request-stands',
    async run(env, taskQueue) {
      // As test/workflows/owner-liability/issue16.test.ts: letter Mon 2 Aug 2027, asked Tue 3 Aug → cut-off Mon 9 Aug.
      await sleepUntil(env, '2027-08-02', '10:00');
      const handle = await startOwner(env, taskQueue, {
        caseId: 'replay-own-rej',
        meteringPointId: '571313100000000024',
        ownerId: 'C-1001',
        terminatedAgreementId: 'AGR-RREJ',
        agreementEnd: '2027-07-31',
      });
      await until(() => ownerView(handle), 'the owner notified', (v: OwnerLiabilityView) => v.stage === 'owner-notified');
      await sleepUntil(env, '2027-08-03', '11:00');
      await ownerEvent(handle, { messageId: 'rorej-ask', actor: 'billing', type: 'ownerAskedForDisconnection' });
      const requested = await until(() => ownerView(handle), 'the request sent', (v: OwnerLiabilityView) => v.stage === 'disconnection-requested');
      await ownerEvent(handle, { messageId: 'rorej-confirm', actor: 'datahub', type: 'requestConfirmed', ...(requested.request?.processId ? { processId: requested.request.processId } : {}) });
      await until(() => ownerView(handle), 'the circumstance sent', (v: OwnerLiabilityView) => (v.request?.circumstancesSent ?? []).length === 1);
      await sleepUntil(env, '2027-08-04', '09:00');
      const d12 = mridFromKey('replay-own-rej:circumstances:0:D12', 'message');
      await ownerEvent(handle, { messageId: 'rorej-ack', actor: 'datahub', type: 'requestRejected', code: 'E10', refersTo: { messageId: d12 } });
      await sleepUntil(env, '2027-08-10', '09:00');
      await ownerEvent(handle, { messageId: 'rorej-disc', actor: 'datahub', type: 'disconnected', date: '2027-08-09' });
      await handle.result();
      return handle;
    },
  },
  {
    workflow: REQUESTED_DISCONNECTION_WORKFLOW_TYPE,
    scenario: 'd12-rejected-later-request-stands',
    async run(env, taskQueue) {
      // As test/workflows/requested-disconnection/issue16.test.ts: asked Mon 20 Sep 2027 for Thu 30 Sep → cut-off 30 Sep.
      await sleepUntil(env, '2027-09-20', '10:00');
      const handle = await startRequested(env, taskQueue, {
        caseId: 'replay-req-rej',
        requestId: 'REQ-RREJ',
        meteringPointId: '571313100000000024',
        customerId: 'C-1001',
        requesterRole: 'owner',
        customerClass: 'household',
        wantedDate: '2027-09-30',
      });
      const requested = await until(() => requestedView(handle), 'the request sent', (v: RequestedDisconnectionView) => v.stage === 'disconnection-requested');
      await requestedEvent(handle, { messageId: 'rrrej-confirm', actor: 'datahub', type: 'requestConfirmed', ...(requested.request?.processId ? { processId: requested.request.processId } : {}) });
      await until(() => requestedView(handle), 'the circumstance sent', (v: RequestedDisconnectionView) => (v.request?.circumstancesSent ?? []).length === 1);
      await sleepUntil(env, '2027-09-21', '09:00');
      const d12 = mridFromKey('replay-req-rej:circumstances:0:D12', 'transaction');
      await requestedEvent(handle, { messageId: 'rrrej-reject', actor: 'datahub', type: 'requestRejected', code: 'D28', refersTo: { transactionId: d12 } });
      await sleepUntil(env, '2027-10-01', '09:00');
      await requestedEvent(handle, { messageId: 'rrrej-disc', actor: 'datahub', type: 'disconnected', date: '2027-09-30' });
      await requestedEvent(handle, { messageId: 'rrrej-close', actor: 'operator:jens', type: 'caseClosed', note: 'replay' });
      await handle.result();
      return handle;
    },
  },
];

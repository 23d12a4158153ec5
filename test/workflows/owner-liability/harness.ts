/**
 * The owner-liability and requested-disconnection workflows on the time-skipping server: one server per
 * test file, afbryd's real worker and activities, the simulated parties on the server's clock. A test
 * moves the clock to a chosen Danish date first and starts the case then (the server's clock only moves
 * forward, so the tests of a file run in date order), steers time with {@link OwnerHarness.sleepUntil}
 * and delivers events as signals, as a DataHub poller does.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { expect } from 'vitest';
import { mridFromKey, type DataHubMessage } from '../../../activities/datahub.js';
import { buildOwnerCaseSettings } from '../../../activities/owner-settings.js';
import { registerSearchAttributes } from '../../../client/temporal.js';
import { resolveCaseSettings } from '../../../config/case-settings.js';
import { DEFAULT_OWNER_SETTINGS, type OwnerSettings } from '../../../rules/index.js';
import { createSimulatedDeps, type SimulatedDeps } from '../../../worker/parties.js';
import {
  OWNER_LIABILITY_WORKFLOW_TYPE,
  ownerLiabilityEventOutcomeQuery,
  ownerLiabilityEventSignal,
  ownerLiabilityViewQuery,
  ownerLiabilityWorkflowId,
  type OwnerCaseSettings,
  type OwnerLiabilityEvent,
  type OwnerLiabilityInput,
  type OwnerLiabilityView,
} from '../../../workflows/owner-liability/definitions.js';
import {
  REQUESTED_DISCONNECTION_WORKFLOW_TYPE,
  requestedDisconnectionEventOutcomeQuery,
  requestedDisconnectionEventSignal,
  requestedDisconnectionViewQuery,
  requestedDisconnectionWorkflowId,
  type RequestedDisconnectionEvent,
  type RequestedDisconnectionInput,
  type RequestedDisconnectionView,
} from '../../../workflows/requested-disconnection/definitions.js';
import { serverClock } from '../../support/server-clock.js';
import { startTimeSkippingEnv } from '../../support/servers.js';
import { sleepUntil } from '../../support/time-skipping.js';
import { startWorkerOn } from '../../support/worker.js';

/** Metering points the simulated DataHub knows (worker/parties.ts). */
export const METERING_POINT = { physical: '571313100000000017', remote: '571313100000000024', hourly: '571313100000000031' };

/** Owners added to the simulated customer registry (fictional; postcode 9999 does not exist). */
export const OWNER = {
  /** A household owner with a digital-post mailbox. */
  digital: 'O-3001',
  /** A household owner without digital post: letters go by post (received dispatch + 5 hverdage). */
  paperOnly: 'O-3002',
  /** A business owner with a digital-post mailbox. */
  business: 'O-4001',
} as const;

/** A snapshot with the default settings (or owner overrides), for the input. */
export function ownerSettings(owner: Partial<OwnerSettings> = {}): OwnerCaseSettings {
  return buildOwnerCaseSettings(resolveCaseSettings(), { ...DEFAULT_OWNER_SETTINGS, ...owner });
}

export class OwnerHarness {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly deps: SimulatedDeps,
    readonly worker: Worker,
    readonly taskQueue: string,
    private readonly running: Promise<void>,
  ) {}

  static async create(): Promise<OwnerHarness> {
    const env = await startTimeSkippingEnv();
    await registerSearchAttributes(env.connection, 'default');
    const deps = createSimulatedDeps({ settings: resolveCaseSettings(), now: serverClock });
    deps.customers.add(OWNER.digital, { name: 'Ejer Digital Eksempel (fiktiv)', address: ['Ejervej 1', '9999 Eksempelby'], digitalPostId: 'dp-o-3001' });
    deps.customers.add(OWNER.paperOnly, { name: 'Ejer Papir Eksempel (fiktiv)', address: ['Ejervej 3', '9999 Eksempelby'] });
    deps.customers.add(OWNER.business, { name: 'Eksempel Ejendomme ApS (fiktiv)', address: ['Ejervej 5', '9999 Eksempelby'], digitalPostId: 'dp-cvr-00004001' });
    const { worker, taskQueue, running } = await startWorkerOn(env, 'owner', deps);
    return new OwnerHarness(env, deps, worker, taskQueue, running);
  }

  async teardown(): Promise<void> {
    this.worker.shutdown();
    await this.running;
    await this.env.teardown();
  }

  /** Skips the server's clock forward to a Danish local date and time. */
  async sleepUntil(date: string, time = '12:00'): Promise<void> {
    await sleepUntil(this.env, date, time);
  }

  async startOwner(input: Omit<OwnerLiabilityInput, 'caseId' | 'settings'> & { settings?: OwnerCaseSettings }): Promise<WorkflowHandle> {
    return this.env.client.workflow.start(OWNER_LIABILITY_WORKFLOW_TYPE, {
      args: [{ ...input, caseId: `${input.meteringPointId}-${input.ownerId}-${input.terminatedAgreementId}`, settings: input.settings ?? ownerSettings() }],
      workflowId: ownerLiabilityWorkflowId(input.meteringPointId, input.ownerId),
      taskQueue: this.taskQueue,
    });
  }

  async startRequested(input: Omit<RequestedDisconnectionInput, 'caseId' | 'settings'> & { settings?: OwnerCaseSettings }): Promise<WorkflowHandle> {
    return this.env.client.workflow.start(REQUESTED_DISCONNECTION_WORKFLOW_TYPE, {
      args: [{ ...input, caseId: `${input.meteringPointId}-${input.requestId}`, settings: input.settings ?? ownerSettings() }],
      workflowId: requestedDisconnectionWorkflowId(input.meteringPointId, input.requestId),
      taskQueue: this.taskQueue,
    });
  }

  async ownerView(handle: WorkflowHandle): Promise<OwnerLiabilityView> {
    return handle.query(ownerLiabilityViewQuery);
  }

  async requestedView(handle: WorkflowHandle): Promise<RequestedDisconnectionView> {
    return handle.query(requestedDisconnectionViewQuery);
  }

  /** Waits (in real time; the clock stays) until the owner case's view satisfies a predicate. */
  async untilOwner(handle: WorkflowHandle, what: string, pred: (v: OwnerLiabilityView) => boolean): Promise<OwnerLiabilityView> {
    await expect.poll(async () => pred(await this.ownerView(handle)), { timeout: 20_000, interval: 50, message: what }).toBe(true);
    return this.ownerView(handle);
  }

  async untilRequested(handle: WorkflowHandle, what: string, pred: (v: RequestedDisconnectionView) => boolean): Promise<RequestedDisconnectionView> {
    await expect.poll(async () => pred(await this.requestedView(handle)), { timeout: 20_000, interval: 50, message: what }).toBe(true);
    return this.requestedView(handle);
  }

  async signalOwner(handle: WorkflowHandle, event: OwnerLiabilityEvent): Promise<void> {
    await handle.signal(ownerLiabilityEventSignal, event);
  }

  async signalRequested(handle: WorkflowHandle, event: RequestedDisconnectionEvent): Promise<void> {
    await handle.signal(requestedDisconnectionEventSignal, event);
  }

  /** What became of a message an owner case has seen, once it has (polled). */
  async ownerOutcome(handle: WorkflowHandle, messageId: string) {
    await expect.poll(async () => (await handle.query(ownerLiabilityEventOutcomeQuery, messageId)) !== null, { timeout: 20_000, interval: 50 }).toBe(true);
    return (await handle.query(ownerLiabilityEventOutcomeQuery, messageId))!;
  }

  async requestedOutcome(handle: WorkflowHandle, messageId: string) {
    await expect.poll(async () => (await handle.query(requestedDisconnectionEventOutcomeQuery, messageId)) !== null, { timeout: 20_000, interval: 50 }).toBe(true);
    return (await handle.query(requestedDisconnectionEventOutcomeQuery, messageId))!;
  }

  /** The letter delivered or dispatched under an idempotency key, on whichever channel it went. */
  letter(key: string): { subject: string; body: string; contentHash: string } | undefined {
    return this.deps.digitalPost.contentOf(key) ?? this.deps.printPost.contentOf(key);
  }

  /**
   * Holds the next end of supply (RSM-005) in the simulated DataHub until `release()`: `reached` resolves
   * once the request is in flight, so a test can deliver DataHub's answer before the request's own
   * activity result (the overtaking the chaos run found).
   */
  holdNextEndOfSupply(): { reached: Promise<void>; release: () => void } {
    const datahub = this.deps.datahub;
    const send = datahub.send.bind(datahub);
    let release!: () => void;
    let entered!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const reached = new Promise<void>((r) => (entered = r));
    datahub.send = async (message) => {
      if (message.request.kind === 'RequestEndOfSupply') {
        datahub.send = send;
        entered();
        await released;
      }
      return send(message);
    };
    return { reached, release };
  }

  /** The distinct DataHub messages a case sent, in order (found by the ids derived from its keys). */
  datahubOf(caseId: string): DataHubMessage[] {
    const ids = new Set(['datahub-request', 'datahub-cancel', 'datahub-start-of-supply', 'datahub-reopen'].map((step) => mridFromKey(`${caseId}:${step}:0`, 'message')));
    // The special circumstance as RSM-020 after DataHub's confirmation (release 0.6.9).
    for (const serviceType of ['D12', 'D13']) ids.add(mridFromKey(`${caseId}:circumstances:0:${serviceType}`, 'message'));
    return this.deps.datahub
      .messages()
      .filter((m) => !m.duplicate && ids.has(m.message.messageId))
      .map((m) => m.message);
  }
}

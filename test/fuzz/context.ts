/**
 * What the fuzzers run against, for the tests (the shared dev server of `vitest run`) and for
 * `npm run fuzz` (a dev server of its own): a Temporal client on a task queue of its own, the billing
 * API built as `client/api/main.ts` builds it (with its log captured), optionally afbryd's worker, and
 * the histories and descriptions of every workflow on that task queue, to look for the canary.
 * No vitest here: the script uses it too.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../client/api/app.js';
import { deriveCaseId, startCase, type StartCaseRequest } from '../../client/cases.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { createSimulatedDeps, type SimulatedDeps } from '../../worker/parties.js';
import { createAfbrydWorker } from '../../worker/worker.js';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, type CaseInput } from '../../workflows/case/definitions.js';
import { searchableText } from './properties.js';

export const FUZZ_TOKENS = { billing: 'fuzz-billing-token-0123456789', operator: 'fuzz-operator-token-0123456789' } as const;
/** A metering point the simulated DataHub knows (physical meter). */
export const FUZZ_GSRN = '571313100000000017';

export interface FuzzContext {
  client: Client;
  taskQueue: string;
  app: FastifyInstance;
  logLines: string[];
  /** The simulated parties of the worker (with a worker only). */
  deps?: SimulatedDeps;
  /**
   * Starts a case — with a worker through the same path as the API (`client/cases.ts: startCase`);
   * without one by a plain start of the same input, which needs no worker — and returns its workflow id.
   */
  startCase(customerId: string): Promise<string>;
  /** Ids of every workflow on the task queue (visibility; eventually consistent). */
  workflowIds(): Promise<string[]>;
  /** Each workflow's history, description (search attributes, memo, user metadata) as searchable text. */
  evidenceOf(workflowId: string): Promise<{ history: string; description: string; events: number }>;
  close(): Promise<void>;
}

/**
 * Connects to the server at `address`, builds the API on a fresh task queue and, with
 * `workflowBundle`, runs afbryd's worker on it.
 */
export async function createFuzzContext(options: { address: string; prefix: string; workflowBundle?: { code: string }; temporalTimeoutMs?: number }): Promise<FuzzContext> {
  const connection = await Connection.connect({ address: options.address });
  const client = new Client({ connection });
  const taskQueue = `${options.prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let deps: SimulatedDeps | undefined;
  if (options.workflowBundle) {
    nativeConnection = await NativeConnection.connect({ address: options.address });
    deps = createSimulatedDeps({ settings: resolveCaseSettings() });
    worker = await createAfbrydWorker({ connection: nativeConnection, namespace: 'default', taskQueue, workflowBundle: options.workflowBundle, activityDeps: deps });
    running = worker.run();
  }
  const logLines: string[] = [];
  const app = buildApi({
    client,
    taskQueue,
    tokens: { [FUZZ_TOKENS.billing]: 'billing', [FUZZ_TOKENS.operator]: 'operator:fuzz' },
    logger: { level: 'debug', stream: { write: (line) => void logLines.push(line) } },
    temporalTimeoutMs: options.temporalTimeoutMs ?? 5_000,
  });
  await app.ready();
  return {
    client,
    taskQueue,
    app,
    logLines,
    ...(deps ? { deps } : {}),
    async startCase(customerId) {
      deps?.customers.add(customerId, { name: 'Testperson Eksempel', address: ['Fiktivvej 2', '9999 Eksempelby'], digitalPostId: `dp-${customerId}` });
      const today = new Date().toISOString().slice(0, 10);
      const request: StartCaseRequest = {
        customerId,
        meteringPointId: FUZZ_GSRN,
        invoices: [{ invoiceId: `INV-${customerId}`, amountOre: 150_000, dueDate: today }],
        customerClass: 'household',
      };
      if (worker) return (await startCase(client, request, { taskQueue })).workflowId;
      // Without a worker, a plain start: the input written to history, nothing run (startCase's
      // update-with-start returns only once a worker has run the case's first workflow task).
      const workflowId = caseWorkflowId(FUZZ_GSRN, customerId);
      await client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue,
        args: [{ ...request, caseId: deriveCaseId(request) } satisfies CaseInput],
      });
      return workflowId;
    },
    async workflowIds() {
      const ids: string[] = [];
      for await (const wf of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) ids.push(wf.workflowId);
      return ids;
    },
    async evidenceOf(workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      const history = await handle.fetchHistory();
      const description = await handle.describe();
      return {
        history: searchableText(history),
        description: searchableText({
          raw: description.raw,
          memo: description.memo,
          searchAttributes: description.typedSearchAttributes.getAll(),
          summary: await description.staticSummary(),
          details: await description.staticDetails(),
        }),
        events: history.events?.length ?? 0,
      };
    },
    async close() {
      await app.close();
      worker?.shutdown();
      await running;
      await nativeConnection?.close();
      await connection.close();
    },
  };
}

/** Polls until `probe` returns a value (visibility is eventually consistent). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

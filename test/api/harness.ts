/**
 * The billing API on the shared dev server, for the tests in this folder: a client, optionally an
 * in-process worker on a task queue of its own (with the simulated parties, so a test can add
 * customers), and the app built with test tokens and a captured log.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApi } from '../../client/api/app.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { createSimulatedDeps, type SimulatedDeps } from '../../worker/parties.js';
import { createAfbrydWorker } from '../../worker/worker.js';
import { uniqueTaskQueue, workflowBundle } from '../support/worker.js';

/** Test tokens (≥ 16 characters, as config/api.ts requires) and their actors. */
export const TOKENS = {
  billing: 'test-billing-token-0123456789',
  operator: 'test-operator-token-0123456789',
} as const;
export const ACTORS = { [TOKENS.billing]: 'billing', [TOKENS.operator]: 'operator:jens' };

export const asBilling = { authorization: `Bearer ${TOKENS.billing}` };
export const asOperator = { authorization: `Bearer ${TOKENS.operator}` };

/** A metering point the simulated DataHub knows (physical meter). */
export const GSRN = '571313100000000017';

export interface ApiHarness {
  app: FastifyInstance;
  client: Client;
  taskQueue: string;
  /** The simulated parties of the worker (undefined without a worker). */
  deps?: SimulatedDeps;
  /** Every log line the app wrote. */
  logLines: string[];
  close(): Promise<void>;
}

/**
 * Starts the harness; call `close` in afterAll.
 * @param options.workflowBundle the worker's workflow code @default this run's bundle (the current release)
 */
export async function startApiHarness(options: { worker: boolean; prefix: string; workflowBundle?: { code: string } }): Promise<ApiHarness> {
  const address = inject('devServerAddress');
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const taskQueue = uniqueTaskQueue(options.prefix);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let deps: SimulatedDeps | undefined;
  if (options.worker) {
    nativeConnection = await NativeConnection.connect({ address });
    deps = createSimulatedDeps({ settings: resolveCaseSettings() });
    worker = await createAfbrydWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      workflowBundle: options.workflowBundle ?? workflowBundle(),
      activityDeps: deps,
    });
    running = worker.run();
  }
  const logLines: string[] = [];
  const app = buildApi({
    client,
    taskQueue,
    tokens: ACTORS,
    logger: { level: 'debug', stream: { write: (line) => void logLines.push(line) } },
    temporalTimeoutMs: 20_000,
    ...(deps ? { masterData: deps.evidence } : {}),
    // The case page's customer names come from the worker's simulated registry (a test adds customers to it).
    ...(deps ? { customers: deps.customers } : {}),
  });
  await app.ready();
  return {
    app,
    client,
    taskQueue,
    ...(deps ? { deps } : {}),
    logLines,
    async close() {
      await app.close();
      worker?.shutdown();
      await running;
      await nativeConnection?.close();
      await connection.close();
    },
  };
}

/** A fresh customer id per test, so that each test has its own case. */
export function freshCustomer(label: string): string {
  return `C-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Polls `probe` until it returns a value that is not undefined (visibility and timers are eventually there). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Asks again (200 ms apart, `timeoutMs` at most) until `probe` passes its expectations; returns its value. */
export async function eventuallyPasses<T>(probe: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Once per `vitest run`: bundle the workflow code (every test file's workers reuse it) and start the
 * one dev server the end-to-end tests share, with afbryd's search attributes registered by the same
 * code `npm start` uses. Time-skipping servers are started per test file, since time skipping is
 * global to a server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { registerSearchAttributes } from '../../client/temporal.js';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../worker/worker.js';
import { ROOT, startDevServerEnv } from './servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the workflow bundle built for this run. */
    workflowBundlePath: string;
    /** host:port of the shared dev server. */
    devServerAddress: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cacheDir = `${ROOT}.temporal/cache`;
  mkdirSync(cacheDir, { recursive: true });
  const { code } = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: quietLogger });
  const workflowBundlePath = `${cacheDir}/workflow-bundle-${process.pid}.js`;
  writeFileSync(workflowBundlePath, code);
  project.provide('workflowBundlePath', workflowBundlePath);

  const env = await startDevServerEnv();
  const address = env.connection.options.address;
  const connection = await Connection.connect({ address });
  await registerSearchAttributes(connection, 'default');
  await connection.close();
  project.provide('devServerAddress', address);

  return async () => {
    await env.teardown();
  };
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

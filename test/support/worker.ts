/** Helpers for tests that run afbryd's worker in-process. */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';

let cached: { code: string } | undefined;

/** The workflow bundle built once for this run by the global setup. */
export function workflowBundle(): { code: string } {
  cached ??= { code: readFileSync(inject('workflowBundlePath'), 'utf8') };
  return cached;
}

/** A task queue of its own for each test, so tests sharing a server never steal each other's tasks. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

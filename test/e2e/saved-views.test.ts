/**
 * The Web UI's saved views (client/saved-views.ts, documented in docs/DEPLOYMENT.md) run as written
 * against a real dev server's visibility (SQLite), and find what they say they find.
 *
 * Probes: workflows of the case type `caseWorkflowV2` started on a task queue no worker polls (they
 * stay Running and never run a line of afbryd), each carrying the search attributes a case of release
 * 0.6.5 publishes. Worked by hand: the week of Monday 7 Dec 2026 runs to Sunday 13 Dec; a cut-off on
 * Thu 10 Dec is in it, one on Mon 14 Dec is not. A Danish day is stored at 00:00 UTC, so
 * "2026-12-10T00:00:00Z" is 10 Dec — AfbrydCutoffDate's 00:00 Danish time would be 2026-12-09T23:00Z.
 */
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAVED_VIEWS, customerQuery } from '../../client/saved-views.js';
import {
  ATTENTION_REASONS,
  CUSTOMER_ID,
  CUTOFF_DAY,
  NEEDS_ATTENTION,
  NEXT_STEP_DAY,
  OVERDUE,
  STAGE,
} from '../../workflows/search-attributes.js';
import { ROOT } from '../support/servers.js';
import { uniqueTaskQueue } from '../support/worker.js';

let connection: Connection;
let client: Client;
const queue = uniqueTaskQueue('saved-views');
const prefix = `${queue}-`;
const started: string[] = [];

const probes: Record<string, SearchAttributePair[]> = {
  // Cut-off Thu 10 Dec, needs attention for a rejected message, next step due Mon 7 Dec.
  a: [
    { key: STAGE, value: 'disconnection-requested' },
    { key: CUSTOMER_ID, value: 'C-9001' },
    { key: CUTOFF_DAY, value: new Date('2026-12-10T00:00:00Z') },
    { key: NEXT_STEP_DAY, value: new Date('2026-12-07T00:00:00Z') },
    { key: NEEDS_ATTENTION, value: true },
    { key: ATTENTION_REASONS, value: ['message-rejected', 'operator-task'] },
    { key: OVERDUE, value: false },
  ],
  // Cut-off Mon 14 Dec (next week), overdue, nothing open.
  b: [
    { key: STAGE, value: 'disconnection-requested' },
    { key: CUSTOMER_ID, value: 'C-9002' },
    { key: CUTOFF_DAY, value: new Date('2026-12-14T00:00:00Z') },
    { key: NEXT_STEP_DAY, value: new Date('2026-12-08T00:00:00Z') },
    { key: NEEDS_ATTENTION, value: false },
    { key: OVERDUE, value: true },
  ],
  // Reminder 1, due Mon 7 Dec, customer C-9001 again.
  c: [
    { key: STAGE, value: 'reminder-1' },
    { key: CUSTOMER_ID, value: 'C-9001' },
    { key: NEXT_STEP_DAY, value: new Date('2026-12-07T00:00:00Z') },
    { key: NEEDS_ATTENTION, value: false },
  ],
};

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('devServerAddress') });
  client = new Client({ connection, namespace: 'default' });
  for (const [name, attributes] of Object.entries(probes)) {
    const handle = await client.workflow.start('caseWorkflowV2', {
      workflowId: `${prefix}${name}`,
      taskQueue: queue,
      args: [],
      typedSearchAttributes: attributes,
    });
    started.push(handle.workflowId);
  }
});

afterAll(async () => {
  for (const id of started) await client.workflow.getHandle(id).terminate('saved-views test done').catch(() => undefined);
  await connection?.close();
});

/** The probes a query finds (only ours: the dev server is shared with other tests). */
async function found(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: `${query} AND WorkflowId STARTS_WITH "${prefix}"` })) ids.push(w.workflowId.slice(prefix.length));
  return ids.sort();
}

const view = (id: string) => SAVED_VIEWS.find((v) => v.id === id)!;

describe('the saved views, as documented, on the dev server', () => {
  it.each([
    ['needs-attention', '2026-12-07', ['a']],
    ['overdue', '2026-12-07', ['b']],
    ['disconnection-requested', '2026-12-07', ['a', 'b']],
    ['cutoff-this-week', '2026-12-07', ['a']],
    ['cutoff-this-week', '2026-12-14', ['b']],
    ['steps-due-today', '2026-12-07', ['a', 'c']],
    ['steps-due-today', '2026-12-08', ['b']],
  ] as const)('%s (%s) finds %j', async (id, day, expected) => {
    await expect.poll(() => found(view(id).query(day)), { timeout: 20_000 }).toEqual([...expected]);
  });

  it('finds one attention reason in the keyword list, and a customer by number', async () => {
    await expect.poll(() => found(`${view('needs-attention').query('2026-12-07')} AND AfbrydAttentionReasons = "operator-task"`), { timeout: 20_000 }).toEqual(['a']);
    await expect.poll(() => found(customerQuery('C-9001')), { timeout: 20_000 }).toEqual(['a', 'c']);
  });

  it('has names the Web UI accepts for a custom view (UI 2.52 refused "afbryd: needs attention": only letters, digits, spaces, - _ .)', () => {
    for (const v of SAVED_VIEWS) expect(v.name).toMatch(/^[\p{L}\p{N} _.-]+$/u);
  });

  it('is documented: every view name and its query (for the week of Mon 7 Dec 2026) appear in docs/DEPLOYMENT.md', () => {
    const docs = readFileSync(`${ROOT}docs/DEPLOYMENT.md`, 'utf8');
    for (const v of SAVED_VIEWS) {
      expect(docs).toContain(v.name);
      expect(docs).toContain(v.query('2026-12-07'));
    }
  });
});

/**
 * The go-live import end to end on the dev server (issue 7): `afbryd cases import FILE.csv` with good
 * and bad rows starts exactly the good ones — each at its next step with its imported letters — writes
 * a rejects file naming the problem of each bad row, and a second import of the same file starts
 * nothing new. Dates are relative to today, since the cases run on the real clock.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main, type CliIo } from '../../client/cli/main.js';
import { parseCsv } from '../../client/import/csv.js';
import { copenhagenToday } from '../../client/import/runner.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { addDays } from '../../rules/index.js';
import { caseViewQuery, caseWorkflowId, type CaseView } from '../../workflows/case/definitions.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { startDevWorker, type DevWorker } from '../support/worker.js';

let dev: DevWorker;
let client: Client;
let dir: string;
const saved = { address: process.env.TEMPORAL_ADDRESS, queue: process.env.AFBRYD_TASK_QUEUE };

const run = Math.random().toString(36).slice(2, 8);
const customer = (label: string) => `C-imp-${label}-${run}`;
const PHYSICAL = '571313100000000017';
const REMOTE = '571313100000000024';
const today = copenhagenToday();
const d = (offset: number) => addDays(today, offset);

const HEADER =
  'customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,next_step,' +
  'reminder1_sent,reminder1_channel,reminder2_sent,reminder2_channel,security_demand_sent,security_demand_channel,security_amount_ore';

/** The good rows: the case each starts, its stage after the take-over, and the letters it carries. */
const GOOD = [
  { label: 'billing', gsrn: PHYSICAL, stage: 'opened', letters: [], row: `household,INV-1,150000,${d(30)},,,,,,,,` },
  {
    label: 'sd-next',
    gsrn: PHYSICAL,
    stage: 'reminder-2',
    letters: ['reminder1', 'reminder2'],
    // reminder 2 sent 6 days ago: its deadline is in 4 days (sent + 10), the security demand the day after
    row: `household,INV-2,150000,${d(-30)},security_demand,${d(-20)},digital,${d(-6)},digital,,,`,
  },
  {
    label: 'tn-next',
    gsrn: REMOTE,
    stage: 'security-demand',
    letters: ['reminder1', 'reminder2', 'securityDemand'],
    row: `household,INV-3,150000,${d(-40)},,${d(-35)},digital,${d(-22)},digital,${d(-10)},digital,300000`,
  },
  {
    label: 'business',
    gsrn: REMOTE,
    stage: 'reminder-2',
    letters: ['reminder1', 'reminder2'],
    row: `business,INV-4,150000,${d(-40)},,${d(-30)},digital,${d(-4)},digital,,,`,
  },
] as const;

/** The bad rows and what the rejects file must say about each. */
const BAD = [
  { label: 'too-close', gsrn: PHYSICAL, row: `household,INV-5,150000,${d(-30)},,${d(-20)},digital,${d(-14)},digital,,,`, problem: /at least 10 days after reminder 1/ },
  { label: 'future', gsrn: PHYSICAL, row: `household,INV-6,150000,${d(-10)},,${d(2)},digital,,,,,`, problem: new RegExp(`reminder 1 sent ${d(2)}, after the import day ${today}`) },
  { label: 'biz-sd', gsrn: PHYSICAL, row: `business,INV-7,150000,${d(-40)},security_demand,${d(-30)},digital,${d(-15)},digital,,,`, problem: /a household step/ },
  { label: 'zero', gsrn: PHYSICAL, row: `household,INV-8,0,${d(-10)},,,,,,,,`, problem: /^amount_ore must be more than 0$/ },
] as const;

const idOf = (r: { label: string; gsrn: string }) => caseWorkflowId(r.gsrn, customer(r.label));

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t) };
}

beforeAll(async () => {
  const deps = createSimulatedDeps({ settings: resolveCaseSettings() });
  for (const r of [...GOOD, ...BAD]) {
    deps.customers.add(customer(r.label), { name: 'Testperson Import (fiktiv)', address: ['Fiktivvej 1', '9999 Eksempelby'], digitalPostId: `dp-${customer(r.label)}` });
  }
  dev = await startDevWorker({ prefix: 'import', activityDeps: deps });
  client = dev.client;
  // The CLI connects as configured: this dev server, this worker's task queue.
  process.env.TEMPORAL_ADDRESS = inject('devServerAddress');
  process.env.AFBRYD_TASK_QUEUE = dev.taskQueue;
  dir = mkdtempSync(join(tmpdir(), 'afbryd-import-'));
});

afterAll(async () => {
  for (const [key, value] of [['TEMPORAL_ADDRESS', saved.address], ['AFBRYD_TASK_QUEUE', saved.queue]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await dev?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('afbryd cases import on the dev server', () => {
  it('starts exactly the good rows at their next step, rejects the bad ones with their problems, and a second import starts nothing new', async () => {
    const file = join(dir, 'golive.csv');
    // A bad row between the good ones: one never stops the others.
    const rows = [GOOD[0], BAD[0], GOOD[1], BAD[1], GOOD[2], BAD[2], GOOD[3], BAD[3]];
    writeFileSync(file, `\uFEFF${HEADER}\r\n${rows.map((r) => `${customer(r.label)},${r.gsrn},${r.row}`).join('\r\n')}\r\n`);

    const io = captureIo();
    const code = await main(['cases', 'import', file], io);
    expect(code, io.stderr.join('\n')).toBe(3);
    expect(io.stdout.join('\n')).toContain(`cases import ${file}: 8 rows: 4 started, 0 already running (0 existing, 0 joined), 4 rejected`);
    expect(io.stderr.join('\n')).toContain(`4 of 8 rows not imported; each problem is in ${join(dir, 'golive.rejects.csv')}`);

    // The rejects file: the problem, then each bad row as it was written.
    const rejects = parseCsv(readFileSync(join(dir, 'golive.rejects.csv'), 'utf8')).map((r) => r.fields);
    expect(rejects[0]).toEqual(['problem', ...HEADER.split(',')]);
    expect(rejects).toHaveLength(1 + BAD.length);
    BAD.forEach((bad, i) => {
      const [problem, customerId] = rejects[i + 1]!;
      expect(customerId).toBe(customer(bad.label));
      expect(problem).toMatch(bad.problem);
    });

    // Exactly the good rows started, on this worker's task queue.
    for (const bad of BAD) {
      await expect(client.workflow.getHandle(idOf(bad)).describe(), bad.label).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    const listed = await eventually(async () => {
      const ids: string[] = [];
      for await (const w of client.workflow.list({ query: `TaskQueue = '${dev.taskQueue}'` })) ids.push(w.workflowId);
      return ids.length >= GOOD.length ? ids.sort() : undefined;
    }, 'the started cases in visibility');
    expect(listed).toEqual(GOOD.map(idOf).sort());

    // Each at its next step, with the letters of the previous system.
    const runIds = new Map<string, string>();
    for (const good of GOOD) {
      const handle = client.workflow.getHandle(idOf(good));
      const description = await handle.describe();
      expect(description.status.name).toBe('RUNNING');
      runIds.set(good.label, description.runId);
      const view = await eventually<CaseView>(async () => {
        const v = await handle.query(caseViewQuery);
        return v.stage === good.stage ? v : undefined;
      }, `${good.label} in stage ${good.stage}`);
      expect(view.letters.map((l) => l.kind), good.label).toEqual(good.letters);
    }
    const sdNext = await client.workflow.getHandle(idOf(GOOD[1])).query(caseViewQuery);
    // reminder 2 sent 6 days ago → pay by today + 4 → the security demand today + 5 (BEK §27 stk. 2)
    expect(sdNext.next).toMatchObject({ step: 'securityDemand', date: d(5) });
    const tnNext = await client.workflow.getHandle(idOf(GOOD[2])).query(caseViewQuery);
    expect(tnNext.securityDeadline).toMatchObject({ securityAmountOre: 300_000 });
    expect(tnNext.next).toMatchObject({ step: 'terminationNotice' });

    // The same file again: nothing new.
    const again = captureIo();
    expect(await main(['cases', 'import', file, '--json'], again)).toBe(3);
    const second = JSON.parse(again.stdout.join('')) as { summary: Record<string, number>; results: { status: string; id?: string }[] };
    expect(second.summary).toEqual({ rows: 8, started: 0, existing: 4, joined: 0, rejected: 4, failed: 0, valid: 0 });
    expect(second.results.map((r) => r.status)).toEqual(['existing-open', 'rejected', 'existing-open', 'rejected', 'existing-open', 'rejected', 'existing-open', 'rejected']);
    for (const good of GOOD) {
      expect((await client.workflow.getHandle(idOf(good)).describe()).runId, good.label).toBe(runIds.get(good.label));
    }
    const after: string[] = [];
    for await (const w of client.workflow.list({ query: `TaskQueue = '${dev.taskQueue}'` })) after.push(w.workflowId);
    expect(after.sort()).toEqual(GOOD.map(idOf).sort());
  });
});

/**
 * `afbryd owner …` and `afbryd disconnection …` through `main()` against the shared dev server and an
 * in-process worker (TEMPORAL_ADDRESS and AFBRYD_TASK_QUEUE point the CLI at them): start (idempotent),
 * show with the timeline and legal basis, events answered applied / rejected, a refused requester, and
 * one-line errors for bad input. On the real clock: the hand-worked dates are in test/rules/owner.test.ts.
 */
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main, type CliIo } from '../../client/cli/main.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { addDays, copenhagenLocalTime } from '../../rules/index.js';
import { createSimulatedDeps, type SimulatedDeps } from '../../worker/parties.js';
import { createAfbrydWorker } from '../../worker/worker.js';
import { uniqueTaskQueue, workflowBundle } from '../support/worker.js';

const GSRN = '571313100000000017';
const taskQueue = uniqueTaskQueue('cli-owner');
const saved = { TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS, AFBRYD_TASK_QUEUE: process.env.AFBRYD_TASK_QUEUE };
let nativeConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let deps: SimulatedDeps;

beforeAll(async () => {
  const address = inject('devServerAddress');
  process.env.TEMPORAL_ADDRESS = address;
  process.env.AFBRYD_TASK_QUEUE = taskQueue;
  nativeConnection = await NativeConnection.connect({ address });
  deps = createSimulatedDeps({ settings: resolveCaseSettings() });
  worker = await createAfbrydWorker({ connection: nativeConnection, namespace: 'default', taskQueue, workflowBundle: workflowBundle(), activityDeps: deps });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await nativeConnection?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`) };
  const code = await main(argv, io);
  return { code, out, err };
}

async function ok(...argv: string[]): Promise<string> {
  const r = await run(...argv);
  expect(r.err, argv.join(' ')).toBe('');
  expect(r.code).toBe(0);
  return r.out;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const until = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('afbryd owner', () => {
  it('starts a case (then finds it), shows it with the legal basis, and answers events', async () => {
    const owner = `O-cli-${Date.now().toString(36)}`;
    deps.customers.add(owner, { name: 'Ejer Eksempel (fiktiv)', address: ['Ejervej 1', '9999 Eksempelby'], digitalPostId: `dp-${owner}` });
    const args = ['owner', 'start', '--metering-point', GSRN, '--owner', owner, '--agreement', 'AGR-CLI', '--agreement-end', '2027-12-31', '--meter', 'physical'];
    const id = `owner-${GSRN}-${owner}`;
    expect(await ok(...args)).toBe(`started: ${id} (case id ${GSRN}-${owner}-AGR-CLI) — started\n`);
    expect(await ok(...args)).toBe(`existing-open: ${id} (case id ${GSRN}-${owner}-AGR-CLI) — exists already (open)\n`);

    const today = copenhagenLocalTime(Date.now()).date;
    expect(await ok('owner', 'event', id, '--type', 'contactAttemptRecorded', '--message-id', 'a-1', '--date', today, '--channel', 'phone')).toBe(
      `applied: attempt to reach the owner recorded: phone on ${today} (stage ${(await showJson(id)).stage})\n`,
    );
    const refusedRun = await run('owner', 'event', id, '--type', 'ownerUnreachableDisconnection', '--message-id', 'u-1');
    expect(refusedRun.code).toBe(3);
    const refused = refusedRun.out;
    expect(refused).toMatch(/^rejected: no disconnection without the owner's acceptance: BEK §25 stk\. 8/);

    const text = await eventually(async () => {
      const out = await ok('owner', 'show', id);
      return out.includes('snapshotted') ? out : undefined;
    }, 'the settings snapshot');
    expect(text).toContain(`${id}  (owner-liability, case id ${GSRN}-${owner}-AGR-CLI; workflow running)`);
    expect(text).toContain('terminated agreement');
    expect(text).toContain('AGR-CLI, last day 2027-12-31');
    expect(text).toMatch(/case opened: .* +start +BEK §25 stk\. 2/);
    expect(text).toMatch(/contactAttemptRecorded a-1 by operator:cli/);

    expect(await ok('owner', 'event', id, '--type', 'caseCancelled', '--message-id', 'c-1', '--reason', 'opened-in-error')).toMatch(/^applied: cancelled by an operator/);
  });

  it('refuses bad input in one line, naming the flags', async () => {
    const r = await run('owner', 'start', '--metering-point', '123', '--owner', 'O-1', '--agreement', 'A', '--agreement-end', '2027-02-30');
    expect(r.code).toBe(2);
    expect(r.err).toBe('afbryd: owner start: --metering-point must be exactly 18 digits (a GSRN); --agreement-end must be a real calendar date written YYYY-MM-DD\n');
    const e = await run('owner', 'event', `owner-${GSRN}-O-1`, '--type', 'contactAttemptRecorded', '--message-id', 'x', '--channel', 'pigeon', '--date', '2027-01-04');
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/^afbryd: owner event: --channel must be one of: letter, digital-post/);
    const id = await run('owner', 'show', 'case-1');
    expect(id.err).toBe('afbryd: owner show: not a case id (expected owner-<GSRN>-<ownerId>)\n');
  });
});

describe('afbryd disconnection', () => {
  it('refuses a tenant moving out ("use owner liability"), and starts, shows and cancels an owner’s request', async () => {
    const tenant = await run('disconnection', 'start', '--request', `REQ-T-${Date.now().toString(36)}`, '--metering-point', GSRN, '--customer', 'C-1001', '--role', 'tenant-moving-out', '--class', 'household', '--date', '2027-03-15');
    expect(tenant.code).toBe(1);
    expect(tenant.out).toMatch(/^refused: use owner liability: .*BEK §25 stk\. 2.*nothing was started\n$/);

    const request = `REQ-CLI-${Date.now().toString(36)}`;
    const id = `disconnect-${GSRN}-${request}`;
    // Two weeks ahead: within 60 days, so the request goes at once.
    const wanted = addDays(copenhagenLocalTime(Date.now()).date, 14);
    expect(await ok('disconnection', 'start', '--request', request, '--metering-point', GSRN, '--customer', 'C-1001', '--role', 'owner', '--class', 'household', '--date', wanted)).toBe(
      `started: ${id} (case id ${GSRN}-${request}) — started\n`,
    );
    const text = await eventually(async () => {
      const out = await ok('disconnection', 'show', id);
      return out.includes('DataHub request') ? out : undefined;
    }, 'the request');
    expect(text).toContain('end of supply flagged D12');
    expect(text).toMatch(/requester +owner \(customer C-1001\), household/);
    expect(await ok('disconnection', 'event', id, '--type', 'cancellationRequested', '--message-id', 'c-1')).toMatch(/^applied: the requester cancelled the disconnection/);
    const json = JSON.parse(await eventually(async () => {
      const out = await ok('disconnection', 'show', id, '--json');
      return JSON.parse(out).stage === 'closed' ? out : undefined;
    }, 'closed'));
    expect(json).toMatchObject({ id, kind: 'requested-disconnection', closed: { reason: 'cancelled' } });
  });
});

async function showJson(id: string): Promise<{ stage: string }> {
  return JSON.parse(await ok('owner', 'show', id, '--json'));
}

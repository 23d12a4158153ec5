/**
 * The chaos run (`npm run chaos`; a small seeded version in `test/chaos/chaos.test.ts`): cases driven
 * through their whole path — each by its script (`plan.ts`) — while afbryd's worker is SIGKILLed at
 * random points (or at fixed ones), the Temporal dev server is restarted once (its SQLite file kept) and
 * the DataHub poller is killed between a peek and its dequeue; then the parties' own delivery logs are
 * judged (`checks.ts`).
 *
 * The processes (`processes.ts`): its own Temporal dev server (or an existing one, without restarts),
 * or with `cluster` a Temporal cluster of its own (below), the DataHub simulator (manual clock), the
 * worker and the poller — as `npm start` runs them, with:
 * - the mail parties' durable log (`AFBRYD_SIM_MAIL_LOG`);
 * - DataHub hiccups from the simulator (a share of requests fail before or after processing) and lost
 *   letter answers (`AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY`), so that retries happen without kills too;
 * - with `breakIdempotency`, the negative control (`AFBRYD_TEST_BREAK_IDEMPOTENCY`).
 *
 * The phases (each waits for every case, up to `phaseTimeoutMs`):
 * 1. import the cases (the go-live import of `client/import/`, `plan.ts: importFile`): billing-run
 *    cases send rykker 1, imported cases their disconnection notice and DataHub request;
 * 2. billing pays the billing-run cases; the cancelled ones pay and sign a new agreement while their
 *    request is out (the request is cancelled);
 * 3. the simulator's clock moves 30 days: the grid disconnects, DataHub reports it (poller killed
 *    between a peek and its dequeue here);
 * 4. the disconnected ones pay and sign a new agreement: reopening notice, start of supply, D03;
 * 5. the clock moves 5 days: the grid reopens and reports it (poller killed again); every case closes.
 *
 * On a cluster (`cluster: true`, `npm run chaos -- --cluster`): the run starts a cluster of its own
 * through the library `npm run cluster` uses (scripts/lib/cluster: PostgreSQL, Temporal's frontend,
 * history ×2, matching and worker services, namespace `afbryd` with afbryd's search attributes; none
 * of afbryd's own processes), its state in a temporary folder, removed after the run unless it found
 * violations. The dev server's restart becomes a SIGKILL of one history process (chosen by the seed;
 * started again at once, as an orchestrator would) followed by a restart of PostgreSQL (fast shutdown,
 * same port); the worker and poller kills stay as they are. The evidence archive is the cluster's
 * PostgreSQL database, so its restart reaches afbryd's archive too. The worker's test hooks are
 * refused outside the embedded dev server (config/test-hooks.ts: a cluster never sees them), so on a
 * cluster there are no lost letter answers (`mailLostAnswerEvery` is 0) and no negative control; the
 * DataHub simulator's lost answers and failures stay. The checks are the same.
 *
 * How a poller is killed between peek and dequeue, deterministically: the simulator's dequeue is set to
 * hang (`POST /sim/behaviour {dequeue:'hang'}`); once DataHub's queue shows a message peeked with a
 * dequeue attempt — the case has it, DataHub still holds it — the poller is SIGKILLed, dequeuing is set
 * back to normal and a new poller starts, which gets the same message again.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { deliverEvent, recordedBeforeClose } from '../../client/cases.js';
import { readImportTable } from '../../client/import/rows.js';
import { copenhagenToday, importCases } from '../../client/import/runner.js';
import { registerSearchAttributes } from '../../client/temporal.js';
import { loadCaseSettings } from '../../config/case-settings.js';
import { openEvidenceStore } from '../../evidence/open.js';
import { CASE_WORKFLOW_TYPES_CLAUSE, caseViewQuery, type CaseEvent, type CaseView } from '../../workflows/case/definitions.js';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../worker/worker.js';
import type { MailLogLine } from '../../worker/chaos-hooks.js';
import { judge, type CaseEnd, type ChaosCounts, type DequeuedMessage, type SimLogEntry } from './checks.js';
import { EXPECTED, importFile, planCases, type PlannedCase, type ScriptName } from './plan.js';
import { startCluster, type Cluster } from '../lib/cluster/index.js';
import { allocatePort } from '../lib/ports.js';
import { Managed, ROOT, httpAnswers, sleep, temporalAnswers, temporalCliPath } from './processes.js';
import { seededRng } from './rng.js';

/** Options of {@link runChaos}. */
export interface ChaosOptions {
  /** @default 500 */
  cases?: number;
  /** Every random choice (cases, kill times, the simulator's faults) comes from it. @default 1 */
  seed?: number;
  /** At least this many SIGKILLs of the worker. @default 20 */
  workerKills?: number;
  /** Kills of the poller between a peek and its dequeue. @default 2 */
  pollerKills?: number;
  /** Restarts of the dev server (SQLite file kept): 0 or 1; 0 with `temporalPort`. @default 1 */
  devServerRestarts?: number;
  /**
   * `random`: the worker is killed at random times (seeded), the dev server restarted after a random
   * kill; `fixed`: at phase boundaries, once nothing is in flight (the test's fixed kill points).
   * @default 'random'
   */
  killPoints?: 'random' | 'fixed';
  /** Random mode: the wait between a worker being up again and the next kill, ms. @default [5000, 25000] */
  killGapMs?: [number, number];
  /** The negative control: fresh idempotency keys and mRIDs per attempt. @default false */
  breakIdempotency?: boolean;
  /** Every n-th letter a worker process delivers loses its answer (the activity retries). 0: none. @default 10 */
  mailLostAnswerEvery?: number;
  /** Share of DataHub requests processed whose answer is lost (the activity retries). @default 0.05 */
  datahubLostAnswerRate?: number;
  /** Share of DataHub requests failing before processing. @default 0.02 */
  datahubFailureRate?: number;
  /** The first n DataHub requests are processed and their answers lost (`POST /sim/faults`): retries for sure. @default 0 */
  datahubLostAnswers?: number;
  /** Folder for the run's files (SQLite files, logs, report). @default .data/chaos/<time>-seed<seed> */
  dir?: string;
  /** Use the dev server on 127.0.0.1:<port> instead of starting one (then it is not restarted). */
  temporalPort?: number;
  /**
   * Start a Temporal cluster of its own (scripts/lib/cluster) instead of a dev server: the restart is
   * then a SIGKILL of one history process plus a PostgreSQL restart. Not with `temporalPort` or
   * `breakIdempotency`. @default false
   */
  cluster?: boolean;
  /** A pre-built workflow bundle. @default bundled at the start of the run */
  workflowBundlePath?: string;
  /** How long a phase may wait for its cases. @default 15 minutes */
  phaseTimeoutMs?: number;
  /**
   * This many of the cases that will be disconnected start as version 1 of the case workflow
   * (`caseWorkflow`), as cases started before the switch to version 2; they drain into version 2
   * (issue 14) when they wait for the reopening grounds — at least 20 of them (all of a smaller number)
   * must. @default 30
   */
  v1Cases?: number;
  /** Progress lines. @default console.log */
  log?: (line: string) => void;
}

/** What a run found. */
export interface ChaosReport {
  seed: number;
  /** What Temporal was: the run's dev server, an existing one, or a cluster of its own. */
  temporal: 'dev server' | 'existing server' | 'cluster';
  dir: string;
  taskQueue: string;
  breakIdempotency: boolean;
  killPoints: 'random' | 'fixed';
  /** `devServerRestarts` counts the dev server's restarts, or on a cluster each history SIGKILL + PostgreSQL restart. */
  counts: ChaosCounts & {
    workerKills: number;
    devServerRestarts: number;
    pollerKills: number;
    v1Started: number;
    v1Drained: number;
    /** Billing's events whose answer was lost and that had closed their case: the closed case had recorded them. */
    recordedBeforeClose: number;
  };
  byScript: Record<ScriptName, number>;
  violations: string[];
  /** What went unexpectedly but is no violation by itself (a process that exited on its own, a phase that timed out). */
  notes: string[];
  /** Inbound messages their case rejected (recorded once; the case flagged for attention): `<workflowId>: <type> <id>: <line>`. */
  rejectedInbound: string[];
  phases: { name: string; ms: number }[];
  wallMs: number;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};

/** Environment variables that would point a child at another cluster. */
const STRIP = /^(TEMPORAL_|AFBRYD_)/;

/** Runs the chaos run and judges it. Never throws for a violation: see the report's `violations`. */
export async function runChaos(options: ChaosOptions = {}): Promise<ChaosReport> {
  const started = Date.now();
  const seed = options.seed ?? 1;
  const rng = seededRng(seed);
  const count = options.cases ?? 500;
  const killPoints = options.killPoints ?? 'random';
  const minWorkerKills = options.workerKills ?? 20;
  const minPollerKills = options.pollerKills ?? 2;
  const onCluster = options.cluster ?? false;
  if (onCluster && options.temporalPort !== undefined) throw new Error('runChaos: cluster and temporalPort exclude each other');
  if (onCluster && options.breakIdempotency) throw new Error('runChaos: the negative control (breakIdempotency) is a worker test hook, refused on a cluster (config/test-hooks.ts)');
  const ownServer = options.temporalPort === undefined;
  const restarts = ownServer ? Math.min(1, options.devServerRestarts ?? 1) : 0;
  const breakIdempotency = options.breakIdempotency ?? false;
  // The worker refuses its test hooks outside the embedded dev server: none on a cluster.
  const mailLostAnswerEvery = onCluster ? 0 : (options.mailLostAnswerEvery ?? 10);
  const phaseTimeoutMs = options.phaseTimeoutMs ?? 15 * 60_000;
  const print = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => {
    const stamped = `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`;
    print(stamped);
    appendFileSync(join(dir, 'chaos.log'), `${stamped}\n`);
  };
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const dir = options.dir ?? join(ROOT, '.data', 'chaos', `${stamp}-seed${seed}${breakIdempotency ? '-broken' : ''}`);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const notes: string[] = [];
  const problems: string[] = [];
  const phases: { name: string; ms: number }[] = [];
  const note = (line: string) => {
    notes.push(line);
    log(`chaos: note: ${line}`);
  };

  // GSRNs from the seed on a server of its own (the same ids in every run of a seed); a prefix of its
  // own on a shared dev server, which may hold other runs' cases.
  const gsrnPrefix = `5713${String(ownServer ? seed % 1_000_000 : Math.floor(Date.now() / 1000) % 1_000_000).padStart(6, '0')}`;
  const cases = planCases(count, rng, gsrnPrefix);
  // Cases that will be disconnected, and so wait for the reopening grounds: the first of them start as
  // version 1 (issue 14: they must drain into version 2 during the run).
  const v1 = cases.filter((c) => c.script === 'household-reopened' || c.script === 'business-reopened').slice(0, options.v1Cases ?? 30);
  const taskQueue = `chaos-${seed}-${process.pid}-${Date.now() % 100_000}`;
  const temporalPort = options.temporalPort ?? (await allocatePort());
  /** The dev server's address; the cluster's frontend once it runs. */
  let address = `127.0.0.1:${temporalPort}`;
  /** `default` on a dev server; the cluster's namespace (deploy/cluster.env: afbryd). */
  let namespace = 'default';
  let evidenceUrl = `file:${join(dir, 'evidence.sqlite')}`;
  let cluster: Cluster | undefined;
  let clusterDir: string | undefined;
  /** Set once the run is judged without violations. */
  let passed = false;
  const simPort = await allocatePort();
  const [httpPort, metricsPort] = [await allocatePort(), await allocatePort()];
  const simUrl = `http://127.0.0.1:${simPort}`;
  const mailLogFile = join(dir, 'mail-log.jsonl');
  const keptFile = join(dir, 'datahub-unmatched.jsonl');

  let bundlePath = options.workflowBundlePath;
  if (!bundlePath) {
    log('chaos: bundling the workflow code once (the worker restarts from it) ...');
    const { code } = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: quietLogger });
    bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, code);
  }

  const baseEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !STRIP.test(k)));
  const afbrydEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    AFBRYD_TEMPORAL_PORT: String(temporalPort),
    AFBRYD_TASK_QUEUE: taskQueue,
    AFBRYD_WORKFLOW_BUNDLE: bundlePath,
    AFBRYD_DATAHUB_URL: simUrl,
    AFBRYD_DATAHUB_POLL_INTERVAL_MS: '200',
    AFBRYD_DATAHUB_TIMEOUT_MS: '10000',
    AFBRYD_DATA_DIR: dir,
    AFBRYD_EVIDENCE_URL: `file:${join(dir, 'evidence.sqlite')}`,
    AFBRYD_SIM_MAIL_LOG: mailLogFile,
    ...(mailLostAnswerEvery > 0 ? { AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY: String(mailLostAnswerEvery) } : {}),
    ...(breakIdempotency ? { AFBRYD_TEST_BREAK_IDEMPOTENCY: 'true' } : {}),
  };
  const tsx = (entry: string) => () => ({ file: process.execPath, args: ['--import', 'tsx', join(ROOT, entry)], env: afbrydEnv });

  const devServer = ownServer && !onCluster
    ? new Managed(
        'dev-server',
        () => ({
          file: temporalCliPath(),
          args: [
            'server', 'start-dev',
            '--ip', '127.0.0.1',
            '--port', String(temporalPort),
            '--http-port', String(httpPort),
            '--metrics-port', String(metricsPort),
            '--headless',
            '--db-filename', join(dir, 'temporal.sqlite'),
            '--namespace', 'default',
            '--log-level', 'error',
          ],
          env: baseEnv,
          detached: true,
        }),
        join(dir, 'logs', 'dev-server.log'),
      )
    : undefined;
  const simulator = new Managed(
    'datahub-simulator',
    () => ({
      file: process.execPath,
      args: ['--import', 'tsx', join(ROOT, 'simulators/datahub-server/main.ts')],
      env: {
        ...baseEnv,
        AFBRYD_DATAHUB_SIM_PORT: String(simPort),
        AFBRYD_DATAHUB_SIM_SEED: String(seed),
        // A manual clock: the grid acts when the run moves it (plan.ts: time compression).
        AFBRYD_DATAHUB_SIM_CLOCK: new Date().toISOString(),
        AFBRYD_DATAHUB_SIM_BEHAVIOUR: JSON.stringify({
          refusalRate: 0,
          answerDelayMinutes: 0,
          disconnectOn: 'first',
          reportOn: 'same-day',
          lostAnswerRate: options.datahubLostAnswerRate ?? 0.05,
          failureRate: options.datahubFailureRate ?? 0.02,
        }),
      },
    }),
    join(dir, 'logs', 'datahub-simulator.log'),
  );
  const worker = new Managed('worker', tsx('worker/main.ts'), join(dir, 'logs', 'worker.log'));
  const poller = new Managed('poller', tsx('client/datahub-poller-main.ts'), join(dir, 'logs', 'poller.log'));
  const startWorker = () => worker.start((out) => out.includes('polling task queue'));
  const startPoller = () => poller.start((out) => out.includes('datahub poller started'));
  const startDevServer = () => devServer!.start(() => temporalAnswers(address), 90_000);

  let connection: Connection | undefined;
  const counts = { workerKills: 0, devServerRestarts: 0, pollerKills: 0, recordedBeforeClose: 0 };
  let agentDone = false;
  let agentLoop: Promise<void> | undefined;

  // ----- the simulator's admin endpoints
  const sim = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(`${simUrl}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
        if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
        return (await response.json()) as T;
      } catch (err) {
        if (attempt >= 5) throw err;
        await sleep(500);
      }
    }
  };
  const simLog: SimLogEntry[] = [];
  const refreshSimLog = async () => {
    const since = simLog.at(-1)?.seq ?? 0;
    simLog.push(...(await sim<SimLogEntry[]>('GET', `/sim/log?since=${since}`)));
  };
  const readMailLog = (): MailLogLine[] => {
    let text = '';
    try {
      text = readFileSync(mailLogFile, 'utf8');
    } catch {
      return [];
    }
    const lines: MailLogLine[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        lines.push(JSON.parse(line) as MailLogLine);
      } catch {
        // a line being written
      }
    }
    return lines;
  };
  const queuedMessages = async () => Object.values(await sim<Record<string, { messageId: string; documentType: string; peeks: number; dequeueAttempts: number }[]>>('GET', '/sim/queues')).flat();

  // ----- one chaos action at a time
  let lock: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(action: () => Promise<T>): Promise<T> => {
    const next = lock.then(action, action);
    lock = next.catch(() => undefined);
    return next;
  };
  const killWorker = (why: string) =>
    exclusive(async () => {
      await worker.stop('SIGKILL');
      counts.workerKills++;
      log(`chaos: worker SIGKILLed (${counts.workerKills}${why ? `, ${why}` : ''}); starting it again`);
      await startWorker();
      if (killPoints === 'fixed') await forgetStickiness();
    });
  /**
   * Fixed kill points only, to keep the test quick: the running cases' sticky task queue (the killed
   * worker's) is reset, as an orderly shutdown does, so their next task goes to the new worker at once
   * rather than after the sticky queue's 10-second timeout. Random kills leave it, as a crash does.
   */
  const forgetStickiness = async () => {
    const running = await listIds(`ExecutionStatus = 'Running'`).catch(() => new Set<string>());
    await inLanes([...running], 8, async (workflowId) => {
      await connection!.workflowService.resetStickyTaskQueue({ namespace, execution: { workflowId } }).catch(() => undefined);
    });
  };
  const restartDevServer = () =>
    exclusive(async () => {
      if (cluster) {
        // The cluster's counterpart: one history process SIGKILLed and started again, then PostgreSQL restarted.
        const history = rng.int(1, 2) === 1 ? 'history-1' : 'history-2';
        log(`chaos: SIGKILL of Temporal ${history}, started again ...`);
        await cluster.restartService(history, 'SIGKILL');
        log('chaos: restarting PostgreSQL (fast shutdown, same port) ...');
        await cluster.restartPostgres();
        counts.devServerRestarts++;
        log(`chaos: ${history} and PostgreSQL up again`);
        if (killPoints === 'fixed') await forgetStickiness();
        return;
      }
      log('chaos: restarting the dev server (SQLite file kept) ...');
      await devServer!.stop('SIGTERM', 30_000);
      await startDevServer();
      counts.devServerRestarts++;
      log('chaos: dev server up again');
      if (killPoints === 'fixed') await forgetStickiness();
    });
  /**
   * The poller killed between a peek and its dequeue (see the file's comment). `trigger` (moving the
   * simulator's clock) runs once dequeuing hangs, so the messages it brings cannot slip through first.
   * Returns once the new poller has dequeued the message the old one held.
   */
  const killPollerBetweenPeekAndDequeue = (trigger?: () => Promise<void>) =>
    exclusive(async () => {
      await sim('POST', '/sim/behaviour', { dequeue: 'hang' });
      let victim: { messageId: string; documentType: string } | undefined;
      try {
        await trigger?.();
        const deadline = Date.now() + 20_000;
        while (!victim && Date.now() < deadline) {
          victim = (await queuedMessages()).find((m) => m.peeks > 0 && m.dequeueAttempts > 0);
          if (!victim) await sleep(100);
        }
        if (!victim) {
          log('chaos: no message reached the poller within 20 s; poller not killed');
          return;
        }
        await poller.stop('SIGKILL');
        counts.pollerKills++;
        log(`chaos: poller SIGKILLed between peek and dequeue of ${victim.messageId} (${victim.documentType}) (${counts.pollerKills})`);
      } finally {
        await sim('POST', '/sim/behaviour', { dequeue: 'normal' });
        if (!poller.running) await startPoller();
      }
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && (await queuedMessages()).some((m) => m.messageId === victim.messageId)) await sleep(100);
    });
  /** This slot's share of the poller kills (half after each move of the simulator's clock), the first one moving it. */
  const pollerKillsAt = async (slot: 0 | 1, trigger: () => Promise<void>) => {
    const n = slot === 0 ? Math.ceil(minPollerKills / 2) : Math.floor(minPollerKills / 2);
    if (n === 0) return trigger();
    for (let i = 0; i < n; i++) await killPollerBetweenPeekAndDequeue(i === 0 ? trigger : undefined);
  };
  /** Restarts a worker or poller that exited by itself (noted; the run goes on). */
  const watchdog = () =>
    exclusive(async () => {
      for (const [p, start] of [
        [worker, startWorker],
        [poller, startPoller],
      ] as const) {
        if (!p.running) {
          note(`${p.name} was not running; started again`);
          await start();
        }
      }
    });

  const client = () => new Client({ connection: connection!, namespace });

  /**
   * A case that has closed: a run that ended, not one that continued as new (a version 2 case goes on
   * in a new run while it waits for reopening grounds; its earlier run shows as `ContinuedAsNew`).
   */
  const CLOSED = `ExecutionStatus != 'Running' AND ExecutionStatus != 'ContinuedAsNew'`;

  /** Workflow ids of this run's cases matching a visibility query (retried while the server restarts). */
  const listIds = async (filter: string): Promise<Set<string>> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const ids = new Set<string>();
        const query = `${CASE_WORKFLOW_TYPES_CLAUSE} AND TaskQueue = '${taskQueue}' AND ${filter}`;
        for await (const wf of client().workflow.list({ query, pageSize: 1000 })) ids.add(wf.workflowId);
        return ids;
      } catch (err) {
        if (attempt >= 30) throw err;
        await sleep(1000);
      }
    }
  };

  /** Waits until `missing()` answers nothing, noting a timeout. */
  const phase = async (name: string, missing: () => Promise<string[]>, work?: () => Promise<void>): Promise<void> => {
    const t0 = Date.now();
    log(`chaos: phase ${name} ...`);
    await work?.();
    let left: string[] = [];
    for (;;) {
      try {
        left = await missing();
      } catch (err) {
        left = [`(could not look: ${(err as Error).message.split('\n')[0]})`];
      }
      if (left.length === 0) break;
      if (Date.now() - t0 > phaseTimeoutMs) {
        note(`phase ${name} timed out after ${phaseTimeoutMs / 1000} s, waiting for ${left.length}: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''}`);
        break;
      }
      await watchdog();
      await sleep(count > 50 ? 1000 : 250);
    }
    phases.push({ name, ms: Date.now() - t0 });
    log(`chaos: phase ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s (worker kills so far: ${counts.workerKills})`);
  };

  /** Delivers an event as billing does (the update), again until the case answers. */
  const deliver = async (c: PlannedCase, event: CaseEvent): Promise<void> => {
    const deadline = Date.now() + phaseTimeoutMs;
    for (;;) {
      try {
        const outcome = await client().withDeadline(Date.now() + 20_000, () => deliverEvent(client().workflow.getHandle(c.workflowId), event));
        if (outcome.outcome === 'rejected') problems.push(`case ${c.workflowId}: ${event.type} ${event.messageId} rejected: ${outcome.reason ?? ''}`);
        return;
      } catch (err) {
        const message = (err as Error).message ?? String(err);
        if (err instanceof WorkflowNotFoundError || /already completed/i.test(message)) {
          // The first attempt's answer was lost (the worker killed mid-update) and the event closed the
          // case: the closed case recorded it — delivered once, as billing's retry hears it (the API answers `duplicate`).
          if (await recordedBeforeClose(client().workflow.getHandle(c.workflowId), event.messageId)) {
            counts.recordedBeforeClose++;
            return;
          }
          problems.push(`case ${c.workflowId}: ${event.type} could not be delivered: the case has ended (${message.split('\n')[0]})`);
          return;
        }
        if (Date.now() > deadline) {
          problems.push(`case ${c.workflowId}: ${event.type} could not be delivered: ${message.split('\n')[0]}`);
          return;
        }
        await sleep(1000);
      }
    }
  };
  const inLanes = async <T>(items: readonly T[], lanes: number, each: (item: T) => Promise<void>) => {
    const queue = [...items];
    await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await each(item);
    }));
  };
  const today = copenhagenToday();
  const pay = (c: PlannedCase) => deliver(c, { type: 'paymentReceived', messageId: `chaos-pay-${c.caseId}`, actor: 'billing', amountOre: c.amountOre });
  const agree = (c: PlannedCase) =>
    deliver(c, { type: 'supplyAgreementSigned', messageId: `chaos-agreement-${c.caseId}`, actor: 'billing', validatedWith: 'mitid', effectiveFrom: today });

  /** Fixed kill points: wait until nothing is in flight (DataHub's queue empty, no activity running), then act. */
  const quiesce = async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const queued = await queuedMessages().catch(() => [{}]);
      let busy = queued.length;
      if (busy === 0) {
        for (const id of await listIds(`ExecutionStatus = 'Running'`)) {
          const d = await client().workflow.getHandle(id).describe().catch(() => undefined);
          busy += d?.raw.pendingActivities?.length ?? 0;
          if (busy > 0) break;
        }
      }
      if (busy === 0) return;
      await sleep(250);
    }
    note('fixed kill point: something was still in flight after 60 s; killing anyway');
  };

  const of = (script: ScriptName) => cases.filter((c) => c.script === script);
  const billing = of('billing-paid');
  const cancelled = of('cancelled-before-disconnection');
  const reopened = [...of('household-reopened'), ...of('business-reopened')];
  const requesting = [...cancelled, ...reopened];
  const processedRequest = (c: PlannedCase, type: string, service?: string) =>
    simLog.some(
      (e) =>
        e.meteringPointIds.includes(c.meteringPointId) &&
        e.documentType === type &&
        (e.outcome === 'accepted' || e.outcome === 'lost-answer' || e.outcome === 'duplicate') &&
        (!service || JSON.stringify(e.document).includes(`"value":"${service}"`)),
    );

  try {
    // ----- the processes
    if (devServer) {
      log(`chaos: starting a dev server on ${address} (data: ${dir})`);
      await startDevServer();
    }
    if (onCluster) {
      clusterDir = mkdtempSync(join(tmpdir(), 'afbryd-chaos-cluster-'));
      log(`chaos: starting a Temporal cluster (state: ${clusterDir}) ...`);
      cluster = await startCluster({ stateDir: clusterDir, afbryd: [], uiPort: 0, log: (line) => log(`chaos: cluster: ${line}`) });
      address = cluster.address;
      namespace = cluster.settings.namespace;
      evidenceUrl = cluster.evidenceUrl;
      delete afbrydEnv.AFBRYD_TEMPORAL_PORT;
      Object.assign(afbrydEnv, { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, AFBRYD_EVIDENCE_URL: evidenceUrl });
      log(`chaos: cluster up in ${cluster.startSeconds.toFixed(0)} s: frontend ${address}, namespace ${namespace}`);
    }
    connection = await Connection.connect({ address });
    await registerSearchAttributes(connection, namespace);
    await simulator.start(() => httpAnswers(`${simUrl}/health`));
    // The simulator's clock moves to absolute instants (a retried call moves it no further).
    const simStart = Date.parse((await sim<{ now: string }>('GET', '/sim/clock')).now);
    const simDay = (days: number) => ({ to: new Date(simStart + days * 86_400_000).toISOString() });
    const lost = options.datahubLostAnswers ?? 0;
    if (lost > 0) await sim('POST', '/sim/faults', { incoming: Array.from({ length: lost }, () => ({ when: 'after', status: 503 })) });
    await inLanes(cases, 16, async (c) => {
      await sim('POST', '/sim/metering-points', {
        meteringPointId: c.meteringPointId,
        meterKind: c.meterKind,
        customerClass: c.customerClass,
        gridCompanyGln: '5790000000005',
      });
    });
    await startWorker();
    await startPoller();
    // The simulator sends an RSM-022 per metering point (issue 16 item 8); the poller stores them in the
    // master-data store. Cases started before theirs is stored wait (master-data-missing) and go on, but
    // the run's phases are timed: let the poller store them first.
    const masterDataDeadline = Date.now() + 180_000;
    while ((await queuedMessages()).some((m) => m.documentType === 'AccountingPointCharacteristics') && Date.now() < masterDataDeadline) await sleep(500);
    log(
      `chaos: ${count} cases (${(Object.keys(EXPECTED) as ScriptName[]).map((s) => `${of(s).length} ${s}`).join(', ')}), seed ${seed}, ` +
        `${killPoints} kill points${breakIdempotency ? ', IDEMPOTENCY BROKEN (negative control)' : ''}`,
    );

    // ----- random chaos: the worker killed at random times; the dev server restarted after a random kill
    if (killPoints === 'random') {
      const [gapMin, gapMax] = options.killGapMs ?? [5000, 25000];
      const restartAfterKill = restarts > 0 ? rng.int(2, Math.max(2, Math.floor(minWorkerKills / 2))) : -1;
      agentLoop = (async () => {
        while (!(agentDone && counts.workerKills >= minWorkerKills)) {
          await sleep(rng.int(gapMin, gapMax));
          if (agentDone && counts.workerKills >= minWorkerKills) break;
          await killWorker('');
          if (counts.workerKills === restartAfterKill) await restartDevServer();
        }
      })().catch((err: unknown) => note(`the chaos agent stopped: ${(err as Error).message}`));
    }

    // ----- 1: the import
    await phase(
      '1 import: rykker 1 / disconnection notice + DataHub request',
      async () => {
        const letters = readMailLog();
        const requested = await listIds(`AfbrydStage = 'disconnection-requested'`);
        return [
          ...billing.filter((c) => !letters.some((l) => l.caseId === c.caseId && l.letterKind === 'reminder1' && (l.outcome === 'delivered' || l.outcome === 'dispatched'))),
          ...requesting.filter((c) => !requested.has(c.workflowId)),
        ].map((c) => c.workflowId);
      },
      async () => {
        // Rows Temporal did not take (e.g. while the dev server restarts) are imported again: safe, the
        // import starts nothing twice.
        // Version 1 cases first, "from before the switch": they drain into version 2 later.
        const batches = [
          { cases: v1, workflowType: 'caseWorkflow' as const },
          { cases: cases.filter((c) => !v1.includes(c)), workflowType: undefined },
        ].filter((b) => b.cases.length > 0);
        for (const batch of batches) {
          const table = readImportTable(importFile(batch.cases, today));
          for (let attempt = 1; ; attempt++) {
            const report = await importCases(client(), table, {
              taskQueue,
              importDay: today,
              settings: loadCaseSettings().rules,
              source: 'chaos',
              concurrency: 8,
              rowTimeoutMs: 60_000,
              ...(batch.workflowType ? { workflowType: batch.workflowType } : {}),
            });
            const { started, existing, rejected, failed } = report.summary;
            log(`chaos: import #${attempt}${batch.workflowType ? ` (${batch.workflowType})` : ''}: ${started} started, ${existing} already running, ${rejected} rejected, ${failed} failed`);
            if (failed === 0 || attempt >= 10) {
              for (const r of report.rejected) problems.push(`import row ${r.row} not started: ${r.problems.join(' | ')}`);
              break;
            }
            await sleep(3000);
          }
        }
      },
    );
    if (killPoints === 'fixed' && minWorkerKills > 0) {
      await quiesce();
      await killWorker('fixed point: requests out');
    }

    // ----- 2: payments; cancellations
    await phase(
      '2 billing pays; requests cancelled',
      async () => {
        await refreshSimLog();
        const closed = await listIds(CLOSED);
        return [
          ...billing.filter((c) => !closed.has(c.workflowId)),
          ...cancelled.filter((c) => !closed.has(c.workflowId) || !processedRequest(c, 'RequestCancellation')),
        ].map((c) => c.workflowId);
      },
      async () => {
        await inLanes([...billing, ...cancelled], 8, async (c) => {
          await pay(c);
          if (c.script === 'cancelled-before-disconnection') await agree(c);
        });
      },
    );
    if (killPoints === 'fixed' && restarts > 0) await restartDevServer();

    // ----- 3: the grid disconnects
    await phase(
      '3 the grid disconnects (simulator clock +30 days)',
      async () => {
        const disconnected = await listIds(`AfbrydStage = 'disconnected'`);
        return reopened.filter((c) => !disconnected.has(c.workflowId)).map((c) => c.workflowId);
      },
      async () => {
        await refreshSimLog();
        const late = requesting.filter((c) => !processedRequest(c, 'RequestEndOfSupply'));
        if (late.length > 0) note(`${late.length} requests not in DataHub's log before the clock moved: ${late.slice(0, 3).map((c) => c.workflowId).join(', ')}`);
        await pollerKillsAt(0, () => sim('POST', '/sim/advance', simDay(30)));
      },
    );
    if (killPoints === 'fixed' && minWorkerKills > 1) {
      await quiesce();
      await killWorker('fixed point: disconnected');
    }

    // ----- 4: reopening requested
    await phase(
      '4 paid + new agreement: reopening requested',
      async () => {
        await refreshSimLog();
        const reopening = await listIds(`AfbrydStage = 'reopening'`);
        return reopened.filter((c) => !reopening.has(c.workflowId) || !processedRequest(c, 'RequestService', 'D03')).map((c) => c.workflowId);
      },
      async () => {
        await inLanes(reopened, 8, async (c) => {
          await pay(c);
          await agree(c);
        });
      },
    );
    if (killPoints === 'fixed' && minWorkerKills > 2) {
      await quiesce();
      await killWorker('fixed point: reopening requested');
    }

    // ----- 5: reopened; every case closes
    await phase(
      '5 the grid reopens (simulator clock +5 days); every case closes',
      async () => {
        const closed = await listIds(CLOSED);
        return cases.filter((c) => !closed.has(c.workflowId)).map((c) => c.workflowId);
      },
      async () => {
        await pollerKillsAt(1, () => sim('POST', '/sim/advance', simDay(35)));
      },
    );

    // ----- the rest of the kills, then quiet
    agentDone = true;
    if (agentLoop) {
      if (counts.workerKills < minWorkerKills) log(`chaos: ${counts.workerKills} worker kills so far; killing on to ${minWorkerKills}`);
      await agentLoop;
    }
    for (let i = counts.workerKills; killPoints === 'fixed' && i < minWorkerKills; i++) await killWorker('fixed point: the end');
    await watchdog();
    // The poller drains what is left (late confirmations of closed cases are kept for an operator).
    const drainDeadline = Date.now() + 60_000;
    while ((await queuedMessages()).length > 0 && Date.now() < drainDeadline) await sleep(500);

    // ----- the evidence
    log('chaos: reading the cases and the parties\' logs ...');
    const ends = new Map<string, CaseEnd>();
    await inLanes(cases, 8, async (c) => {
      const handle = client().workflow.getHandle(c.workflowId);
      try {
        const description = await handle.describe();
        const status = description.status.name;
        // A closed case of release 0.4 returns a small result: its view is behind the query (and in
        // the evidence archive), for a completed run as for a running one.
        const view =
          status === 'COMPLETED' || status === 'RUNNING'
            ? await client().withDeadline(Date.now() + 20_000, () => handle.query(caseViewQuery))
            : undefined;
        ends.set(c.workflowId, { status, ...(view ? { view } : {}) });
      } catch (err) {
        ends.set(c.workflowId, { status: 'UNREADABLE', error: (err as Error).message.split('\n')[0]! });
      }
    });
    simLog.length = 0;
    await refreshSimLog();
    const kept = (() => {
      try {
        return readFileSync(keptFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as { messageId: string }).messageId);
      } catch {
        return [];
      }
    })();
    // The RSM-022s the poller stored as master data (the evidence archive records each without a case).
    const masterData = await (async () => {
      const store = await openEvidenceStore({ url: evidenceUrl });
      try {
        return (await store.listInboundWithoutCase(10_000)).filter((m) => m.outcome.status === 'master-data').map((m) => m.messageId);
      } finally {
        await store.close();
      }
    })().catch(() => [] as string[]);
    const verdict = judge({
      cases,
      ends,
      mailLog: readMailLog(),
      simLog,
      dequeued: await sim<DequeuedMessage[]>('GET', '/sim/dequeued'),
      queued: await queuedMessages(),
      kept,
      masterData,
    });
    for (const p of [worker, poller, simulator, ...(devServer ? [devServer] : [])]) {
      for (const exit of p.unexpectedExits) note(exit);
    }
    const violations = [...problems, ...verdict.violations];
    if (counts.workerKills < minWorkerKills) violations.push(`only ${counts.workerKills} worker kills, ${minWorkerKills} asked for`);
    if (counts.pollerKills < minPollerKills) violations.push(`only ${counts.pollerKills} poller kills between peek and dequeue, ${minPollerKills} asked for`);
    if (counts.devServerRestarts < restarts) violations.push(cluster ? 'no history process was killed and PostgreSQL not restarted' : `the dev server was not restarted`);
    // Version 1's cases continued as new into version 2 (issue 14): visibility counts them. Not every
    // one must: a case whose worker was down from its disconnection until after the payment and the
    // new agreement arrived finds the reopening grounds already there, never waits, and closes in
    // version 1 (seen once in 30, seed 1). At least 20 (or all, in a smaller run) must.
    const v1Drained = (await listIds(`WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'ContinuedAsNew'`)).size;
    const mustDrain = Math.min(20, v1.length);
    if (v1Drained < mustDrain) violations.push(`only ${v1Drained} of the ${v1.length} version 1 cases drained into version 2 (at least ${mustDrain} must)`);
    const report: ChaosReport = {
      seed,
      temporal: onCluster ? 'cluster' : devServer ? 'dev server' : 'existing server',
      dir,
      taskQueue,
      breakIdempotency,
      killPoints,
      counts: { ...verdict.counts, ...counts, v1Started: v1.length, v1Drained, violations: violations.length },
      byScript: Object.fromEntries((Object.keys(EXPECTED) as ScriptName[]).map((s) => [s, of(s).length])) as Record<ScriptName, number>,
      violations,
      notes,
      rejectedInbound: verdict.rejectedInbound,
      phases,
      wallMs: Date.now() - started,
    };
    writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    passed = violations.length === 0;
    return report;
  } finally {
    agentDone = true;
    await poller.close().catch(() => undefined);
    await worker.close().catch(() => undefined);
    await simulator.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await devServer?.close().catch(() => undefined);
    if (cluster) {
      await cluster.stop().catch((err: unknown) => log(`chaos: stopping the cluster: ${(err as Error).message}`));
      // Kept for a look when the run found something or stopped (its Temporal and PostgreSQL logs are there).
      if (passed && clusterDir) rmSync(clusterDir, { recursive: true, force: true });
      else log(`chaos: the cluster's state and logs are kept in ${clusterDir}`);
    }
  }
}

/** The report as a table, for the terminal. */
export function formatReport(report: ChaosReport): string {
  const c = report.counts;
  const rows: [string, string | number][] = [
    ['cases', `${c.cases} (${Object.entries(report.byScript).map(([s, n]) => `${n} ${s}`).join(', ')})`],
    ['cases as their script expects', c.casesAsExpected],
    ['worker SIGKILLs', c.workerKills],
    report.temporal === 'cluster' ? ['history SIGKILL + PostgreSQL restart', c.devServerRestarts] : ['dev server restarts (SQLite kept)', c.devServerRestarts],
    ['poller kills between peek and dequeue', c.pollerKills],
    ['events retried after a lost answer, recorded before their case closed', c.recordedBeforeClose],
    ['letters delivered (distinct)', c.letters],
    ['  mail calls / deduped retries / same-key redeliveries / lost answers', `${c.mailCalls} / ${c.mailRetriesDeduped} / ${c.mailRedeliveredSameKey} / ${c.mailLostAnswers}`],
    ['DataHub requests (distinct mRIDs)', c.requests],
    ['  DataHub calls / duplicates answered / lost answers / failures', `${c.datahubCalls} / ${c.datahubDuplicatesAnswered} / ${c.datahubLostAnswers} / ${c.datahubFailures}`],
    ['inbound messages dequeued / redelivered / kept / rejected by their case', `${c.inbound} / ${c.inboundRedelivered} / ${c.inboundKept} / ${c.inboundRejectedByCase}`],
    ['duplicate deliveries seen (retries)', c.duplicatesSeen],
    ['duplicates found (violations)', c.violations],
    ['wall time', `${(report.wallMs / 1000).toFixed(1)} s (${report.phases.map((p) => `${p.name.split(' ')[0]}: ${(p.ms / 1000).toFixed(0)} s`).join(', ')})`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/**
 * The benchmark worker, run as a child process (so its RSS and CPU are its own): afbryd's worker as
 * `worker/worker.ts: createAfbrydWorker` builds it — the benchmarks' bundle (afbryd's workflows + the
 * floor), `createActivities` over the simulated parties (`createSimulatedDeps`, DataHub in memory),
 * the same shutdown grace — plus the floor's no-op activities and the explicit worker settings.
 *
 * An activity interceptor counts every activity start and completion by label (the activity type;
 * `sendLetter:<kind>` for letters, `floor:<tag>` for the floor) and, for the labels asked for, keeps
 * each start's time and the time the server scheduled it.
 *
 * Parent → child (IPC): `{ type: 'stats' }`, `{ type: 'timings' }`, `{ type: 'gc' }`, `{ type: 'stop' }`.
 * Configuration: the environment variable AFBRYD_BENCH_WORKER (JSON of {@link WorkerProcessConfig}).
 */
import { readFileSync } from 'node:fs';
import { Context } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime, Worker, type ActivityInboundCallsInterceptor } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { createFloorActivities } from '../floor-activities.js';
import { BENCH_GSRN_PREFIX } from './ids.js';
import { workerOptionsOf, type BenchWorkerSettings } from './worker-settings.js';

export interface WorkerProcessConfig {
  address: string;
  /** @default 'default' (the dev server's) */
  namespace?: string;
  taskQueue: string;
  bundlePath: string;
  settings: BenchWorkerSettings;
  /** Overrides of the case settings (`resolveCaseSettings`), e.g. `{ case: { stepTimeLocal: '14:05' } }`. */
  caseSettings?: { rules?: unknown; case?: unknown; fees?: unknown; exceptions?: unknown };
  /** Labels whose starts are timed. */
  timed: string[];
}

export interface ActivityTiming {
  workflowId: string;
  /** When the activity function started, epoch ms (the worker's clock). */
  startMs: number;
  /** When the server scheduled this attempt, epoch ms (the server's clock: the same machine here). */
  scheduledMs: number;
  attempt: number;
}

/** The `completed` key that counts every local activity, whatever its type. */
export const ANY_LOCAL_ACTIVITY = 'local:*';

export interface WorkerStats {
  started: Record<string, number>;
  completed: Record<string, number>;
  failed: Record<string, number>;
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
  cachedWorkflows: number;
}

function label(activityType: string, args: unknown[]): string {
  if (activityType === 'floorActivity') return `floor:${String(args[0])}`;
  if (activityType === 'sendLetter') {
    const kind = (args[0] as { letter?: { kind?: string } } | undefined)?.letter?.kind;
    return `sendLetter:${kind ?? '?'}`;
  }
  return activityType;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.AFBRYD_BENCH_WORKER ?? '') as WorkerProcessConfig;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const deps = createSimulatedDeps({ settings: resolveCaseSettings(config.caseSettings ?? {}) });
  // The benchmarks' metering points: the simulated DataHub knows every GSRN with the bench prefix
  // (a physical meter at the first simulated grid company), without a table that would grow.
  const known = deps.datahub.masterData.bind(deps.datahub);
  deps.datahub.masterData = async (id: string) =>
    (await known(id)) ??
    (id.startsWith(BENCH_GSRN_PREFIX) ? { meteringPointId: id, meterKind: 'physical', gridCompanyGln: '5790000000005' } : undefined);

  const started: Record<string, number> = {};
  const completed: Record<string, number> = {};
  const failed: Record<string, number> = {};
  const timed = new Set(config.timed);
  const timings: Record<string, ActivityTiming[]> = {};
  const bump = (map: Record<string, number>, key: string) => void (map[key] = (map[key] ?? 0) + 1);
  const recorder = (): { inbound: ActivityInboundCallsInterceptor } => ({
    inbound: {
      async execute(input, next) {
        const startMs = Date.now();
        const info = Context.current().info;
        const name = label(info.activityType, input.args);
        bump(started, name);
        if (timed.has(name)) {
          (timings[name] ??= []).push({ workflowId: info.workflowExecution?.workflowId ?? '', startMs, scheduledMs: info.currentAttemptScheduledTimestampMs, attempt: info.attempt });
        }
        try {
          const result = await next(input);
          bump(completed, name);
          if (info.isLocal) bump(completed, ANY_LOCAL_ACTIVITY);
          return result;
        } catch (err) {
          bump(failed, name);
          throw err;
        }
      },
    },
  });

  const connection = await NativeConnection.connect({ address: config.address });
  const worker = await Worker.create({
    connection,
    namespace: config.namespace ?? 'default',
    taskQueue: config.taskQueue,
    workflowBundle: { code: readFileSync(config.bundlePath, 'utf8') },
    activities: { ...createActivities(deps), ...createFloorActivities() },
    shutdownGraceTime: '10 seconds',
    interceptors: { activity: [recorder] },
    ...workerOptionsOf(config.settings),
  });
  const running = worker.run();

  process.on('message', (message: { type: string }) => {
    switch (message.type) {
      case 'stats': {
        const stats: WorkerStats = {
          started,
          completed,
          failed,
          memory: process.memoryUsage(),
          cpu: process.cpuUsage(),
          cachedWorkflows: worker.getStatus().numCachedWorkflows,
        };
        process.send!({ type: 'stats', stats });
        break;
      }
      case 'timings':
        process.send!({ type: 'timings', timings });
        break;
      case 'gc':
        (globalThis as { gc?: () => void }).gc?.();
        process.send!({ type: 'gc' });
        break;
      case 'stop':
        worker.shutdown();
        break;
    }
  });
  process.send!({ type: 'ready' });
  await running;
  await connection.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(`bench worker: failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});

/**
 * Records the replay scenarios (test/replay/scenarios.ts) that have no history file for this
 * release yet, on a time-skipping server with afbryd's real worker, and adds them to the lock file.
 * Never overwrites: a released history is evidence of what running cases did.
 *
 * Run: `npm run record-histories` (after `npm test` or `npm run setup` has provided the servers).
 * `npm run record-histories -- <workflow type> …` records only the missing scenarios of those workflows
 * (e.g. while other scenarios of the release are still being written).
 * `npm run record-histories -- --out <folder> [<workflow type> …]` records every scenario (of those
 * workflows) as the code runs now into a folder outside the repository, and touches neither
 * test/replay/histories nor the lock: to measure a change before its release has a version
 * (`npm run bench:history-size -- --dir <folder>`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { registerSearchAttributes } from '../client/temporal.js';
import { SCENARIOS, historyFileName } from '../test/replay/scenarios.js';
import { serverClock } from '../test/support/server-clock.js';
import { startTimeSkippingEnv, ROOT } from '../test/support/servers.js';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { resolveCaseSettings } from '../config/case-settings.js';
import { createSimulatedDeps } from '../worker/parties.js';
import { createAfbrydWorker } from '../worker/worker.js';

const HISTORIES = `${ROOT}test/replay/histories`;
const LOCK = `${ROOT}test/replay/histories.lock.json`;

const release = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
const lock = (existsSync(LOCK) ? JSON.parse(readFileSync(LOCK, 'utf8')) : {}) as Record<string, string>;
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
if (outAt >= 0 && !out) throw new Error('--out needs a folder');
if (out && resolve(out).startsWith(resolve(ROOT))) throw new Error(`--out ${out} is inside the repository: give a folder outside it`);
const only = outAt >= 0 ? args.filter((_, i) => i !== outAt && i !== outAt + 1) : args;
const todo = SCENARIOS.filter((s) => (out !== undefined || !existsSync(`${HISTORIES}/${historyFileName(s, release)}`)) && (only.length === 0 || only.includes(s.workflow)));
if (out) mkdirSync(out, { recursive: true });
if (todo.length === 0) {
  console.log(`record-histories: every scenario has a history for release ${release}; nothing to do`);
  process.exit(0);
}

function writeLock(): void {
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(LOCK, `${JSON.stringify(sorted, null, 2)}\n`);
}

Runtime.install({ logger: new DefaultLogger('WARN') });
// One server per scenario: time skipping is global to a server, and each scenario steers the clock.
for (const scenario of todo) {
  const env = await startTimeSkippingEnv();
  try {
    await registerSearchAttributes(env.connection, 'default');
    const taskQueue = `record-${scenario.workflow}-${scenario.scenario}`;
    const worker = await createAfbrydWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      activityDeps: createSimulatedDeps({ settings: resolveCaseSettings(), now: serverClock }),
    });
    const handle = await worker.runUntil(scenario.run(env, taskQueue));
    const json = historyToJSON(await handle.fetchHistory());
    const name = historyFileName(scenario, release);
    if (out) {
      writeFileSync(`${out}/${name}`, `${json}\n`);
      console.log(`record-histories: wrote ${out}/${name} (not locked)`);
      continue;
    }
    writeFileSync(`${HISTORIES}/${name}`, `${json}\n`);
    lock[name] = createHash('sha256').update(`${json}\n`).digest('hex');
    // The lock is written with each file: a run stopped half-way leaves no history without its entry.
    writeLock();
    console.log(`record-histories: wrote test/replay/histories/${name}`);
  } finally {
    await env.teardown();
  }
}


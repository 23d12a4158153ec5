/**
 * History size: the events and bytes of real case histories — the household path to reopening and
 * the longest path the recorded scenarios know (test/replay/histories/, recorded from real runs by
 * `npm run record-histories`) — against the floor: a trivial workflow with the same local activities,
 * activities, timers and signals, on the same task queue. Bytes are the protobuf encoding, what the server stores and what
 * its history size limits count. The floor runs on a time-skipping test server, the kind the
 * histories were recorded on (a server stamps its own metadata into events), and on this
 * benchmark's own dev server (reported beside it).
 *
 *   npm run bench:history-size [-- --release 0.2.0] [--dir <folder>]
 *
 * `--dir`: read the histories from another folder, e.g. one written by
 * `npm run record-histories -- --out <folder> caseWorkflowV2` to measure a change before its release
 * has a version. @default test/replay/histories
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { BUNDLE_OPTIONS, ROOT, bundleBenchWorkflows, commandLine, machine, publish, type Row } from './lib/common.js';
import { breakdown, commandCounts, floorStepsFromHistory, historyBytes, loadHistory, runFloor } from './lib/history.js';
import { SERVER_OPTIONS, serverOptionsFrom, startBenchServer } from './lib/server.js';
import { startTimeSkippingEnv } from '../test/support/servers.js';
import { startBenchWorker } from './lib/worker.js';
import { WORKER_SETTING_OPTIONS, workerSettingsFrom } from './lib/worker-settings.js';

const { values } = parseArgs({ options: { release: { type: 'string' }, dir: { type: 'string' }, ...WORKER_SETTING_OPTIONS, ...SERVER_OPTIONS, ...BUNDLE_OPTIONS } });
const settings = workerSettingsFrom(values);
const DIR = values.dir ?? `${ROOT}test/replay/histories`;
const HOUSEHOLD = 'household-physical-to-reopening';

const startedAt = new Date();
// Every version of the case workflow (caseWorkflow-…, caseWorkflowV2-…): the newest release picks its own.
const files = readdirSync(DIR).filter((f) => /^caseWorkflow(V\d+)?-.+-\d+\.\d+\.\d+\.json$/.test(f));
const releaseOf = (f: string) => /-(\d+\.\d+\.\d+)\.json$/.exec(f)![1]!;
const cmp = (a: string, b: string) => {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
};
const release = values.release ?? files.map(releaseOf).sort(cmp).at(-1)!;
const chosen = files.filter((f) => releaseOf(f) === release).sort();
if (chosen.length === 0) throw new Error(`no case histories of release ${release} in ${DIR}`);

const bundleServer = await startBenchServer(serverOptionsFrom(values));
const bundles = await bundleBenchWorkflows(bundleServer.dir, { floorBundle: values['floor-bundle'], preload: values.preload });
const histories = chosen.map((file) => ({
  scenario: file.replace(/^caseWorkflow(V\d+)?-/, '').replace(/-\d+\.\d+\.\d+\.json$/, ''),
  history: loadHistory(`${DIR}/${file}`),
}));

/** Runs the floor of every history on a server and returns the floor histories by scenario. */
async function floorsOn(address: string, label: string): Promise<Map<string, ReturnType<typeof loadHistory>>> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const out = new Map<string, ReturnType<typeof loadHistory>>();
  try {
    for (const { scenario, history } of histories) {
      // The floor runs on the recorded history's own task queue: the queue's name is written into the
      // start, every workflow task and every activity (~33 events of the household), so a longer or
      // shorter name than the recording's would weigh on one side only.
      const taskQueue = history.events?.[0]?.workflowExecutionStartedEventAttributes?.taskQueue?.name ?? `bench-history-${label}`;
      const worker = await startBenchWorker({ address, taskQueue, bundlePath: bundles.floor.path, settings, timed: [] });
      try {
        out.set(scenario, await runFloor(client, taskQueue, `floor-${scenario}`, floorStepsFromHistory(history)));
      } finally {
        await worker.stop();
      }
      console.log(`history-size: floor of ${scenario} on the ${label} server: ${out.get(scenario)!.events?.length} events`);
    }
  } finally {
    await connection.close();
  }
  return out;
}

// The recorded histories come from the time-skipping test server (scripts/record-histories.ts); a
// server stamps its own metadata into events (the dev server's *_STARTED events carry a request id
// and the worker's identity: ~170 B against ~35 B), so the byte ratio compares floors recorded on
// the same kind of server. The dev server's floor is reported beside it.
let onTestServer: Map<string, ReturnType<typeof loadHistory>>;
let onDevServer: Map<string, ReturnType<typeof loadHistory>>;
try {
  onDevServer = await floorsOn(bundleServer.address, 'dev');
  const env = await startTimeSkippingEnv();
  try {
    onTestServer = await floorsOn(env.connection.options.address, 'time-skipping');
  } finally {
    await env.teardown();
  }
} finally {
  await bundleServer.stop();
}

interface Measured {
  scenario: string;
  events: number;
  bytes: number;
  floorEvents: number;
  floorBytes: number;
  devFloorEvents: number;
  devFloorBytes: number;
  counts: ReturnType<typeof commandCounts>;
}
const measured: Measured[] = histories.map(({ scenario, history }) => {
  const floor = onTestServer.get(scenario)!;
  const dev = onDevServer.get(scenario)!;
  return {
    scenario,
    events: history.events?.length ?? 0,
    bytes: historyBytes(history),
    floorEvents: floor.events?.length ?? 0,
    floorBytes: historyBytes(floor),
    devFloorEvents: dev.events?.length ?? 0,
    devFloorBytes: historyBytes(dev),
    counts: commandCounts(history),
  };
});
const householdBreakdown = breakdown(histories.find((h) => h.scenario === HOUSEHOLD)?.history ?? histories[0]!.history);
const floorBreakdown = breakdown(onTestServer.get(HOUSEHOLD) ?? onTestServer.get(histories[0]!.scenario)!);

const household = measured.find((m) => m.scenario === HOUSEHOLD);
const longest = [...measured].sort((a, b) => b.events - a.events)[0]!;
const rows: Row[] = [];
const add = (label: string, m: Measured) => {
  rows.push({ metric: `${label}: events`, unit: 'events', afbryd: m.events, floor: m.floorEvents, better: 'lower' });
  rows.push({ metric: `${label}: history bytes`, unit: 'KB', afbryd: m.bytes / 1024, floor: m.floorBytes / 1024, better: 'lower' });
};
if (household) add('household → reopening', household);
add(`longest (${longest.scenario})`, longest);
const mean = (f: (m: Measured) => number) => measured.reduce((s, m) => s + f(m), 0) / measured.length;
rows.push({ metric: `mean of ${measured.length} recorded paths: bytes/event`, unit: 'B/event', afbryd: mean((m) => m.bytes / m.events), floor: mean((m) => m.floorBytes / m.floorEvents), better: 'lower' });

const top = householdBreakdown.slice(0, 6).map((b) => `${b.kind} ×${b.count} = ${(b.bytes / 1024).toFixed(1)} KB`);
const c = household?.counts ?? longest.counts;
publish({
  bench: 'history-size',
  title: `history size (release ${release} recorded histories vs the floor)`,
  command: commandLine('history-size'),
  startedAt: startedAt.toISOString(),
  durationS: (Date.now() - startedAt.getTime()) / 1000,
  scale: { release, histories: measured.length, dir: DIR },
  machine: machine(),
  server: { ...bundleServer.describe(), floorRecordedOn: 'the time-skipping test server, as the recorded histories (the dev server: see notes)' },
  worker: settings,
  bundles: bundles.describe,
  rows,
  notes: [
    `The floor matches each path's commands: household → reopening has ${c.activities} activities, ${c.localActivities} local activity, ${c.timers} timers, ${c.signals} signals, ${c.updates} updates.`,
    `Largest parts of the household history: ${top.join('; ')}.`,
    `The same floors on the dev server: household ${household?.devFloorEvents} events / ${((household?.devFloorBytes ?? 0) / 1024).toFixed(1)} KB, longest ${longest.devFloorEvents} events / ${(longest.devFloorBytes / 1024).toFixed(1)} KB (the dev server stamps more metadata into each event).`,
    `Headroom: Temporal warns at 10,240 events / 10 MB and terminates at 51,200 events / 50 MB (server defaults); the longest path uses ${((longest.events / 51_200) * 100).toFixed(2)} % of the event limit and ${((longest.bytes / (50 * 2 ** 20)) * 100).toFixed(3)} % of the size limit.`,
  ],
  details: { histories: measured, householdBreakdown, floorBreakdown },
});

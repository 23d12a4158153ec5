/**
 * `npm run cluster:webui`: afbryd's open cases in the running cluster's Web UI (issue 18), seen in
 * headless Chromium — the check that the standalone Web UI `npm run cluster` builds and starts
 * (scripts/lib/cluster/ui.ts) shows the cases on the cluster's Temporal Server.
 *
 * Needs a running `npm run cluster` (same AFBRYD_CLUSTER_DIR) with some cases (`npm run sample`
 * against it). Reads the Web UI's and the frontend's ports from the run record, asks Temporal which
 * open cases each saved view (client/saved-views.ts) should list, opens the view's query in the Web
 * UI's workflow list, waits until every one of those cases is listed and the count says so, saves
 * it as a custom view under the view's name, and keeps a screenshot of each:
 * - `cluster-webui-stage.png`: "afbryd - stage …" with the stage most open cases are at (the view's
 *   own advice: replace the stage);
 * - `cluster-webui-steps-due.png`: "afbryd - steps due today" on the earliest day a next step is due;
 * - `cluster-webui-case.png`: one of those cases' event history.
 * `--out DIR` (default `.temporal/ui/cluster`, git-ignored; docs/screenshots for the docs' copies).
 * Exits 0 when every check holds, 1 with `afbryd cluster:webui: FAILED: …` otherwise.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium, type Page } from 'playwright-core';
import { SAVED_VIEWS } from '../client/saved-views.js';
import { loadClusterSettings, ROOT, stateDir } from './lib/cluster/settings.js';
import { isAlive, readRunRecord } from './lib/run-record.js';

const CHROMIUM = '/usr/bin/chromium';
const log = (line: string) => console.log(`afbryd cluster:webui: ${line}`);
class Failure extends Error {}
const fail = (message: string): never => {
  throw new Failure(message);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function outDir(): string {
  const i = process.argv.indexOf('--out');
  return i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]!) : join(ROOT, '.temporal', 'ui', 'cluster');
}

interface OpenCase {
  workflowId: string;
  runId: string;
  stage: string;
  nextStepDay?: string;
}

function keyword(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : undefined;
}

async function listed(client: Client, query: string): Promise<OpenCase[]> {
  const out: OpenCase[] = [];
  for await (const info of client.workflow.list({ query, pageSize: 200 })) {
    const sa = info.searchAttributes as Record<string, unknown>;
    out.push({ workflowId: info.workflowId, runId: info.runId, stage: keyword(sa.AfbrydStage) ?? '', nextStepDay: keyword(sa.AfbrydNextStepDay) });
  }
  return out;
}

/** Opens the workflow list filtered by `query` until every expected case is listed (visibility lags a little). */
async function openList(page: Page, ui: string, namespace: string, query: string, expected: OpenCase[]): Promise<void> {
  const url = `${ui}/namespaces/${namespace}/workflows?query=${encodeURIComponent(query)}`;
  const deadline = Date.now() + 60_000;
  let missing: string[] = [];
  for (;;) {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
    missing = [];
    for (const c of expected) {
      const row = page.locator(`a[href^="/namespaces/${namespace}/workflows/${encodeURIComponent(c.workflowId)}/"]`);
      try {
        await row.first().waitFor({ state: 'visible', timeout: 10_000 });
      } catch {
        missing.push(c.workflowId);
      }
    }
    const count = new RegExp(`\\b${expected.length}\\s+Workflows?\\b`);
    if (!missing.length && count.test(await page.locator('body').innerText())) return;
    if (Date.now() > deadline) fail(`the Web UI's list for ${query} did not show ${missing.length ? missing.join(', ') : `"${expected.length} Workflows"`} within 60 s`);
    await sleep(1_000);
  }
}

/**
 * Saves the list's query as a custom view named `name` ("Save as New", as DEPLOYMENT.md tells an
 * engineer to; UI 2.52 keeps it in the browser), and waits until the view is listed under that name.
 */
async function saveView(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save as New' }).click();
  await page.getByTestId('save-view-modal-input').fill(name);
  await page.locator('dialog[open]').getByRole('button', { name: /^Save$/ }).click();
  try {
    await page.getByText(name, { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    fail(`the Web UI did not list the custom view "${name}" after "Save as New"`);
  }
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
}

async function main(): Promise<void> {
  const s = loadClusterSettings();
  const dir = stateDir();
  const record = readRunRecord(dir);
  if (!record || !isAlive(record.pid)) fail(`no running cluster on ${dir}: start \`npm run cluster\` (same AFBRYD_CLUSTER_DIR) and load cases (npm run sample)`);
  const uiPort = record!.ports['web-ui'];
  const frontend = record!.ports.frontend;
  if (!uiPort || !frontend) fail(`the run record ${join(dir, 'afbryd-run.json')} names no Web UI or frontend port (a cluster started before the Web UI was part of it?)`);
  const ui = `http://127.0.0.1:${uiPort}`;
  const out = outDir();
  mkdirSync(out, { recursive: true });
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium (npm run test:ui installs it too)`);

  const connection = await Connection.connect({ address: `127.0.0.1:${frontend}` });
  const client = new Client({ connection, namespace: s.namespace });
  const stageView = SAVED_VIEWS.find((v) => v.id === 'disconnection-requested')!;
  const stepsView = SAVED_VIEWS.find((v) => v.id === 'steps-due-today')!;
  const all = await listed(client, stageView.query('2026-01-01' as never).replace(/ AND AfbrydStage = "[^"]*"$/, ''));
  if (!all.length) fail(`no open case on the cluster (127.0.0.1:${frontend}, namespace ${s.namespace}): load some with TEMPORAL_ADDRESS=127.0.0.1:${frontend} TEMPORAL_NAMESPACE=${s.namespace} npm run sample`);
  log(`${all.length} open cases on the cluster; Web UI ${ui}`);

  const byStage = new Map<string, number>();
  for (const c of all) byStage.set(c.stage, (byStage.get(c.stage) ?? 0) + 1);
  const stage = [...byStage.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const day = all.map((c) => c.nextStepDay?.slice(0, 10)).filter((d): d is string => !!d).sort()[0];
  const views: [string, string, string][] = [
    ['cluster-webui-stage', stageView.name.replace('disconnection requested', stage), stageView.query('2026-01-01' as never).replace('"disconnection-requested"', `"${stage}"`)],
  ];
  if (day) views.push(['cluster-webui-steps-due', `${stepsView.name} ${day}`, stepsView.query(day as never)]);

  const userDataDir = mkdtempSync(join(tmpdir(), 'afbryd-cluster-webui-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1600, height: 900 },
    timeout: 60_000,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let shown: OpenCase | undefined;
    for (const [name, title, query] of views) {
      const expected = await listed(client, query);
      if (!expected.length) fail(`the saved view "${title}" lists nothing on the cluster (${query})`);
      await openList(page, ui, s.namespace, query, expected);
      await saveView(page, title);
      await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
      log(`ok: "${title}" lists ${expected.length} case(s) in the Web UI: ${expected.map((c) => c.workflowId).join(', ')} -> ${join(out, `${name}.png`)}`);
      shown ??= expected[0];
    }
    const c = shown!;
    await page.goto(`${ui}/namespaces/${s.namespace}/workflows/${encodeURIComponent(c.workflowId)}/${c.runId}/history`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
    try {
      await page.getByText('Workflow Task Completed').first().waitFor({ state: 'visible', timeout: 30_000 });
    } catch {
      fail(`the Web UI did not show ${c.workflowId}'s event history within 30 s`);
    }
    await page.screenshot({ path: join(out, 'cluster-webui-case.png'), fullPage: false });
    log(`ok: ${c.workflowId}'s event history -> ${join(out, 'cluster-webui-case.png')}`);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    await connection.close();
  }
}

try {
  await main();
  log('passed');
  process.exit(0);
} catch (err) {
  console.error(`afbryd cluster:webui: FAILED: ${err instanceof Failure ? err.message : (err as Error).stack ?? String(err)}`);
  process.exit(1);
}

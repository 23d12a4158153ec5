/**
 * `npm run test:ui`: what an operator sees of a case in the Temporal Web UI, checked in a real
 * browser (issue 7 item 7). Not part of `npm test`: it needs Debian's Chromium and takes about a
 * minute and a half.
 *
 * 1. Installs Debian's `chromium` if /usr/bin/chromium is missing (apt-get; one clear line if not).
 * 2. Starts the embedded stack exactly as `npm start` does (scripts/embedded.ts: dev server + Web UI,
 *    DataHub simulator, worker, billing API, poller) on free ports with a throw-away data folder.
 * 3. Starts a case through the billing API (development token) for customer C-1001, whose invoice
 *    fell due ~100 days ago, so reminder 1 goes out at once; waits until Temporal reports the stage.
 * 4. Drives headless Chromium (playwright-core) through the Web UI (Temporal UI 2.54, the CLI's):
 *    the workflow list filtered by AfbrydStage, AfbrydCustomerClass and AfbrydMeterKind lists the
 *    case; on the case's page, the Event History tab, the User Metadata tab (Summary and Current
 *    Details, rendered by the UI in iframes) and the Search Attributes tab show what Temporal reports.
 *    C-1001's name and address (the canary personal data of simulators/customers.ts) must appear
 *    nowhere: not in any page's text or HTML (every frame), nor anywhere in the case's history
 *    (what the UI shows when an event is expanded).
 * 5. Keeps screenshots (and the pages' HTML) in .temporal/ui/ (git-ignored) and prints their paths.
 *
 * Exits 0 when every check holds, 1 with `afbryd test:ui: FAILED: …` otherwise. Everything it
 * started is stopped either way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { allocatePort } from './lib/ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CUSTOMER_CLASS, METER_KIND, NEXT_STEP_DAY, STAGE } from '../workflows/search-attributes.js';
import { SAVED_VIEWS, customerQuery } from '../client/saved-views.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, '.temporal', 'ui');
const CHROMIUM = '/usr/bin/chromium';
const DEV_BILLING_TOKEN = 'afbryd-dev-billing-token';
const CUSTOMER_ID = 'C-1001';
const METERING_POINT_ID = '571313100000000017';
/** C-1001's personal data in simulators/customers.ts: none of it may reach the Web UI. */
const CANARIES = ['Testperson Digital Eksempel', 'Fiktivvej 10'];
const EXPECTED_STAGE = 'reminder-1';
const EXPECTED_SUMMARY = 'Unpaid-invoice case (household)';

class Failure extends Error {}

function log(message: string): void {
  console.log(`afbryd test:ui: ${message}`);
}

function fail(message: string): never {
  throw new Failure(message);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A date `days` before today (UTC), as YYYY-MM-DD. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// 1. Chromium

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  log(`${CHROMIUM} is missing: installing Debian's chromium (apt-get update && apt-get install -y chromium) ...`);
  const logFile = join(OUT, 'apt-get.log');
  const res = spawnSync('sh', ['-c', `{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >"${logFile}" 2>&1`], {
    stdio: 'inherit',
  });
  if (res.status !== 0 || !existsSync(CHROMIUM)) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
    fail(
      `could not install Debian's chromium (needs root and a reachable Debian mirror; install it yourself with ` +
        `\`apt-get install chromium\` so that ${CHROMIUM} exists)${tail ? `: ${tail}` : ''}`,
    );
  }
  log('chromium installed');
}

// ---------------------------------------------------------------------------------------------
// 2. The embedded stack

interface Stack {
  child: ChildProcess;
  output: () => string;
  uiBase: string;
  apiBase: string;
  temporalAddress: string;
  dataDir: string;
}

let stack: Stack | undefined;

function ensureTemporalCli(): void {
  if (existsSync(join(ROOT, '.temporal', 'servers.json'))) return;
  log('no Temporal CLI yet: running `npm run setup` ...');
  const res = spawnSync(process.execPath, [join(ROOT, 'scripts', 'setup-temporal.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) fail('`npm run setup` could not provide the Temporal CLI (see above)');
}

async function startStack(): Promise<Stack> {
  const ports = {
    AFBRYD_TEMPORAL_PORT: String(await allocatePort()),
    AFBRYD_UI_PORT: String(await allocatePort()),
    AFBRYD_API_PORT: String(await allocatePort()),
    AFBRYD_DATAHUB_SIM_PORT: String(await allocatePort()),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'afbryd-test-ui-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...ports, AFBRYD_DATA_DIR: dataDir };
  // The embedded default, not a cluster or a configured DataHub from the caller's shell.
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_API_KEY', 'AFBRYD_DATAHUB_URL', 'AFBRYD_API_TOKENS', 'AFBRYD_API_HOST']) delete env[name];
  const logFile = join(OUT, 'embedded.log');
  const sink = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'embedded.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    sink.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  child.once('exit', () => sink.end());
  const started: Stack = {
    child,
    output: () => output,
    uiBase: `http://127.0.0.1:${ports.AFBRYD_UI_PORT}`,
    apiBase: `http://127.0.0.1:${ports.AFBRYD_API_PORT}`,
    temporalAddress: `127.0.0.1:${ports.AFBRYD_TEMPORAL_PORT}`,
    dataDir,
  };
  stack = started;
  log(`starting the embedded stack (scripts/embedded.ts; its output: ${logFile}) ...`);
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      fail(`the embedded stack exited at start (${child.signalCode ?? child.exitCode}):\n${tail(output)}`);
    }
    if (output.includes('afbryd: running.') && output.includes('"component":"api","msg":"listening on') && output.includes('polling task queue')) break;
    if (Date.now() > deadline) fail(`the embedded stack was not up within 240 s:\n${tail(output)}`);
    await sleep(250);
  }
  log(`up: Web UI ${started.uiBase}, billing API ${started.apiBase}, Temporal ${started.temporalAddress}`);
  return started;
}

function tail(text: string, lines = 25): string {
  return text.trim().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
}

async function stopStack(): Promise<void> {
  const s = stack;
  stack = undefined;
  if (!s) return;
  if (s.child.exitCode === null && s.child.signalCode === null) {
    const exited = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
    s.child.kill('SIGINT'); // embedded.ts stops afbryd's processes, then the dev server
    const timer = setTimeout(() => s.child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(s.dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// 3. The case

interface Expected {
  workflowId: string;
  runId: string;
  stage: string;
  customerClass: string;
  meterKind: string;
  summary: string;
  details: string;
  /** AfbrydNextStepDay as a Danish day (release 0.6.5). */
  nextStepDay: string;
}

async function startCaseOverHttp(s: Stack): Promise<{ id: string; runId: string }> {
  const dueDate = daysAgo(100);
  const body = {
    customerId: CUSTOMER_ID,
    meteringPointId: METERING_POINT_ID,
    customerClass: 'household',
    invoices: [{ invoiceId: 'INV-UI-1', amountOre: 150_000, dueDate }],
  };
  const res = await fetch(`${s.apiBase}/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_BILLING_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) fail(`POST /cases answered ${res.status}, not 201: ${text}`);
  const answer = JSON.parse(text) as { id: string; runId: string };
  log(`started case ${answer.id} over the billing API (customer ${CUSTOMER_ID}, invoice due ${dueDate})`);
  return answer;
}

/** Waits until Temporal itself reports reminder 1, and returns what the Web UI must show. */
async function awaitReminder1(s: Stack, started: { id: string; runId: string }): Promise<Expected> {
  const connection = await Connection.connect({ address: s.temporalAddress });
  try {
    const client = new Client({ connection });
    const handle = client.workflow.getHandle(started.id, started.runId);
    const deadline = Date.now() + 90_000;
    let last = '(nothing yet)';
    for (;;) {
      const description = await handle.describe();
      const stage = description.typedSearchAttributes.get(STAGE);
      const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
      const details = metadata.currentDetails ?? '';
      last = `stage ${stage ?? '(none)'}, details "${details}"`;
      if (stage === EXPECTED_STAGE && details.startsWith(`stage: ${EXPECTED_STAGE}`) && description.typedSearchAttributes.get(NEXT_STEP_DAY)) {
        const expected: Expected = {
          workflowId: started.id,
          runId: started.runId,
          stage,
          customerClass: description.typedSearchAttributes.get(CUSTOMER_CLASS) ?? fail('the case has no AfbrydCustomerClass'),
          meterKind: description.typedSearchAttributes.get(METER_KIND) ?? fail('the case has no AfbrydMeterKind'),
          summary: (await description.staticSummary()) ?? fail('the case has no static summary'),
          details,
          nextStepDay: description.typedSearchAttributes.get(NEXT_STEP_DAY)?.toISOString().slice(0, 10) ?? fail('the case has no AfbrydNextStepDay'),
        };
        if (expected.summary !== EXPECTED_SUMMARY) fail(`the case's summary is "${expected.summary}", not "${EXPECTED_SUMMARY}"`);
        log(`Temporal reports: ${last}, class ${expected.customerClass}, meter ${expected.meterKind}`);
        return expected;
      }
      if (Date.now() > deadline) fail(`the case did not reach ${EXPECTED_STAGE} within 90 s (last: ${last})\n${tail(s.output())}`);
      await sleep(500);
    }
  } finally {
    await connection.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. The browser

const screenshots: string[] = [];

async function keep(page: Page, name: string): Promise<void> {
  const png = join(OUT, `${name}.png`);
  await page.screenshot({ path: png, fullPage: true });
  writeFileSync(join(OUT, `${name}.html`), await page.content());
  screenshots.push(png);
}

/** No canary in the rendered text or the HTML of the page and each of its frames (the UI renders summaries in iframes). */
async function assertNoPersonalData(page: Page, where: string): Promise<void> {
  for (const frame of page.frames()) {
    const html = await frame.content();
    const text = await frame.locator('body').innerText().catch(() => '');
    for (const canary of CANARIES) {
      if (html.includes(canary) || text.includes(canary)) fail(`${where} shows personal data of ${CUSTOMER_ID} ("${canary}")`);
    }
  }
}

async function expectVisible(locator: Locator, what: string, timeout = 30_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    fail(`${what} was not shown within ${timeout / 1000} s`);
  }
}

/** Waits until the text of `locator` satisfies `test`; fails naming what was expected and what was shown. */
async function expectText(locator: Locator, test: (text: string) => boolean, what: string, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let shown = '(nothing)';
  for (;;) {
    try {
      shown = (await locator.first().innerText({ timeout: 5_000 })).trim();
      if (test(shown)) return shown;
    } catch {
      // not rendered yet
    }
    if (Date.now() > deadline) fail(`${what}: not shown within ${timeout / 1000} s (shown: ${JSON.stringify(shown.slice(0, 300))})`);
    await sleep(500);
  }
}

/** Opens a URL of the Web UI and waits until its data has loaded. */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
}

/** Opens the workflow list filtered by `query`, reloading until `row` shows (visibility is eventually consistent), for at most 60 s. */
async function openListUntilListed(page: Page, s: Stack, query: string, row: Locator, workflowId: string): Promise<void> {
  const url = `${s.uiBase}/namespaces/default/workflows?query=${encodeURIComponent(query)}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    await open(page, url);
    try {
      await row.first().waitFor({ state: 'visible', timeout: 15_000 });
      return;
    } catch {
      if (Date.now() > deadline) fail(`the workflow list filtered by ${query} did not list ${workflowId} within 60 s`);
    }
  }
}

async function checkUi(page: Page, s: Stack, expected: Expected): Promise<void> {
  const workflowPath = `/namespaces/default/workflows/${encodeURIComponent(expected.workflowId)}/${expected.runId}`;

  // 1. The workflow list, filtered as an operator would by afbryd's search attributes.
  const query = `AfbrydStage="${expected.stage}" AND AfbrydCustomerClass="${expected.customerClass}" AND AfbrydMeterKind="${expected.meterKind}"`;
  log(`workflow list filtered by ${query}`);
  const row = page.locator(`a[href^="${workflowPath}"]`);
  await openListUntilListed(page, s, query, row, expected.workflowId);
  for (const [name, value] of [['AfbrydStage', expected.stage], ['AfbrydCustomerClass', expected.customerClass], ['AfbrydMeterKind', expected.meterKind]]) {
    await expectVisible(page.getByText(`${name} = "${value}"`, { exact: false }), `the list's filter ${name} = "${value}"`);
  }
  await expectText(page.locator('body'), (t) => /\b1\s+Workflow\b/.test(t), 'the list\'s count "1 Workflow"');
  await assertNoPersonalData(page, 'the workflow list');
  await keep(page, 'workflow-list');
  log('  ok: the filter by stage, customer class and meter kind lists the case');

  // 2. The case's page: its event history (the default tab).
  await open(page, `${s.uiBase}${workflowPath}/history`);
  await expectText(page.locator('[data-testid="workflow-id-heading"]'), (t) => t.includes(expected.workflowId), 'the case page\'s heading');
  await expectVisible(page.getByText('Workflow Task Completed'), 'the event history');
  await assertNoPersonalData(page, 'the case\'s event history');
  await keep(page, 'case-history');
  log('  ok: the case page with its event history');

  // 3. User metadata: the static summary, and the current details the workflow keeps up to date.
  //    UI 2.54 renders each as markdown in an iframe (/render?content=…).
  await open(page, `${s.uiBase}${workflowPath}/user-metadata`);
  await expectVisible(page.locator('[data-testid="user-metadata"]'), 'the User Metadata tab');
  await expectVisible(page.locator('h3', { hasText: /^Summary$/ }), 'the "Summary" heading');
  await expectVisible(page.locator('h3', { hasText: /^Current Details$/ }), 'the "Current Details" heading');
  const summary = await expectText(
    page.frameLocator('iframe#user-metadata-summary').locator('body'),
    (t) => t === expected.summary,
    `the summary "${expected.summary}"`,
  );
  const details = await expectText(
    page.frameLocator('iframe#user-metadata-current-details').locator('body'),
    (t) => t === expected.details,
    `the current details "${expected.details}"`,
  );
  await assertNoPersonalData(page, 'the case\'s user metadata');
  await keep(page, 'case-user-metadata');
  log(`  ok: Summary "${summary}"; Current Details "${details}"`);

  // 4. The search attributes (a JSON view).
  await open(page, `${s.uiBase}${workflowPath}/search-attributes`);
  // The heading's own section holds the JSON (a CodeMirror view); other tabs' editors live in hidden dialogs.
  const block = page.locator('h3', { hasText: /^Search Attributes$/ }).locator('xpath=..').locator('.cm-content');
  for (const [name, value] of [['AfbrydStage', expected.stage], ['AfbrydCustomerClass', expected.customerClass], ['AfbrydMeterKind', expected.meterKind]]) {
    await expectText(block, (t) => t.includes(`"${name}": "${value}"`), `the search attribute ${name} = "${value}"`);
  }
  await assertNoPersonalData(page, 'the case\'s search attributes');
  await keep(page, 'case-search-attributes');
  log(`  ok: search attributes AfbrydStage "${expected.stage}", AfbrydCustomerClass "${expected.customerClass}", AfbrydMeterKind "${expected.meterKind}"`);

  // 5. Saved views (client/saved-views.ts, docs/DEPLOYMENT.md): a customer's cases, and the steps due
  //    on the case's next step day, each lists the case.
  const stepsDue = SAVED_VIEWS.find((v) => v.id === 'steps-due-today')!;
  for (const [name, viewQuery] of [
    ['saved-view-customer', customerQuery(CUSTOMER_ID)],
    ['saved-view-steps-due', stepsDue.query(expected.nextStepDay as never)],
  ] as const) {
    await openListUntilListed(page, s, viewQuery, row, expected.workflowId);
    await assertNoPersonalData(page, `the saved view ${name}`);
    await keep(page, name);
    log(`  ok: ${name} (${viewQuery}) lists the case`);
  }
}

/**
 * Everything the UI could show on expanding an event is in the history: no canary anywhere in it
 * (payloads decoded as UTF-8).
 */
async function assertHistoryFree(s: Stack, expected: Expected): Promise<void> {
  const connection = await Connection.connect({ address: s.temporalAddress });
  try {
    const history = await new Client({ connection }).workflow.getHandle(expected.workflowId, expected.runId).fetchHistory();
    const found = new Set<string>();
    const walk = (value: unknown): void => {
      if (typeof value === 'string') {
        for (const canary of CANARIES) if (value.includes(canary)) found.add(canary);
      } else if (value instanceof Uint8Array) {
        walk(Buffer.from(value).toString('utf8'));
      } else if (Array.isArray(value)) {
        value.forEach(walk);
      } else if (value && typeof value === 'object') {
        Object.values(value).forEach(walk);
      }
    };
    walk(history);
    if (found.size) fail(`the case's history (shown by the Web UI's event details) holds personal data of ${CUSTOMER_ID}: ${[...found].join(', ')}`);
    log(`  ok: none of ${CUSTOMER_ID}'s personal data in the pages or in the case's ${history.events?.length ?? 0} history events`);
  } finally {
    await connection.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  // No stale screenshots from an earlier run.
  for (const file of readdirSync(OUT)) if (/\.(png|html)$/.test(file)) rmSync(join(OUT, file));
  ensureChromium();
  ensureTemporalCli();
  const s = await startStack();
  const started = await startCaseOverHttp(s);
  const expected = await awaitReminder1(s, started);

  const userDataDir = mkdtempSync(join(tmpdir(), 'afbryd-test-ui-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1600, height: 1000 },
      timeout: 60_000,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    fail(`could not start headless Chromium (${CHROMIUM}): ${(err as Error).message.split('\n')[0]}`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  try {
    await checkUi(page, s, expected);
    await assertHistoryFree(s, expected);
  } catch (err) {
    // What the browser showed when a check failed.
    await keep(page, 'failed').catch(() => undefined);
    throw err;
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

let code = 0;
const onSignal = () => {
  log('interrupted; stopping ...');
  void stopStack().finally(() => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  await main();
  log(`passed. Screenshots (each page's HTML beside it):\n${screenshots.map((p) => `  ${p}`).join('\n')}`);
} catch (err) {
  code = 1;
  const message = err instanceof Failure ? err.message : `unexpected error: ${(err as Error).stack ?? String(err)}`;
  console.error(`afbryd test:ui: FAILED: ${message}`);
  if (screenshots.length) console.error(`afbryd test:ui: screenshots so far:\n${screenshots.map((p) => `  ${p}`).join('\n')}`);
} finally {
  await stopStack();
}
process.exit(code);

/**
 * Prometheus metrics move when a case runs (issue 17 item 3), on the shared dev server with the DataHub
 * simulator: the worker's `/metrics` (served by ops/metrics.ts `serveOps`, as worker/main.ts does)
 * counts the case started and its letter by kind and channel; the poller's counts a message peeked and
 * dequeued; the API's counts its requests and the open cases needing attention. Each is scraped over
 * HTTP (the API through its own route).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B2BDataHubPort } from '../../activities/datahub-b2b.js';
import { buildApi } from '../../client/api/app.js';
import { DataHubPoller, registerPollerMetrics } from '../../client/datahub-poller.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { createMetrics, serveOps } from '../../ops/metrics.js';
import { addDays, copenhagenLocalTime } from '../../rules/index.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { SUPPLIER_GLN, TOKEN, simClient } from '../datahub/support.js';
import { allocatePort } from '../support/ports.js';
import { startDevWorker, type DevWorker } from '../support/worker.js';

let sim: RunningDataHubSimulator;
let dev: DevWorker;
let dataDir: string;
const servers: Server[] = [];
const workerMetrics = createMetrics('worker');
const pollerMetrics = createMetrics('poller');
let workerUrl: string;
let pollerUrl: string;

beforeAll(async () => {
  sim = await startDataHubSimulator({ port: 0, tickMs: 200, behaviour: { refusalRate: 0, answerDelayMinutes: 0 } });
  dataDir = mkdtempSync(join(tmpdir(), 'afbryd-metrics-'));
  dev = await startDevWorker({
    prefix: 'metrics-e2e',
    metrics: workerMetrics,
    activityDeps: {
      ...createSimulatedDeps({ settings: resolveCaseSettings() }),
      datahub: new B2BDataHubPort({ baseUrl: sim.url, token: TOKEN, supplierGln: SUPPLIER_GLN, timeoutMs: 5000 }),
    },
  });
  const [workerPort, pollerPort] = [await allocatePort(), await allocatePort()];
  servers.push(await serveOps({ port: workerPort, host: '127.0.0.1', registry: workerMetrics.registry }));
  servers.push(await serveOps({ port: pollerPort, host: '127.0.0.1', registry: pollerMetrics.registry }));
  workerUrl = `http://127.0.0.1:${workerPort}`;
  pollerUrl = `http://127.0.0.1:${pollerPort}`;
});

afterAll(async () => {
  for (const s of servers) s.close();
  await dev?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function scrape(url: string): Promise<string> {
  const r = await fetch(`${url}/metrics`);
  expect(r.status).toBe(200);
  return r.text();
}

/** The value of a sample (name and labels as printed), or 0 if it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('/metrics after a case runs', () => {
  it('the worker counts the case started and its letter; the API its requests; the poller a message peeked and dequeued', async () => {
    // Health first: up, no token.
    expect(await (await fetch(`${workerUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const before = await scrape(workerUrl);
    const started0 = sample(before, 'afbryd_cases_started_total', { workflow_type: 'caseWorkflowV2' });
    const letters0 = sample(before, 'afbryd_letters_sent_total', { kind: 'reminder1' });

    const token = 'metrics-billing-token-0123456789';
    const app = buildApi({ client: dev.client, taskQueue: dev.taskQueue, tokens: { [token]: 'billing' } });
    const customerId = `C-metrics-${Date.now().toString(36)}`;
    (dev.deps as ReturnType<typeof createSimulatedDeps>).customers.add(customerId, { name: 'Kunde Eksempel (fiktiv)', address: ['Kundevej 1', '9999 Eksempelby'], digitalPostId: `dp-${customerId}` });
    const due = addDays(copenhagenLocalTime(Date.now()).date, -60);
    const start = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: { authorization: `Bearer ${token}` },
      payload: { customerId, meteringPointId: '571313100000000017', meterKind: 'physical', customerClass: 'household', invoices: [{ invoiceId: 'INV-M', amountOre: 150_000, dueDate: due }] },
    });
    expect(start.statusCode).toBe(201);

    let after = '';
    for (let i = 0; i < 100; i++) {
      after = await scrape(workerUrl);
      if (sample(after, 'afbryd_letters_sent_total', { kind: 'reminder1' }) > letters0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(sample(after, 'afbryd_cases_started_total', { workflow_type: 'caseWorkflowV2', process: 'worker' })).toBeGreaterThan(started0);
    expect(sample(after, 'afbryd_letters_sent_total', { kind: 'reminder1', process: 'worker' })).toBeGreaterThan(letters0);
    expect(after).toMatch(/^afbryd_process_cpu_seconds_total/m);
    expect(after).not.toContain(customerId);

    const api = await app.inject({ method: 'GET', url: '/metrics' });
    expect(api.statusCode).toBe(200);
    expect(sample(api.body, 'afbryd_api_requests_total', { route: 'POST /cases', status: '201' })).toBe(1);
    expect(api.body).toMatch(/^afbryd_cases_needing_attention\{process="api"\} \d+$/m);
    expect(api.body).toMatch(/^afbryd_cases_overdue\{process="api"\} \d+$/m);
    expect(api.body).not.toContain(customerId);
    await app.close();

    // The poller: a message nobody's case matches is peeked, kept for an operator and dequeued.
    const poller = new DataHubPoller({
      client: dev.client,
      baseUrl: sim.url,
      token: TOKEN,
      supplierGln: SUPPLIER_GLN,
      unmatchedFile: join(dataDir, 'datahub-unmatched.jsonl'),
      visibility: { attempts: 2, delayMs: 50 },
      log: () => undefined,
    });
    registerPollerMetrics(pollerMetrics.registry, poller);
    expect(sample(await scrape(pollerUrl), 'afbryd_datahub_messages_dequeued_total')).toBe(0);
    await simClient(sim.url).outbound({
      documentType: 'NotifyConnectionStatus',
      records: [{ meteringPointId: '571313100000000093', originalTransactionId: 'not-a-request-of-any-case', date: '2026-12-01', connectionState: 'E23' }],
    });
    await poller.pollOnce();
    const polled = await scrape(pollerUrl);
    expect(sample(polled, 'afbryd_datahub_messages_peeked_total', { process: 'poller' })).toBeGreaterThanOrEqual(1);
    expect(sample(polled, 'afbryd_datahub_messages_dequeued_total', { process: 'poller' })).toBeGreaterThanOrEqual(1);
  });
});

/**
 * Prometheus metrics of afbryd's processes (issue 17 item 3), with `prom-client`: one registry per
 * process, its Node.js default metrics (`afbryd_process_*`, `afbryd_nodejs_*`) and afbryd's own.
 * Labels carry vocabulary words only (a letter kind, a channel, a DataHub code, a workflow type) —
 * never an id, a name or anything a customer sent.
 *
 * | metric | where it moves |
 * |---|---|
 * | `afbryd_cases_started_total{workflow_type}` | worker: a case's settings snapshot (once per case; a case continued as new carries its own) |
 * | `afbryd_cases_closed_total{workflow_type}` | worker: a closed case archived |
 * | `afbryd_letters_sent_total{kind,channel}` | worker: a letter delivered (the channel that delivered it) |
 * | `afbryd_datahub_requests_total{activity,status}` | worker: a DataHub request answered (accepted / rejected) |
 * | `afbryd_datahub_rejections_total{code}` | worker: DataHub's rejection code |
 * | `afbryd_datahub_faults_total{fault}` | worker: a DataHub call that failed (the error's name) |
 * | `afbryd_datahub_messages_peeked_total`, `…_dequeued_total`, `…_kept_total`, `…_configuration_faults_total` | poller |
 * | `afbryd_cases_needing_attention`, `afbryd_cases_overdue` | API: open cases with `AfbrydNeedsAttention` / `AfbrydOverdue`, counted in visibility at each scrape |
 * | `afbryd_api_requests_total{route,status}` | API |
 *
 * The SDK's own runtime metrics (the worker's Rust core: task slots, poll latencies, sticky cache)
 * are exported by Temporal's Runtime on `AFBRYD_WORKER_TEMPORAL_METRICS_ADDRESS` and appended to the
 * worker's `/metrics` ({@link serveOps} `extra`).
 */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export type ProcessName = 'api' | 'worker' | 'poller';

/** The metrics of one process. */
export interface AfbrydMetrics {
  registry: Registry;
  casesStarted: Counter<'workflow_type'>;
  casesClosed: Counter<'workflow_type'>;
  lettersSent: Counter<'kind' | 'channel'>;
  dataHubRequests: Counter<'activity' | 'status'>;
  dataHubRejections: Counter<'code'>;
  dataHubFaults: Counter<'fault'>;
  apiRequests: Counter<'route' | 'status'>;
}

/** A process's registry with its default metrics and afbryd's counters. */
export function createMetrics(process: ProcessName): AfbrydMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process });
  collectDefaultMetrics({ register: registry, prefix: 'afbryd_' });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames: labelNames as L[], registers: [registry] });
  return {
    registry,
    casesStarted: counter('afbryd_cases_started_total', 'Cases started (their settings snapshotted), by workflow type', ['workflow_type']),
    casesClosed: counter('afbryd_cases_closed_total', 'Cases closed and archived, by workflow type', ['workflow_type']),
    lettersSent: counter('afbryd_letters_sent_total', 'Letters delivered, by kind and the channel that delivered them', ['kind', 'channel']),
    dataHubRequests: counter('afbryd_datahub_requests_total', "DataHub requests answered, by activity and DataHub's status", ['activity', 'status']),
    dataHubRejections: counter('afbryd_datahub_rejections_total', "DataHub's rejections, by its code", ['code']),
    dataHubFaults: counter('afbryd_datahub_faults_total', 'DataHub calls that failed, by the kind of failure', ['fault']),
    apiRequests: counter('afbryd_api_requests_total', 'API requests answered, by route and status', ['route', 'status']),
  };
}

/** A gauge whose value is read at each scrape (from the poller's counters, from visibility). */
export function gaugeFrom(registry: Registry, name: string, help: string, read: () => number | Promise<number>): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      try {
        this.set(await read());
      } catch {
        // The source did not answer: the gauge keeps its last value.
      }
    },
  });
}

/** A counter whose value is another object's running count, read at each scrape (the poller's counters). */
export function counterFrom(registry: Registry, name: string, help: string, read: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/** Options of {@link serveOps}. */
export interface OpsServerOptions {
  port: number;
  host: string;
  registry: Registry;
  /** More exposition text appended to /metrics (the SDK's runtime metrics). */
  extra?: () => Promise<string>;
}

/**
 * A small HTTP server for a process without its own (the worker, the poller): `GET /healthz` (the
 * process is up) and `GET /metrics` (Prometheus). No token: bind it where only the scraper reaches.
 */
export async function serveOps(options: OpsServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      void (async () => {
        const own = await options.registry.metrics();
        const extra = options.extra ? await options.extra().catch(() => '') : '';
        res.writeHead(200, { 'content-type': options.registry.contentType }).end(`${own}\n${extra}`);
      })().catch(() => res.writeHead(500).end());
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not-found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

/** Reads the SDK's Prometheus exposition from the Runtime's bind address (`host:port`). */
export function runtimeMetrics(address: string): () => Promise<string> {
  return async () => {
    const r = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(2000) });
    return r.ok ? await r.text() : '';
  };
}

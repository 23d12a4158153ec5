/** Helpers for the DataHub tests: the simulator's admin endpoints, Danish local times, a port on it. */
import { B2BDataHubPort } from '../../activities/datahub-b2b.js';
import { mridFromKey, type DataHubMessage, type DataHubRequest } from '../../activities/datahub.js';
import { copenhagenInstant } from '../../rules/index.js';

export const SUPPLIER_GLN = '5799999911118';
export const TOKEN = 'afbryd-dev-token';
/** Fictional metering points the simulator knows (its fixtures). */
export const POINT = {
  physicalHousehold: '571313100000000017',
  remoteHousehold: '571313100000000024',
  hourlyLarge: '571313100000000031',
  physicalBusiness: '571313100000000048',
} as const;

/** The UTC instant of a Danish local date and time, ISO. */
export function dk(date: string, time = '00:00'): string {
  return new Date(copenhagenInstant(date, time)).toISOString();
}

/** A small client of the simulator's endpoints. */
export function simClient(url: string) {
  /** A call; `Content-Type: application/json` goes with every DataHub call (DataHub 3 answers 415 without it) unless `contentType` is null. */
  const call = async (method: string, path: string, body?: unknown, token?: string, contentType: string | null = 'application/json') => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body !== undefined || (contentType !== null && path.startsWith('/api/')) ? { 'content-type': contentType ?? 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, headers: response.headers, json: json as any };
  };
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  return {
    call,
    reset: (seed?: number) => ok('POST', '/sim/reset', seed === undefined ? {} : { seed }),
    clock: (now: string) => ok('POST', '/sim/clock', { now }),
    advance: (to: string) => ok('POST', '/sim/advance', { to }),
    behaviour: (patch: Record<string, unknown>) => ok('POST', '/sim/behaviour', patch),
    faults: (incoming: { when: 'before' | 'after'; status?: number }[]) => ok('POST', '/sim/faults', { incoming }),
    state: () => ok('GET', '/sim/state'),
    log: () => ok('GET', '/sim/log') as Promise<any[]>,
    outbound: (body: unknown) => ok('POST', '/sim/outbound', body) as Promise<{ messageId: string }>,
    /** The supplier's queue, oldest first, with each document (without peeking). */
    queue: async (gln = SUPPLIER_GLN): Promise<{ messageId: string; documentType: string; peeks: number; dequeueAttempts: number; document: any }[]> => {
      const queues = (await ok('GET', '/sim/queues')) as Record<string, { messageId: string }[]>;
      return Promise.all((queues[gln] ?? []).map((m) => ok('GET', `/sim/queues/${m.messageId}`)));
    },
    dequeued: () => ok('GET', '/sim/dequeued') as Promise<{ messageId: string; peeks: number; dequeueAttempts: number }[]>,
    process: async (transactionId: string) => ((await ok('GET', '/sim/state')).processes as any[]).find((p) => p.transactionId === transactionId),
    point: async (gsrn: string) => ((await ok('GET', '/sim/state')).meteringPoints as any[]).find((p) => p.meteringPointId === gsrn),
  };
}

/** The first activity record of a queued document, and its document name. */
export function recordOf(document: any): { name: string; header: any; record: any } {
  const root = Object.keys(document)[0]!;
  const header = document[root];
  return { name: root.replace(/_MarketDocument$/, ''), header, record: header.MktActivityRecord[0] };
}

/** The adapter pointed at a simulator. */
export function portOn(url: string, options: { timeoutMs?: number; token?: string; supplierGln?: string } = {}): B2BDataHubPort {
  return new B2BDataHubPort({
    baseUrl: url,
    token: options.token ?? TOKEN,
    supplierGln: options.supplierGln ?? SUPPLIER_GLN,
    timeoutMs: options.timeoutMs ?? 5000,
    serverErrorRetry: { attempts: 3, delayMs: 5 },
  });
}

/** A message with ids derived from an idempotency key, as the activity derives them. */
export function messageFor(key: string, request: DataHubRequest): DataHubMessage {
  return { messageId: mridFromKey(key, 'message'), transactionId: mridFromKey(key, 'transaction'), request };
}

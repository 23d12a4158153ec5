/**
 * The worker's metrics (ops/metrics.ts) from what its activities answer, as an activity interceptor:
 * no activity knows about metrics, and nothing here changes what an activity does or returns.
 *
 * - a case's settings snapshot (`snapshotCaseSettings`, `snapshotOwnerCaseSettings`) → a case started;
 * - `archiveClosedCase` → a case closed;
 * - a letter delivered (a result with `letterId`, `channel` and `kind` — or, a compact or lean receipt
 *   of `sendLetter`, the input letter's `kind`) → by kind and channel;
 * - a DataHub answer (a result with `transactionId` and `status`) → by status, a rejection by its code;
 *   a DataHub activity that throws → a fault, by the error's name.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { AfbrydMetrics } from '../ops/metrics.js';

const STARTS = new Set(['snapshotCaseSettings', 'snapshotOwnerCaseSettings']);
const DATAHUB = new Set(['sendDataHubRequest', 'sendSpecialCircumstances']);
/** A label value from a vocabulary word only (never an id or free text). */
const word = (v: unknown): string => (typeof v === 'string' && /^[A-Za-z][A-Za-z0-9-]{0,39}$/.test(v) ? v : 'other');

function observe(metrics: AfbrydMetrics, activity: string, result: unknown, arg: unknown): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    if (!r || typeof r !== 'object') continue;
    const o = r as Record<string, unknown>;
    // A compact receipt (version 2, issue 14 item 8) has no kind: the letter in the input says it.
    const kind = 'kind' in o ? o.kind : (arg as { letter?: { kind?: unknown } } | undefined)?.letter?.kind;
    // A lean receipt (version 2 from release 0.6.9) has no letter id either: the activity says it is a letter.
    const letter = typeof o.letterId === 'string' || activity === 'sendLetter';
    if (letter && kind !== undefined && 'channel' in o) metrics.lettersSent.inc({ kind: word(kind), channel: word(o.channel) });
    if (typeof o.transactionId === 'string' && (o.status === 'accepted' || o.status === 'rejected')) {
      metrics.dataHubRequests.inc({ activity: word(activity), status: o.status });
      if (o.status === 'rejected') metrics.dataHubRejections.inc({ code: word(o.code) });
    }
  }
}

/** The interceptor counting into `metrics`. */
export function metricsInterceptor(metrics: AfbrydMetrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const activity = ctx.info.activityType;
        try {
          const result = await next(input);
          if (STARTS.has(activity)) metrics.casesStarted.inc({ workflow_type: word(ctx.info.workflowType) });
          else if (activity === 'archiveClosedCase') metrics.casesClosed.inc({ workflow_type: word(ctx.info.workflowType) });
          else observe(metrics, activity, result, input.args[0]);
          return result;
        } catch (err) {
          if (DATAHUB.has(activity)) metrics.dataHubFaults.inc({ fault: word((err as Error)?.name) });
          throw err;
        }
      },
    },
  });
}

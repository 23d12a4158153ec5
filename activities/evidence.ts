/**
 * The evidence archive's activity and retention job. `archiveClosedCase` keeps a closed case's final
 * view (`CaseView`) so the doors can show it after Temporal has dropped the workflow's history; the
 * mail and DataHub activities record their letters and messages themselves (`mail.ts`,
 * `datahub.ts`), with {@link currentWorkflow} naming the case workflow.
 *
 * The retention job ({@link purgeExpiredEvidence}, {@link scheduleEvidenceRetention}) deletes what
 * has outlived the retention; the worker process runs it at start and every 24 hours.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { EvidenceInputError, type EvidenceStore } from '../evidence/store.js';

/**
 * The workflow (and run) the current activity runs for, from the activity context. Outside an
 * activity (a unit test calling the function directly), or for an activity started outside a
 * workflow, there is none: `fallbackWorkflowId` (the case id) stands in and the run is unknown.
 */
export function currentWorkflow(fallbackWorkflowId: string): { workflowId: string; runId?: string } {
  let execution: { workflowId: string; runId: string } | undefined;
  try {
    execution = Context.current().info.workflowExecution;
  } catch {
    execution = undefined;
  }
  return execution ? { workflowId: execution.workflowId, runId: execution.runId } : { workflowId: fallbackWorkflowId };
}

/**
 * Runs a write to the evidence archive. A malformed record becomes a non-retryable failure; any other
 * error (the database unreachable) a retryable one, so Temporal retries the activity — the party
 * dedupes the resend by its idempotency key and the archive the record by its unique key. The
 * message names the record, never its content.
 */
export async function recordEvidence<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const first = String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 300);
    if (err instanceof EvidenceInputError) {
      throw ApplicationFailure.create({ nonRetryable: true, type: 'InvalidEvidence', message: `${what}: ${first}` });
    }
    throw ApplicationFailure.create({ type: 'EvidenceUnavailable', message: `${what}: the evidence archive could not record it (${first})` });
  }
}

/**
 * Input of `archiveClosedCase`. Since issue 14 item 8 the case passes only what the archive cannot read
 * elsewhere — the case id and why and when it closed — and the activity reads the final view with
 * the case's own `caseView` query (the worker's client, the activity's run): the 11 KB view no longer
 * sits in every closed case's history. A case whose activity was scheduled before passes `view` (the
 * old shape), and that view is archived as it is.
 */
export interface ArchiveClosedCaseInput {
  /** The case id (`CaseInput.caseId`). */
  caseId: string;
  /**
   * The final `CaseView` (JSON-serialisable; ids, dates and amounts, no names or addresses). Only in
   * the old shape; unset: read with the `caseView` query.
   * @default undefined
   */
  view?: unknown;
  /** Why it closed (`CloseReason`, the view's `closed.reason`). */
  reason: string;
  /** When it closed (ISO instant, the view's `closed.at`); with the workflow id, the record's unique key. */
  closedAt: string;
}

/** The query every kind of case answers with its view (`caseViewQuery` in `workflows/case/definitions.ts`; by name, as no activity imports a workflow file). */
export const CASE_VIEW_QUERY = 'caseView';

/**
 * Reads a case's view from the workflow itself: its `caseView` query, by the worker's client (the
 * activity context's), on the run the activity belongs to. The run is open — it is waiting for this
 * activity — so its worker answers from the state it holds.
 */
async function queryCaseView(execution: { workflowId: string; runId?: string }): Promise<unknown> {
  return Context.current().client.workflow.getHandle(execution.workflowId, execution.runId).query<unknown>(CASE_VIEW_QUERY);
}

/** Builds the evidence activities. */
export function createEvidenceActivities(deps: {
  evidence: EvidenceStore;
  /**
   * How the activity reads a closed case's view when the input does not carry it.
   * @default the case's `caseView` query through the worker's client
   */
  readView?: (execution: { workflowId: string; runId?: string }) => Promise<unknown>;
}) {
  const readView = deps.readView ?? queryCaseView;
  return {
    /**
     * Archives a closed case's final view under the calling workflow's id (from the activity
     * context), for `readCase`: the view in the input (the old shape), else the one the case's
     * `caseView` query answers — which must be the closed one (`closed.at` = `closedAt`), or the
     * attempt fails and is retried. Idempotent: a retry, or a second call with the same `closedAt`,
     * stores nothing more (`{ stored: false }`).
     * @throws ApplicationFailure `InvalidEvidence` (non-retryable) for a malformed input,
     *   `EvidenceUnavailable` (retried) when the archive cannot be written, `CaseViewUnavailable`
     *   (retried) when the query answers a view that is not the closed one.
     */
    async archiveClosedCase(input: ArchiveClosedCaseInput): Promise<{ stored: boolean }> {
      const { workflowId, runId } = currentWorkflow(input.caseId);
      let view = input.view;
      if (view === undefined) {
        view = await readView({ workflowId, ...(runId ? { runId } : {}) });
        const closed = (view as { closed?: { at?: unknown; reason?: unknown } } | null | undefined)?.closed;
        if (closed?.at !== input.closedAt || closed?.reason !== input.reason) {
          throw ApplicationFailure.create({
            type: 'CaseViewUnavailable',
            message: `closed case ${input.caseId}: the case's view is not the one that closed at ${input.closedAt} (${input.reason}); read again on retry`,
          });
        }
      }
      return recordEvidence(`closed case ${input.caseId}`, () =>
        deps.evidence.recordClosedCase({
          workflowId,
          ...(runId ? { runId } : {}),
          caseId: input.caseId,
          reason: input.reason,
          closedAt: input.closedAt,
          view,
        }),
      );
    },
  };
}

/** The evidence activities, typed as the factory's return value (for workflows' `proxyActivities<…>`). */
export type EvidenceActivities = ReturnType<typeof createEvidenceActivities>;

/**
 * The retention purge: deletes every record whose `expiresAt` has passed (`EvidenceStore.purgeExpired`).
 * @param now @default new Date()
 */
export async function purgeExpiredEvidence(evidence: EvidenceStore, now: Date = new Date()): Promise<{ deleted: number }> {
  return evidence.purgeExpired(now);
}

/** The retention job's interval: once a day. */
export const EVIDENCE_RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Runs {@link purgeExpiredEvidence} now and then every `intervalMs` (24 h) until stopped. A failed run
 * is logged and tried again at the next interval; the timer does not keep the process alive. One run
 * at a time. Several processes running it is harmless (a row is deleted once), but only the worker
 * does.
 */
export function scheduleEvidenceRetention(options: {
  evidence: EvidenceStore;
  /** @default 24 h */
  intervalMs?: number;
  /** One log line per run (counts and errors, no content). @default console */
  log?: (line: { level: 'info' | 'warn'; msg: string; deleted?: number; error?: string }) => void;
}): { stop(): void; /** Settles when the run in hand (if any) is done. */ idle(): Promise<void> } {
  const log = options.log ?? ((line) => (line.level === 'warn' ? console.warn : console.log)(`afbryd evidence: ${line.msg}${line.error ? `: ${line.error}` : ''}`));
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const run = () => {
    if (busy) return;
    busy = true;
    running = purgeExpiredEvidence(options.evidence)
      .then(
        ({ deleted }) => log({ level: 'info', msg: `retention purge deleted ${deleted} expired record(s)`, deleted }),
        (err: unknown) => log({ level: 'warn', msg: 'retention purge failed; tried again at the next interval', error: String((err as Error)?.message ?? err).split('\n')[0] }),
      )
      .finally(() => {
        busy = false;
      });
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? EVIDENCE_RETENTION_INTERVAL_MS);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    idle: () => running,
  };
}

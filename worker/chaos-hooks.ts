/**
 * What the chaos run (`npm run chaos`, `scripts/chaos/`) needs of the worker, wired by
 * `worker/parties.ts`:
 *
 * - {@link appendMailLog}: the simulated digital post's and print post's call log, appended to a
 *   JSON-lines file (`AFBRYD_SIM_MAIL_LOG`) one line per call, synchronously, duplicates included — so
 *   it survives a SIGKILLed worker, whose in-memory log (and dedupe table) dies with it. Ids and hashes
 *   only: idempotency key, case id, letter kind, cycle (parsed from the key the workflow derives,
 *   `<caseId>:<step>:<cycle>[:corrected]`), content hash, channel, outcome, duplicate flag, time, the
 *   worker's pid. Never a name, an address or a letter's text.
 * - {@link breakIdempotency}: the negative control (`AFBRYD_TEST_BREAK_IDEMPOTENCY`, test-only,
 *   refused in production configuration by `config/test-hooks.ts`): every call to the parties gets a
 *   fresh key / `mRID`, as an activity that made them up per attempt would.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ActivityDeps } from '../activities/index.js';
import type { SimulatedCall } from '../simulators/mail.js';

/** One line of the mail delivery log. */
export interface MailLogLine {
  /** The simulator's clock at the call, ISO instant. */
  at: string;
  channel: 'digital' | 'letter';
  /** The simulator's call number (restarts at 1 with each worker process). */
  seq: number;
  /** The worker process that made the call. */
  pid: number;
  idempotencyKey: string;
  /** From the key; unset for a key afbryd's cases did not make. */
  caseId?: string;
  /** The letter's step (`reminder1`, `disconnectionNotice`, …; `…:corrected` for a corrected letter). */
  letterKind?: string;
  cycle?: number;
  contentHash: string;
  outcome: SimulatedCall['outcome'];
  /** A repeat of a key this worker process had seen: nothing was delivered. */
  duplicate: boolean;
  conflict: boolean;
  answerLost?: true;
}

/** Splits a case's letter key `<caseId>:<step>:<cycle>[:corrected]` (anything after it is ignored). */
export function parseLetterKey(key: string): { caseId: string; letterKind: string; cycle: number } | undefined {
  const m = /^([^:]+):([A-Za-z0-9-]+):(\d+)(:corrected)?/.exec(key);
  if (!m) return undefined;
  return { caseId: m[1]!, letterKind: `${m[2]!}${m[4] ?? ''}`, cycle: Number(m[3]) };
}

/** Appends every call of the simulated digital post and print post to `file` (JSON lines). */
export function appendMailLog(deps: Pick<SimulatedMail, 'digitalPost' | 'printPost'>, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const writer = (channel: MailLogLine['channel']) => (call: SimulatedCall) => {
    const line: MailLogLine = {
      at: call.at,
      channel,
      seq: call.seq,
      pid: process.pid,
      idempotencyKey: call.idempotencyKey,
      ...parseLetterKey(call.idempotencyKey),
      contentHash: call.contentHash,
      outcome: call.outcome,
      duplicate: call.duplicate,
      conflict: call.conflict,
      ...(call.answerLost ? { answerLost: true as const } : {}),
    };
    // Synchronous: the line is in the file (the OS's page cache) before the call returns, so a
    // SIGKILL right after a delivery cannot lose it.
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  deps.digitalPost.onCall(writer('digital'));
  deps.printPost.onCall(writer('letter'));
}

interface SimulatedMail {
  digitalPost: { onCall(listener: (call: SimulatedCall) => void): unknown };
  printPost: { onCall(listener: (call: SimulatedCall) => void): unknown };
}

/**
 * The negative control: wraps the mail and DataHub ports so that each call carries a fresh
 * idempotency key (`<key>~<random>`) or fresh message and transaction ids. The parties cannot dedupe
 * a retry any more; the chaos run's checks must see the second delivery.
 */
export function breakIdempotency(deps: ActivityDeps): void {
  const { digitalPost, printPost, datahub } = deps;
  const fresh = (key: string) => `${key}~${randomUUID().slice(0, 8)}`;
  deps.digitalPost = { send: (request) => digitalPost.send({ ...request, idempotencyKey: fresh(request.idempotencyKey) }) };
  deps.printPost = { dispatch: (request) => printPost.dispatch({ ...request, idempotencyKey: fresh(request.idempotencyKey) }) };
  deps.datahub = {
    send: (message) => datahub.send({ ...message, messageId: randomUUID(), transactionId: randomUUID() }),
    ...(datahub.masterData ? { masterData: (meteringPointId: string) => datahub.masterData!(meteringPointId) } : {}),
  };
}

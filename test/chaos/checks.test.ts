/**
 * The chaos run's pieces without a server: the verdict over the parties' logs (scripts/chaos/checks.ts)
 * on hand-made evidence, the mail simulators' durable log and lost answers, and the test-only hooks
 * refused in production configuration (config/test-hooks.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTestHooks } from '../../config/test-hooks.js';
import { judge, type CaseEnd, type ChaosEvidence, type SimLogEntry } from '../../scripts/chaos/checks.js';
import { importFile, planCases, type PlannedCase } from '../../scripts/chaos/plan.js';
import { seededRng } from '../../scripts/chaos/rng.js';
import { DigitalPostSimulator, PrintPostSimulator, SimulatedOutageError } from '../../simulators/mail.js';
import { appendMailLog, parseLetterKey, type MailLogLine } from '../../worker/chaos-hooks.js';
import { readImportTable, validateRows } from '../../client/import/rows.js';
import { DEFAULT_RULES_SETTINGS } from '../../rules/index.js';

const [billing, household] = planCases(2, seededRng(1), '5713000000') as [PlannedCase, PlannedCase];

function letter(c: PlannedCase, kind: string, extra: Partial<MailLogLine> = {}): MailLogLine {
  return {
    at: '2026-11-23T09:00:00.000Z',
    channel: 'digital',
    seq: 1,
    pid: 1,
    idempotencyKey: `${c.caseId}:${kind}:0`,
    caseId: c.caseId,
    letterKind: kind,
    cycle: 0,
    contentHash: `hash-${kind}`,
    outcome: 'delivered',
    duplicate: false,
    conflict: false,
    ...extra,
  };
}

function request(c: PlannedCase, type: string, mRID: string, record: Record<string, unknown>, outcome: SimLogEntry['outcome'] = 'accepted'): SimLogEntry {
  return {
    seq: 0,
    at: '2026-11-23T09:00:00.000Z',
    documentType: type,
    messageId: mRID,
    meteringPointIds: [c.meteringPointId],
    outcome,
    document: { [`${type}_MarketDocument`]: { mRID, MktActivityRecord: [record] } },
  };
}

function closed(reason: 'paid' | 'reopened', lines: { messageId: string; what: string }[] = []): CaseEnd {
  return {
    status: 'COMPLETED',
    view: {
      stage: 'closed',
      closed: { reason, at: '2026-11-23T10:00:00.000Z' },
      timeline: lines.map((l) => ({ at: '2026-11-23T09:00:00.000Z', what: l.what, cause: { type: 'event', messageId: l.messageId, eventType: 'disconnected' } })),
    },
  };
}

/** A clean run of two cases: a billing-run case paid after rykker 1, a household reopened. */
function clean(): ChaosEvidence {
  const cutoff = { 'start_DateAndOrTime.dateTime': '2026-11-26T23:00:00Z' };
  return {
    cases: [billing, household],
    ends: new Map([
      [billing.workflowId, closed('paid')],
      [household.workflowId, closed('reopened', [{ messageId: 'in-1', what: 'disconnected on 2026-11-27' }, { messageId: 'in-2', what: 'reopened on 2026-12-01' }, { messageId: 'in-2', what: 'case closed: reopened' }])],
    ]),
    mailLog: [
      letter(billing, 'reminder1'),
      letter(billing, 'reminder1', { duplicate: true }), // a retry the dedupe answered
      letter(household, 'disconnectionNotice'),
      letter(household, 'disconnectionNotice', { pid: 2 }), // delivered again under the same key after a kill
      letter(household, 'reopeningNotice', { channel: 'letter', outcome: 'dispatched' }),
    ],
    simLog: [
      request(household, 'RequestEndOfSupply', 'm-1', cutoff, 'lost-answer'),
      request(household, 'RequestEndOfSupply', 'm-1', cutoff, 'duplicate'),
      request(household, 'RequestChangeOfSupplier', 'm-2', cutoff),
      request(household, 'RequestService', 'm-3', { serviceType: { value: 'D03' }, 'start_DateAndOrTime.dateTime': '2026-11-30T23:00:00Z' }),
    ],
    dequeued: [
      { messageId: 'in-1', documentType: 'NotifyConnectionStatus', peeks: 2, dequeueAttempts: 1 },
      { messageId: 'in-2', documentType: 'NotifyConnectionStatus', peeks: 1, dequeueAttempts: 1 },
      { messageId: 'in-3', documentType: 'ConfirmRequestService', peeks: 1, dequeueAttempts: 1 },
    ],
    queued: [],
    kept: ['in-3'],
  };
}

describe('the chaos run\'s verdict (scripts/chaos/checks.ts)', () => {
  it('a clean run: no violations; retries are counted as duplicates seen', () => {
    const { violations, counts } = judge(clean());
    expect(violations).toEqual([]);
    expect(counts).toMatchObject({
      cases: 2,
      casesAsExpected: 2,
      letters: 3,
      mailRetriesDeduped: 1,
      mailRedeliveredSameKey: 1,
      requests: 3,
      datahubDuplicatesAnswered: 1,
      datahubLostAnswers: 1,
      inbound: 3,
      inboundRedelivered: 1,
      inboundKept: 1,
      duplicatesSeen: 4,
      violations: 0,
    });
  });

  it('a second key for one letter, a second mRID for one cut-off: duplicates found', () => {
    const e = clean();
    const cutoff = { 'start_DateAndOrTime.dateTime': '2026-11-26T23:00:00Z' };
    const { violations } = judge({
      ...e,
      mailLog: [...e.mailLog, letter(billing, 'reminder1', { idempotencyKey: `${billing.caseId}:reminder1:0~1a2b3c4d` })],
      simLog: [...e.simLog, request(household, 'RequestEndOfSupply', 'm-9', cutoff)],
    });
    expect(violations).toEqual([
      `case ${billing.workflowId}: 2 distinct deliveries of letter reminder1 (cycle 0): ${billing.caseId}:reminder1:0, ${billing.caseId}:reminder1:0~1a2b3c4d`,
      `metering point ${household.meteringPointId}: 2 distinct RequestEndOfSupply messages for cut-off 2026-11-26T23:00:00Z: m-1, m-9`,
      `case ${household.workflowId} (household-reopened): DataHub received [RequestChangeOfSupplier, RequestEndOfSupply, RequestEndOfSupply, RequestService:D03], expected [RequestChangeOfSupplier, RequestEndOfSupply, RequestService:D03]`,
    ]);
  });

  it('missing letters and requests, a case that did not close as scripted, one key with two contents', () => {
    const e = clean();
    const { violations } = judge({
      ...e,
      ends: new Map([...e.ends, [household.workflowId, { status: 'RUNNING', view: { stage: 'disconnected', timeline: e.ends.get(household.workflowId)!.view!.timeline } }]]),
      mailLog: [...e.mailLog.filter((l) => l.letterKind !== 'reopeningNotice'), letter(billing, 'reminder1', { duplicate: true, conflict: true })],
      simLog: e.simLog.filter((x) => x.documentType !== 'RequestService'),
    });
    expect(violations).toEqual([
      `case ${household.workflowId} (household-reopened): expected closed (reopened), found RUNNING at stage disconnected`,
      `letter ${billing.caseId}:reminder1:0: one key, two contents (digital)`,
      `case ${household.workflowId} (household-reopened): letters delivered [disconnectionNotice], expected [disconnectionNotice, reopeningNotice]`,
      `case ${household.workflowId} (household-reopened): DataHub received [RequestChangeOfSupplier, RequestEndOfSupply], expected [RequestChangeOfSupplier, RequestEndOfSupply, RequestService:D03]`,
    ]);
  });

  it('inbound messages: never dequeued, lost, applied twice, in two cases, applied and kept', () => {
    const e = clean();
    const twice = closed('reopened', [
      { messageId: 'in-1', what: 'disconnected on 2026-11-27' },
      { messageId: 'in-1', what: 'disconnected on 2026-11-27' },
      { messageId: 'in-2', what: 'reopened on 2026-12-01' },
    ]);
    const { violations } = judge({
      ...e,
      ends: new Map([[billing.workflowId, closed('paid', [{ messageId: 'in-2', what: 'message rejected: reopened' }])], [household.workflowId, twice]]),
      dequeued: [...e.dequeued, { messageId: 'in-4', documentType: 'NotifyGridCharge', peeks: 1, dequeueAttempts: 1 }],
      queued: [{ messageId: 'in-5', documentType: 'NotifyConnectionStatus' }],
      kept: ['in-3', 'in-1'],
    });
    expect(violations).toEqual([
      'DataHub message in-5 (NotifyConnectionStatus) was never dequeued',
      `DataHub message in-1 (NotifyConnectionStatus) reached ${household.workflowId} and was also kept for an operator`,
      `DataHub message in-1 (NotifyConnectionStatus) applied more than once by ${household.workflowId}: disconnected on 2026-11-27`,
      `DataHub message in-2 (NotifyConnectionStatus) reached 2 cases: ${billing.workflowId}, ${household.workflowId}`,
      'DataHub message in-4 (NotifyGridCharge) was dequeued but neither reached a case nor was kept: lost',
    ]);
  });
});

describe('the chaos run\'s cases (scripts/chaos/plan.ts)', () => {
  it('every script from 4 cases on; the import file passes the go-live import\'s validation', () => {
    const cases = planCases(40, seededRng(5), '5713123456');
    expect(new Set(cases.slice(0, 4).map((c) => c.script)).size).toBe(4);
    expect(new Set(cases.map((c) => c.meteringPointId)).size).toBe(40);
    for (const today of ['2026-11-23', '2026-12-24', '2027-04-01', '2027-07-15']) {
      const verdicts = validateRows(readImportTable(importFile(cases, today)), { importDay: today, settings: DEFAULT_RULES_SETTINGS, source: 'chaos' });
      expect(verdicts.filter((v) => !v.ok)).toEqual([]);
    }
  });
});

describe('the mail simulators\' durable log (worker/chaos-hooks.ts)', () => {
  it('one JSON line per call, duplicates and lost answers included, ids only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afbryd-mail-log-'));
    try {
      const digitalPost = new DigitalPostSimulator({ now: () => new Date('2026-11-23T09:00:00Z') });
      const printPost = new PrintPostSimulator({ now: () => new Date('2026-11-23T09:00:00Z') });
      appendMailLog({ digitalPost, printPost }, join(dir, 'mail.jsonl'));
      digitalPost.loseEveryNthAnswer(2);
      const pdf = new Uint8Array(Buffer.from('%PDF-1.3 Kanarie'));
      const send = (key: string) => digitalPost.send({ idempotencyKey: key, recipientId: 'dp-1', subject: 'Kanarie', body: 'Kanarievej 1', contentHash: 'h', pdf, pdfSha256: 'p' });
      await send('c-1:reminder1:0');
      await expect(send('c-1:reminder2:0')).rejects.toBeInstanceOf(SimulatedOutageError); // delivered, answer lost
      await send('c-1:reminder2:0'); // the retry: the dedupe answers it
      await printPost.dispatch({ idempotencyKey: 'c-1:disconnectionNotice:1:corrected', name: 'Kanarie', address: ['Kanarievej 1'], subject: 's', body: 'b', contentHash: 'h2', pdf, pdfSha256: 'p2' });
      const text = readFileSync(join(dir, 'mail.jsonl'), 'utf8');
      expect(text).not.toMatch(/Kanarie/);
      const lines = text.trim().split('\n').map((l) => JSON.parse(l) as MailLogLine);
      expect(lines.map((l) => [l.channel, l.caseId, l.letterKind, l.cycle, l.outcome, l.duplicate, l.answerLost ?? false])).toEqual([
        ['digital', 'c-1', 'reminder1', 0, 'delivered', false, false],
        ['digital', 'c-1', 'reminder2', 0, 'delivered', false, true],
        ['digital', 'c-1', 'reminder2', 0, 'delivered', true, false],
        ['letter', 'c-1', 'disconnectionNotice:corrected', 1, 'dispatched', false, false],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses the keys cases make, with or without a suffix', () => {
    expect(parseLetterKey('571313100000000017-C-1001-INV-1:reminder1:0')).toEqual({ caseId: '571313100000000017-C-1001-INV-1', letterKind: 'reminder1', cycle: 0 });
    expect(parseLetterKey('c:reopeningNotice:2:corrected~ab12')).toEqual({ caseId: 'c', letterKind: 'reopeningNotice:corrected', cycle: 2 });
    expect(parseLetterKey('not-a-case-key')).toBeUndefined();
  });
});

describe('test-only hooks are refused in production configuration (config/test-hooks.ts)', () => {
  const hooks = { AFBRYD_TEST_BREAK_IDEMPOTENCY: 'true', AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY: '5' };

  it('off by default; allowed on the embedded dev server with a loopback DataHub', () => {
    expect(loadTestHooks({})).toEqual({ breakIdempotency: false, mailLostAnswerEvery: 0 });
    expect(loadTestHooks({ ...hooks, AFBRYD_DATAHUB_URL: 'http://127.0.0.1:7300' })).toEqual({ breakIdempotency: true, mailLostAnswerEvery: 5 });
  });

  it.each([
    ['a Temporal cluster', { TEMPORAL_ADDRESS: 'temporal.example:7233' }],
    ['Temporal Cloud', { TEMPORAL_API_KEY: 'key' }],
    ['a DataHub elsewhere', { AFBRYD_DATAHUB_URL: 'https://b2b.datahub3.dk' }],
  ])('refused with %s', (_what, env) => {
    expect(() => loadTestHooks({ ...hooks, ...env })).toThrow(
      /^invalid configuration: AFBRYD_TEST_BREAK_IDEMPOTENCY, AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY are test-only hooks, refused outside the embedded dev server/,
    );
    expect(() => loadTestHooks({ AFBRYD_TEST_BREAK_IDEMPOTENCY: 'false', ...env })).not.toThrow();
  });

  it('a bad value names the variable', () => {
    expect(() => loadTestHooks({ AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY: 'often' })).toThrow(/AFBRYD_SIM_MAIL_LOST_ANSWER_EVERY must be a whole number/);
  });
});

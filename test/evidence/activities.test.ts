/**
 * The activities write the evidence archive: `sendLetter` records the letter as sent (rendered
 * content with the customer's name and address — only there, never in the receipt or the logs),
 * `sendDataHubRequest` the message with the CIM document the B2B adapter POSTed (or the domain
 * request) and DataHub's answer, `archiveClosedCase` the final view, the DataHub poller each inbound
 * message; all under the workflow id of the activity context, once however often retried.
 */
import type { Client } from '@temporalio/client';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDataHubActivities, mridFromKey, type DataHubReceipt, type DataHubRequest } from '../../activities/datahub.js';
import { createEvidenceActivities, purgeExpiredEvidence, scheduleEvidenceRetention } from '../../activities/evidence.js';
import { createActivities } from '../../activities/index.js';
import { letterContentHash } from '../../activities/letters/render.js';
import type { SecurityDemandLetter } from '../../activities/letters/types.js';
import { createMailActivities, type LetterReceipt, type SendLetterInput } from '../../activities/mail.js';
import { DataHubPoller } from '../../client/datahub-poller.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { createMemoryEvidenceStore } from '../../evidence/sqlite.js';
import type { EvidenceStore } from '../../evidence/store.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { InMemoryDataHub } from '../../simulators/datahub-memory.js';
import { createSimulatedParties, type SimulatedParties } from '../../simulators/index.js';
import { createSimulatedDeps } from '../../worker/parties.js';
import { POINT, SUPPLIER_GLN, TOKEN, dk, portOn, simClient } from '../datahub/support.js';

const CANARY_NAME = 'Kanarie Fuglesang';
const CANARY = { name: CANARY_NAME, address: ['Kanarievej 7, 1. tv.', '9999 Eksempelby'] };
const CASE = 'K-2026-0042';
const WORKFLOW = 'case-571313100000012345-C-42';
const RUN = '11111111-2222-4333-8444-555555555555';

const securityDemand: SecurityDemandLetter = {
  kind: 'securityDemand',
  caseId: CASE,
  meteringPointId: '571313100000012345',
  customerClass: 'household',
  amountDueOre: 123_450,
  securityAmountOre: 450_000,
  deadline: '2026-10-30',
  withoutArrears: false,
};

function input(overrides: Partial<SendLetterInput> = {}): SendLetterInput {
  return { idempotencyKey: `${CASE}:securityDemand:1`, caseId: CASE, customerId: 'K-1', letter: securityDemand, ...overrides };
}

class CapturingLogger implements Logger {
  readonly lines: { level: LogLevel; message: string; meta?: LogMetadata }[] = [];
  log(level: LogLevel, message: string, meta?: LogMetadata) {
    this.lines.push({ level, message, ...(meta ? { meta } : {}) });
  }
  trace(message: string, meta?: LogMetadata) {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata) {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata) {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata) {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata) {
    this.log('ERROR', message, meta);
  }
}

/** An activity context of the case workflow (its log lines captured, not printed). */
function inCase(logger: Logger = new CapturingLogger()) {
  return new MockActivityEnvironment({ workflowExecution: { workflowId: WORKFLOW, runId: RUN } }, { logger });
}

let evidence: EvidenceStore;
beforeEach(() => {
  evidence = createMemoryEvidenceStore();
});

describe('sendLetter records the letter as sent', () => {
  let parties: SimulatedParties;
  beforeEach(() => {
    parties = createSimulatedParties({ now: () => new Date('2026-10-09T08:30:00.000Z') });
    parties.customers.add('K-1', { ...CANARY, digitalPostId: 'dp-kanarie' });
    parties.customers.add('K-2', { ...CANARY });
  });

  it('digital post: the rendered subject and body, hash, channel, dates and ids, under the workflow id; the content only there', async () => {
    const logger = new CapturingLogger();
    const mail = createMailActivities({ ...parties, evidence });
    const receipt = (await inCase(logger).run(mail.sendLetter, input())) as LetterReceipt;

    const archived = await evidence.readCase(WORKFLOW);
    expect(archived!.caseId).toBe(CASE);
    expect(archived!.letters).toHaveLength(1);
    const recorded = archived!.letters[0]!;
    const delivered = parties.digitalPost.contentOf(receipt.letterId)!;
    expect(recorded).toMatchObject({
      workflowId: WORKFLOW,
      runId: RUN,
      caseId: CASE,
      letterId: `${CASE}:securityDemand:1`,
      idempotencyKey: `${CASE}:securityDemand:1`,
      kind: 'securityDemand',
      channel: 'digital',
      subject: delivered.subject,
      body: delivered.body,
      contentHash: receipt.contentHash,
      sentAt: '2026-10-09T08:30:00.000Z',
      sentDate: '2026-10-09',
      receivedDate: receipt.receivedDate,
      receiptBasis: receipt.receiptBasis,
      deliveryId: receipt.deliveryId,
    });
    expect(recorded.body).toContain(CANARY_NAME); // the lawful proof holds the name and address …
    expect(letterContentHash(recorded.subject, recorded.body)).toBe(receipt.contentHash);
    // The document itself (#15 item 14): the PDF digital post got, byte for byte, with its hash.
    const sentPdf = parties.digitalPost.documentOf(receipt.letterId)!;
    const archivedPdf = await evidence.readLetterPdf(WORKFLOW, receipt.letterId);
    expect(Buffer.from(archivedPdf!).equals(Buffer.from(sentPdf.pdf))).toBe(true);
    expect(recorded.pdfSha256).toBe(sentPdf.pdfSha256);
    expect(recorded.pdfSha256).toBe(createHash('sha256').update(archivedPdf!).digest('hex'));
    expect(JSON.stringify(receipt)).not.toContain('%PDF');
    // … and nothing else does.
    expect(JSON.stringify(receipt)).not.toContain(CANARY_NAME);
    expect(JSON.stringify(logger.lines)).not.toContain(CANARY_NAME);
    expect(JSON.stringify(logger.lines)).not.toContain('Kanarievej');
  });

  it('a physical letter after the fallback, with the fallback recorded', async () => {
    const mail = createMailActivities({ ...parties, evidence });
    const receipt = (await inCase().run(mail.sendLetter, input({ customerId: 'K-2' }))) as LetterReceipt;
    const [recorded] = (await evidence.readCase(WORKFLOW))!.letters;
    expect(recorded).toMatchObject({ channel: 'letter', deliveryId: receipt.deliveryId, fallback: { from: 'digital', reason: 'no-mailbox' } });
    expect(recorded!.body).toContain('Kanarievej 7');
    const printed = parties.printPost.documentOf(receipt.letterId)!;
    expect(recorded!.pdfSha256).toBe(printed.pdfSha256);
    expect(Buffer.from((await evidence.readLetterPdf(WORKFLOW, receipt.letterId))!).equals(Buffer.from(printed.pdf))).toBe(true);
  });

  it('a retried activity (same key) delivers once and records once', async () => {
    const mail = createMailActivities({ ...parties, evidence });
    const first = (await inCase().run(mail.sendLetter, input())) as LetterReceipt;
    const again = (await inCase().run(mail.sendLetter, input())) as LetterReceipt;
    expect(again).toEqual(first);
    expect(parties.digitalPost.deliveries()).toHaveLength(1);
    expect((await evidence.readCase(WORKFLOW))!.letters).toHaveLength(1);
    // The retry rendered the identical PDF: the same hash as the one delivered and archived.
    const dup = parties.digitalPost.calls().filter((x) => x.duplicate);
    expect(dup.map((x) => x.conflict)).toEqual([false]);
    expect((await evidence.readCase(WORKFLOW))!.letters[0]!.pdfSha256).toBe(parties.digitalPost.documentOf(first.letterId)!.pdfSha256);
  });

  it('when the archive cannot write, the attempt fails retryably (naming no content); the retry resends nothing and records', async () => {
    let failures = 1;
    const flaky: EvidenceStore = Object.assign(Object.create(evidence) as EvidenceStore, {
      recordLetter: async (e: Parameters<EvidenceStore['recordLetter']>[0]) => {
        if (failures-- > 0) throw new Error('SQLITE_BUSY: database is locked');
        return evidence.recordLetter(e);
      },
    });
    const mail = createMailActivities({ ...parties, evidence: flaky });
    const err = await inCase().run(mail.sendLetter, input()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'EvidenceUnavailable', nonRetryable: false });
    expect(String((err as Error).message)).not.toContain(CANARY_NAME);
    expect(await evidence.readCase(WORKFLOW)).toBeUndefined();

    await inCase().run(mail.sendLetter, input());
    expect(parties.digitalPost.deliveries()).toHaveLength(1);
    expect((await evidence.readCase(WORKFLOW))!.letters).toHaveLength(1);
  });

  it('outside an activity (a unit test), the case id stands in for the workflow id; without a store nothing is recorded', async () => {
    await createMailActivities({ ...parties, evidence }).sendLetter(input());
    expect((await evidence.readCase(CASE))!.letters[0]!.runId).toBeUndefined();
    await expect(createMailActivities(parties).sendLetter(input({ idempotencyKey: `${CASE}:securityDemand:2` }))).resolves.toMatchObject({ channel: 'digital' });
  });
});

const endOfSupply = (meteringPointId: string): DataHubRequest => ({ kind: 'RequestEndOfSupply', meteringPointId, cutoff: '2026-11-10', circumstances: [] });

describe('sendDataHubRequest records the message and DataHub\'s answer', () => {
  it('the in-memory DataHub: the domain request as the document', async () => {
    const datahub = new InMemoryDataHub();
    const { sendDataHubRequest } = createDataHubActivities({ datahub, evidence });
    const key = `${CASE}:datahub-request:0`;
    const receipt = (await inCase().run(sendDataHubRequest, { idempotencyKey: key, caseId: CASE, request: endOfSupply(POINT.physicalHousehold) })) as DataHubReceipt;
    const [message] = (await evidence.readCase(WORKFLOW))!.messages;
    expect(message).toMatchObject({
      direction: 'outbound',
      workflowId: WORKFLOW,
      runId: RUN,
      caseId: CASE,
      idempotencyKey: key,
      messageId: receipt.messageId,
      transactionId: receipt.transactionId,
      documentType: 'RequestEndOfSupply',
      document: endOfSupply(POINT.physicalHousehold),
      outcome: { status: receipt.status === 'accepted' ? 'accepted' : 'rejected' },
    });
  });

  describe('over the B2B adapter and the simulator', () => {
    let sim: RunningDataHubSimulator;
    beforeAll(async () => {
      sim = await startDataHubSimulator({ port: 0, clock: { mode: 'manual', now: dk('2026-11-05', '10:00') }, behaviour: { refusalRate: 0, answerDelayMinutes: 0 } });
    });
    afterAll(async () => {
      await sim?.close();
    });

    it('the CIM document POSTed, accepted; a retry (DataHub: duplicate) adds no second record', async () => {
      const { sendDataHubRequest } = createDataHubActivities({ datahub: portOn(sim.url), evidence });
      const key = `${CASE}:datahub-request:1`;
      const request = { idempotencyKey: key, caseId: CASE, request: endOfSupply(POINT.physicalHousehold) };
      const receipt = (await inCase().run(sendDataHubRequest, request)) as DataHubReceipt;
      expect(receipt).toEqual({ messageId: mridFromKey(key, 'message'), transactionId: mridFromKey(key, 'transaction'), status: 'accepted' });
      expect(await inCase().run(sendDataHubRequest, request)).toEqual(receipt); // the duplicate counts as success

      const messages = (await evidence.readCase(WORKFLOW))!.messages;
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ documentType: 'RequestEndOfSupply', outcome: { status: 'accepted' } });
      const doc = (messages[0]!.document as Record<string, any>).RequestEndOfSupply_MarketDocument;
      expect(doc.mRID).toBe(receipt.messageId);
      expect(doc.MktActivityRecord[0].mRID).toBe(receipt.transactionId);
      expect(doc['sender_MarketParticipant.mRID']).toEqual({ codingScheme: 'A10', value: SUPPLIER_GLN });
      // Exactly what the simulator received.
      const logged = (await simClient(sim.url).log()).find((e) => e.document?.RequestEndOfSupply_MarketDocument?.mRID === receipt.messageId);
      expect(logged.document).toEqual(messages[0]!.document);
    });

    it('a rejection, with DataHub\'s code and message', async () => {
      await simClient(sim.url).behaviour({ businessValidation: 'sync' });
      const { sendDataHubRequest } = createDataHubActivities({ datahub: portOn(sim.url), evidence });
      const receipt = (await inCase().run(sendDataHubRequest, {
        idempotencyKey: `${CASE}:datahub-request:2`,
        caseId: CASE,
        request: endOfSupply('571313100000009999'),
      })) as DataHubReceipt;
      expect(receipt).toMatchObject({ status: 'rejected', code: 'E10' });
      const [message] = (await evidence.readCase(WORKFLOW))!.messages;
      expect(message!.outcome).toEqual({ status: 'rejected', code: 'E10', message: receipt.message });
      expect(message!.documentType).toBe('RequestEndOfSupply');
    });

    it('the poller records each inbound message (document and outcome) before it dequeues it', async () => {
      const s = simClient(sim.url);
      await s.reset();
      const dir = mkdtempSync(join(tmpdir(), 'afbryd-evidence-poller-'));
      try {
        const signalled: string[] = [];
        const client = { workflow: { getHandle: (workflowId: string) => ({ signal: async () => void signalled.push(workflowId) }) } } as unknown as Client;
        const poller = (locate: string | undefined) =>
          new DataHubPoller({
            client,
            baseUrl: sim.url,
            token: TOKEN,
            supplierGln: SUPPLIER_GLN,
            unmatchedFile: join(dir, 'unmatched.jsonl'),
            locateCase: async () => (locate ? { workflowId: locate } : undefined),
            log: () => undefined,
            evidence,
          });
        const delivered = await s.outbound({ documentType: 'NotifyEndOfSupply', processType: 'E03', records: [{ meteringPointId: POINT.physicalHousehold, date: '2026-12-01' }] });
        expect(await poller(WORKFLOW).pollOnce()).toMatchObject([{ messageId: delivered.messageId, result: 'delivered', workflowIds: [WORKFLOW] }]);
        expect(signalled).toEqual([WORKFLOW]);
        const [inbound] = (await evidence.readCase(WORKFLOW))!.messages;
        expect(inbound).toMatchObject({ direction: 'inbound', workflowId: WORKFLOW, messageId: delivered.messageId, documentType: 'NotifyEndOfSupply', outcome: { status: 'delivered' } });
        expect(Object.keys(inbound!.document as object)).toEqual(['NotifyEndOfSupply_MarketDocument']);
        expect(await s.queue()).toEqual([]); // dequeued after recording

        // A message matching no case: recorded without a workflow (and kept for an operator).
        const kept = await s.outbound({ documentType: 'NotifyEndOfSupply', processType: 'E03', records: [{ meteringPointId: POINT.remoteHousehold, date: '2026-12-01' }] });
        expect(await poller(undefined).pollOnce()).toMatchObject([{ messageId: kept.messageId, result: 'kept' }]);
        expect(await evidence.readCase(WORKFLOW)).toMatchObject({ messages: [{ messageId: delivered.messageId }] });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('archiveClosedCase and the retention job', () => {
  it('is registered with the worker\'s activities and archives the final view under the workflow id, once', async () => {
    const deps = createSimulatedDeps({ settings: resolveCaseSettings() });
    const activities = createActivities(deps);
    expect(typeof activities.archiveClosedCase).toBe('function');
    const view = { caseId: CASE, stage: 'closed', closed: { reason: 'paid', at: '2026-12-01T10:00:00.000Z' }, timeline: [{ what: 'case closed: paid' }] };
    const archive = { caseId: CASE, view, reason: 'paid', closedAt: '2026-12-01T10:00:00.000Z' };
    expect(await inCase().run(activities.archiveClosedCase, archive)).toEqual({ stored: true });
    expect(await inCase().run(activities.archiveClosedCase, archive)).toEqual({ stored: false });
    expect((await deps.evidence.readCase(WORKFLOW))!.closed).toMatchObject({ at: '2026-12-01T10:00:00.000Z', reason: 'paid', view, runId: RUN });
    await deps.evidence.close();
  });

  /** A client whose `caseView` query answers `view` (and records what it was asked). */
  function queryingClient(view: unknown) {
    const asked: { workflowId: string; runId?: string; query: string }[] = [];
    const client = {
      // The activity context binds the worker's client to the activity's cancellation.
      withAbortSignal: <R>(_signal: AbortSignal, fn: () => R): R => fn(),
      workflow: {
        getHandle: (workflowId: string, runId?: string) => ({
          query: async (query: string) => {
            asked.push({ workflowId, ...(runId ? { runId } : {}), query });
            return view;
          },
        }),
      },
    } as unknown as Client;
    return { client, asked };
  }
  const closedView = { caseId: CASE, stage: 'closed', closed: { reason: 'paid', at: '2026-12-01T10:00:00.000Z' }, timeline: [{ what: 'case closed: paid' }], letters: [{ kind: 'reminder1' }] };

  it('the compact input (since issue 14 item 8): reads the final view with the case\'s caseView query, of its own run, and archives it', async () => {
    const store = createMemoryEvidenceStore();
    const { archiveClosedCase } = createEvidenceActivities({ evidence: store });
    const { client, asked } = queryingClient(closedView);
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: WORKFLOW, runId: RUN } }, { logger: new CapturingLogger(), client });
    const compact = { caseId: CASE, reason: 'paid', closedAt: '2026-12-01T10:00:00.000Z' };
    expect(await env.run(archiveClosedCase, compact)).toEqual({ stored: true });
    expect(asked).toEqual([{ workflowId: WORKFLOW, runId: RUN, query: 'caseView' }]);
    expect((await store.readCase(WORKFLOW))!.closed).toMatchObject({ at: '2026-12-01T10:00:00.000Z', reason: 'paid', view: closedView, runId: RUN });
    await store.close();
  });

  it('the old input (a running case\'s already-scheduled activity retrying with the whole view): archives that view and asks nothing', async () => {
    const store = createMemoryEvidenceStore();
    const { archiveClosedCase } = createEvidenceActivities({ evidence: store });
    const { client, asked } = queryingClient({ something: 'else' });
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: WORKFLOW, runId: RUN } }, { logger: new CapturingLogger(), client });
    expect(await env.run(archiveClosedCase, { caseId: CASE, view: closedView, reason: 'paid', closedAt: '2026-12-01T10:00:00.000Z' })).toEqual({ stored: true });
    expect(asked).toEqual([]);
    expect((await store.readCase(WORKFLOW))!.closed).toMatchObject({ view: closedView });
    await store.close();
  });

  it('the compact input never archives a view that is not the closed one: a retryable failure, nothing stored', async () => {
    const store = createMemoryEvidenceStore();
    const { archiveClosedCase } = createEvidenceActivities({ evidence: store });
    const open = { caseId: CASE, stage: 'reminder-1', timeline: [] };
    const { client } = queryingClient(open);
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: WORKFLOW, runId: RUN } }, { logger: new CapturingLogger(), client });
    const failure = await env.run(archiveClosedCase, { caseId: CASE, reason: 'paid', closedAt: '2026-12-01T10:00:00.000Z' }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'CaseViewUnavailable', nonRetryable: false });
    expect(await store.readCase(WORKFLOW)).toBeUndefined();
    await store.close();
  });

  it('a malformed input fails for good', async () => {
    const { archiveClosedCase } = createEvidenceActivities({ evidence });
    await expect(inCase().run(archiveClosedCase, { caseId: CASE, view: {}, reason: 'paid', closedAt: 'not a time' })).rejects.toMatchObject({
      type: 'InvalidEvidence',
      nonRetryable: true,
    });
  });

  it('purges what has expired, at start and then on its interval', async () => {
    let clock = new Date('2015-01-01T00:00:00.000Z');
    const store = createMemoryEvidenceStore({ now: () => clock });
    await store.recordClosedCase({ workflowId: 'case-old', caseId: 'K-old', reason: 'paid', closedAt: '2014-12-31T12:00:00Z', view: {} });
    clock = new Date();
    await store.recordClosedCase({ workflowId: 'case-new', caseId: 'K-new', reason: 'paid', closedAt: clock.toISOString(), view: {} });
    const lines: { deleted?: number }[] = [];
    const job = scheduleEvidenceRetention({ evidence: store, intervalMs: 60_000, log: (line) => lines.push(line) });
    await job.idle();
    job.stop();
    expect(lines).toEqual([{ level: 'info', msg: 'retention purge deleted 1 expired record(s)', deleted: 1 }]);
    expect(await store.readCase('case-old')).toBeUndefined();
    expect(await store.readCase('case-new')).toBeDefined();
    expect(await purgeExpiredEvidence(store)).toEqual({ deleted: 0 });
    await store.close();
  });
});

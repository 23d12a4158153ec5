/**
 * The contract of afbryd with DataHub 3 as Energinet's own code speaks it (issue 16): the real adapter
 * (`activities/datahub-b2b.ts`, `activities/datahub.ts`) and the real poller (`client/datahub-poller.ts`)
 * against the simulator (`simulators/datahub-server/`), which keeps its own table of the dialect. One
 * `describe` per rule of the issue; each test was seen failing against the code before its fix.
 * Temporal is a stand-in here (it records the signals the poller sends); the simulator plays DataHub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { B2BDataHubPort, DataHubUnavailableError, buildB2BDocument, interpretErrorBody } from '../../activities/datahub-b2b.js';
import { DATAHUB_CONFIGURATION_FAULT, createDataHubActivities } from '../../activities/datahub.js';
import { DataHubPoller, listKeptDataHubMessages, type DataHubPollerOptions } from '../../client/datahub-poller.js';
import { createMemoryEvidenceStore } from '../../evidence/sqlite.js';
import { loadDataHubConfig, loadDataHubPollerConfig } from '../../config/datahub.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { POINT, SUPPLIER_GLN, TOKEN, dk, messageFor, simClient } from './support.js';

let sim: RunningDataHubSimulator;
let s: ReturnType<typeof simClient>;
let dir: string;

beforeAll(async () => {
  sim = await startDataHubSimulator({
    port: 0,
    clock: { mode: 'manual', now: dk('2026-11-05', '10:00') },
    behaviour: { refusalRate: 0, answerDelayMinutes: 0 },
  });
  s = simClient(sim.url);
  dir = mkdtempSync(join(tmpdir(), 'afbryd-contract-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await s.reset();
});

/** A stand-in Temporal client: every case is open and takes every signal; what was signalled is kept. */
function temporal() {
  const signals: { workflowId: string; event: Record<string, unknown> }[] = [];
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        workflowId,
        async signal(_def: unknown, event: Record<string, unknown>) {
          signals.push({ workflowId, event });
        },
        async query() {
          return null;
        },
        async describe() {
          return { runId: 'run-1', status: { name: 'RUNNING' }, raw: { workflowExecutionInfo: { firstRunId: 'run-1' } } };
        },
      }),
      list: () => (async function* () {})(),
    },
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
  } as unknown as Client;
  return { client, signals };
}

/** The poller as `datahub-poller-main.ts` builds it from the configuration, on the simulator. */
function pollerFromConfig(env: Record<string, string>, extra: Partial<DataHubPollerOptions> = {}) {
  const config = loadDataHubPollerConfig({ AFBRYD_DATAHUB_URL: sim.url, AFBRYD_DATA_DIR: dir, ...env });
  const { client, signals } = temporal();
  const logs: Record<string, unknown>[] = [];
  const poller = new DataHubPoller({
    client,
    baseUrl: config.url,
    token: config.token,
    supplierGln: config.supplierGln,
    categories: config.categories,
    timeoutMs: 2000,
    unmatchedFile: join(dir, `unmatched-${Math.random().toString(36).slice(2)}.jsonl`),
    visibility: { attempts: 1, delayMs: 0 },
    locateCase: async (meteringPointId) => ({ workflowId: `case-${meteringPointId}` }),
    log: (line) => logs.push(line),
    ...extra,
  });
  return { poller, signals, logs };
}

describe('rule 1: one DataHub profile; its unconfirmed values are settings', () => {
  it('the receiver role and the cancellation process type come from the settings', async () => {
    const port = B2BDataHubPort.fromConfig(
      loadDataHubConfig({ AFBRYD_DATAHUB_URL: sim.url, AFBRYD_DATAHUB_RECEIVER_ROLE: 'DDM', AFBRYD_DATAHUB_CANCELLATION_PROCESS_TYPE: 'D37' }),
    );
    await port.send(messageFor('c1:cancel', { kind: 'RequestCancellation', meteringPointId: POINT.physicalHousehold, originalTransactionId: 'tx-x' }));
    const [entry] = await s.log();
    const doc = entry.document.RequestCancellation_MarketDocument;
    expect(doc['receiver_MarketParticipant.marketRole.type']).toEqual({ value: 'DDM' });
    expect(doc['process.processType']).toEqual({ value: 'D37' });
  });

  it('the poller drains the configured categories: by default MasterData and MeasureData (acknowledgements)', async () => {
    await s.outbound({
      category: 'measuredata',
      documentType: 'RejectRequestEndOfSupply',
      records: [{ meteringPointId: POINT.physicalHousehold, reason: { code: 'E10' } }],
    });
    const { poller } = pollerFromConfig({});
    const outcomes = await poller.pollOnce();
    expect(outcomes).toHaveLength(1);
    expect(await s.queue()).toEqual([]);
  });
});

describe('rule 3: outbound documents in the code list and schemas of Energinet', () => {
  const port = () => B2BDataHubPort.fromConfig(loadDataHubConfig({ AFBRYD_DATAHUB_URL: sim.url }));
  const sent = async (documentType: string) => (await s.log()).find((e) => e.documentType === documentType)!.document[`${documentType}_MarketDocument`];

  it('RequestService is message type D03 (not D20, "Response MasterData MeteringPoint"); RequestCancellation E67 (not E87, a reason code)', async () => {
    await port().send(messageFor('c3:svc', { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D05', date: '2026-11-10' }));
    await port().send(messageFor('c3:cancel', { kind: 'RequestCancellation', meteringPointId: POINT.remoteHousehold, originalTransactionId: 'tx-1' }));
    expect((await sent('RequestService')).type).toEqual({ value: 'D03' });
    expect((await sent('RequestCancellation')).type).toEqual({ value: 'E67' });
  });

  it('RSM-001 RequestChangeOfSupplier carries marketEvaluationPoint.energySupplier_MarketParticipant.mRID, the new supplier', async () => {
    await port().send(messageFor('c3:move-in', { kind: 'RequestStartOfSupply', meteringPointId: POINT.physicalHousehold, startDate: '2026-11-20', customerId: 'C-1' }));
    const doc = await sent('RequestChangeOfSupplier');
    expect(doc.type).toEqual({ value: '392' });
    expect(doc.MktActivityRecord[0]['marketEvaluationPoint.energySupplier_MarketParticipant.mRID']).toEqual({ codingScheme: 'A10', value: SUPPLIER_GLN });
  });

  it('special circumstances go as RSM-020 D09–D13 after the confirmation, referring to DataHub\'s end-of-supply process', async () => {
    const datahub = createDataHubActivities({ datahub: port() });
    const request = await datahub.sendDataHubRequest({
      idempotencyKey: 'c3:eos',
      caseId: 'c3',
      request: { kind: 'RequestEndOfSupply', meteringPointId: POINT.physicalHousehold, cutoff: '2026-11-10', circumstances: [] },
    });
    const processId = (await s.process(request.transactionId)).processId as string;
    const receipts = await datahub.sendSpecialCircumstances({
      idempotencyKey: 'c3:circumstances',
      caseId: 'c3',
      meteringPointId: POINT.physicalHousehold,
      processId,
      circumstances: ['bailiff-court', 'police', 'police'],
      date: '2026-11-10',
    });
    expect(receipts.map((r) => [r.serviceType, r.status])).toEqual([
      ['D11', 'accepted'],
      ['D10', 'accepted'],
    ]);
    const services = (await s.log()).filter((e) => e.documentType === 'RequestService').map((e) => e.document.RequestService_MarketDocument);
    expect(services.map((d) => [d.type.value, d['process.processType'].value, d.MktActivityRecord[0].serviceType.value, d.MktActivityRecord[0]['businessProcessReference_MktActivityRecord.mRID']])).toEqual([
      ['D03', 'E20', 'D11', processId],
      ['D03', 'E20', 'D10', processId],
    ]);
    expect((await s.process(request.transactionId)).flagged).toBe(true);
  });
});

describe("rule 2: the simulator checks every document with its own schemas and answers with DataHub 3's error bodies", () => {
  const rsm001 = (key: string) =>
    buildB2BDocument(messageFor(key, { kind: 'RequestStartOfSupply', meteringPointId: POINT.physicalHousehold, startDate: '2026-11-20', customerId: 'C-1' }), {
      supplierGln: SUPPLIER_GLN,
      createdDateTime: '2026-11-05T09:00:00Z',
    }).body as any;

  it('an RSM-001 without the energy supplier fails Energinet\'s schema: 00302, one error, no Details (JsonResponseFactory.cs)', async () => {
    const doc = rsm001('c2:no-supplier');
    delete doc.RequestChangeOfSupplier_MarketDocument.MktActivityRecord[0]['marketEvaluationPoint.energySupplier_MarketParticipant.mRID'];
    const r = await s.call('POST', '/api/incomingMessages/RequestChangeOfSupplier', doc, TOKEN);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      Error: {
        Code: '00302',
        Message: 'Required',
        Target: 'RequestChangeOfSupplier_MarketDocument.MktActivityRecord.0.marketEvaluationPoint.energySupplier_MarketParticipant.mRID',
      },
    });
  });

  it('several errors: Code "BadRequest", "Multiple errors in message", the codes in Details.Errors', async () => {
    const doc = rsm001('c2:several');
    doc.RequestChangeOfSupplier_MarketDocument.type = { value: 'D20' };
    doc.RequestChangeOfSupplier_MarketDocument['receiver_MarketParticipant.marketRole.type'] = { value: 'DDM' };
    const r = await s.call('POST', '/api/incomingMessages/RequestChangeOfSupplier', doc, TOKEN);
    expect(r.json.Error).toMatchObject({ Code: 'BadRequest', Message: 'Multiple errors in message', Target: '' });
    expect(r.json.Error.Details.Errors.map((e: { Code: string }) => e.Code)).toEqual(['00304', '00401']);
  });

  it('an unknown document type answers 500, a POST without Content-Type 415 (text/plain), as DataHub 3 does', async () => {
    const doc = rsm001('c2:type');
    expect((await s.call('POST', '/api/incomingMessages/RequestMasterDataChange', doc, TOKEN)).status).toBe(500);
    const noType = await fetch(`${sim.url}/api/incomingMessages/RequestChangeOfSupplier`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(noType.status).toBe(415);
    expect(noType.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await noType.text()).toMatch(/^Could not get Content-Type from request header/);
  });
});

describe('rule 4: errors — the real JSON error body, single and several', () => {
  const request = { kind: 'RequestEndOfSupply' as const, meteringPointId: POINT.physicalHousehold, cutoff: '2026-11-10', circumstances: [] };

  it('a retry after a lost 202 answers BadRequest 00101 + 00102: recorded as a duplicate, not a rejection', async () => {
    await s.faults([{ when: 'after', status: 503 }]);
    const datahub = createDataHubActivities({ datahub: B2BDataHubPort.fromConfig(loadDataHubConfig({ AFBRYD_DATAHUB_URL: sim.url })) });
    const input = { idempotencyKey: 'c4:eos', caseId: 'c4', request };
    await expect(datahub.sendDataHubRequest(input)).rejects.toThrow(/503/);
    expect(await datahub.sendDataHubRequest(input)).toMatchObject({ status: 'accepted' });
    expect((await s.log()).map((e) => [e.outcome, e.code ?? null])).toEqual([
      ['lost-answer', null],
      ['duplicate', '00101+00102'],
    ]);
  });

  it('00101 or 00102 alone is a duplicate too; any other code is a rejection with a clear reason', () => {
    expect(interpretErrorBody({ Error: { Code: '00101', Message: "Message id 'x' is not unique", Target: 'MessageId' } })).toEqual({ status: 'duplicate' });
    expect(interpretErrorBody({ Error: { Code: '00102', Message: 'Duplicated transaction id found', Target: 'TransactionId' } })).toEqual({ status: 'duplicate' });
    expect(
      interpretErrorBody({
        Error: {
          Code: 'BadRequest',
          Message: 'Multiple errors in message',
          Target: '',
          Details: { Errors: [{ Code: '00101', Message: 'm', Target: 'MessageId' }, { Code: '00304', Message: 'Invalid receiver role', Target: 'marketRole.type' }] },
        },
      }),
    ).toEqual({
      status: 'rejected',
      code: '00101+00304',
      message: '00101 the message id has been used before: m (MessageId); 00304 the receiver role is not valid: Invalid receiver role (marketRole.type)',
    });
  });
});

describe('rule 4: errors — a configuration fault is not an outage', () => {
  const request = { kind: 'RequestEndOfSupply' as const, meteringPointId: POINT.physicalHousehold, cutoff: '2026-11-10', circumstances: [] };
  const port = (env: Record<string, string> = {}) =>
    B2BDataHubPort.fromConfig(loadDataHubConfig({ AFBRYD_DATAHUB_URL: sim.url, AFBRYD_DATAHUB_SERVER_ERROR_DELAY_MS: '5', ...env }));
  const fault = { type: DATAHUB_CONFIGURATION_FAULT, nonRetryable: true };

  it('401 (a refused token), 403 and 415 throw DataHubConfigurationFault, non-retryable', async () => {
    await expect(port({ AFBRYD_DATAHUB_TOKEN: 'expired' }).send(messageFor('c4:401', request))).rejects.toMatchObject({ ...fault, message: expect.stringMatching(/answered 401/) });
    for (const status of [403, 415]) {
      await s.faults([{ when: 'before', status }]);
      await expect(port().send(messageFor(`c4:${status}`, request))).rejects.toMatchObject({ ...fault, message: expect.stringMatching(new RegExp(`answered ${status}`)) });
    }
  });

  it('a 500 is repeated a bounded number of times (same ids): one that passes is fine, one that persists is a configuration fault', async () => {
    await s.faults([{ when: 'before', status: 500 }]);
    expect(await port().send(messageFor('c4:500-once', request))).toMatchObject({ status: 'accepted' });
    await s.faults([1, 2, 3].map(() => ({ when: 'before' as const, status: 500 })));
    await expect(port().send(messageFor('c4:500-always', request))).rejects.toMatchObject({ ...fault, message: expect.stringMatching(/answered 500 3 times/) });
    const tries = (await s.log()).filter((e) => e.messageId === messageFor('c4:500-always', request).messageId);
    expect(tries).toHaveLength(3);
  });

  it('a real outage stays retryable: 503, and a refused connection', async () => {
    await s.faults([{ when: 'before', status: 503 }]);
    await expect(port().send(messageFor('c4:503', request))).rejects.toBeInstanceOf(DataHubUnavailableError);
    await expect(port({ AFBRYD_DATAHUB_URL: 'http://127.0.0.1:9' }).send(messageFor('c4:down', request))).rejects.toBeInstanceOf(DataHubUnavailableError);
  });
});

describe('rule 5: peek and dequeue as DataHub 3 does them', () => {
  const notification = () =>
    s.outbound({ documentType: 'RejectRequestEndOfSupply', records: [{ meteringPointId: POINT.physicalHousehold, reason: { code: 'E10' } }] });

  it('peek carries a Content-Type (DataHub 3 answers 415 without one)', async () => {
    await notification();
    const { poller } = pollerFromConfig({ AFBRYD_DATAHUB_PEEK_CATEGORIES: 'MasterData' });
    expect(await poller.pollOnce()).toHaveLength(1);
    expect(await s.queue()).toEqual([]);
  });

  it('a 500 on peek (a category DataHub does not know) is a configuration fault: an error log line, a counter, the other categories still drained', async () => {
    await s.behaviour({ peekCategories: ['aggregations', 'measuredata'] }); // Energinet's snapshot: no MasterData
    await s.outbound({ category: 'measuredata', documentType: 'RejectRequestEndOfSupply', records: [{ meteringPointId: POINT.physicalHousehold, reason: { code: 'E10' } }] });
    const { poller, logs } = pollerFromConfig({});
    await expect(poller.pollOnce()).rejects.toMatchObject({ name: 'DataHubConfigurationFault', status: 500, category: 'MasterData' });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', alert: 'datahub-configuration-fault', status: 500, category: 'MasterData' }));
    expect(poller.metrics()).toMatchObject({ configurationFaults: 1, handled: 1 });
    expect(await s.queue()).toEqual([]); // MeasureData was drained all the same
  });

  it('a 415 on peek is a configuration fault too', async () => {
    const strip: typeof fetch = (input, init) => {
      const headers = { ...(init?.headers as Record<string, string>) };
      delete headers['content-type'];
      return fetch(input, { ...init, headers });
    };
    const { poller } = pollerFromConfig({ AFBRYD_DATAHUB_PEEK_CATEGORIES: 'MasterData' }, { fetch: strip });
    await expect(poller.pollOnce()).rejects.toMatchObject({ name: 'DataHubConfigurationFault', status: 415 });
    expect(poller.metrics().configurationFaults).toBe(1);
  });

  it('a 400 on dequeue (an id DataHub does not know) is logged and taken as done, and the poller does not loop on it', async () => {
    const { messageId } = await notification();
    await s.behaviour({ dequeue: 'unknown' });
    const { poller, logs, signals } = pollerFromConfig({ AFBRYD_DATAHUB_PEEK_CATEGORIES: 'MasterData' });
    const outcomes = await poller.pollOnce();
    expect(outcomes.map((o) => o.messageId)).toEqual([messageId]);
    expect(signals).toHaveLength(1);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', messageId, status: 400 }));
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', alert: 'datahub-queue-stuck', messageId }));
    expect(poller.metrics()).toMatchObject({ dequeueUnknown: 1, stuckQueue: 1 });
    expect((await s.queue())[0]).toMatchObject({ messageId, peeks: 2 });
  });
});

describe('rule 6: inbound documents as DataHub 3 sends them', () => {
  const WORKFLOW = `case-${POINT.physicalHousehold}-C-6`;
  /** An evidence archive that knows our request (what the activity records), so answers reach its case. */
  async function archiveWithRequest() {
    const evidence = createMemoryEvidenceStore();
    await evidence.recordDataHubMessage({
      direction: 'outbound',
      workflowId: WORKFLOW,
      runId: 'run-1',
      caseId: 'C-6',
      idempotencyKey: 'C-6:datahub-request:0',
      messageId: 'msg-ours-1',
      transactionId: 'tx-ours-1',
      documentType: 'RequestEndOfSupply',
      document: {},
      outcome: { status: 'accepted' },
      occurredAt: '2026-11-05T09:00:00.000Z',
    });
    return evidence;
  }

  it('coded fields are { value } objects: a rejection from the simulator reaches the case as requestRejected with its code', async () => {
    await s.outbound({ documentType: 'RejectRequestEndOfSupply', records: [{ meteringPointId: POINT.physicalHousehold, originalTransactionId: 'tx-ours-1', reason: { code: 'E17', text: 'too early' } }] });
    expect((await s.queue())[0]!.document.RejectRequestEndOfSupply_MarketDocument.MktActivityRecord[0].Reason[0].code).toEqual({ value: 'E17' });
    const { poller, signals } = pollerFromConfig({}, { evidence: await archiveWithRequest() });
    expect((await poller.pollOnce()).map((o) => o.result)).toEqual(['delivered']);
    expect(signals).toEqual([{ workflowId: WORKFLOW, event: expect.objectContaining({ type: 'requestRejected', code: 'E17', text: 'too early' }) }]);
  });

  it('RSM-009: a negative acknowledgement is a rejection of the transaction it names; a positive one is informational', async () => {
    await s.outbound({ acknowledgement: { receivedMessageId: 'msg-ours-1', processType: 'E20', series: [{ mRID: 'tx-ours-1', reason: { code: 'E10', text: 'unknown metering point' } }] } });
    await s.outbound({ acknowledgement: { receivedMessageId: 'msg-ours-1', series: [{ mRID: 'tx-ours-1', reason: { code: 'A01' } }] } });
    const { poller, signals } = pollerFromConfig({}, { evidence: await archiveWithRequest() });
    const outcomes = await poller.pollOnce();
    expect(outcomes.map((o) => [o.documentType, o.result])).toEqual([
      ['Acknowledgement', 'delivered'],
      ['Acknowledgement', 'kept'],
    ]);
    expect(signals).toEqual([{ workflowId: WORKFLOW, event: expect.objectContaining({ type: 'requestRejected', code: 'E10' }) }]);
  });

  it('RSM-004 GenericNotification of a change of supplier (E03) is supplierSwitched, from its validity start', async () => {
    await s.outbound({ documentType: 'GenericNotification', processType: 'E03', records: [{ meteringPointId: POINT.physicalHousehold, date: '2026-12-01' }] });
    const { poller, signals } = pollerFromConfig({});
    await poller.pollOnce();
    expect(signals).toEqual([{ workflowId: `case-${POINT.physicalHousehold}`, event: expect.objectContaining({ type: 'supplierSwitched', effectiveDate: '2026-12-01' }) }]);
  });

  it('the simulator tells the old supplier of a move-in by RSM-004 GenericNotification', async () => {
    await sim.close();
    sim = await startDataHubSimulator({
      port: 0,
      clock: { mode: 'manual', now: dk('2026-11-05', '10:00') },
      behaviour: { refusalRate: 0, answerDelayMinutes: 0 },
      parties: { [TOKEN]: SUPPLIER_GLN, 'other-token': '5790000000012' },
    });
    s = simClient(sim.url);
    const other = new B2BDataHubPort({ baseUrl: sim.url, token: 'other-token', supplierGln: '5790000000012' });
    expect(await other.send(messageFor('c6:move-in', { kind: 'RequestStartOfSupply', meteringPointId: POINT.physicalHousehold, startDate: '2026-11-20', customerId: 'C-9' }))).toMatchObject({ status: 'accepted' });
    const { poller, signals } = pollerFromConfig({});
    await poller.pollOnce();
    expect(signals).toEqual([{ workflowId: `case-${POINT.physicalHousehold}`, event: expect.objectContaining({ type: 'supplierSwitched', effectiveDate: '2026-11-20' }) }]);
  });

  it('a rejection without a metering point reaches the case that sent its transaction; one nobody sent is kept, not thrown', async () => {
    await s.outbound({ documentType: 'RejectRequestEndOfSupply', records: [{ originalTransactionId: 'tx-ours-1', reason: { code: 'E16' } }] });
    await s.outbound({ documentType: 'RejectRequestEndOfSupply', records: [{ originalTransactionId: 'tx-not-ours', reason: { code: 'E16' } }] });
    const { poller, signals } = pollerFromConfig({}, { evidence: await archiveWithRequest() });
    expect((await poller.pollOnce()).map((o) => o.result)).toEqual(['delivered', 'kept']);
    expect(signals).toEqual([{ workflowId: WORKFLOW, event: expect.objectContaining({ type: 'requestRejected', code: 'E16' }) }]);
    expect(await s.queue()).toEqual([]);
  });

  it('a document afbryd does not understand is stored without personal fields, listed for an operator, and dequeued', async () => {
    // (An RSM-022 was the example here until afbryd read it: issue 16 item 8, test/datahub/master-data.test.ts.)
    await s.outbound({
      document: {
        NotifyValidatedMeasureData_MarketDocument: {
          mRID: 'rsm012-1',
          MktActivityRecord: [
            {
              mRID: 'r1',
              'marketEvaluationPoint.mRID': { codingScheme: 'A10', value: POINT.physicalHousehold },
              'marketEvaluationPoint.customer_MarketParticipant.mRID': { codingScheme: 'ARR', value: '0801741527' },
              'marketEvaluationPoint.customer_MarketParticipant.name': 'Jan Hansen',
              connectionState: { value: 'E22' },
            },
          ],
        },
      },
    });
    const evidence = createMemoryEvidenceStore();
    const { poller, signals } = pollerFromConfig({}, { evidence });
    expect((await poller.pollOnce()).map((o) => [o.messageId, o.result])).toEqual([['rsm012-1', 'kept']]);
    expect(signals).toEqual([]);
    expect(await s.queue()).toEqual([]);
    const listed = await listKeptDataHubMessages(evidence, { notUnderstoodOnly: true });
    expect(listed).toEqual([
      expect.objectContaining({ messageId: 'rsm012-1', documentType: '(not understood)', reasons: ['not understood: NotifyValidatedMeasureData_MarketDocument'] }),
    ]);
    const stored = JSON.stringify(listed[0]!.document);
    expect(stored).toContain('E22');
    expect(stored).not.toMatch(/0801741527|Jan Hansen|customer/);
  });
});

/**
 * The adapter (activities/datahub-b2b.ts) against the simulator server, which was written apart from
 * it from RULES 10: every request it builds is accepted by the simulator's own schemas, its ids come
 * from the idempotency key and stay the same on a retry, a duplicate is a success, a 400 is a
 * rejection returned to the case, and a 5xx or a timeout throws so that Temporal retries.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildB2BDocument, DataHubUnavailableError } from '../../activities/datahub-b2b.js';
import { createDataHubActivities, mridFromKey, type DataHubRequest } from '../../activities/datahub.js';
import { parseInboundDocument } from '../../client/datahub-inbound.js';
import { loadDataHubConfig, loadDataHubPollerConfig } from '../../config/datahub.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { POINT, SUPPLIER_GLN, dk, messageFor, portOn, recordOf, simClient } from './support.js';

let sim: RunningDataHubSimulator;
let s: ReturnType<typeof simClient>;

beforeAll(async () => {
  sim = await startDataHubSimulator({
    port: 0,
    clock: { mode: 'manual', now: dk('2026-11-05', '10:00') },
    behaviour: { refusalRate: 0, answerDelayMinutes: 0 },
  });
  s = simClient(sim.url);
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await s.reset();
});

const activities = () => createDataHubActivities({ datahub: portOn(sim.url, { timeoutMs: 1000 }) });

describe('documents (RULES 10 header fields)', () => {
  it('an end of supply is an RSM-005 RequestEndOfSupply, E20, with the cut-off as start_DateAndOrTime', async () => {
    const receipt = await activities().sendDataHubRequest({
      idempotencyKey: 'case-1:datahub-request:0',
      caseId: 'case-1',
      request: { kind: 'RequestEndOfSupply', meteringPointId: POINT.physicalHousehold, cutoff: '2026-11-10', circumstances: ['police'] },
    });
    expect(receipt).toEqual({
      messageId: mridFromKey('case-1:datahub-request:0', 'message'),
      transactionId: mridFromKey('case-1:datahub-request:0', 'transaction'),
      status: 'accepted',
    });
    const [entry] = await s.log();
    expect(entry).toMatchObject({ documentType: 'RequestEndOfSupply', httpStatus: 202, outcome: 'accepted', senderGln: SUPPLIER_GLN });
    const doc = entry.document.RequestEndOfSupply_MarketDocument;
    expect(doc).toMatchObject({
      mRID: receipt.messageId,
      'process.processType': { value: 'E20' },
      'businessSector.type': { value: '23' },
      'sender_MarketParticipant.mRID': { codingScheme: 'A10', value: SUPPLIER_GLN },
      'sender_MarketParticipant.marketRole.type': { value: 'DDQ' },
      'receiver_MarketParticipant.mRID': { codingScheme: 'A10', value: '5790001330552' },
      'receiver_MarketParticipant.marketRole.type': { value: 'DDZ' },
      MktActivityRecord: [
        {
          mRID: receipt.transactionId,
          'marketEvaluationPoint.mRID': { codingScheme: 'A10', value: POINT.physicalHousehold },
          // 10 Nov 2026 00:00 Danish time (CET, UTC+1)
          'start_DateAndOrTime.dateTime': '2026-11-09T23:00:00Z',
          specialCircumstance: [{ value: 'D10' }],
        },
      ],
    });
    expect(receipt.messageId.length).toBeLessThanOrEqual(36);
    expect(doc.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('a summer-time date is 22:00 UTC the day before', () => {
    const { body } = buildB2BDocument(messageFor('k', { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D01', date: '2027-06-14' }), {
      supplierGln: SUPPLIER_GLN,
      createdDateTime: '2027-06-01T08:00:00Z',
    });
    const doc = (body as any).RequestService_MarketDocument;
    expect(doc['process.processType']).toEqual({ value: 'D22' });
    expect(doc.MktActivityRecord[0]['start_DateAndOrTime.dateTime']).toBe('2027-06-13T22:00:00Z');
  });

  it('every kind of request passes the simulator: D01, D09–D13 in the process, cancellation, BRS-009, D03, D05', async () => {
    const port = portOn(sim.url);
    const eos = messageFor('k-eos', { kind: 'RequestEndOfSupply', meteringPointId: POINT.physicalHousehold, cutoff: '2026-11-10', circumstances: [] });
    const answers = [
      await port.send(eos),
      await port.send(messageFor('k-d13', { kind: 'RequestService', meteringPointId: POINT.physicalHousehold, serviceType: 'D13', date: '2026-11-16', processId: eos.transactionId, description: 'Frost; ejendommen er forladt' })),
      await port.send(messageFor('k-cancel', { kind: 'RequestCancellation', meteringPointId: POINT.physicalHousehold, originalTransactionId: eos.transactionId })),
      await port.send(messageFor('k-d01', { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D01', date: '2026-11-12' })),
      await port.send(messageFor('k-d05', { kind: 'RequestService', meteringPointId: POINT.remoteHousehold, serviceType: 'D05', date: '2026-11-12' })),
      await port.send(messageFor('k-009', { kind: 'RequestStartOfSupply', meteringPointId: POINT.physicalBusiness, startDate: '2026-11-12', customerId: 'C-9' })),
      await port.send(messageFor('k-d03', { kind: 'RequestService', meteringPointId: POINT.physicalBusiness, serviceType: 'D03', date: '2026-11-05' })),
    ];
    expect(answers.map((a) => a.status)).toEqual(Array(7).fill('accepted'));
    expect((await s.log()).map((e) => `${e.documentType}:${e.httpStatus}`)).toEqual([
      'RequestEndOfSupply:202',
      'RequestService:202',
      'RequestCancellation:202',
      'RequestService:202',
      'RequestService:202',
      'RequestChangeOfSupplier:202',
      'RequestService:202',
    ]);
    // DataHub's answers: the D13 and the cancellation were applied to the end-of-supply process.
    const names = (await s.queue()).map((m) => {
      const r = recordOf(m.document);
      return `${r.name}${r.record.serviceType ? ` ${r.record.serviceType.value}` : ''}${r.record.Reason ? ` ${r.record.Reason[0].code.value}` : ''}`;
    });
    expect(names).toEqual([
      'ConfirmRequestEndOfSupply',
      'ConfirmRequestService D13',
      'ConfirmRequestCancellation A01',
      'ConfirmRequestService D01',
      'ConfirmRequestService D05',
      'ConfirmRequestChangeOfSupplier',
      'RejectRequestService D03 D16', // the business point is connected: nothing to reopen
    ]);
    // The poller's schemas (written apart from the simulator's) accept every answer.
    for (const m of await s.queue()) expect(parseInboundDocument(m.document, SUPPLIER_GLN)).toMatchObject({ ok: true });
  });
});

describe('retries and answers', () => {
  const request: Extract<DataHubRequest, { kind: 'RequestEndOfSupply' }> = {
    kind: 'RequestEndOfSupply',
    meteringPointId: POINT.physicalHousehold,
    cutoff: '2026-11-10',
    circumstances: [],
  };

  it('a retry sends the same ids, and the duplicate answer (BadRequest: 00101 + 00102) counts as success', async () => {
    const input = { idempotencyKey: 'case-2:datahub-request:0', caseId: 'case-2', request };
    const first = await activities().sendDataHubRequest(input);
    const retry = await activities().sendDataHubRequest(input);
    expect(retry).toEqual(first);
    const log = await s.log();
    expect(log.map((e) => [e.messageId, e.transactionIds[0], e.outcome, e.code ?? null])).toEqual([
      [first.messageId, first.transactionId, 'accepted', null],
      [first.messageId, first.transactionId, 'duplicate', '00101+00102'],
    ]);
    expect((await s.state()).processes).toHaveLength(1);
  });

  it('an answer lost after DataHub processed the message: the activity throws, the retry is a duplicate, one process', async () => {
    await s.faults([{ when: 'after', status: 503 }]);
    const input = { idempotencyKey: 'case-3:datahub-request:0', caseId: 'case-3', request };
    await expect(activities().sendDataHubRequest(input)).rejects.toBeInstanceOf(DataHubUnavailableError);
    expect(await activities().sendDataHubRequest(input)).toMatchObject({ status: 'accepted' });
    expect((await s.log()).map((e) => e.outcome)).toEqual(['lost-answer', 'duplicate']);
    expect((await s.state()).processes).toHaveLength(1);
  });

  it('a 503 before processing throws (an outage: Temporal retries); nothing was processed', async () => {
    await s.faults([{ when: 'before', status: 503 }]);
    const port = portOn(sim.url);
    await expect(port.send(messageFor('k-503', request))).rejects.toThrow('DataHub answered 503 to RequestEndOfSupply');
    expect((await s.state()).processes).toHaveLength(0);
    expect(await port.send(messageFor('k-503', request))).toMatchObject({ status: 'accepted' });
  });

  it('a timeout throws', async () => {
    await s.behaviour({ latencyMs: 800 });
    await expect(portOn(sim.url, { timeoutMs: 200 }).send(messageFor('k-slow', request))).rejects.toThrow(/timed out after 200 ms/);
  });

  it('a 400 is returned as a rejection with code and message, not thrown', async () => {
    await s.behaviour({ businessValidation: 'sync' });
    const receipt = await activities().sendDataHubRequest({
      idempotencyKey: 'case-4:datahub-request:0',
      caseId: 'case-4',
      request: { ...request, cutoff: '2026-11-09' }, // 2 working days after Thu 5 Nov: 6, 9 Nov
    });
    expect(receipt).toMatchObject({ status: 'rejected', code: 'E17' });
    expect(receipt.message).toContain('2026-11-09 is outside the time limits (2026-11-10 … 2027-01-04)');

    // A sender that is not the token's actor: 00002, with its meaning and the target.
    const wrongSender = await portOn(sim.url, { supplierGln: '5790000000012' }).send(messageFor('k-who', request));
    expect(wrongSender).toMatchObject({ status: 'rejected', code: '00002' });
    expect(wrongSender.status === 'rejected' && wrongSender.message).toContain('00002 the sender id is not the authenticated actor: Sender id does not match id of current authenticated user (SenderId)');
  });

  it('a rejected message is not remembered: its retry is rejected again, not taken for a duplicate', async () => {
    await s.behaviour({ businessValidation: 'sync' });
    const bad = messageFor('k-e10', { ...request, meteringPointId: '571313100000009999' });
    expect(await portOn(sim.url).send(bad)).toMatchObject({ status: 'rejected', code: 'E10' });
    expect(await portOn(sim.url).send(bad)).toMatchObject({ status: 'rejected', code: 'E10' });
  });

  it('an unknown token is a configuration fault (not retried); an over-long id is refused before sending', async () => {
    await expect(portOn(sim.url, { token: 'wrong' }).send(messageFor('k-401', request))).rejects.toMatchObject({
      type: 'DataHubConfigurationFault',
      nonRetryable: true,
    });
    await expect(portOn(sim.url).send({ ...messageFor('k-long', request), messageId: 'x'.repeat(37) })).rejects.toMatchObject({
      type: 'InvalidDataHubId',
      nonRetryable: true,
    });
    expect((await s.log()).map((e) => e.outcome)).toEqual(['unauthorised']);
  });

  it('DataHub unreachable throws', async () => {
    await expect(portOn('http://127.0.0.1:9', { timeoutMs: 500 }).send(messageFor('k-down', request))).rejects.toBeInstanceOf(DataHubUnavailableError);
  });
});

describe('master data (issue 16 item 8)', () => {
  it('the adapter has no master data query: DataHub sends master data as RSM-022, and the lookup reads the store (test/datahub/master-data.test.ts)', async () => {
    const port = portOn(sim.url);
    expect('masterData' in port).toBe(false);
    await expect(createDataHubActivities({ datahub: port }).lookupMeteringPoint({ meteringPointId: '571313100000009999' })).rejects.toMatchObject({
      type: 'UnknownMeteringPoint',
    });
  });
});

describe('configuration (config/datahub.ts)', () => {
  it('has defaults that fit the simulator, and names every bad variable', () => {
    expect(loadDataHubConfig({})).toEqual({
      url: 'http://127.0.0.1:7300',
      token: 'afbryd-dev-token',
      // The embedded stack's static token (issue 16 item 7: Entra ID is `AFBRYD_DATAHUB_AUTH=entra`).
      auth: { mode: 'static', token: 'afbryd-dev-token' },
      supplierGln: SUPPLIER_GLN,
      timeoutMs: 30_000,
      // The dialect's unconfirmed values (issue 16): settings with documented defaults.
      receiverRole: 'DDZ',
      cancellationProcessType: 'E20',
      serverErrorRetry: { attempts: 3, delayMs: 2000 },
    });
    expect(loadDataHubPollerConfig({ AFBRYD_DATA_DIR: '/var/afbryd/' })).toMatchObject({
      pollIntervalMs: 5000,
      categories: ['MasterData', 'MeasureData'],
      unmatchedFile: '/var/afbryd/datahub-unmatched.jsonl',
    });
    expect(() => loadDataHubConfig({ AFBRYD_DATAHUB_URL: 'ftp://x', AFBRYD_SUPPLIER_GLN: '5799999911119', AFBRYD_DATAHUB_POLL_INTERVAL_MS: 'soon' })).toThrow(
      /AFBRYD_DATAHUB_URL must be an http\(s\) URL; AFBRYD_SUPPLIER_GLN must be a GLN .*; AFBRYD_DATAHUB_POLL_INTERVAL_MS must be a whole number/,
    );
    expect(() => loadDataHubConfig({ AFBRYD_DATAHUB_RECEIVER_ROLE: 'ddz', AFBRYD_DATAHUB_CANCELLATION_PROCESS_TYPE: 'E87' })).toThrow(
      /AFBRYD_DATAHUB_RECEIVER_ROLE must be a market role code.*; AFBRYD_DATAHUB_CANCELLATION_PROCESS_TYPE must be E20, D37 or E05/,
    );
    expect(loadDataHubConfig({ AFBRYD_DATAHUB_RECEIVER_ROLE: 'DDM', AFBRYD_DATAHUB_CANCELLATION_PROCESS_TYPE: 'E05' })).toMatchObject({
      receiverRole: 'DDM',
      cancellationProcessType: 'E05',
    });
  });
});

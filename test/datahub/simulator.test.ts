/**
 * The DataHub and grid simulator on its controllable clock: DataHub's validation (RULES 10), the
 * peek/dequeue queue, and the grid company of RULES 4, 2.6, 5 and 7. Dates are worked out by hand in
 * the comments (Danish local time; November 2026 has no public holidays).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { interpretInbound, parseInboundDocument, type InboundDocument } from '../../client/datahub-inbound.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { POINT, SUPPLIER_GLN, TOKEN, dk, messageFor, portOn, recordOf, simClient } from './support.js';

let sim: RunningDataHubSimulator;
let s: ReturnType<typeof simClient>;

beforeAll(async () => {
  sim = await startDataHubSimulator({
    port: 0,
    seed: 1,
    clock: { mode: 'manual', now: dk('2026-11-05', '10:00') },
    behaviour: { refusalRate: 0, disconnectOn: 'first', answerDelayMinutes: 1, reportOn: 'next-working-day', reportTime: '09:00' },
  });
  s = simClient(sim.url);
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await s.reset(1);
});

const endOfSupply = (key: string, cutoff: string, meteringPointId: string = POINT.physicalHousehold) =>
  messageFor(key, { kind: 'RequestEndOfSupply', meteringPointId, cutoff, circumstances: [] });

describe('the grid company disconnects on a disconnection day inside the window (RULES 4)', () => {
  it('worked example: request Thu 5 Nov 2026, cut-off Tue 10 Nov, physical household', async () => {
    const message = endOfSupply('w1', '2026-11-10');
    expect(await portOn(sim.url).send(message)).toMatchObject({ status: 'accepted' });

    // DataHub's confirmation comes after the answer delay (1 minute).
    expect(await s.queue()).toEqual([]);
    await s.advance(dk('2026-11-05', '10:01'));
    const [confirm] = await s.queue();
    const c = recordOf(confirm!.document);
    expect(c.name).toBe('ConfirmRequestEndOfSupply');
    expect(c.record['originalTransactionIDReference_MktActivityRecord.mRID']).toBe(message.transactionId);
    expect(c.record['businessProcessReference_MktActivityRecord.mRID']).toMatch(/^[0-9a-f-]{36}$/);

    // Window: d1…d6 = 10, 11, 12, 13, 16, 17 Nov → deadline Tue 17 Nov; 'first' disconnection day = Tue 10 Nov.
    const process = await s.process(message.transactionId);
    expect(process).toMatchObject({ cutoff: '2026-11-10', windowDeadline: '2026-11-17', plannedDay: '2026-11-10', status: 'planned' });

    await s.advance(dk('2026-11-10', '07:59'));
    expect((await s.process(message.transactionId)).status).toBe('planned');
    await s.advance(dk('2026-11-10', '08:00'));
    expect((await s.process(message.transactionId)).status).toBe('committed');
    await s.advance(dk('2026-11-10', '09:59'));
    expect((await s.point(POINT.physicalHousehold)).connectionState).toBe('E22');
    await s.advance(dk('2026-11-10', '10:00'));
    expect((await s.point(POINT.physicalHousehold)).connectionState).toBe('E23');

    // Reported the next working day (Wed 11 Nov) at 09:00, with the meter reading.
    await s.advance(dk('2026-11-11', '08:59'));
    expect((await s.queue()).map((m) => m.documentType)).toEqual(['ConfirmRequestEndOfSupply']);
    await s.advance(dk('2026-11-11', '09:00'));
    const report = (await s.queue()).find((m) => m.documentType === 'NotifyConnectionStatus')!;
    const r = recordOf(report.document);
    expect(r.header['process.processType']).toEqual({ value: 'E79' });
    expect(r.record).toMatchObject({
      'marketEvaluationPoint.mRID': { codingScheme: 'A10', value: POINT.physicalHousehold },
      'originalTransactionIDReference_MktActivityRecord.mRID': message.transactionId,
      'start_DateAndOrTime.dateTime': '2026-11-09T23:00:00.000Z',
      connectionState: { value: 'E23' },
    });
    expect(r.record.meterReading.quantity).toBeGreaterThan(0);
  });

  it('with a seeded random pick, never on Friday 13 Nov (no household disconnection on a Friday)', async () => {
    // d1…d6 = 10, 11, 12, 13, 16, 17 Nov; household disconnection days among them: 10, 11, 12, 16, 17.
    const chosen = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      await s.reset(seed);
      await s.behaviour({ disconnectOn: 'random' });
      const message = endOfSupply(`rnd-${seed}`, '2026-11-10');
      await portOn(sim.url).send(message);
      chosen.add((await s.process(message.transactionId)).plannedDay);
    }
    expect([...chosen].every((d) => ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-16', '2026-11-17'].includes(d))).toBe(true);
    expect(chosen.size).toBeGreaterThan(1);
  });

  it('around Christmas: cut-off Mon 21 Dec 2026 leaves only 21 and 22 Dec for a household', async () => {
    // Request Tue 15 Dec → earliest cut-off Fri 18 Dec (16, 17, 18). Cut-off Mon 21 Dec: d1…d6 = 21, 22,
    // 23, 28, 29, 30 Dec (24 Dec not a working day, 25 a holiday); 23 Dec and 27–30 Dec are no household
    // disconnection days → 21 or 22 Dec.
    for (let seed = 1; seed <= 6; seed++) {
      await s.reset(seed);
      await s.clock(dk('2026-12-15', '10:00'));
      await s.behaviour({ disconnectOn: 'random' });
      const message = endOfSupply(`xmas-${seed}`, '2026-12-21');
      await portOn(sim.url).send(message);
      const p = await s.process(message.transactionId);
      expect(p.windowDeadline).toBe('2026-12-30');
      expect(['2026-12-21', '2026-12-22']).toContain(p.plannedDay);
    }
  });

  it('rejects a cut-off outside 3 working days … 60 days with E17 (asynchronously, as DataHub 3)', async () => {
    // Sent Saturday 21 Nov 2026: counted from Mon 23 Nov → earliest cut-off Thu 26 Nov (RULES 1).
    await s.clock(dk('2026-11-21', '12:00'));
    const early = endOfSupply('e17-early', '2026-11-25');
    const ok = endOfSupply('e17-ok', '2026-11-26');
    const late = endOfSupply('e17-late', '2027-01-21'); // 61 days after 21 Nov
    for (const m of [early, ok, late]) expect(await portOn(sim.url).send(m)).toMatchObject({ status: 'accepted' });
    await s.advance(dk('2026-11-21', '12:01'));
    const answers = (await s.queue()).map((m) => recordOf(m.document));
    const byTx = (tx: string) => answers.find((a) => a.record['originalTransactionIDReference_MktActivityRecord.mRID'] === tx)!;
    expect(byTx(early.transactionId).name).toBe('RejectRequestEndOfSupply');
    expect(byTx(early.transactionId).record.Reason[0].code).toEqual({ value: 'E17' }); // a coded field is an object
    expect(byTx(ok.transactionId).name).toBe('ConfirmRequestEndOfSupply');
    expect(byTx(late.transactionId).record.Reason[0]).toMatchObject({ code: { value: 'E17' } });
  });

  it('rejects an unknown metering point with E10', async () => {
    await s.behaviour({ businessValidation: 'sync' });
    expect(await portOn(sim.url).send(endOfSupply('e10', '2026-11-10', '571313199999999999'))).toMatchObject({
      status: 'rejected',
      code: 'E10',
      message: 'E10: metering point 571313199999999999 is not identifiable (MktActivityRecord)',
    });
  });
});

describe('cancellation (RULES 2.6): the grid checks at 08:00 on the day', () => {
  const cancel = (key: string, original: string) =>
    messageFor(key, { kind: 'RequestCancellation', meteringPointId: POINT.physicalHousehold, originalTransactionId: original });

  it('before 08:00: cancelled, never disconnected, no fee', async () => {
    const request = endOfSupply('c1', '2026-11-10');
    await portOn(sim.url).send(request);
    await s.advance(dk('2026-11-10', '07:59'));
    expect(await portOn(sim.url).send(cancel('c1-cancel', request.transactionId))).toMatchObject({ status: 'accepted' });
    await s.advance(dk('2026-11-12', '12:00'));
    const p = await s.process(request.transactionId);
    expect(p).toMatchObject({ status: 'cancelled', cancellation: { late: false }, fees: [] });
    expect((await s.point(POINT.physicalHousehold)).history).toEqual([]);
    expect((await s.queue()).map((m) => m.documentType)).toEqual(['ConfirmRequestEndOfSupply', 'ConfirmRequestCancellation']);
  });

  it('after 08:00: honoured, but the grid has gone out — it disconnects, reopens, reports nothing, and the fee applies', async () => {
    const request = endOfSupply('c2', '2026-11-10');
    await portOn(sim.url).send(request);
    await s.advance(dk('2026-11-10', '08:01'));
    await portOn(sim.url).send(cancel('c2-cancel', request.transactionId));
    await s.advance(dk('2026-11-12', '12:00'));
    const p = await s.process(request.transactionId);
    expect(p.cancellation).toMatchObject({ late: true });
    expect(p.fees).toEqual(['late cancellation after 08:00: the fee of a physical disconnection (SV 2.4)']);
    const history = (await s.point(POINT.physicalHousehold)).history;
    expect(history.map((h: { state: string }) => h.state)).toEqual(['E23', 'E22']);
    expect(history[0].at).toBe(dk('2026-11-10', '10:00'));
    expect(history[1].at).toBe(dk('2026-11-10', '10:30'));
    const docs = await s.queue();
    expect(docs.map((m) => m.documentType)).toEqual(['ConfirmRequestEndOfSupply', 'ConfirmRequestCancellation', 'NotifyGridCharge']);
    expect(recordOf(docs[1]!.document).record.Reason[0].text).toContain('fee of a physical disconnection');
    // The grid charges its fee, forwarded by DataHub; the poller turns it into the case's gridCharged.
    const parsed = parseInboundDocument(docs[2]!.document, SUPPLIER_GLN);
    expect(parsed.ok).toBe(true);
    const [meaning] = interpretInbound((parsed as { doc: InboundDocument }).doc, 'charge-msg');
    expect(meaning).toMatchObject({
      kind: 'event',
      originalTransactionId: request.transactionId,
      // the planned day of the disconnection, Tue 10 Nov 2026; 850 kr, the simulator's default fee
      event: { type: 'gridCharged', chargeKind: 'late-cancellation', amountOre: 85_000, date: '2026-11-10' },
    });
  });

  it('after the disconnection was reported: refused with D16', async () => {
    const request = endOfSupply('c3', '2026-11-10');
    await portOn(sim.url).send(request);
    await s.advance(dk('2026-11-11', '09:30'));
    await portOn(sim.url).send(cancel('c3-cancel', request.transactionId));
    await s.advance(dk('2026-11-11', '09:31'));
    const last = (await s.queue()).at(-1)!;
    expect(recordOf(last.document)).toMatchObject({ name: 'RejectRequestCancellation', record: { Reason: [{ code: { value: 'D16' } }] } });
  });
});

describe('refusals (RULES 5)', () => {
  it('with a refusal rate of 1.0 the grid refuses with one of D41–D44, D58, and reports it the next working day', async () => {
    await s.behaviour({ refusalRate: 1 });
    const request = endOfSupply('r1', '2026-11-10');
    await portOn(sim.url).send(request);
    await s.advance(dk('2026-11-11', '09:00'));
    const docs = await s.queue();
    const refusal = recordOf(docs.find((d) => d.documentType === 'RejectRequestService')!.document);
    expect(refusal.name).toBe('RejectRequestService');
    // A physical meter: the grid charges its futile visit of the planned day, Tue 10 Nov (850 kr by default).
    expect(docs.at(-1)!.documentType).toBe('NotifyGridCharge');
    expect(recordOf(docs.at(-1)!.document).record).toMatchObject({
      'originalTransactionIDReference_MktActivityRecord.mRID': request.transactionId,
      Charge: { type: { value: 'futile-visit' }, amount: { value: 850, currency: 'DKK' } },
    });
    expect(['D41', 'D42', 'D43', 'D44', 'D58']).toContain(refusal.record.Reason[0].code.value);
    expect(refusal.record['originalTransactionIDReference_MktActivityRecord.mRID']).toBe(request.transactionId);
    expect((await s.point(POINT.physicalHousehold)).connectionState).toBe('E22');
  });

  it('the code comes from the configured list; a further RSM-020 with D11 re-plans from the agreed date', async () => {
    await s.behaviour({ refusalRate: 1, refusalCodes: ['D58'], refusalRateFlagged: 0 });
    const request = endOfSupply('r2', '2026-11-10');
    await portOn(sim.url).send(request);
    await s.advance(dk('2026-11-11', '09:00'));
    const refusal = (await s.queue()).find((d) => d.documentType === 'RejectRequestService')!;
    expect(recordOf(refusal.document).record.Reason[0]).toMatchObject({ code: { value: 'D58' }, text: expect.stringContaining('adgang') });

    // The bailiff court sets Mon 23 Nov: window d1…d6 = 23–27, 30 Nov; 'first' → Mon 23 Nov.
    const bailiff = messageFor('r2-bailiff', {
      kind: 'RequestService',
      meteringPointId: POINT.physicalHousehold,
      serviceType: 'D11',
      date: '2026-11-23',
      processId: request.transactionId,
      description: 'Fogedretten har fastsat tidspunktet',
    });
    expect(await portOn(sim.url).send(bailiff)).toMatchObject({ status: 'accepted' });
    await s.advance(dk('2026-11-23', '10:00'));
    expect((await s.process(request.transactionId)).status).toBe('disconnected');
    expect((await s.point(POINT.physicalHousehold)).history[0].at).toBe(dk('2026-11-23', '10:00'));
  });
});

describe('reopening (RULES 7)', () => {
  /** Disconnected Tue 10 Nov, reported Wed 11 Nov 09:00: the end of supply is complete. */
  async function disconnected(): Promise<void> {
    await portOn(sim.url).send(endOfSupply('eos', '2026-11-10'));
    await s.advance(dk('2026-11-11', '09:00'));
  }
  const startOfSupply = (date: string) =>
    messageFor(`bRS009-${date}`, { kind: 'RequestStartOfSupply', meteringPointId: POINT.physicalHousehold, startDate: date, customerId: 'C-1' });
  const reopen = (key: string, date: string) =>
    messageFor(key, { kind: 'RequestService', meteringPointId: POINT.physicalHousehold, serviceType: 'D03', date });

  it('needs a start of supply (BRS-009) first after a completed end of supply', async () => {
    await disconnected();
    await s.advance(dk('2026-11-12', '10:00'));
    await portOn(sim.url).send(reopen('o1', '2026-11-12'));
    await s.advance(dk('2026-11-12', '10:01'));
    expect(recordOf((await s.queue()).at(-1)!.document)).toMatchObject({ name: 'RejectRequestService', record: { Reason: [{ code: { value: 'E16' } }] } });
  });

  it('physical, requested Thu 12 Nov at 10:30 (before 11:00): reopened the same day', async () => {
    await disconnected();
    await s.behaviour({ reportOn: 'same-day' });
    await s.advance(dk('2026-11-12', '10:30'));
    await portOn(sim.url).send(startOfSupply('2026-11-12'));
    await portOn(sim.url).send(reopen('o2', '2026-11-12'));
    await s.advance(dk('2026-11-12', '16:00'));
    const point = await s.point(POINT.physicalHousehold);
    expect(point.connectionState).toBe('E22');
    expect(point.history.at(-1).at).toBe(dk('2026-11-12', '11:00')); // 10:30 + 30 minutes
    const report = recordOf((await s.queue()).at(-1)!.document);
    expect(report).toMatchObject({ name: 'NotifyConnectionStatus', record: { connectionState: { value: 'E22' } } });
    expect(report.record['start_DateAndOrTime.dateTime']).toBe(dk('2026-11-12'));
  });

  it('physical, requested Thu 12 Nov at 11:30 (after 11:00): reopened the next working day, Fri 13 Nov', async () => {
    await disconnected();
    await s.advance(dk('2026-11-12', '11:30'));
    await portOn(sim.url).send(startOfSupply('2026-11-12'));
    await portOn(sim.url).send(reopen('o3', '2026-11-12'));
    await s.advance(dk('2026-11-12', '23:59'));
    expect((await s.point(POINT.physicalHousehold)).connectionState).toBe('E23');
    await s.advance(dk('2026-11-13', '08:30')); // from 08:00, + 30 minutes
    expect((await s.point(POINT.physicalHousehold)).connectionState).toBe('E22');
  });
});

describe("DataHub's validation of incoming messages (RULES 10)", () => {
  /** A hand-written RSM-005 (from RULES 10, not from the adapter). */
  function rsm005(over: { mRID?: string; tx?: string; receiver?: string; receiverRole?: string; senderRole?: string; processType?: string } = {}) {
    return {
      RequestEndOfSupply_MarketDocument: {
        mRID: over.mRID ?? 'msg-0001',
        type: { value: '432' },
        'process.processType': { value: over.processType ?? 'E20' },
        'businessSector.type': { value: '23' },
        'sender_MarketParticipant.mRID': { codingScheme: 'A10', value: SUPPLIER_GLN },
        'sender_MarketParticipant.marketRole.type': { value: over.senderRole ?? 'DDQ' },
        'receiver_MarketParticipant.mRID': { codingScheme: 'A10', value: over.receiver ?? '5790001330552' },
        'receiver_MarketParticipant.marketRole.type': { value: over.receiverRole ?? 'DDZ' },
        createdDateTime: '2026-11-05T09:00:00Z',
        MktActivityRecord: [
          {
            mRID: over.tx ?? 'tx-0001',
            'marketEvaluationPoint.mRID': { codingScheme: 'A10', value: POINT.physicalHousehold },
            'start_DateAndOrTime.dateTime': '2026-11-09T23:00:00Z',
          },
        ],
      },
    };
  }
  const post = (body: unknown, token: string | undefined = TOKEN) => s.call('POST', '/api/incomingMessages/RequestEndOfSupply', body, token);

  it('answers each error with its five-digit code (ValidationErrors/*.cs), several as BadRequest (JsonResponseFactory.cs), and logs every message', async () => {
    expect((await post(rsm005())).status).toBe(202);
    /** The codes of a 400: the top-level one alone, or BadRequest's details. */
    const codesOf = async (body: unknown) => {
      const r = await post(body);
      expect(r.status).toBe(400);
      if (r.json.Error.Code === 'BadRequest') {
        expect(r.json.Error).toMatchObject({ Message: 'Multiple errors in message', Target: '' });
        return r.json.Error.Details.Errors.map((e: { Code: string }) => e.Code);
      }
      expect(r.json.Error).toEqual({ Code: expect.any(String), Message: expect.any(String), Target: expect.any(String) });
      return [r.json.Error.Code];
    };
    expect(await codesOf(rsm005())).toEqual(['00101', '00102']); // the same message again
    expect(await codesOf(rsm005({ mRID: 'msg-0002' }))).toEqual(['00102']); // a new message, the same transaction
    expect(await codesOf(rsm005({ mRID: 'x'.repeat(37), tx: 'tx-2' }))).toEqual(['00305']); // over-long message id
    expect(await codesOf(rsm005({ mRID: 'msg-3', tx: 't'.repeat(37) }))).toEqual(['00205']);
    expect(await codesOf(rsm005({ mRID: 'msg-4', tx: 'tx-4', receiver: '5790000000005' }))).toEqual(['00303']);
    expect(await codesOf(rsm005({ mRID: 'msg-5', tx: 'tx-5', receiverRole: 'DDM' }))).toEqual(['00304']);
    expect(await codesOf(rsm005({ mRID: 'msg-6', tx: 'tx-6', senderRole: 'DDM' }))).toEqual(['00003']);
    expect(await codesOf(rsm005({ mRID: 'msg-7', tx: 'tx-7', processType: 'D22' }))).toEqual(['00402']);

    const broken = rsm005({ mRID: 'msg-8', tx: 'tx-8' }) as any;
    delete broken.RequestEndOfSupply_MarketDocument.type;
    broken.RequestEndOfSupply_MarketDocument.MktActivityRecord[0].cutoff = '2026-11-10';
    const invalid = await post(broken);
    expect(invalid.json.Error.Code).toBe('BadRequest');
    expect(invalid.json.Error.Details.Errors.map((e: { Code: string; Target: string }) => [e.Code, e.Target])).toEqual(
      expect.arrayContaining([
        ['00302', 'RequestEndOfSupply_MarketDocument.type'],
        ['00302', 'RequestEndOfSupply_MarketDocument.MktActivityRecord.0'],
      ]),
    );
    expect((await post(rsm005({ mRID: 'msg-9', tx: 'tx-9' }), '')).status).toBe(401);

    const log = await s.log();
    expect(log.map((e) => [e.httpStatus, e.outcome, e.code ?? null, e.duplicate])).toEqual([
      [202, 'accepted', null, false],
      [400, 'duplicate', '00101+00102', true],
      [400, 'duplicate', '00102', true],
      [400, 'rejected', '00305', false],
      [400, 'rejected', '00205', false],
      [400, 'rejected', '00303', false],
      [400, 'rejected', '00304', false],
      [400, 'rejected', '00003', false],
      [400, 'rejected', '00402', false],
      [400, 'rejected', '00302+00302', false],
      [401, 'unauthorised', null, false],
    ]);
    expect(log[0]).toMatchObject({ messageId: 'msg-0001', transactionIds: ['tx-0001'], meteringPointIds: [POINT.physicalHousehold] });
  });
});

describe('the queue: peek and dequeue per party', () => {
  it('peeks the oldest message until it is dequeued; 204 when empty; another party sees nothing', async () => {
    const empty = await s.call('GET', '/api/peek/MasterData', undefined, TOKEN);
    expect(empty.status).toBe(204);
    const a = await s.outbound({ documentType: 'NotifyEndOfSupply', records: [{ meteringPointId: POINT.physicalHousehold, date: '2026-11-20' }] });
    const b = await s.outbound({ document: { Whatever_MarketDocument: { mRID: 'given-id' } } });
    expect(b.messageId).toBe('given-id');

    const first = await s.call('GET', '/api/peek/masterdata', undefined, TOKEN);
    expect(first.status).toBe(200);
    expect(first.headers.get('MessageId')).toBe(a.messageId);
    expect(recordOf(first.json).name).toBe('NotifyEndOfSupply');
    expect((await s.call('GET', '/api/peek/MasterData', undefined, TOKEN)).headers.get('MessageId')).toBe(a.messageId);
    expect((await s.call('GET', '/api/peek/Aggregations', undefined, TOKEN)).status).toBe(204);
    expect((await s.call('GET', '/api/peek/Nonsense', undefined, TOKEN)).status).toBe(500); // EnumerationType.FromName throws
    expect((await s.call('GET', '/api/peek/MasterData', undefined, TOKEN, null)).status).toBe(415); // no Content-Type
    expect((await s.call('GET', '/api/peek/MasterData')).status).toBe(401);

    expect((await s.call('DELETE', `/api/dequeue/${a.messageId}`, undefined, TOKEN)).status).toBe(200);
    expect((await s.call('DELETE', `/api/dequeue/${a.messageId}`, undefined, TOKEN)).status).toBe(400); // DequeueRequestListener.cs
    expect((await s.call('GET', '/api/peek/MasterData', undefined, TOKEN)).headers.get('MessageId')).toBe('given-id');
    expect((await s.queue())[0]).toMatchObject({ messageId: 'given-id', peeks: 1 });
  });

  it('a failing dequeue leaves the message in the queue', async () => {
    const { messageId } = await s.outbound({ documentType: 'NotifyEndOfSupply', records: [{ meteringPointId: POINT.physicalHousehold, date: '2026-11-20' }] });
    await s.behaviour({ dequeue: 'fail' });
    expect((await s.call('DELETE', `/api/dequeue/${messageId}`, undefined, TOKEN)).status).toBe(503);
    expect(await s.queue()).toMatchObject([{ messageId, dequeueAttempts: 1 }]);
  });
});

describe('independence', () => {
  it('the simulator imports nothing from the adapter (activities/), the workflows or the poller', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../simulators/datahub-server/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'server.ts', 'model.ts', 'documents.ts', 'fixtures.ts', 'config.ts']));
    for (const file of files) {
      const imports = [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      expect(imports.filter((i) => /(activities|workflows|client)\//.test(i)), file).toEqual([]);
    }
  });
});

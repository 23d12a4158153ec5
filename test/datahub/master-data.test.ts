/**
 * Master data without a simulator-only route (issue 16 item 8), one test per rule, with the adapter
 * and the poller against the DataHub simulator: the simulator sends RSM-022 AccountingPointCharacteristics
 * in Energinet's dialect from its own table; the poller fills the master-data store (the evidence
 * archive's database) from it; `lookupMeteringPoint` reads the store and never asks DataHub (or the
 * simulator) by a route of its own; RSM-022's customer fields are dropped on arrival.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { B2BDataHubPort } from '../../activities/datahub-b2b.js';
import { RSM022, meterKindOf } from '../../activities/datahub-profile.js';
import { UNKNOWN_METERING_POINT, createDataHubActivities } from '../../activities/datahub.js';
import { DataHubPoller } from '../../client/datahub-poller.js';
import { createMemoryEvidenceStore } from '../../evidence/sqlite.js';
import type { EvidenceStore } from '../../evidence/store.js';
import { DEFAULT_METERING_POINTS, RSM022_SIM } from '../../simulators/datahub-server/fixtures.js';
import { startDataHubSimulator, type RunningDataHubSimulator } from '../../simulators/datahub-server/server.js';
import { POINT, SUPPLIER_GLN, TOKEN, recordOf, simClient } from './support.js';

let sim: RunningDataHubSimulator;
let s: ReturnType<typeof simClient>;
let dir: string;
let evidence: EvidenceStore;
let logs: Record<string, unknown>[];
let nudged: string[];

beforeAll(async () => {
  sim = await startDataHubSimulator({ port: 0, masterDataNotices: true });
  s = simClient(sim.url);
  dir = mkdtempSync(join(tmpdir(), 'afbryd-master-data-'));
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await s.reset();
  evidence = createMemoryEvidenceStore();
  logs = [];
  nudged = [];
});

/** A poller with a stand-in Temporal: no case is open; the nudge to a waiting case is recorded. */
function poller(): DataHubPoller {
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({ signal: async (def: { name: string }) => void nudged.push(`${workflowId}:${def.name}`) }),
      list: () => (async function* () {})(),
    },
  } as unknown as Client;
  return new DataHubPoller({
    client,
    baseUrl: sim.url,
    token: TOKEN,
    supplierGln: SUPPLIER_GLN,
    unmatchedFile: join(dir, `kept-${Math.random().toString(36).slice(2)}.jsonl`),
    evidence,
    locateCase: async (gsrn) => ({ workflowId: `case-${gsrn}-C-1`, runId: 'run-1' }),
    visibility: { attempts: 1, delayMs: 1 },
    log: (line) => logs.push(line),
  });
}

/** The adapter over the simulator, with every URL it fetches recorded. */
function adapter(): { port: B2BDataHubPort; urls: string[] } {
  const urls: string[] = [];
  const port = new B2BDataHubPort({
    baseUrl: sim.url,
    token: TOKEN,
    supplierGln: SUPPLIER_GLN,
    timeoutMs: 5000,
    fetch: (url, init) => {
      urls.push(String(url));
      return fetch(url, init);
    },
  });
  return { port, urls };
}

const rsm022 = (over: Record<string, unknown> = {}, point: Record<string, unknown> = {}) => ({
  AccountingPointCharacteristics_MarketDocument: {
    mRID: `apc-${Math.random().toString(36).slice(2, 10)}`,
    type: { value: 'E07' },
    'process.processType': { value: 'E03' },
    'sender_MarketParticipant.mRID': { codingScheme: 'A10', value: '5790001330552' },
    'receiver_MarketParticipant.mRID': { codingScheme: 'A10', value: SUPPLIER_GLN },
    createdDateTime: '2026-11-11T08:00:00Z',
    MktActivityRecord: [
      {
        mRID: 'apc-tx-1',
        'validityStart_DateAndOrTime.dateTime': '2026-11-01T23:00:00Z',
        MarketEvaluationPoint: {
          mRID: { codingScheme: 'A10', value: '571313100000007777' },
          'meteringPointResponsible_MarketParticipant.mRID': { codingScheme: 'A10', value: '5790000000005' },
          type: { value: 'E17' },
          settlementMethod: { value: 'D01' },
          disconnectionMethod: { value: 'D02' },
          'firstCustomer_MarketParticipant.mRID': { codingScheme: 'ARR', value: '0101001234' },
          'firstCustomer_MarketParticipant.name': 'Kanarie Fuglesang',
          ...point,
        },
      },
    ],
    ...over,
  },
});

describe('master data: the simulator sends RSM-022, the poller fills the store, the lookup reads it', () => {
  it('the simulator sends RSM-022 AccountingPointCharacteristics for its metering points, in the profile\'s names and codes', async () => {
    const queued = (await s.queue()).filter((m) => m.documentType === 'AccountingPointCharacteristics');
    expect(queued.map((m) => recordOf(m.document).record[RSM022.point][RSM022.field.meteringPoint].value).sort()).toEqual(DEFAULT_METERING_POINTS.map((p) => p.meteringPointId).sort());
    const { header, record } = recordOf(queued[0]!.document);
    expect(header.type.value).toBe(RSM022.messageType);
    expect(record[RSM022.validityStart]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const point = record[RSM022.point];
    for (const field of [RSM022.field.gridCompany, RSM022.field.settlementMethod, RSM022.field.disconnectionMethod, RSM022.field.type, RSM022.field.gridArea]) {
      expect(point, field).toHaveProperty([field]);
    }
    // The simulator's own table agrees with the profile's codes (written from the same sources).
    expect(RSM022_SIM.settlement).toEqual({ hourly: RSM022.settlement.nonProfiled, flex: RSM022.settlement.flex, profiled: RSM022.settlement.profiled });
    expect(RSM022_SIM.disconnection).toEqual(RSM022.disconnection);
    expect(RSM022_SIM.consumption).toBe(RSM022.consumption);
    expect(RSM022_SIM.type).toBe(RSM022.messageType);
  });

  it('the poller fills the master-data store from RSM-022: grid company, settlement and disconnection method of each point; the meter kind follows (hourly if hourly-settled)', async () => {
    const outcomes = await poller().pollOnce();
    expect(outcomes.filter((o) => o.documentType === 'AccountingPointCharacteristics').map((o) => o.result)).toEqual(['master-data', 'master-data', 'master-data', 'master-data']);
    for (const fixture of DEFAULT_METERING_POINTS) {
      const stored = await evidence.readMasterData(fixture.meteringPointId);
      expect(stored, fixture.meteringPointId).toMatchObject({ gridCompanyGln: fixture.gridCompanyGln, source: 'rsm-022', hourlySettled: fixture.meterKind === 'hourly' });
      expect(meterKindOf(stored!)).toBe(fixture.meterKind);
      expect(stored!.gridArea).toMatch(/^\d{3}$/);
    }
    // The source names the RSM-022 it came from; the queue is drained.
    const outcome = outcomes.find((o) => o.documentType === 'AccountingPointCharacteristics')!;
    expect((await evidence.readMasterData(POINT.physicalHousehold))!.sourceRef).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.workflowIds).toEqual([]);
    expect((await s.queue()).filter((m) => m.documentType === 'AccountingPointCharacteristics')).toEqual([]);
  });

  it("RSM-022's customer fields (CPR/CVR, name, address) are dropped on arrival: not stored, not in the evidence archive, not logged, not kept, not signalled", async () => {
    const p = poller();
    await p.pollOnce();
    const id = (await s.outbound({ document: rsm022({}, { type: { value: 'E18' } }) })).messageId; // a production point: kept for an operator
    await p.pollOnce();
    const personal = /0101001234|Kanarie|Fuglesang|Kanarievej/;
    const inbound = [...(await evidence.listInboundWithoutCase(1000))];
    expect(inbound.map((m) => m.messageId)).toContain(id);
    for (const m of inbound) expect(JSON.stringify(m.document)).not.toMatch(personal);
    expect(JSON.stringify(logs)).not.toMatch(personal);
    expect(JSON.stringify(await evidence.readMasterData(POINT.physicalHousehold))).not.toMatch(personal);
    expect(nudged.join()).not.toMatch(personal);
    const keptFiles = (p as unknown as { options: { unmatchedFile: string } }).options.unmatchedFile;
    if (existsSync(keptFiles)) expect(readFileSync(keptFiles, 'utf8')).not.toMatch(personal);
  });

  it('lookupMeteringPoint reads the store and never asks DataHub or the simulator for master data: before the RSM-022 is polled the point is unknown, after it the meter kind is there', async () => {
    const { port, urls } = adapter();
    expect('masterData' in port).toBe(false);
    const { lookupMeteringPoint } = createDataHubActivities({ datahub: port, evidence });
    await expect(lookupMeteringPoint({ meteringPointId: POINT.hourlyLarge })).rejects.toMatchObject({ type: UNKNOWN_METERING_POINT, nonRetryable: true });
    await poller().pollOnce();
    // An hourly point's own disconnection method comes with it (release 0.6.11, issue 15 item 5): the
    // simulator's RSM-022 for it says D01, remote.
    expect(await lookupMeteringPoint({ meteringPointId: POINT.hourlyLarge })).toEqual({ meteringPointId: POINT.hourlyLarge, meterKind: 'hourly', gridCompanyGln: '5790000000012', disconnectionMethod: 'remote' });
    expect(await lookupMeteringPoint({ meteringPointId: POINT.remoteHousehold })).toMatchObject({ meterKind: 'remote' });
    expect(urls).toEqual([]);
  });

  it('a newer RSM-022 wins: the grid company changes the meter to remote disconnection, and the store follows; the waiting case is nudged', async () => {
    const p = poller();
    await p.pollOnce();
    expect(meterKindOf((await evidence.readMasterData(POINT.physicalHousehold))!)).toBe('physical');
    await s.advance(new Date(Date.now() + 60_000).toISOString()).catch(() => undefined);
    await s.call('POST', '/sim/metering-points', { meteringPointId: POINT.physicalHousehold, meterKind: 'remote', customerClass: 'household', gridCompanyGln: '5790000000005' });
    nudged = [];
    await p.pollOnce();
    expect(meterKindOf((await evidence.readMasterData(POINT.physicalHousehold))!)).toBe('remote');
    expect(nudged).toEqual([`case-${POINT.physicalHousehold}-C-1:masterDataSupplied`]);
  });

  it('an RSM-022 of a point that is not a consumption point is kept for an operator, and nothing is stored', async () => {
    const p = poller();
    await p.pollOnce();
    await s.outbound({ document: rsm022({}, { type: { value: 'E18' } }) });
    const [outcome] = await p.pollOnce();
    expect(outcome).toMatchObject({ result: 'kept', kept: [expect.stringContaining('not a consumption metering point')] });
    expect(await evidence.readMasterData('571313100000007777')).toBeUndefined();
  });

  it('incomplete master data (not hourly-settled, no disconnection method) is stored, and the lookup says what is missing instead of guessing a meter kind', async () => {
    const p = poller();
    await p.pollOnce();
    const body = rsm022();
    delete (body.AccountingPointCharacteristics_MarketDocument.MktActivityRecord[0]!.MarketEvaluationPoint as Record<string, unknown>).disconnectionMethod;
    await s.outbound({ document: body });
    await p.pollOnce();
    expect(await evidence.readMasterData('571313100000007777')).toMatchObject({ hourlySettled: false, source: 'rsm-022' });
    const { lookupMeteringPoint } = createDataHubActivities({ datahub: adapter().port, evidence });
    await expect(lookupMeteringPoint({ meteringPointId: '571313100000007777' })).rejects.toMatchObject({
      type: UNKNOWN_METERING_POINT,
      message: expect.stringContaining('incomplete'),
    });
  });

  it('an invalid RSM-022 (no grid company) is kept for an operator without its personal fields, and the queue moves on', async () => {
    const p = poller();
    await p.pollOnce();
    const body = rsm022();
    delete (body.AccountingPointCharacteristics_MarketDocument.MktActivityRecord[0]!.MarketEvaluationPoint as Record<string, unknown>)['meteringPointResponsible_MarketParticipant.mRID'];
    const { messageId } = await s.outbound({ document: body });
    const [outcome] = await p.pollOnce();
    expect(outcome).toMatchObject({ messageId, result: 'kept', kept: ['invalid document'] });
    const kept = (await evidence.listInboundWithoutCase(10)).find((m) => m.messageId === messageId)!;
    expect(JSON.stringify(kept.document)).not.toMatch(/0101001234|Kanarie/);
    expect(await s.queue()).toEqual([]);
  });
});

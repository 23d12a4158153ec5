/**
 * The go-live master-data CSV (issue 16 item 8): existing customers' RSM-022 arrived before afbryd, so
 * their facts come in a file — `afbryd masterdata import <file.csv>` — into the master-data store.
 * Every row is checked first; a bad row names its column and rule (never its value); a row older than
 * what the store holds (a newer RSM-022) is kept out; importing again is safe.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../client/cli/main.js';
import { importMasterDataCsv } from '../../client/master-data.js';
import { openEvidenceStore } from '../../evidence/open.js';
import { createMemoryEvidenceStore } from '../../evidence/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'afbryd-md-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CSV = [
  'metering_point_id,grid_company_gln,hourly_settled,disconnection_method,valid_from',
  '571313100000000017,5790000000005,false,physical,2026-01-01',
  '571313100000000024,5790000000005,nej,remote,',
  '571313100000000031,5790000000012,true,,2026-01-01T00:00:00Z',
  '5713131000000000,5790000000005,false,physical,',
  '571313100000000048,5790000000012,false,,',
  '571313100000000055,57900,maybe,sometimes,yesterday',
].join('\r\n');

describe('the master-data CSV import', () => {
  it('stores every valid row (source csv-import, its line as reference) and names each bad row by line, column and rule', async () => {
    const store = createMemoryEvidenceStore();
    const result = await importMasterDataCsv(store, undefined, CSV, { file: 'golive-md.csv' });
    expect({ stored: result.stored, rejected: result.rejected }).toEqual({ stored: 3, rejected: 3 });
    expect(await store.readMasterData('571313100000000017')).toMatchObject({ hourlySettled: false, disconnectionMethod: 'physical', source: 'csv-import', sourceRef: 'golive-md.csv:2', validFrom: '2026-01-01T00:00:00.000Z' });
    expect(await store.readMasterData('571313100000000024')).toMatchObject({ hourlySettled: false, disconnectionMethod: 'remote' });
    expect(await store.readMasterData('571313100000000031')).toMatchObject({ hourlySettled: true, gridCompanyGln: '5790000000012' });
    const rejected = result.rows.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => r.line)).toEqual([5, 6, 7]);
    expect(rejected[0]!.problems).toEqual(['metering_point_id: must be an 18-digit GSRN']);
    expect(rejected[1]!.problems).toEqual(['disconnection_method: is required unless hourly_settled']);
    expect(rejected[2]!.problems!.map((p) => p.split(':')[0])).toEqual(['grid_company_gln', 'hourly_settled', 'disconnection_method', 'valid_from']);
    expect(JSON.stringify(rejected)).not.toContain('sometimes');
    await store.close();
  });

  it('a row older than what the store holds (a newer RSM-022) is kept out; importing the same file again changes nothing', async () => {
    const store = createMemoryEvidenceStore();
    await store.upsertMasterData({ meteringPointId: '571313100000000017', gridCompanyGln: '5790000000005', hourlySettled: false, disconnectionMethod: 'remote', validFrom: '2026-06-01T00:00:00Z', source: 'rsm-022', sourceRef: 'msg-9' });
    const first = await importMasterDataCsv(store, undefined, CSV);
    expect(first.rows.find((r) => r.meteringPointId === '571313100000000017')!.status).toBe('kept-newer');
    expect(await store.readMasterData('571313100000000017')).toMatchObject({ disconnectionMethod: 'remote', source: 'rsm-022' });
    const again = await importMasterDataCsv(store, undefined, CSV);
    expect(again.rows.map((r) => r.status)).toEqual(first.rows.map((r) => r.status).map((s) => s));
    await store.close();
  });

  it('refuses a file without the needed columns, or with unknown ones, before storing anything', async () => {
    const store = createMemoryEvidenceStore();
    await expect(importMasterDataCsv(store, undefined, 'metering_point_id,hourly_settled\n571313100000000017,true\n')).rejects.toThrow(/lacks the column\(s\) grid_company_gln/);
    await expect(importMasterDataCsv(store, undefined, 'metering_point_id,grid_company_gln,hourly_settled,customer_name\n')).rejects.toThrow(/unknown column\(s\) in the header: customer_name/);
    expect(await store.readMasterData('571313100000000017')).toBeUndefined();
    await store.close();
  });

  it('afbryd masterdata import <file.csv> stores the rows in the configured store, says what it did, and exits 2 when rows were rejected', async () => {
    const file = join(dir, 'golive-md.csv');
    writeFileSync(file, CSV);
    const url = `file:${join(dir, 'evidence.sqlite')}`;
    const out: string[] = [];
    const err: string[] = [];
    const before = process.env.AFBRYD_EVIDENCE_URL;
    process.env.AFBRYD_EVIDENCE_URL = url;
    try {
      const code = await main(['masterdata', 'import', file, '--no-nudge'], { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) });
      expect(code).toBe(2);
      expect(out.at(-1)).toBe('6 rows: 3 stored, 0 kept (newer facts in the store), 3 rejected');
      expect(out[0]).toBe('line 5: rejected: metering_point_id: must be an 18-digit GSRN');
      expect(err.join('\n')).toMatch(/3 row\(s\) rejected/);
    } finally {
      if (before === undefined) delete process.env.AFBRYD_EVIDENCE_URL;
      else process.env.AFBRYD_EVIDENCE_URL = before;
    }
    const store = await openEvidenceStore({ url });
    expect(await store.readMasterData('571313100000000031')).toMatchObject({ hourlySettled: true, source: 'csv-import' });
    await store.close();
  });
});

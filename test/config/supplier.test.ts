/**
 * The supplier the letters present is a setting (RULES 11: the complaint contact and the Energy Appeals
 * Board's address are settings): `AFBRYD_SUPPLIER`, read by the worker (config/supplier.ts) and passed
 * to the mail and SMS activities, so a deployment prints its own name, never the fictional default.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSupplierConfig } from '../../config/supplier.js';
import { createConfiguredDeps } from '../../worker/parties.js';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { loadOwnerSettings } from '../../config/owner.js';

const REAL = {
  name: 'Nordlys Energi A/S',
  phone: '+45 70 10 20 30',
  email: 'kundeservice@nordlys-energi.dk',
  web: 'nordlys-energi.dk',
  cvr: '12345678',
  address: ['Strømgade 4', '8000 Aarhus C'],
  complaints: 'klage@nordlys-energi.dk',
};

describe('AFBRYD_SUPPLIER', () => {
  it('unset: the fictional supplier, said to be fictional', () => {
    const { supplier, fictional } = loadSupplierConfig({});
    expect(fictional).toBe(true);
    expect(supplier.name).toContain('fiktiv');
  });

  it('set: the deployment\'s own supplier, with the Appeals Board by default', () => {
    const { supplier, fictional } = loadSupplierConfig({ AFBRYD_SUPPLIER: JSON.stringify(REAL) });
    expect(fictional).toBe(false);
    expect(supplier).toMatchObject({ ...REAL, appealsBoard: 'Ankenævnet på Energiområdet, Toldboden 2, 8800 Viborg, www.energianke.dk' });
  });

  it('a bad value stops the worker with one line naming the field', () => {
    expect(() => loadSupplierConfig({ AFBRYD_SUPPLIER: JSON.stringify({ ...REAL, cvr: '1234' }) })).toThrow(/^invalid configuration: AFBRYD_SUPPLIER\.cvr must be a CVR number/);
    expect(() => loadSupplierConfig({ AFBRYD_SUPPLIER: '{' })).toThrow('invalid configuration: AFBRYD_SUPPLIER is not valid JSON');
    expect(() => loadSupplierConfig({ AFBRYD_SUPPLIER: JSON.stringify({ ...REAL, extra: 1 }) })).toThrow(/AFBRYD_SUPPLIER/);
  });

  it('reaches the activities the worker builds', async () => {
    const deps = await createConfiguredDeps({
      settings: resolveCaseSettings(),
      owner: loadOwnerSettings({}),
      rates: [],
      env: { AFBRYD_SUPPLIER: JSON.stringify(REAL), AFBRYD_EVIDENCE_URL: `file:${join(mkdtempSync(join(tmpdir(), 'afbryd-supplier-')), 'evidence.sqlite')}` },
    });
    expect(deps.supplier?.name).toBe('Nordlys Energi A/S');
  });
});

/**
 * The DataHub dialect (issue 16): the adapter's profile (`activities/datahub-profile.ts`) names a
 * source for every value — a file of Energinet's code, or "unconfirmed" — and the simulator keeps its
 * own table, never imported from the profile, so the two are compared here and a drift fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const PROFILE = new URL('../../activities/datahub-profile.ts', import.meta.url);

describe("the adapter's profile", () => {
  it('names the source of every exported value (an Energinet file, RULES 10 or config), or says it is unconfirmed', () => {
    const text = readFileSync(PROFILE, 'utf8');
    const exports = [...text.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export const (\w+)/g)];
    expect(exports.length).toBeGreaterThan(15);
    const unsourced = exports
      .filter(([, doc]) => !doc || !/(edi:|Source|source|unconfirmed|Unconfirmed|RULES 10|config\/datahub\.ts|ValidationErrors|codelists|\.cs\b|\.json\b|\.xsd\b)/.test(doc))
      .map(([, , name]) => name);
    expect(unsourced).toEqual([]);
  });
});

describe("the simulator's own table (simulators/datahub-server/fixtures.ts)", () => {
  it('never imports the profile (nor anything of the adapter, the poller or the workflows)', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = new URL('../../simulators/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const imports = (f: string) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
    const offending = files.flatMap((f) => imports(f).filter((i) => /datahub-profile/.test(i) || (f.startsWith('datahub-server') && /(^|\/)(activities|client|workflows)\//.test(i))).map((i) => `${f}: ${i}`));
    expect(offending).toEqual([]);
  });

  it('agrees with the profile: a drift between the two fails here', async () => {
    const profile = await import('../../activities/datahub-profile.js');
    const sim = await import('../../simulators/datahub-server/fixtures.js');
    const { DATAHUB_DIALECT_DEFAULTS } = await import('../../config/datahub.js');
    expect(sim.DATAHUB_GLN).toBe(profile.DATAHUB_GLN);
    expect(sim.BUSINESS_SECTOR).toBe(profile.BUSINESS_SECTOR);
    expect(sim.CODING_SCHEME_GLN).toBe(profile.CODING_SCHEME_GS1);
    expect(sim.ROLE).toEqual({ supplier: profile.ROLE.energySupplier, gridCompany: profile.ROLE.gridAccessProvider, dataHub: profile.ROLE.meteringPointAdministrator });
    expect(sim.ROLE.dataHub).toBe(DATAHUB_DIALECT_DEFAULTS.receiverRole);
    for (const [name, { messageType }] of Object.entries(sim.INCOMING_DOCUMENT_TYPES)) {
      expect([name, messageType]).toEqual([name, profile.MESSAGE_TYPE[name as keyof typeof profile.MESSAGE_TYPE]]);
    }
    expect(sim.INCOMING_DOCUMENT_TYPES.RequestCancellation.processTypes).toContain(DATAHUB_DIALECT_DEFAULTS.cancellationProcessType);
    expect(sim.PROCESS).toMatchObject(profile.PROCESS_TYPE);
    expect([...sim.CIRCUMSTANCE_SERVICE_TYPES]).toEqual([...profile.SPECIAL_CIRCUMSTANCE_SERVICE_TYPES]);
    expect([...sim.REFUSAL_CODES]).toEqual([...profile.GRID_REFUSAL_CODES]);
    expect(sim.ANSWER).toEqual(profile.REASON);
    // Every error code the simulator answers means the same in the profile.
    for (const code of Object.values(sim.ERROR)) expect(profile.ERROR_MEANING[code], code).toBeDefined();
    expect([sim.ERROR.duplicateMessageId, sim.ERROR.duplicateTransactionId]).toEqual([...profile.DUPLICATE_ERROR_CODES]);
    expect(sim.MULTIPLE_ERRORS.Code).toBe(profile.MULTIPLE_ERRORS_CODE);
    expect(sim.SNAPSHOT_CATEGORIES).toEqual(profile.PEEK_CATEGORIES_IN_SNAPSHOT.map((c) => c.toLowerCase()));
    for (const category of DATAHUB_DIALECT_DEFAULTS.peekCategories) expect(sim.categoryOf(category), category).toBeDefined();
    for (const name of Object.keys(sim.OUTGOING_TYPE)) expect(profile.INBOUND_DOCUMENTS as readonly string[]).toContain(name);
  });
});

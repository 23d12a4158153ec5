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

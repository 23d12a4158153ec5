/**
 * Settings bases (rules/settings-base.ts, release 0.6.9 `compactSettingsSnapshot`): a case's snapshot
 * is recorded as a frozen base and its changes. A base is part of every history that names it, so it
 * is never edited (its hash is pinned here), and the newest base is today's defaults (so that a
 * deployment on the defaults records no changes at all).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveCaseSettings } from '../../config/case-settings.js';
import { compactSettings, expandSettings, NEWEST_SETTINGS_BASE, SETTINGS_BASES } from '../../rules/index.js';

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('settings bases', () => {
  it('are never edited: each one has the content it was released with', () => {
    // Pinned when the base was added (the same hash as the default configuration's version id, cfg-f84c309e0264). A failure here means a released base changed: restore it and add a new one.
    const pinned: Record<string, string> = {
      'defaults-0.6.9': 'f84c309e02646490e58b4e8a595892ca55e0cad6e3a9bb786815c8a8fbfbc0ca',
    };
    for (const [name, base] of Object.entries(SETTINGS_BASES)) expect({ name, hash: hash(base) }).toEqual({ name, hash: pinned[name] });
  });

  it('the newest is what the configuration resolves to with no overrides', () => {
    const { versionId: _id, ...defaults } = resolveCaseSettings();
    expect(SETTINGS_BASES[NEWEST_SETTINGS_BASE]).toEqual(defaults);
  });

  it('a snapshot on the defaults is its version and the base, with no changes', () => {
    const settings = resolveCaseSettings();
    const compact = compactSettings(settings);
    expect(compact).toEqual({ versionId: settings.versionId, base: 'defaults-0.6.9', changes: {} });
    expect(JSON.stringify(compact).length).toBeLessThan(100);
    expect(expandSettings(compact)).toEqual(settings);
  });

  it('changes say only what differs, and expand back to exactly the snapshot', () => {
    const settings = resolveCaseSettings({
      rules: { letterReceiptHverdage: 4, gridClosedDays: ['2027-12-24'] },
      case: { securityMonths: 2, stepWindowLocal: null },
      fees: {
        // AFBRYD_FEES replaces the tariff table whole; its default is the base's own.
        gridTariffs: {
          default: SETTINGS_BASES[NEWEST_SETTINGS_BASE]!.fees!.gridTariffs.default!,
          '5790000000005': {
            disconnectionPhysicalOre: 90_000,
            disconnectionRemoteOre: 25_000,
            futileVisitOre: 85_000,
            reopeningPhysicalOre: 85_000,
            reopeningRemoteOre: 25_000,
            reopeningOutsideHoursOre: 250_000,
            futileReopeningOre: 85_000,
          },
        },
      },
    });
    const compact = compactSettings(settings);
    expect('base' in compact && compact.changes).toEqual({
      rules: { letterReceiptHverdage: 4, gridClosedDays: ['2027-12-24'] },
      case: { securityMonths: 2, stepWindowLocal: null },
      fees: { gridTariffs: { '5790000000005': settings.fees!.gridTariffs['5790000000005'] } },
    });
    expect(expandSettings(compact)).toEqual(settings);
  });

  it('a snapshot the changes cannot say (a setting the base has is gone) stays whole', () => {
    const settings = resolveCaseSettings();
    const { 'business-flex': _gone, ...products } = settings.fees!.products;
    const without = { ...settings, fees: { ...settings.fees!, products } };
    expect(compactSettings(without)).toBe(without);
    expect(expandSettings(without)).toBe(without);
  });

  it('an unknown base is an error, never a guess', () => {
    expect(() => expandSettings({ versionId: 'cfg-x', base: 'defaults-0.0.1', changes: {} })).toThrow(/never be deleted/);
  });

  it('the expanded settings share no object with the base', () => {
    const expanded = expandSettings(compactSettings(resolveCaseSettings()));
    expect(Object.isFrozen(expanded.rules)).toBe(false);
    expect(expanded.rules.gridClosedDays).not.toBe(SETTINGS_BASES[NEWEST_SETTINGS_BASE]!.rules.gridClosedDays);
  });
});

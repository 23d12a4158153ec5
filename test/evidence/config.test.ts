/** `config/evidence.ts`: the documented defaults, the accepted URLs, and one-line errors that never echo a URL. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/env.js';
import { describeEvidenceUrl, loadEvidenceConfig } from '../../config/evidence.js';
import { evidenceDialect } from '../../evidence/open.js';

describe('evidence archive settings', () => {
  it('defaults to evidence.sqlite in the data folder every process shares (AFBRYD_DATA_DIR, .data), kept 5 years (unset and empty alike)', () => {
    expect(loadEvidenceConfig({})).toEqual({ url: 'file:.data/evidence.sqlite', retentionYears: 5 });
    expect(loadEvidenceConfig({ AFBRYD_EVIDENCE_URL: '', AFBRYD_EVIDENCE_RETENTION_YEARS: ' ' })).toEqual({ url: 'file:.data/evidence.sqlite', retentionYears: 5 });
    // The CLI, the API and the worker read the same folder as `npm start` writes (issue 17).
    expect(loadEvidenceConfig({ AFBRYD_DATA_DIR: '/srv/afbryd/' }).url).toBe('file:/srv/afbryd/evidence.sqlite');
  });

  it('accepts SQLite and PostgreSQL URLs and a retention in whole years', () => {
    for (const url of ['file:/var/lib/afbryd/evidence.sqlite', 'libsql://evidence.example.com?authToken=x', 'postgres://afbryd:pw@evidence-db:5432/afbryd_evidence', 'postgresql://evidence-db/afbryd']) {
      expect(loadEvidenceConfig({ AFBRYD_EVIDENCE_URL: url }).url).toBe(url);
    }
    expect(loadEvidenceConfig({ AFBRYD_EVIDENCE_RETENTION_YEARS: '10' }).retentionYears).toBe(10);
    expect(evidenceDialect('file:x.sqlite')).toBe('sqlite');
    expect(evidenceDialect('libsql://x')).toBe('sqlite');
    expect(evidenceDialect(':memory:')).toBe('sqlite');
    expect(evidenceDialect('postgres://x/y')).toBe('postgres');
    expect(evidenceDialect('postgresql://x/y')).toBe('postgres');
    expect(evidenceDialect('mysql://x/y')).toBeUndefined();
  });

  it('names every bad variable in one line, without echoing the URL', () => {
    let error: unknown;
    try {
      loadEvidenceConfig({ AFBRYD_EVIDENCE_URL: 'mysql://root:topsecret@db/x', AFBRYD_EVIDENCE_RETENTION_YEARS: '0' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toBe(
      'invalid configuration: AFBRYD_EVIDENCE_URL must be a file:, libsql://, postgres:// or postgresql:// URL, e.g. file:.data/evidence.sqlite; AFBRYD_EVIDENCE_RETENTION_YEARS must be at least 1 (year)',
    );
    expect(message).not.toContain('topsecret');
    expect(() => loadEvidenceConfig({ AFBRYD_EVIDENCE_RETENTION_YEARS: 'five' })).toThrow('AFBRYD_EVIDENCE_RETENTION_YEARS must be a whole number of years, e.g. 5');
    expect(() => loadEvidenceConfig({ AFBRYD_EVIDENCE_RETENTION_YEARS: '2.5' })).toThrow(ConfigError);
    expect(() => loadEvidenceConfig({ AFBRYD_EVIDENCE_RETENTION_YEARS: '101' })).toThrow('must be at most 100 (years)');
  });

  it('describes a URL for a log line without credentials', () => {
    expect(describeEvidenceUrl('file:.afbryd/evidence.sqlite')).toBe('sqlite file:.afbryd/evidence.sqlite');
    expect(describeEvidenceUrl('postgres://afbryd:topsecret@evidence-db:5432/afbryd_evidence?sslmode=require')).toBe('postgresql evidence-db:5432/afbryd_evidence');
    expect(describeEvidenceUrl('libsql://evidence.example.com?authToken=topsecret')).toBe('libsql evidence.example.com');
  });
});

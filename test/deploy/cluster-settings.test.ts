/**
 * One deployment: `npm run cluster` reads deploy/cluster.env, and docker-compose.yml must say the
 * same (issue 18). Read from the files' text, so it runs without docker-compose.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadClusterSettings } from '../../scripts/lib/cluster/settings.js';
import { ROOT } from '../support/servers.js';

const compose = readFileSync(`${ROOT}docker-compose.yml`, 'utf8');
const s = loadClusterSettings();
/** Every value a key has in the compose file (`KEY: value` or `KEY: "value"`). */
const values = (key: string) => [...compose.matchAll(new RegExp(`^\\s+${key}: "?([^"\\n]*?)"?\\s*$`, 'gm'))].map((m) => m[1]);

describe('deploy/cluster.env and docker-compose.yml', () => {
  it('run the same Temporal release (server and admin-tools)', () => {
    const images = [...compose.matchAll(/image: temporalio\/(server|admin-tools):(\S+)/g)].map((m) => m[2]);
    expect(images.length).toBe(3);
    expect(new Set(images)).toEqual(new Set([s.temporalVersion]));
  });

  it('run the same Web UI version on the same port', () => {
    expect([...compose.matchAll(/image: temporalio\/ui:(\S+)/g)].map((m) => m[1])).toEqual([s.uiVersion]);
    expect(values('TEMPORAL_UI_PORT')).toEqual([String(s.uiPort)]);
    expect(compose).toContain(`"127.0.0.1:${s.uiPort}:${s.uiPort}"`);
  });

  it('give Temporal the same shards, databases and user', () => {
    expect(values('NUM_HISTORY_SHARDS')).toEqual([String(s.numHistoryShards)]);
    expect(values('DBNAME')).toEqual([s.temporalDb]);
    expect(values('VISIBILITY_DBNAME')).toEqual([s.visibilityDb]);
    expect(values('TEMPORAL_DB')).toEqual([s.temporalDb]);
    expect(values('TEMPORAL_VISIBILITY_DB')).toEqual([s.visibilityDb]);
    expect(new Set([...values('POSTGRES_USER').filter((u) => u !== s.evidenceDbUser), ...values('SQL_USER')])).toEqual(new Set([s.temporalDbUser]));
  });

  it('run afbryd in the same namespace and task queue, with the same retention and evidence database', () => {
    expect(new Set(values('TEMPORAL_NAMESPACE'))).toEqual(new Set([s.namespace]));
    expect(values('AFBRYD_TASK_QUEUE')).toEqual([s.taskQueue]);
    expect(compose).toContain(`\${AFBRYD_NAMESPACE_RETENTION:-${s.namespaceRetention}}`);
    expect(values('POSTGRES_DB')).toEqual([s.evidenceDb]);
    expect(compose).toMatch(new RegExp(`AFBRYD_EVIDENCE_URL: postgres://${s.evidenceDbUser}:[^@]+@evidence-db:5432/${s.evidenceDb}\\n`));
  });
});

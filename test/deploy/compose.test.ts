/**
 * docker-compose.yml cannot run here (no Docker engine), so it is kept honest two ways: Debian's
 * docker-compose parses and validates it without a daemon, and the search attributes its namespace
 * set-up registers are exactly afbryd's own list.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterSettings } from '../../scripts/lib/cluster/settings.js';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { ROOT } from '../support/servers.js';

function hasDockerCompose(): boolean {
  return spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
}

describe('docker-compose deployment', () => {
  it('is a valid compose file (docker-compose config)', (ctx) => {
    if (!hasDockerCompose()) {
      // CI installs Debian's docker-compose (.ci/run); there its absence is a failure.
      if (process.env.CI) throw new Error('docker-compose is not installed: .ci/run should have installed it');
      ctx.skip();
    }
    const out = execFileSync('docker-compose', ['-f', `${ROOT}docker-compose.yml`, 'config', '--services'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const services = out.split('\n').filter(Boolean).sort();
    expect(services).toEqual(
      expect.arrayContaining([
        'afbryd-worker',
        'api',
        'datahub-poller',
        'datahub-simulator',
        'evidence-db',
        'temporal',
        'temporal-postgresql',
        'temporal-schema-setup',
        'temporal-ui',
      ]),
    );
  });

  it('gives the API no default token, and runs the simulator only in the demo profile', (ctx) => {
    if (!hasDockerCompose()) {
      if (process.env.CI) throw new Error('docker-compose is not installed: .ci/run should have installed it');
      ctx.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'afbryd-compose-'));
    ctx.onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const emptyEnvFile = join(dir, 'empty.env');
    writeFileSync(emptyEnvFile, '');
    const config = (env: Record<string, string>) => {
      const clean = { ...process.env, ...env };
      if (!('AFBRYD_API_TOKENS' in env)) delete clean.AFBRYD_API_TOKENS;
      // An empty --env-file: a developer's own .env must not change what is checked.
      return execFileSync('docker-compose', ['--env-file', emptyEnvFile, '-f', `${ROOT}docker-compose.yml`, 'config'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: clean,
      });
    };
    /** One service's block of `docker-compose config` (services are indented by two spaces). */
    const service = (out: string, name: string) => out.match(new RegExp(`^  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`, 'm'))?.[1] ?? '';

    const unset = config({});
    // Unset in the shell and .env: passed through as unset, so the API refuses to start.
    expect(service(unset, 'api')).toMatch(/AFBRYD_API_TOKENS: null/);
    expect(service(unset, 'api')).toMatch(/AFBRYD_API_HOST: 0\.0\.0\.0/);
    expect(service(unset, 'datahub-simulator')).toMatch(/profiles:\n\s+- demo/);
    for (const name of ['afbryd-worker', 'api', 'datahub-poller']) {
      expect(service(unset, name)).toContain('TEMPORAL_ADDRESS: temporal:7233');
      expect(service(unset, name)).not.toMatch(/profiles:/);
    }
    expect(service(unset, 'datahub-poller')).toMatch(/AFBRYD_DATAHUB_URL: http:\/\/datahub-simulator:7300/);
    // The evidence archive: PostgreSQL in evidence-db for the worker, the API and the poller, which wait for it.
    for (const name of ['afbryd-worker', 'api', 'datahub-poller']) {
      expect(service(unset, name)).toContain('AFBRYD_EVIDENCE_URL: postgres://afbryd:afbryd@evidence-db:5432/afbryd_evidence');
      expect(service(unset, name)).toMatch(/evidence-db:\n\s+condition: service_healthy/);
    }
    expect(service(unset, 'evidence-db')).toMatch(/image: postgres:16/);

    const set = config({ AFBRYD_API_TOKENS: '{"0123456789abcdef0123":"billing"}', AFBRYD_DATAHUB_URL: 'https://datahub.example' });
    expect(service(set, 'api')).toContain('AFBRYD_API_TOKENS: \'{"0123456789abcdef0123":"billing"}\'');
    expect(service(set, 'afbryd-worker')).toContain('AFBRYD_DATAHUB_URL: https://datahub.example');
    expect(service(set, 'datahub-poller')).toContain('AFBRYD_DATAHUB_URL: https://datahub.example');
  });

  it('registers exactly afbryd\'s search attributes, with their types', () => {
    const script = readFileSync(`${ROOT}deploy/temporal/scripts/setup-namespace.sh`, 'utf8');
    const registered = [...script.matchAll(/^(Afbryd\w+):(\w+)$/gm)].map(([, name, type]) => `${name}:${type!.toUpperCase()}`);
    // The CLI spells KEYWORD_LIST as KeywordList.
    const ours = ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name}:${k.type.replace('_', '')}`);
    expect(registered.sort()).toEqual(ours.sort());
  });
});

describe('docs/DEPLOYMENT.md names the images docker-compose pins', () => {
  it('every temporalio image tag of docker-compose.yml is the tag its Pinned images row gives (they said 1.31.2 while compose ran 1.30.4)', () => {
    const compose = readFileSync(`${ROOT}docker-compose.yml`, 'utf8');
    const docs = readFileSync(`${ROOT}docs/DEPLOYMENT.md`, 'utf8');
    const images = [...compose.matchAll(/^\s+image: (temporalio\/[a-z-]+):(\S+)$/gm)].map(([, image, tag]) => [image!, tag!] as const);
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const [image, tag] of images) {
      expect(docs, `${image}`).toContain(`| \`${image}\` | \`${tag}\` |`);
    }
  });

  it('the server and Web UI tags are the versions `npm run cluster` builds and runs (deploy/cluster.env), so the table names what was tested', () => {
    const compose = readFileSync(`${ROOT}docker-compose.yml`, 'utf8');
    const docs = readFileSync(`${ROOT}docs/DEPLOYMENT.md`, 'utf8');
    const s = loadClusterSettings();
    expect([...compose.matchAll(/^\s+image: temporalio\/ui:(\S+)$/gm)].map((m) => m[1])).toEqual([s.uiVersion]);
    expect(docs).toContain(`| \`temporalio/ui\` | \`${s.uiVersion}\` |`);
    expect(docs).toContain(`| \`temporalio/server\` | \`${s.temporalVersion}\` |`);
    // The rows say what the cluster builds, by module and version.
    expect(docs).toContain(`github.com/temporalio/ui-server/v2/cmd/server@v${s.uiVersion}`);
    expect(docs).toContain(`go.temporal.io/server@v${s.temporalVersion}`);
  });
});

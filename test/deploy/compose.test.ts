/**
 * docker-compose.yml cannot run here (no Docker engine), so it is kept honest two ways: Debian's
 * docker-compose parses and validates it without a daemon, and the search attributes its namespace
 * set-up registers are exactly afbryd's own list.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
      expect.arrayContaining(['afbryd-worker', 'temporal', 'temporal-postgresql', 'temporal-schema-setup', 'temporal-ui']),
    );
  });

  it('registers exactly afbryd\'s search attributes, with their types', () => {
    const script = readFileSync(`${ROOT}deploy/temporal/scripts/setup-namespace.sh`, 'utf8');
    const registered = [...script.matchAll(/^(Afbryd\w+):(\w+)$/gm)].map(([, name, type]) => `${name}:${type!.toUpperCase()}`);
    const ours = ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name}:${k.type}`);
    expect(registered.sort()).toEqual(ours.sort());
  });
});

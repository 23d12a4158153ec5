#!/usr/bin/env node
/**
 * `npm start`: installs what is missing (npm packages, the Temporal CLI), then runs the embedded
 * default (scripts/embedded.ts): the dev server with the Web UI, and afbryd's processes.
 * Plain Node, so that it works as the very first command on a fresh clone.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, bootstrap } from './bootstrap.mjs';

await bootstrap();

const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'embedded.ts')], {
  cwd: ROOT,
  stdio: 'inherit',
});
// A terminal's Ctrl-C reaches the whole process group; a signal sent to this process alone
// (e.g. by npm or a supervisor) is passed on. embedded.ts stops everything in order either way.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

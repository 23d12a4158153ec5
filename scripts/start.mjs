#!/usr/bin/env node
/**
 * `npm start`: installs what is missing (npm packages, the Temporal CLI), then runs the embedded
 * default (scripts/embedded.ts): the dev server with the Web UI, and afbryd's processes.
 * Plain Node, so that it works as the very first command on a fresh clone.
 *
 * embedded.ts runs in a process group of its own, with everything it starts: a terminal's Ctrl-C
 * reaches npm and this script, which passes it on, and embedded.ts stops its processes in order
 * (the dev server last). If this script disappears without passing anything on (npm killed, the
 * terminal closed), the IPC channel closes and embedded.ts stops everything all the same.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, bootstrap } from './bootstrap.mjs';

await bootstrap();

const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'embedded.ts')], {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  detached: true,
});
// A closed stdout (the terminal or pipe gone) must not kill this script before embedded.ts is done.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

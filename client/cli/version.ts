/** `afbryd version`: the version of afbryd (package.json). */
import { readFileSync } from 'node:fs';
import type { CliIo } from './io.js';

/** Runs `afbryd version` (any arguments are ignored). */
export function run(_args: string[], io: CliIo): void {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  io.out(`afbryd ${pkg.version}`);
}

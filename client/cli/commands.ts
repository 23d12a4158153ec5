/** The list of `afbryd` commands. Each is loaded only when it is run. */
import { registerCommand } from './main.js';

registerCommand('version', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return (_args, io) => io.out(`afbryd ${pkg.version}`);
});
registerCommand('calendar', async () => (await import('./calendar.js')).run);
registerCommand('plan', async () => (await import('./plan.js')).run);
registerCommand('case', async () => (await import('./case.js')).runCase);
registerCommand('cases', async () => (await import('./import.js')).withImport((await import('./case.js')).runCases));
registerCommand('owner', async () => (await import('./owner.js')).runOwner);
registerCommand('disconnection', async () => (await import('./owner.js')).runDisconnection);

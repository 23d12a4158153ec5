/** The list of `afbryd` commands. Each is loaded only when it is run. */
import { registerCommand } from './main.js';

registerCommand('version', async () => (_args, io) => io.out('afbryd 0.1.0'));
registerCommand('calendar', async () => (await import('./calendar.js')).run);
registerCommand('plan', async () => (await import('./plan.js')).run);
registerCommand('case', async () => (await import('./case.js')).runCase);
registerCommand('cases', async () => (await import('./case.js')).runCases);

/**
 * The `afbryd` command line: dispatches the first word to a command of the command tree
 * (client/cli/commands.ts), loaded only then. A command throws {@link CliError} for bad input.
 */
import { looksLikePersonalData, maskPersonalData } from '../personal-data.js';
import { COMMANDS, commandLoader, isHelp } from './commands.js';
import { CliError, EXIT_CODES_HELP } from './errors.js';
import { processIo, type CliIo } from './io.js';

export type { CliIo } from './io.js';

const NAMES = Object.keys(COMMANDS);

const USAGE = `usage: afbryd <command> [options]

commands:
${'{commands}'}

Run "afbryd <command> --help" for a command's options.

${EXIT_CODES_HELP}`;

/** An argument the error line may quote: a short token without spaces or control characters, and no personal data. */
function echoable(arg: string): boolean {
  return /^[A-Za-z0-9._:/+=,#-]{0,80}$/.test(arg) && !looksLikePersonalData(arg);
}

/**
 * The error line as printed: one line, and no argument that could be personal data or garble the
 * terminal (a name, an e-mail address, a CPR number, a control character) quoted back — such an
 * argument is shown as `(…)`. The line may end up in a log (cron, CI).
 */
function errorLine(message: string, argv: readonly string[]): string {
  let line = message;
  const unsafe = new Set<string>();
  for (const arg of argv) {
    // The argument, what follows `--flag=`, and the strings quoted inside it (JSON given to --settings).
    const quoted = [...arg.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '');
    for (const part of [arg, ...(arg.includes('=') ? [arg.slice(arg.indexOf('=') + 1)] : []), ...quoted]) {
      if (part.length >= 3 && !echoable(part)) unsafe.add(part); // shorter ones cannot be personal data
    }
  }
  for (const part of [...unsafe].sort((a, b) => b.length - a.length)) line = line.split(part).join('(…)');
  return maskPersonalData(line.replace(/[\u0000-\u001f\u007f]+/g, ' '));
}

/**
 * Runs the CLI and returns the process exit code (errors.ts `EXIT`): 0 on success, 2 on bad input, 3 when the
 * case refused what was sent, 1 on any other failure.
 * A failure writes exactly one line to stderr (`afbryd: …`), never a stack trace (unless AFBRYD_DEBUG).
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (isHelp(name)) {
    io.out(USAGE.replace('{commands}', NAMES.map((c) => `  ${c}`).join('\n')));
    return 0;
  }
  if (!name) {
    io.err(`afbryd: which command? (${NAMES.join(', ')}; see afbryd --help)`);
    return 2;
  }
  const load = commandLoader(name);
  try {
    if (!load) throw new CliError(`unknown command "${name}" (known: ${NAMES.join(', ')})`);
    const command = await load();
    await command(rest, io);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      io.err(errorLine(`afbryd: ${err.message}`, argv));
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(errorLine(`afbryd: unexpected error: ${message.split('\n')[0]}`, argv));
    if (process.env.AFBRYD_DEBUG) io.err(err instanceof Error ? (err.stack ?? message) : message);
    return 1;
  }
}

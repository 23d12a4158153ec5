/**
 * The `afbryd` command line: dispatches the first word to a command module.
 * Every command module exports `run(args, io)` and throws {@link CliError} for bad input.
 */
import { CliError } from './errors.js';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

type Command = (args: string[], io: CliIo) => Promise<void> | void;

const commands: Record<string, () => Promise<Command>> = {};

/** Registers a command lazily, so that `afbryd calendar` does not load the Temporal client. */
export function registerCommand(name: string, load: () => Promise<Command>): void {
  commands[name] = load;
}

const USAGE = `usage: afbryd <command> [options]

commands:
${'{commands}'}

Run "afbryd <command> --help" for a command's options.`;

/**
 * Runs the CLI and returns the process exit code: 0 on success, 2 on bad input, 1 on any other failure.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  await import('./commands.js');
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE.replace('{commands}', Object.keys(commands).map((c) => `  ${c}`).join('\n')));
    return name ? 0 : 2;
  }
  const load = commands[name];
  try {
    if (!load) throw new CliError(`unknown command "${name}" (known: ${Object.keys(commands).join(', ')})`);
    const command = await load();
    await command(rest, io);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`afbryd: ${err.message}`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`afbryd: unexpected error: ${message.split('\n')[0]}`);
    if (process.env.AFBRYD_DEBUG) io.err(err instanceof Error ? (err.stack ?? message) : message);
    return 1;
  }
}

/**
 * The `afbryd` command tree, declared in one place: every command by name, each loaded only when it
 * runs (so that `afbryd calendar` or `afbryd plan` does not load the Temporal client), in the order
 * `afbryd --help` lists them; a command with subcommands is built with {@link subcommands}. What the
 * commands share is in io.ts (where they write, output helpers) and options.ts (reading arguments).
 *
 * Imports no command module statically: `main.ts` loads this file for every run.
 */
import { CliError } from './errors.js';
import type { Command } from './io.js';

export const COMMANDS = {
  version: async () => (await import('./version.js')).run,
  calendar: async () => (await import('./calendar.js')).run,
  plan: async () => (await import('./plan.js')).run,
  case: async () => (await import('./case.js')).run,
  cases: async () => (await import('./cases.js')).run,
  owner: async () => (await import('./owner.js')).runOwner,
  disconnection: async () => (await import('./owner.js')).runDisconnection,
  masterdata: async () => (await import('./masterdata.js')).run,
} as const satisfies Record<string, () => Promise<Command>>;

export type CommandName = keyof typeof COMMANDS;

/** The command of a name, if it is one (never an inherited property such as `toString`). */
export function commandLoader(name: string): (() => Promise<Command>) | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Subcommands (the tree's inner nodes)

/** `--help`, `-h` or `help` in a command's or subcommand's place. */
export function isHelp(arg: string | undefined): boolean {
  return arg === '--help' || arg === '-h' || arg === 'help';
}

/**
 * A command made of subcommands (`afbryd <name> <subcommand> …`): help prints `usage`; a missing or
 * unknown subcommand is one line naming the known ones.
 */
export function subcommands(name: string, usage: string, table: Readonly<Record<string, Command>>): Command {
  const known = Object.keys(table).join(', ');
  return async (args, io) => {
    const [sub, ...rest] = args;
    if (!sub) throw new CliError(`${name}: which subcommand? (${known}; see afbryd ${name} --help)`);
    if (isHelp(sub)) return io.out(usage);
    const handler = Object.hasOwn(table, sub) ? table[sub] : undefined;
    if (!handler) throw new CliError(`${name}: unknown subcommand "${sub}" (known: ${known})`);
    await handler(rest, io);
  };
}

/**
 * Reading the `afbryd` command line, shared by every command: options parsed with node:util `parseArgs`, values validated (dates, classes, meter kinds, channels, whole numbers,
 * actors, `--settings` and `--json` files), and every problem turned into one {@link CliError} line
 * naming the flag.
 *
 * Loads no Temporal module (the calendar and the plan run without a server).
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { ATTENTION } from '../../workflows/shared/attention.js';
import { PERSONAL_DATA_MESSAGE, idLooksLikePersonalData } from '../personal-data.js';
import { ACTOR_PATTERN } from '../../config/api.js';
import {
  CHANNELS,
  CUSTOMER_CLASSES,
  METER_KINDS,
  RulesError,
  isIsoDate,
  resolveRulesSettings,
  type RulesSettings,
} from '../../rules/index.js';
import { CliError } from './errors.js';

// ---------------------------------------------------------------------------------------------
// Options

/** Parses options with node:util `parseArgs`, turning its errors into one-line {@link CliError}s. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('.')[0] ?? err.message : String(err);
    throw new CliError(`${command}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`);
  }
}

/** Refuses arguments after a command that takes none. */
export function noPositionals(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0) throw new CliError(`${command}: unexpected argument "${positionals[0]}"`);
}

/** A required `YYYY-MM-DD` option. */
export function dateOption(flag: string) {
  return z
    .string({ required_error: `${flag} is required (YYYY-MM-DD)` })
    .refine(isIsoDate, (v) => ({ message: `${flag}: "${v}" is not a date (expected YYYY-MM-DD)` }));
}

/** A required option with one of a fixed set of values. */
export function choiceOption<T extends string>(flag: string, what: string, values: readonly T[]) {
  return z
    .string({ required_error: `${flag} is required (one of ${values.join(', ')})` })
    .refine((v): v is T => (values as readonly string[]).includes(v), (v) => ({
      message: `${flag}: unknown ${what} "${v}" (expected ${values.join(', ')})`,
    })) as unknown as z.ZodType<T, z.ZodTypeDef, string | undefined>;
}

/** The customer class option. */
export const classOption = () => choiceOption('--class', 'class', CUSTOMER_CLASSES);
/** The meter kind option. */
export const meterOption = () => choiceOption('--meter', 'meter kind', METER_KINDS);
/** The channel option. */
export const channelOption = () => choiceOption('--channel', 'channel', CHANNELS);

/** Validates parsed option values, throwing a {@link CliError} naming the first problem. */
export function validate<S extends z.ZodTypeAny>(command: string, schema: S, values: unknown): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data as z.output<S>;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') throw new CliError(`${command}: unexpected option ${issue.keys.map((k) => `--${k}`).join(', ')}`);
  const name = issue ? issue.path.join('.') : '';
  const message = issue?.message ?? 'invalid input';
  // Messages of the option helpers above already name their option; prefix zod's generic ones.
  const named = !name || message.startsWith('--') || message.startsWith(name);
  throw new CliError(`${command}: ${named ? message : `--${name}: ${message}`}`);
}

/**
 * A whole-number option from `min` to `max` (at most as many digits as `max`).
 * @returns the number, or `fallback` when the option is absent
 */
export function wholeNumberOption(command: string, flag: string, text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const digits = String(max).length;
  if (!new RegExp(`^\\d{1,${digits}}$`).test(text) || Number(text) < min || Number(text) > max) {
    throw new CliError(`${command}: ${flag} must be a whole number from ${min} to ${max}`);
  }
  return Number(text);
}

/** A number if the text is one (`-1`, `1.5`), else the text itself, for the schema to refuse. */
export function numberArg(text: string): unknown {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** Resolves `--settings '<json>'` into rules settings. */
export function settingsFrom(command: string, json: string | undefined): Readonly<RulesSettings> {
  if (json === undefined) return resolveRulesSettings();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new CliError(`${command}: --settings is not JSON (e.g. --settings '{"hourlyWindowReading":"literal"}')`);
  }
  try {
    return resolveRulesSettings(parsed);
  } catch (err) {
    throw new CliError(`${command}: --settings: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Runs rules code, turning its refusals (RangeError, RulesError) into one-line {@link CliError}s. */
export function fromRules<T>(command: string, compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof RangeError || err instanceof RulesError) throw new CliError(`${command}: ${err.message}`);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// The commands that start cases and deliver events

/** The actor of what the CLI sends, unless --actor says otherwise. */
export const CLI_ACTOR = 'operator:cli';

/**
 * `--actor`: an id, never a name or an e-mail address.
 * @param example the id the error message shows first @default 'billing'
 */
export function actorOption(command: string, actor: string | undefined, fallback: string, example = 'billing'): string {
  if (actor === undefined) return fallback;
  if (!ACTOR_PATTERN.test(actor)) throw new CliError(`${command}: --actor must be an id like ${example} or operator:jens (no names or e-mail addresses)`);
  return actor;
}

/** Reads `--json <file | ->` (`-`: stdin) as JSON. */
export function readJsonFile(command: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new CliError(`${command}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${command}: ${file} is not JSON`);
  }
}

/** A request's problems (client/api/schemas.ts `fieldIssues`) as one line: `--customer must …; invoices.0.dueDate must …`. */
export function issuesLine(command: string, issues: readonly { path: string; message: string }[], flagOf: (path: string) => string): CliError {
  return new CliError(`${command}: ${issues.map((i) => `${i.path ? flagOf(i.path) : 'input'} ${i.message}`).join('; ')}`);
}

/**
 * The flag of a problem's path in an event given by flags (`--type`, `--message-id`, and `fields`:
 * flag → field): `amountOre` → `--amount-ore`, `meterReading.value` → `--meter-reading-kwh (value)`.
 */
export function eventFlagOf(fields: Readonly<Record<string, string>>): (path: string) => string {
  const flagOfField: Record<string, string> = Object.fromEntries(Object.entries(fields).map(([flag, field]) => [field, `--${flag}`]));
  return (path) => {
    const [head, ...rest] = path.split('.');
    if (head === 'type') return '--type';
    if (head === 'messageId') return '--message-id';
    const flag = head ? flagOfField[head] : undefined;
    return flag ? `${flag}${rest.length ? ` (${rest.join('.')})` : ''}` : path;
  };
}

/** The filters of `cases list` (and `cases worklist`): a customer number, a cut-off range, an attention reason. */
export const listFiltersSchema = z
  .object({
    customer: z
      .string()
      .regex(/^[A-Za-z0-9._:@+-]{1,100}$/, '--customer: must be a customer number (letters, digits, . _ : @ + -)')
      .refine((v) => !idLooksLikePersonalData(v), `--customer: ${PERSONAL_DATA_MESSAGE}`)
      .optional(),
    cutoffFrom: z.string().refine(isIsoDate, (v) => ({ message: `--cutoff-from: "${v}" is not a date (expected YYYY-MM-DD)` })).optional(),
    cutoffTo: z.string().refine(isIsoDate, (v) => ({ message: `--cutoff-to: "${v}" is not a date (expected YYYY-MM-DD)` })).optional(),
    attentionReason: z
      .string()
      .refine((v) => Object.hasOwn(ATTENTION, v), (v) => ({ message: `--attention-reason: unknown reason "${v}" (expected ${Object.keys(ATTENTION).join(', ')})` }))
      .optional(),
  })
  .refine((f) => !f.cutoffFrom || !f.cutoffTo || f.cutoffFrom <= f.cutoffTo, { message: '--cutoff-to is before --cutoff-from' });

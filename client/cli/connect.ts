/**
 * Connecting the CLI's commands to Temporal, and Temporal's errors as one line — shared by
 * `case`/`cases` (case.ts), `cases import` (import.ts) and `owner`/`disconnection` (owner.ts).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { ConfigError } from '../../config/env.js';
import { loadTemporalConfig, type TemporalConfig } from '../../config/temporal.js';
import { classifyTemporalError } from '../temporal-errors.js';
import { connectClient } from '../temporal.js';
import { CliError } from './errors.js';

/** How long the CLI waits for Temporal to answer a connection. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long a command may wait for Temporal (and the case's worker). */
export const CALL_TIMEOUT_MS = 30_000;

function isLoopback(address: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1):\d+$/.test(address);
}

/** Options of {@link withClient}. */
export interface WithClientOptions {
  /**
   * Errors of the command's own domain that deserve one line of their own (e.g. a conflict), checked
   * before Temporal's. @default none
   */
  translate?: (err: unknown) => CliError | undefined;
  /**
   * The deadline of the whole command. A command over many cases (a bulk retry) sets its own per call.
   * @default CALL_TIMEOUT_MS (30 s)
   */
  deadlineMs?: number;
}

/**
 * Connects as config/temporal.ts says, turning a bad configuration or an unreachable server into a
 * one-line {@link CliError}. The caller closes `client.connection`.
 */
export async function connect(cmd: string): Promise<{ client: Client; config: TemporalConfig }> {
  let config: TemporalConfig;
  try {
    config = loadTemporalConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`${cmd}: ${err.message}`);
    throw err;
  }
  try {
    return { client: await connectClient(config, { connectTimeoutMs: CONNECT_TIMEOUT_MS }), config };
  } catch {
    const hint = config.embedded || isLoopback(config.address) ? 'is `npm start` running?' : 'check TEMPORAL_ADDRESS and the network';
    throw new CliError(`cannot reach Temporal at ${config.address}; ${hint}`, 1);
  }
}

/**
 * Connects ({@link connect}), runs `fn` with a deadline, and turns Temporal errors into one-line
 * {@link CliError}s; closes the connection.
 */
export async function withClient<T>(
  cmd: string,
  fn: (client: Client, config: TemporalConfig) => Promise<T>,
  options: WithClientOptions = {},
): Promise<T> {
  const { client, config } = await connect(cmd);
  try {
    return await client.withDeadline(Date.now() + (options.deadlineMs ?? CALL_TIMEOUT_MS), () => fn(client, config));
  } catch (err) {
    if (err instanceof CliError) throw err;
    const own = options.translate?.(err);
    if (own) throw own;
    const problem = classifyTemporalError(err);
    if (problem) throw new CliError(`${cmd}: ${problem.message}`, 1);
    throw err;
  } finally {
    await client.connection.close();
  }
}

/** The server a command asked, for a line that found nothing: `Temporal 127.0.0.1:7233, namespace default`. */
export function describeServer(config: Pick<TemporalConfig, 'address' | 'namespace'>): string {
  return `Temporal ${config.address}, namespace ${config.namespace}`;
}

/**
 * The one line for an event whose case Temporal did not find open (`WorkflowNotFoundError`): the
 * case is closed (events reach open cases only), or there is none.
 */
export async function noOpenCase(cmd: string, handle: WorkflowHandle, id: string, server?: Pick<TemporalConfig, 'address' | 'namespace'>): Promise<CliError> {
  const closed = await handle.describe().then(
    (d) => d.status.name !== 'RUNNING',
    () => false,
  );
  return new CliError(closed ? `${cmd}: ${id} is closed; events reach open cases only` : `${cmd}: no case ${id}${server ? ` on ${describeServer(server)}` : ''}`, 1);
}

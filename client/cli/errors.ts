/**
 * The exit codes of `afbryd`: 0 done; 1 another failure (Temporal unreachable, no such case, …); 2 bad
 * usage or input (nothing was sent); 3 refused: the case (or, for `cases import`, some rows) refused
 * what was sent — it was delivered and recorded, and the answer says why.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;

/** The exit codes as the help texts print them. */
export const EXIT_CODES_HELP = 'Exit codes: 0 done; 1 another failure (Temporal unreachable, no such case); 2 bad usage or input; 3 refused by the case (the answer says why).';

/**
 * An error the CLI reports as one plain line (no stack trace) before exiting non-zero.
 * Throw it for bad input: a malformed date, an unknown option value, a combination the rules refuse.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** @default 2 (bad usage or input) */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

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

/**
 * The smoke workflow's activity: answers with what it was asked, so a test can see that an
 * activity ran on the worker after a timer fired.
 */
export interface ConfirmSmokeInput {
  /** Decided by the workflow, never minted here: a retry repeats the same key. */
  idempotencyKey: string;
  wokeAt: string;
}

/** Builds the smoke activities. */
export function createSmokeActivities() {
  return {
    async confirmSmoke(input: ConfirmSmokeInput): Promise<string> {
      return `confirmed ${input.idempotencyKey} at ${input.wokeAt}`;
    },
  };
}

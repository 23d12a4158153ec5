import { Context } from '@temporalio/activity';

/**
 * The clock for simulated parties in tests: inside an activity, the time the server scheduled the
 * attempt (the time-skipping server's skipped time); elsewhere the wall clock.
 */
export function serverClock(): Date {
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return new Date();
  }
}

/**
 * Per test process: the SDK's runtime logs warnings and errors only, so that test output shows
 * failures, not every worker state change.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by an earlier test file.
}

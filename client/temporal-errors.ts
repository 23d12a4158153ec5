/**
 * What a Temporal client error means for a door (the billing API answers a status code, the CLI
 * prints one line): no such case, a conflict, or Temporal unreachable / too slow.
 */
import { status as grpcStatus } from '@grpc/grpc-js';

/** A Temporal error, classified. Messages name ids only, never input data. */
export interface TemporalProblem {
  status: 404 | 409 | 422 | 503;
  error: 'not-found' | 'conflict' | 'rejected' | 'unavailable';
  message: string;
  /** The gRPC status code behind it, if any (for logs). */
  grpcCode?: number;
}

function grpcCodeOf(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/**
 * Classifies an error thrown by the Temporal client.
 * @returns undefined for an error that did not come from Temporal.
 */
export function classifyTemporalError(err: unknown): TemporalProblem | undefined {
  if (!(err instanceof Error)) return undefined;
  switch (err.name) {
    case 'WorkflowNotFoundError':
      return { status: 404, error: 'not-found', message: 'no such case' };
    case 'NamespaceNotFoundError':
      return { status: 503, error: 'unavailable', message: 'the Temporal namespace is not known to the server' };
    case 'WorkflowExecutionAlreadyStartedError':
      return { status: 409, error: 'conflict', message: 'the case was started at the same moment by another request; try again' };
    case 'WorkflowUpdateFailedError': {
      const cause = (err as { cause?: Error }).cause?.message;
      // The update's validator refused a malformed message: invalid content.
      return { status: 422, error: 'rejected', message: `the case refused the event${cause ? `: ${cause.split('\n')[0]}` : ''}` };
    }
    case 'WorkflowUpdateRPCTimeoutOrCancelledError':
      return { status: 503, error: 'unavailable', message: 'the case did not answer in time (is its worker running?); retrying with the same messageId is safe' };
    case 'QueryRejectedError':
      return { status: 409, error: 'conflict', message: 'the case cannot be asked now' };
    case 'QueryNotRegisteredError':
      // The callers check the workflow type first: the case's query failed.
      return { status: 503, error: 'unavailable', message: 'the case could not answer (its query failed; see the worker log)' };
    case 'CaseStartConflictError':
      return { status: 409, error: 'conflict', message: 'the case changed while it was being started; try again' };
  }
  const code = grpcCodeOf(err);
  const fromTemporal = err.name === 'ServiceError' || err.name === 'TransportError' || code !== undefined;
  if (!fromTemporal) return undefined;
  const problem = byGrpcCode(code);
  return code === undefined ? problem : { ...problem, grpcCode: code };
}

function byGrpcCode(code: number | undefined): TemporalProblem {
  switch (code) {
    case grpcStatus.NOT_FOUND:
      return { status: 404, error: 'not-found', message: 'no such case' };
    case grpcStatus.ALREADY_EXISTS:
    case grpcStatus.FAILED_PRECONDITION:
    case grpcStatus.ABORTED:
      return { status: 409, error: 'conflict', message: 'the case is not in a state to do that' };
    case grpcStatus.DEADLINE_EXCEEDED:
      return { status: 503, error: 'unavailable', message: 'Temporal or the case did not answer in time (is the worker running?)' };
    case grpcStatus.INVALID_ARGUMENT:
      // Input is validated before it reaches Temporal: this is a namespace that is not set up.
      return {
        status: 503,
        error: 'unavailable',
        message: "Temporal refused the request (is the namespace set up, with afbryd's search attributes registered?)",
      };
    case grpcStatus.PERMISSION_DENIED:
    case grpcStatus.UNAUTHENTICATED:
      return { status: 503, error: 'unavailable', message: 'Temporal refused afbryd access (check its API key or certificate)' };
    default:
      return { status: 503, error: 'unavailable', message: 'Temporal is not available' };
  }
}

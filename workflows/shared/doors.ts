/**
 * The message doors every case workflow opens (the unpaid-invoice case, owner liability, requested
 * disconnection): a signal and an update for inbound events, a query for the view and one for an
 * event's outcome. A malformed event is refused the same way everywhere: the update's validator
 * rejects it (the caller hears why, nothing reaches history); a signal has no caller, so the refusal
 * is recorded in the timeline and the case flagged, never silently dropped.
 */
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import * as wf from '@temporalio/workflow';

/** Why an inbound message cannot even be recorded, or undefined if its shape is fine. */
export function malformedEvent(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return 'an event must be an object';
  const e = event as { messageId?: unknown; type?: unknown };
  if (typeof e.messageId !== 'string' || e.messageId.length === 0 || e.messageId.length > 200) {
    return 'an event needs a messageId (1–200 characters)';
  }
  if (typeof e.type !== 'string') return 'an event needs a type';
  return undefined;
}

/** The four handler definitions of a case workflow's doors. */
export interface EventDoorDefinitions<E, O, V> {
  signal: SignalDefinition<[E]>;
  update: UpdateDefinition<O, [E]>;
  viewQuery: QueryDefinition<V>;
  outcomeQuery: QueryDefinition<O | null, [string]>;
}

/** What the doors act on. */
export interface EventDoorHandlers<E, O, V> {
  /**
   * Applies a well-formed event and answers its outcome. `door` says whether a caller hears the
   * answer (`update`) or nobody does (`signal`): a refusal nobody hears needs an operator.
   */
  receive: (event: E, door: 'signal' | 'update') => O;
  /**
   * Records a malformed signal (nobody hears its refusal). Unset: a timeline line and the bare
   * attention flag (the workflows that keep one).
   */
  refuseMalformed?: (problem: string) => void;
  /** The case's view. */
  view: () => V;
  /** A message's recorded outcome. */
  outcomeOf: (messageId: string) => O | null;
  /** The case's state where a signal's refusal is recorded. */
  state: { timeline: { push(entry: { at: string; what: string; cause: { type: 'start' } }): unknown }; needsAttention?: boolean };
  /** The workflow's clock as an ISO string. */
  now: () => string;
  /** Publishes the search attributes after a refusal. */
  publish: () => void;
}

/** Sets the handlers of a case workflow's doors. */
export function setEventDoors<E, O, V>(doors: EventDoorDefinitions<E, O, V>, handlers: EventDoorHandlers<E, O, V>): void {
  wf.setHandler(doors.signal, (event) => {
    const problem = malformedEvent(event);
    if (problem) {
      if (handlers.refuseMalformed) handlers.refuseMalformed(problem);
      else {
        handlers.state.timeline.push({ at: handlers.now(), what: `message rejected: ${problem}`, cause: { type: 'start' } });
        handlers.state.needsAttention = true;
      }
      handlers.publish();
      return;
    }
    handlers.receive(event, 'signal');
  });
  wf.setHandler(doors.update, (event) => handlers.receive(event, 'update'), {
    validator: (event) => {
      const problem = malformedEvent(event);
      if (problem) throw new Error(problem);
    },
  });
  wf.setHandler(doors.viewQuery, handlers.view);
  wf.setHandler(doors.outcomeQuery, handlers.outcomeOf);
}

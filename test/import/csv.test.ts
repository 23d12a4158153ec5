/** The import's CSV reader and writer (client/import/csv.ts): RFC 4180 and the files people really send. */
import { describe, expect, it } from 'vitest';
import { CsvError, csvField, parseCsv, toCsv } from '../../client/import/csv.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it.each([
    ['plain fields, LF', 'a,b,c\n1,2,3\n', [['a', 'b', 'c'], ['1', '2', '3']]],
    ['CRLF (RFC 4180)', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['a lone CR (old Mac)', 'a,b\r1,2', [['a', 'b'], ['1', '2']]],
    ['no line end after the last record', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['a byte order mark is dropped', '\uFEFFa,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['a byte order mark before a quoted first field', '\uFEFF"a",b\n', [['a', 'b']]],
    ['empty fields', 'a,,c\n,,\n', [['a', '', 'c'], ['', '', '']]],
    ['a comma in quotes', '"x,y",z\n', [['x,y', 'z']]],
    ['doubled quotes in quotes', '"say ""hi""",b\n', [['say "hi"', 'b']]],
    ['an empty quoted field', '"",b\n', [['', 'b']]],
    ['LF inside quotes', '"line 1\nline 2",b\n', [['line 1\nline 2', 'b']]],
    ['CRLF inside quotes is kept', '"line 1\r\nline 2",b\r\n', [['line 1\r\nline 2', 'b']]],
    ['blank lines are skipped', 'a,b\n\n1,2\r\n\r\n\n', [['a', 'b'], ['1', '2']]],
    ['spaces are kept (the caller trims)', ' a , b \n', [[' a ', ' b ']]],
    ['a ragged row is returned as it is', 'a,b,c\n1,2\n1,2,3,4\n', [['a', 'b', 'c'], ['1', '2'], ['1', '2', '3', '4']]],
    ['Danish letters', 'navn,beløb\nÆble,Ø\n', [['navn', 'beløb'], ['Æble', 'Ø']]],
    ['an empty text', '', []],
    ['only a BOM', '\uFEFF', []],
  ])('%s', (_name, text, expected) => {
    expect(fields(text)).toEqual(expected);
  });

  it('gives the line each record starts on, counting line breaks inside quotes', () => {
    const records = parseCsv('h1,h2\r\n"a\r\nb",c\r\n\r\nd,e\r\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it.each([
    ['an unclosed quote', 'a,b\n"open,c\nd,e\n', 2, /not closed/],
    ['text after a closing quote', 'a,b\n"x"y,c\n', 2, /after the closing quote/],
    ['a quote inside an unquoted field', 'a,b\nx"y,c\n', 2, /inside an unquoted field/],
  ])('refuses %s, naming the line', (_name, text, line, message) => {
    let caught: unknown;
    try {
      parseCsv(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CsvError);
    expect((caught as CsvError).line).toBe(line);
    expect((caught as CsvError).message).toMatch(message);
    expect((caught as CsvError).message).toMatch(new RegExp(`^line ${line}: `));
  });
});

describe('toCsv', () => {
  it('quotes only what needs quoting, with CRLF line ends', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', ' padded', ''], ['1', '2']])).toBe('a,"b,c","say ""hi""","two\nlines"," padded",\r\n1,2\r\n');
    expect(csvField('plain')).toBe('plain');
  });

  it('round-trips through parseCsv', () => {
    const records = [
      ['problem', 'customer_id', 'note'],
      ['reminder 2 sent 2027-03-05, before 2027-03-12 | the "x" | ; ,', 'C-1001', 'multi\r\nline'],
      ['', 'C-1002', ''],
    ];
    expect(fields(toCsv(records))).toEqual(records);
  });
});

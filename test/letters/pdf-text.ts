/**
 * Reads a letter's PDF back as text with `pdftotext -layout` (Debian's poppler-utils, installed by the
 * setup: scripts/setup-tools.mjs), in the shape of the plain-text rendering, so that the letter-content
 * test (render.test.ts) runs the same assertions over the PDF as over the text.
 *
 * What the normalising undoes, and nothing more:
 * - the page layout: the footer "Side n af m" and the page break (pages end between paragraphs);
 * - the sender block at the top right: returned apart (`sender`), the text carries it in the signature;
 * - the line wrapping: a paragraph's line that reaches the right margin runs on into the next line
 *   (joined by a space, or by nothing after a word-internal hyphen or dash, e.g. "HPFI-" + "relæet", or
 *   a slash inside a web address, e.g. "proeve-el.invalid/" + "priser": pdfkit breaks lines after both),
 *   unless the next line starts a list item ("- ") or a table row ("Label:" and a column gap), which
 *   are lines of their own in the text too;
 * - the column gaps: runs of spaces become one space, and lines are trimmed.
 * Blank lines (the PDF's paragraph spacing) separate paragraphs, as in the text.
 */
import { execFileSync, spawnSync } from 'node:child_process';

/** Whether `pdftotext` runs here; the PDF tests are skipped with this reason when it does not. */
export const PDFTOTEXT_MISSING: string | undefined = (() => {
  const res = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  return res.error || res.status !== 0
    ? 'pdftotext is missing: install Debian\'s poppler-utils (the setup does: node scripts/setup-tools.mjs)'
    : undefined;
})();

/** The raw `pdftotext -layout` output of a PDF (pages separated by form feeds). */
export function pdftotext(bytes: Uint8Array, ...args: string[]): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...args, '-', '-'], { input: bytes, encoding: 'utf8' });
}

/** The PDF's text as the plain text would have it: `body` from the recipient block on, `sender` the sender block. */
export interface PdfText {
  /** The sender block at the top of the first page, its lines joined by `\n`. */
  sender: string;
  /** The rest: paragraphs separated by a blank line, ending with a newline. */
  body: string;
  /** Pages, by form feeds. */
  pages: number;
}

const FOOTER = /^\s*Side \d+ af \d+\s*$/;
const ROW = /^\S[^:]*:\s{2,}\S/;

/** {@link pdftotext} of `bytes`, normalised (see the module comment). */
export function readPdfText(bytes: Uint8Array): PdfText {
  const raw = pdftotext(bytes);
  const pages = raw.split('\f').filter((p) => p.trim()).length;
  // Page breaks and footers: a page ends between two paragraphs.
  const lines = raw
    .split('\f')
    .flatMap((page) => [...page.split('\n'), ''])
    .map((l) => l.replace(/\u00a0/g, ' ').trimEnd())
    .filter((l) => !FOOTER.test(l));
  // Group into paragraphs by blank lines; strip the indentation every line of the page shares.
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const groups: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (!line.trim()) {
      if (current.length) groups.push(current);
      current = [];
    } else current.push(line.slice(indent));
  }
  if (current.length) groups.push(current);
  const right = Math.max(...groups.slice(1).flat().map((l) => l.trim().length));
  const paragraphs = groups.map((group) => unwrap(group, right));
  const [sender = '', ...body] = paragraphs;
  return { sender, body: `${body.join('\n\n')}\n`, pages };
}

/** One paragraph's lines: wrapped lines joined, own lines kept, spaces collapsed. */
function unwrap(group: readonly string[], right: number): string {
  let out = '';
  group.forEach((raw, i) => {
    const line = raw.trim().replace(/ {2,}/g, ' ');
    if (i === 0) {
      out = line;
      return;
    }
    const previous = (group[i - 1] as string).trim();
    // A line that ends within a long word's length (30 columns) of the right margin was wrapped there.
    const wrapped = previous.length >= right - 30 && !raw.trimStart().startsWith('- ') && !ROW.test(raw.trim());
    if (!wrapped) out += `\n${line}`;
    else if (/[\p{L}\d][-–/]$/u.test(out)) out += line;
    else out += ` ${line}`;
  });
  return out;
}

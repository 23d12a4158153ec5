/**
 * Renders a letter as a PDF document: the document digital post and print-and-post carry, and the
 * proof of what was sent (#15 item 14). Laid out from the same parts as the plain text
 * (`composeLetter` in `render.ts`), so the two never differ in a word:
 *
 * - the sender block at the top right: name, postal address, phone, e-mail, web, CVR number;
 * - the recipient's name and address at the left, where a window envelope shows it;
 * - the references (date, case number, metering point) as a two-column table;
 * - the subject as a heading, the greeting, the paragraphs (amount tables as two columns, lists with a
 *   hanging indent), the closing and the sender's name;
 * - "Side n af m" at the foot of every page of a letter longer than one page.
 *
 * Library: pdfkit (maintained, pure JavaScript, embeds a subset of a TrueType font). Font: DejaVu
 * Sans from the pinned npm package `dejavu-fonts-ttf`, so every machine embeds the same glyphs: it
 * covers æ ø å Æ Ø Å § – — and every Latin character a name or address may hold.
 *
 * Deterministic: the same content, recipient and sender give the same bytes, on any machine and day.
 * The creation and modification dates are the letter date (00:00 UTC), or 2000-01-01 for a letter
 * without one; the document id is pdfkit's MD5 of the document information, which carries the text
 * rendering's content hash (`ContentHash`), so it is derived from the content; pdfkit adds nothing
 * random to an unencrypted document. A retried activity therefore archives and sends an identical PDF
 * with an identical hash. Synchronous: pdfkit writes into its stream buffer as it goes, and the bytes
 * are read back after `end()`.
 *
 * Runs in activities only (fonts from disk, `node:crypto`), never in workflows.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create as parseFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { composeLetter, letterContentHash, type LetterRecipient } from './render.js';
import { frameText, type LetterParts } from './templates/common.js';
import type { SupplierInfo } from './supplier.js';
import type { LetterContent } from './types.js';

/** A letter rendered as a PDF. */
export interface RenderedLetterPdf {
  /** The PDF document. */
  bytes: Uint8Array;
  /** SHA-256, lower-case hex, of `bytes`. */
  sha256: string;
  /** The number of pages (1 or 2 for every letter afbryd sends today). */
  pages: number;
  /** The subject (the PDF's title and the letter's heading). */
  subject: string;
  /** The text rendering's content hash (`letterContentHash`), recorded in the PDF's information. */
  contentHash: string;
}

/** A4 in points, and the page's margins (20 mm left and right). */
const PAGE = { width: 595.28, height: 841.89, left: 56.7, right: 56.7, top: 42.5, bottom: 62 };
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** The recipient block, where a window envelope (C5/DL, window at the left) shows it: 45 mm from the top. */
const ADDRESS_TOP = 127.6;
/** The sender block: the right-hand third of the page. */
const SENDER_WIDTH = 190;
const SIZE = { body: 10, sender: 8.5, senderName: 11, heading: 10, footer: 8 };
const LINE_GAP = 1.5;
const PARAGRAPH_GAP = 8;
/** The creation date of a letter without a letter date: a constant, so that the bytes do not depend on the day. */
const UNDATED = new Date(Date.UTC(2000, 0, 1));

/**
 * DejaVu Sans, regular and bold, read and parsed once per process: parsing per letter took most of a
 * letter's rendering time (about 100 ms of 130). pdfkit takes the parsed font as it is and makes a
 * subset of its own per document, so sharing it changes no byte.
 */
let fonts: { regular: Font; bold: Font } | undefined;
function fontFiles(): { regular: Font; bold: Font } {
  if (!fonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fonts = { regular: parseFont(readFileSync(join(dir, 'DejaVuSans.ttf'))), bold: parseFont(readFileSync(join(dir, 'DejaVuSans-Bold.ttf'))) };
  }
  return fonts;
}

/**
 * Renders a letter as a PDF.
 *
 * @param content what the letter says (as for `renderLetter`).
 * @param recipient the customer's name and postal address.
 * @param sender the supplier: the sender block, the signature and the contact sentences.
 * @param caseNumber the case's short case number (as for `renderLetter`).
 * @throws LetterContentError as `renderLetter`.
 */
export function renderLetterPdf(content: LetterContent, recipient: LetterRecipient, sender: SupplierInfo, caseNumber: string): RenderedLetterPdf {
  const parts = composeLetter(content, recipient, sender, caseNumber);
  const contentHash = letterContentHash(parts.subject, frameText(parts));
  const date = content.letterDate !== undefined ? new Date(`${content.letterDate}T00:00:00Z`) : UNDATED;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    bufferPages: true,
    compress: true,
    lang: 'da-DK',
    info: {
      Title: parts.subject,
      Author: sender.name,
      Creator: 'afbryd',
      Producer: 'afbryd (pdfkit)',
      CreationDate: date,
      ModDate: date,
      // Derives the document id (pdfkit hashes the information) from the content.
      ContentHash: contentHash,
    } as PDFKit.DocumentInfo,
  });
  const { regular, bold } = fontFiles();
  // @types/pdfkit names only a path or bytes; pdfkit 0.20 takes a parsed fontkit font too (PDFFontFactory.open).
  doc.registerFont('text', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);
  layOut(doc, parts);

  const pages = doc.bufferedPageRange().count;
  if (pages > 1) {
    for (let i = 0; i < pages; i++) {
      doc.switchToPage(i);
      // Below the bottom margin: lift it so that pdfkit does not start a new page for the footer.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font('text').fontSize(SIZE.footer).text(`Side ${i + 1} af ${pages}`, PAGE.left, PAGE.height - 36, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
  }
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk: Buffer | null = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
  const bytes = new Uint8Array(Buffer.concat(chunks));
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), pages, subject: parts.subject, contentHash };
}

/** Lays the parts out on the pages, top to bottom. */
function layOut(doc: PDFKit.PDFDocument, parts: LetterParts): void {
  // The sender block, top right.
  const [name, ...rest] = parts.sender;
  const senderX = PAGE.width - PAGE.right - SENDER_WIDTH;
  doc.font('bold').fontSize(SIZE.senderName).text(name ?? '', senderX, PAGE.top, { width: SENDER_WIDTH, align: 'right', lineGap: LINE_GAP });
  doc.font('text').fontSize(SIZE.sender).text(rest.join('\n'), senderX, doc.y + 2, { width: SENDER_WIDTH, align: 'right', lineGap: LINE_GAP });
  const senderBottom = doc.y;

  // The recipient, in the envelope's window (below the sender block if that ever grows so long).
  doc.font('text').fontSize(SIZE.body);
  doc.text(parts.recipient.join('\n'), PAGE.left, Math.max(ADDRESS_TOP, senderBottom + PARAGRAPH_GAP), { width: CONTENT_WIDTH / 2, lineGap: LINE_GAP });
  doc.y += PARAGRAPH_GAP * 2;

  columns(doc, parts.references);
  doc.y += PARAGRAPH_GAP * 1.5;

  doc.font('bold').fontSize(SIZE.heading).text(parts.subject, PAGE.left, doc.y, { width: CONTENT_WIDTH, lineGap: LINE_GAP });
  doc.y += PARAGRAPH_GAP * 1.5;
  doc.font('text').fontSize(SIZE.body);
  for (const paragraph of [parts.greeting, ...parts.paragraphs]) {
    block(doc, paragraph);
    doc.y += PARAGRAPH_GAP;
  }
  // The closing and the sender's name, together (the sender's contact data is in the sender block).
  block(doc, `${parts.closing}\n${name ?? ''}`);
}

/** Starts a new page unless `height` points still fit on this one. */
function keepTogether(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/**
 * One paragraph. Its lines are kept: an amount table made by `table()` (label, colon, padding to a
 * common column, value) becomes two columns, a line starting with "- " a list item with a hanging
 * indent, any other line wraps at the margin.
 */
function block(doc: PDFKit.PDFDocument, paragraph: string): void {
  const lines = paragraph.split('\n');
  // A paragraph is never split across pages (none is near a page long): a page ends between paragraphs.
  keepTogether(doc, lines.reduce((h, line) => h + doc.heightOfString(line, { width: CONTENT_WIDTH - 110, lineGap: LINE_GAP }), 0));
  let i = 0;
  while (i < lines.length) {
    const rows = tableAt(lines, i);
    if (rows) {
      columns(doc, rows);
      i += rows.length;
      continue;
    }
    const line = lines[i] as string;
    if (line.startsWith('- ')) {
      const y = doc.y;
      doc.text('-', PAGE.left, y, { width: 12, lineGap: LINE_GAP });
      doc.text(line.slice(2), PAGE.left + 12, y, { width: CONTENT_WIDTH - 12, lineGap: LINE_GAP });
    } else {
      doc.text(line, PAGE.left, doc.y, { width: CONTENT_WIDTH, lineGap: LINE_GAP });
    }
    i++;
  }
}

/**
 * The rows of a `table()` starting at line `start`: two or more lines whose values start in the same
 * column, right after a label's colon and its padding. Undefined if the lines there are not one.
 */
function tableAt(lines: readonly string[], start: number): Array<[string, string]> | undefined {
  const row = /^([^:]+):( +)(\S.*)$/;
  const first = row.exec(lines[start] ?? '');
  if (!first) return undefined;
  const column = (first[1] as string).length + 1 + (first[2] as string).length;
  const rows: Array<[string, string]> = [];
  for (let i = start; i < lines.length; i++) {
    const m = row.exec(lines[i] as string);
    if (!m || (m[1] as string).length + 1 + (m[2] as string).length !== column) break;
    rows.push([`${m[1] as string}:`, m[3] as string]);
  }
  return rows.length >= 2 ? rows : undefined;
}

/** Label and value rows, the values in a column after the longest label. */
function columns(doc: PDFKit.PDFDocument, rows: ReadonlyArray<readonly [string, string]>): void {
  doc.font('text').fontSize(SIZE.body);
  const labels = rows.map(([label]) => (label.endsWith(':') ? label : `${label}:`));
  const labelWidth = Math.min(Math.max(...labels.map((l) => doc.widthOfString(l))) + 14, CONTENT_WIDTH / 2);
  rows.forEach(([, value], i) => {
    const y = doc.y;
    doc.text(labels[i] as string, PAGE.left, y, { width: labelWidth - 6, lineGap: LINE_GAP });
    const labelEnd = doc.y;
    doc.text(value, PAGE.left + labelWidth, y, { width: CONTENT_WIDTH - labelWidth, lineGap: LINE_GAP });
    doc.y = Math.max(doc.y, labelEnd);
  });
}

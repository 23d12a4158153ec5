/** The part of fontkit (pdfkit's font engine, a dependency of its own here) that `pdf.ts` uses. */
declare module 'fontkit' {
  /** A parsed font; pdfkit's `registerFont` takes it as it is. */
  export interface Font {
    layout(text: string): unknown;
    readonly postscriptName: string;
  }
  /** Parses a TrueType/OpenType font file. */
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}

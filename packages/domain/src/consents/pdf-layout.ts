import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from "pdf-lib";

// A small flowing-text writer over pdf-lib: pages of US Letter, wrapped paragraphs, headings, and a
// new page when the current one is full. pdf-lib has no layout of its own.

export const PAGE = { width: 612, height: 792, margin: 54 } as const;
const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.35, 0.38, 0.45);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

/**
 * DejaVu (embedded, subset to the letters used): patients' names are written as they are, in
 * Latin with any accents, Greek, Cyrillic, Vietnamese and more, not only the WinAnsi set of the
 * standard PDF fonts. The files ship in the dejavu-fonts-ttf package (free licence).
 */
export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(fontkit);
  const files = await (fontFiles ??= loadFontFiles());
  return {
    regular: await doc.embedFont(files.regular, { subset: true }),
    bold: await doc.embedFont(files.bold, { subset: true }),
    mono: await doc.embedFont(files.mono, { subset: true }),
  };
}

let fontFiles: Promise<Record<keyof Fonts, Buffer>> | undefined;

function loadFontFiles(): Promise<Record<keyof Fonts, Buffer>> {
  // Resolved by Node at run time (next.config.ts keeps webpack's hands off this file's createRequire).
  const file = (name: string) => readFile(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`));
  return Promise.all([file("DejaVuSans.ttf"), file("DejaVuSans-Bold.ttf"), file("DejaVuSansMono.ttf")]).then(([regular, bold, mono]) => ({ regular, bold, mono }));
}

/**
 * Letters the font has no glyph for (Chinese, Japanese, Korean, Arabic script, emoji) are spelled
 * without their accents where that exists (NFKD), otherwise shown as "?"; the exact text of every
 * field is kept in the register, and the certificate says when a character had to be replaced.
 */
export function pdfSafe(text: string, font: PDFFont): { text: string; replaced: boolean } {
  const supported = new Set(font.getCharacterSet());
  let replaced = false;
  const out = [...text.replace(/[\r\n\t]+/g, " ")]
    .map((ch) => {
      if (supported.has(ch.codePointAt(0)!)) return ch;
      replaced = true;
      const plain = ch.normalize("NFKD").replace(/\p{M}/gu, "");
      return [...plain].every((c) => supported.has(c.codePointAt(0)!)) && plain ? plain : "?";
    })
    .join("");
  return { text: out, replaced };
}

export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    // A single word wider than the line (a long URL or user agent) is cut by characters.
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let n = rest.length - 1;
      while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

export class PdfWriter {
  page!: PDFPage;
  y = 0;
  /** Set when some text could not be shown exactly in the standard fonts. */
  replacedCharacters = false;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  get width() {
    return PAGE.width - 2 * PAGE.margin;
  }

  newPage() {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin (and a footer). */
  ensure(height: number) {
    if (this.y - height < PAGE.margin + 24) this.newPage();
  }

  text(value: string, opts: { size?: number; font?: PDFFont; muted?: boolean; indent?: number; gap?: number } = {}) {
    const size = opts.size ?? 10.5;
    const font = opts.font ?? this.fonts.regular;
    const indent = opts.indent ?? 0;
    const safe = pdfSafe(value, font);
    this.replacedCharacters ||= safe.replaced;
    const leading = size * 1.35;
    for (const line of wrap(safe.text, font, size, this.width - indent)) {
      this.ensure(leading);
      this.y -= leading;
      this.page.drawText(line, { x: PAGE.margin + indent, y: this.y + size * 0.25, size, font, color: opts.muted ? MUTED : INK });
    }
    this.y -= opts.gap ?? 4;
  }

  heading(value: string, size = 12.5) {
    this.ensure(size * 4);
    this.y -= 6;
    this.text(value, { size, font: this.fonts.bold, gap: 2 });
  }

  bullet(value: string) {
    this.text(`•  ${value}`, { indent: 10, gap: 2 });
  }

  /** "Label: value" rows of the certificate; the value may wrap. */
  row(label: string, value: string, mono = false) {
    this.text(label, { size: 9, font: this.fonts.bold, muted: true, gap: 0 });
    this.text(value, { size: mono ? 9 : 10.5, font: mono ? this.fonts.mono : this.fonts.regular, gap: 6 });
  }

  rule() {
    this.ensure(12);
    this.y -= 6;
    this.page.drawLine({ start: { x: PAGE.margin, y: this.y }, end: { x: PAGE.width - PAGE.margin, y: this.y }, thickness: 0.5, color: MUTED });
    this.y -= 6;
  }

  /** A footer ("Page i of n") on the pages from index `from` on; call once all pages exist. */
  footers(label: string, from = 0) {
    const pages = this.doc.getPages();
    pages.forEach((p, i) => {
      if (i < from) return;
      const text = pdfSafe(`${label} · Page ${i + 1} of ${pages.length}`, this.fonts.regular).text;
      p.drawText(text, { x: PAGE.margin, y: PAGE.margin - 24, size: 8, font: this.fonts.regular, color: MUTED });
    });
  }
}

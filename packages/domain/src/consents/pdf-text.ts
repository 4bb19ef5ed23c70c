import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFPage } from "pdf-lib";

// Tests only: the text drawn on a page of a PDF that pdf-lib wrote. Embedded fonts are Type0 with
// 2-byte glyph ids, so each font's ToUnicode map (pdf-lib writes it as bfchar entries) turns the
// hex strings shown with Tj back into text.

const streamText = (s: unknown) => (s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString("latin1") : "");

function toUnicodeOf(page: PDFPage, font: PDFDict): Map<string, string> {
  const map = new Map<string, string>();
  const cmap = streamText(page.doc.context.lookup(font.get(PDFName.of("ToUnicode"))));
  for (const [, gid, utf16] of cmap.matchAll(/<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>/g)) {
    map.set(gid!.toLowerCase(), Buffer.from(utf16!, "hex").swap16().toString("utf16le"));
  }
  return map;
}

export function pageText(page: PDFPage): string {
  const fonts = new Map<string, Map<string, string> | null>();
  const fontDict = page.node.Resources()?.lookupMaybe(PDFName.of("Font"), PDFDict);
  for (const [name, ref] of fontDict?.entries() ?? []) {
    const font = page.doc.context.lookup(ref as PDFRef, PDFDict);
    fonts.set(name.asString(), font.has(PDFName.of("ToUnicode")) ? toUnicodeOf(page, font) : null);
  }
  const contents = page.node.Contents();
  const ops = (contents instanceof PDFArray ? contents.asArray().map((r) => page.doc.context.lookup(r)) : [contents]).map(streamText).join("\n");
  let current: Map<string, string> | null = null;
  const lines: string[] = [];
  for (const m of ops.matchAll(/(\/[^\s/]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
    if (m[1]) current = fonts.get(m[1]) ?? null;
    else if (current) lines.push((m[2]!.toLowerCase().match(/.{4}/g) ?? []).map((g) => current!.get(g) ?? "\uFFFD").join(""));
    else lines.push(Buffer.from(m[2]!, "hex").toString("latin1"));
  }
  return lines.join("\n");
}

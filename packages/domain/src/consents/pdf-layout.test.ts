import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { embedFonts, pdfSafe } from "./pdf-layout";
import { pageText } from "./pdf-text";

describe("PDF fonts of signed authorizations", () => {
  it("write patients' names as they are in Latin, Vietnamese, Greek and Cyrillic; only scripts the font lacks are replaced", async () => {
    const doc = await PDFDocument.create();
    const { regular, bold } = await embedFonts(doc);
    for (const name of ["Nguyễn Thị Hương", "Łukasz Żółć", "Σοφία Παπαδοπούλου", "Анна Петрова", "Siobhán Ní Dhuibhir"]) {
      expect(pdfSafe(name, regular)).toEqual({ text: name, replaced: false });
      expect(pdfSafe(name, bold).replaced).toBe(false);
    }
    expect(pdfSafe("王芳 Wang", regular)).toEqual({ text: "?? Wang", replaced: true });
    const page = doc.addPage();
    page.drawText("Nguyễn Thị Hương", { font: regular, size: 12, x: 50, y: 700 });
    const bytes = await doc.save();
    // Subset: the embedded font carries the glyphs used, not the whole 700 KB file.
    expect(bytes.length).toBeLessThan(120_000);
    // And the text reads back as written (the font's ToUnicode map is complete).
    expect(pageText((await PDFDocument.load(bytes)).getPage(0))).toBe("Nguyễn Thị Hương");
  });
});

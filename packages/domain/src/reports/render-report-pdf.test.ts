import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { embedFonts } from "../consents/pdf-layout";
import { pageText } from "../consents/pdf-text";
import { renderReportPdf } from "./render-report-pdf";
import { barChart, keyFigureLines, layoutTable, overrideRows, summarySections, titleLines } from "./report-pdf-layout";
import { sampleReport } from "./report-test-helpers";

const report = sampleReport();

describe("what the report's PDF says", () => {
  it("opens with the org, the period in its zone, when and by whom", () => {
    const t = titleLines(report);
    expect(t.subtitle).toBe("St. Brigid Regional Hospital · November 2026");
    expect(t.lines).toEqual([
      "Period: Nov 1, 2026 to Nov 30, 2026 (America/Chicago)",
      "Compared with: October 2026 (Oct 1, 2026 to Oct 31, 2026)",
      "Generated: Dec 2, 2026, 9:30 AM CST by Olivia Officer",
    ]);
    expect(titleLines(sampleReport({ partial: true })).lines[0]).toContain("still running");
    expect(titleLines(sampleReport()).lines.join(" ")).not.toContain("audit trail");
    const late = titleLines(sampleReport({ trail: { from: "2026-11-09T14:00:00.000Z" } })).lines.at(-1);
    expect(late).toBe('Posts and decisions are counted from the audit trail, which is on record from Nov 9, 2026: before that day they are not on record ("—"), not zero.');
    expect(titleLines(sampleReport({ trail: { from: null } })).lines.at(-1)).toContain("holds no event yet");
  });

  it("gives the headline figures with the previous period, the change and its direction", () => {
    const lines = keyFigureLines(report);
    expect(lines).toContain("Blocked rate: 25 % (October 2026: 8.3 %; +16.7 pts ▲)");
    expect(lines).toContain("Submit to final decision, median: 6.5 h (October 2026: 12 h; −5.5 h ▼)");
    expect(lines).toContain("Blocking findings approved over: 2 (October 2026: 0; +2 ▲)");
  });

  it("lists every figure by section, and the policy coverage at generation", () => {
    const sections = summarySections(report);
    expect(sections.map((s) => s.section)).toEqual(["Posts", "Scans", "Turnaround", "Overrides", "Consents", "Comments", "Incidents", "Policy", "Audit trail"]);
    expect(sections[0]!.rows[0]).toEqual(["Posts submitted for review", "17", "11", "+6"]);
    expect(sections.find((s) => s.section === "Turnaround")!.rows[2]).toEqual(["Submit to final decision, 90th percentile", "38.4 h", "30 h", "+8.4 h"]);
    expect(sections.find((s) => s.section === "Policy")!.rows.at(-1)).toEqual(["Acknowledgement coverage of version 2, at generation", "75 % (30 of 40)", "—", "—"]);
  });

  it("puts each override in a row: date in the org's zone, officer, type, reason, justification", () => {
    expect(overrideRows(report)).toEqual([
      ["Nov 12, 2026", "Olivia Officer", "person name", "Consent on file", 'Signed authorization on file, verified 11/10; "OK to post"'],
      ["Nov 20, 2026", "Omar Officer", "health condition", "Other", '=HYPERLINK("http://x") staff wellness campaign, no patient (approval later voided)'],
    ]);
  });

  it("scales the bars to the largest count of either period", () => {
    const { bars, height } = barChart([...report.findingTypes, { type: "RARE", count: 0, previous: 0 }, { type: "TINY", count: 1, previous: 0 }], { barArea: 280, rowHeight: 17 });
    expect(height).toBe(5 * 17);
    expect(bars[0]).toMatchObject({ label: "PERSON_NAME", width: 280, previousWidth: 80, y: 0 });
    expect(bars[1]!.width).toBeCloseTo(180, 6);
    expect(bars[2]).toMatchObject({ label: "DATE", previousWidth: 200, y: 34 });
    expect(bars[3]).toMatchObject({ width: 0, previousWidth: 0 });
    expect(bars[4]!.width).toBe(20);
    expect(barChart([{ type: "X", count: 0, previous: 0 }], { barArea: 100, rowHeight: 10 }).bars[0]!.width).toBe(0);
  });

  it("wraps table cells to their columns and makes each row as tall as its tallest cell", async () => {
    const fonts = await embedFonts(await PDFDocument.create());
    const long = "Signed authorization on file for the named patient, verified against the scanned form by the privacy office on November 10.";
    const laid = layoutTable([{ header: "Reason", width: 80 }, { header: "Justification", width: 160 }], [["Other", long]], fonts, 8.5, 4);
    const cells = laid.rows[0]!.cells;
    expect(cells[0]).toEqual(["Other"]);
    expect(cells[1]!.length).toBeGreaterThan(2);
    expect(cells[1]!.join(" ")).toBe(long);
    for (const line of cells[1]!) expect(fonts.regular.widthOfTextAtSize(line, 8.5)).toBeLessThanOrEqual(160 - 8);
    expect(laid.rows[0]!.height).toBeCloseTo(cells[1]!.length * 8.5 * 1.3 + 8, 6);
    expect(layoutTable([{ header: "A", width: 100 }], [["王芳"]], fonts, 8.5).replaced).toBe(true);
  });
});

describe("the rendered PDF", () => {
  it("is a real document: the figures, the overrides, the verification and page numbers on its pages", async () => {
    const bytes = await renderReportPdf(report);
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    // Fonts are subset: a few pages of text stay small.
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.length).toBeLessThan(300_000);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe("Compliance report November 2026 · St. Brigid Regional Hospital");
    const pages = doc.getPages();
    const text = pages.map(pageText).join("\n");
    for (const expected of [
      "Compliance report", "St. Brigid Regional Hospital · November 2026", "Generated: Dec 2, 2026, 9:30 AM CST by Olivia Officer",
      "Posts submitted for review", "38.4 h", "+16.7 pts", "person name", "14  (4)", "Olivia Officer", "Consent on file", "Audit trail verification", "Verified intact on",
      `Page 1 of ${pages.length}`, `Page ${pages.length} of ${pages.length}`,
    ]) expect(text, expected).toContain(expected);
    // The justification is printed, wrapped: its words are all there.
    expect(text.replace(/\s+/g, " ")).toContain('Signed authorization on file, verified 11/10; "OK to post"');
  });

  it("runs onto more pages when there are many overrides, repeating the table's header", async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...report.overrides[0]!, id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, justification: `Override ${i}: ${"reviewed with the privacy office ".repeat(4)}` }));
    const doc = await PDFDocument.load(await renderReportPdf(sampleReport({ overrides: many })));
    const texts = doc.getPages().map(pageText);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    const withOverrides = texts.filter((t) => t.includes("Override "));
    expect(withOverrides.length).toBeGreaterThan(1);
    for (const t of withOverrides) expect(t).toContain("Justification");
    expect(texts.join("\n")).toContain("Override 59:");
  });

  it("says plainly when the audit trail did not verify", async () => {
    const broken = sampleReport({ audit: { ...report.audit, ok: false, brokenAtSeq: 17, statement: "VERIFICATION FAILED on 2026-12-02: the audit trail does not hold at event 17." } });
    const text = (await PDFDocument.load(await renderReportPdf(broken))).getPages().map(pageText).join("\n");
    expect(text).toContain("VERIFICATION FAILED");
  });
});

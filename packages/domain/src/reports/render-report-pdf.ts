import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { embedFonts, PAGE, PdfWriter } from "../consents/pdf-layout";
import type { ComplianceReport } from "./build-compliance-report";
import { barChart, keyFigureLines, layoutTable, overrideRows, summarySections, titleLines, typeLabel, type TableColumn, type TableRowLayout } from "./report-pdf-layout";

// The compliance report as a PDF a client can forward to its board: a title block, the headline
// figures, every figure beside the previous period's, a bar chart of the finding types (pdf-lib
// rectangles), the overrides with their justifications, the audit trail's verification, page numbers.
// Fonts are the embedded DejaVu of the consent forms (consents/pdf-layout.ts): nothing is fetched.

const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.35, 0.38, 0.45);
// The app's brand teal (#0f766e, globals.css).
const BRAND = rgb(15 / 255, 118 / 255, 110 / 255);
const PREVIOUS = rgb(0.72, 0.75, 0.8);
const SHADE = rgb(0.94, 0.95, 0.97);
const RULE = rgb(0.82, 0.84, 0.88);
const ALERT = rgb(0.7, 0.1, 0.1);

const TABLE_SIZE = 8.5;
const PADDING = 4;

type Align = "left" | "right";
type Column = TableColumn & { align?: Align };

export async function renderReportPdf(r: ComplianceReport): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const generatedAt = new Date(r.generatedAt);
  doc.setTitle(`Compliance report ${r.period.label} · ${r.org.name}`);
  doc.setSubject(`Compliance report of ${r.org.name} for ${r.period.label}`);
  doc.setProducer("Vetted");
  doc.setCreator("Vetted");
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);
  const w = new PdfWriter(doc, await embedFonts(doc));

  titleBlock(w, r);
  w.heading("At a glance");
  for (const line of keyFigureLines(r)) w.bullet(line);
  if (!r.audit.ok) w.text(r.audit.statement, { font: w.fonts.bold, gap: 6 });

  w.heading("Figures, with the previous period");
  const width = w.width;
  const columns: Column[] = [
    { header: "Measure", width: width * 0.46 },
    { header: r.period.label, width: width * 0.18, align: "right" },
    { header: r.previous.label, width: width * 0.18, align: "right" },
    { header: "Change", width: width * 0.18, align: "right" },
  ];
  // One header per page for the whole table: each section's rows continue it.
  let headed: PDFPage | null = null;
  for (const s of summarySections(r)) {
    w.ensure(48);
    w.text(s.section, { size: 10, font: w.fonts.bold, gap: 2 });
    drawTable(w, columns, s.rows, { header: w.page !== headed });
    headed = w.page;
  }

  w.ensure(40 + Math.min(r.findingTypes.length, 8) * 17);
  w.heading("Findings by type");
  findingChart(w, r);

  // The heading stays with the start of its table.
  w.ensure(r.overrides.length ? 110 : 50);
  w.heading(`Overrides (${r.overrides.length})`);
  if (r.overrides.length === 0) w.text("No blocking finding was approved over in this period.", { muted: true });
  else {
    w.text("Each blocking finding a compliance officer approved over, with the preset reason and the officer's written justification.", { size: 9, muted: true });
    drawTable(w, [
      { header: "Date", width: width * 0.13 },
      { header: "Officer", width: width * 0.18 },
      { header: "Finding type", width: width * 0.18 },
      { header: "Reason", width: width * 0.17 },
      { header: "Justification", width: width * 0.34 },
    ], overrideRows(r));
  }

  w.heading("Audit trail verification");
  w.text(r.audit.statement, { size: 10, font: r.audit.ok ? w.fonts.regular : w.fonts.bold });
  w.text("Each event of the trail is chained to the one before it by a keyed hash, and the chain's head is signed hourly (Ed25519). Recomputing every link and checking the newest signed checkpoint shows whether any event was altered, removed or added out of order.", { size: 9, muted: true });

  if (w.replacedCharacters) w.text("Some characters the report's font cannot show were replaced by \"?\"; the CSV export keeps the exact text.", { size: 8, muted: true });
  w.footers(`${r.org.name} · Compliance report ${r.period.label}`);
  return doc.save({ useObjectStreams: false });
}

function titleBlock(w: PdfWriter, r: ComplianceReport) {
  const t = titleLines(r);
  w.page.drawRectangle({ x: 0, y: PAGE.height - 14, width: PAGE.width, height: 14, color: BRAND });
  w.y -= 8;
  w.text(t.title, { size: 24, font: w.fonts.bold, gap: 2 });
  w.text(t.subtitle, { size: 14, gap: 6 });
  for (const line of t.lines) w.text(line, { size: 9.5, muted: true, gap: 1 });
  w.y -= 6;
  w.text(t.notice, { size: 8.5, font: w.fonts.bold, gap: 4 });
  w.rule();
}

/** Draws the rows from the writer's position on, a new page (with the header again) when one does not fit. */
function drawTable(w: PdfWriter, columns: readonly Column[], rows: readonly string[][], opts: { header?: boolean } = {}) {
  const fonts = { regular: w.fonts.regular, bold: w.fonts.bold };
  const laid = layoutTable(columns, rows, fonts, TABLE_SIZE, PADDING);
  w.replacedCharacters ||= laid.replaced;
  const drawRow = (row: TableRowLayout, font: PDFFont, shaded: boolean) => {
    const top = w.y;
    if (shaded) w.page.drawRectangle({ x: PAGE.margin, y: top - row.height, width: w.width, height: row.height, color: SHADE });
    let x = PAGE.margin;
    columns.forEach((c, i) => {
      row.cells[i]!.forEach((line, n) => {
        const lineWidth = font.widthOfTextAtSize(line, TABLE_SIZE);
        const lx = c.align === "right" ? x + c.width - PADDING - lineWidth : x + PADDING;
        w.page.drawText(line, { x: lx, y: top - PADDING - TABLE_SIZE * 1.3 * (n + 1) + TABLE_SIZE * 0.3, size: TABLE_SIZE, font, color: INK });
      });
      x += c.width;
    });
    w.y = top - row.height;
    w.page.drawLine({ start: { x: PAGE.margin, y: w.y }, end: { x: PAGE.margin + w.width, y: w.y }, thickness: 0.4, color: RULE });
  };
  const first = w.page;
  w.ensure(laid.header.height + (laid.rows[0]?.height ?? 0));
  if (opts.header !== false || w.page !== first) drawRow(laid.header, fonts.bold, true);
  for (const row of laid.rows) {
    const page = w.page;
    w.ensure(row.height);
    if (w.page !== page) drawRow(laid.header, fonts.bold, true);
    drawRow(row, fonts.regular, false);
  }
  w.y -= 8;
}

function findingChart(w: PdfWriter, r: ComplianceReport) {
  if (r.findingTypes.length === 0) {
    w.text("The period's scans found nothing.", { muted: true });
    return;
  }
  const labelWidth = 120;
  const valueWidth = 70;
  const rowHeight = 17;
  const chart = barChart(r.findingTypes.map((t) => ({ ...t, type: typeLabel(t.type) })), { barArea: w.width - labelWidth - valueWidth, rowHeight });
  w.ensure(chart.height + 28);
  // Legend: this period's bar, and the previous period's thin one under it.
  const legendY = w.y - 10;
  w.page.drawRectangle({ x: PAGE.margin, y: legendY, width: 8, height: 7, color: BRAND });
  w.page.drawText(r.period.label, { x: PAGE.margin + 12, y: legendY, size: 8, font: w.fonts.regular, color: MUTED });
  const prevX = PAGE.margin + 24 + w.fonts.regular.widthOfTextAtSize(r.period.label, 8);
  w.page.drawRectangle({ x: prevX, y: legendY + 2, width: 8, height: 3, color: PREVIOUS });
  w.page.drawText(r.previous.label, { x: prevX + 12, y: legendY, size: 8, font: w.fonts.regular, color: MUTED });
  const top = legendY - 8;
  const x0 = PAGE.margin + labelWidth;
  for (const b of chart.bars) {
    const y = top - b.y - 10;
    const label = w.fonts.regular.widthOfTextAtSize(b.label, 8.5) > labelWidth - 6 ? `${b.label.slice(0, 22)}…` : b.label;
    w.page.drawText(label, { x: PAGE.margin, y: y + 1, size: 8.5, font: w.fonts.regular, color: INK });
    if (b.width > 0) w.page.drawRectangle({ x: x0, y, width: b.width, height: 9, color: BRAND });
    if (b.previousWidth > 0) w.page.drawRectangle({ x: x0, y: y - 4, width: b.previousWidth, height: 3, color: PREVIOUS });
    const value = `${b.value}  (${b.previous})`;
    w.page.drawText(value, { x: x0 + Math.max(b.width, b.previousWidth) + 5, y: y + 1, size: 8.5, font: w.fonts.regular, color: b.value > b.previous ? ALERT : INK });
  }
  w.y = top - chart.height - 6;
  w.text("Counts of findings in the period's scans; the previous period's count in brackets and as the thin bar.", { size: 8, muted: true });
}

import type { PDFFont } from "pdf-lib";
import { pdfSafe, wrap } from "../consents/pdf-layout";
import type { ComplianceReport } from "./build-compliance-report";
import { formatChange, formatFigure, MEASURES, trend, unitOf } from "./report-measures";
import { dateTimeFormat } from "../time/date-formats";

// What the compliance report's PDF says, line by line and cell by cell, apart from the drawing:
// these functions are plain data in, strings and numbers out, so the tests read the document's
// figures here (render-report-pdf.ts only places them on pages).

const dateIn = (iso: string | Date, timeZone: string) => dateTimeFormat("en-US", { timeZone, dateStyle: "medium" }).format(new Date(iso));
/** "Dec 2, 2026, 9:30 AM CST" (ICU's narrow no-break space before AM/PM made a plain one). */
function dateTimeIn(iso: string | Date, timeZone: string): string {
  const at = new Date(iso);
  const zone = dateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return `${dateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(at)} ${zone}`.replace(/[\u202f\u00a0]/g, " ");
}

/** The last day of a period whose end is exclusive: a month ending at Dec 1, 00:00 ends on Nov 30. */
const lastDay = (toIso: string, timeZone: string) => dateIn(new Date(new Date(toIso).getTime() - 1), timeZone);

export function titleLines(r: ComplianceReport): { title: string; subtitle: string; lines: string[]; notice: string } {
  const tz = r.org.timeZone;
  return {
    title: "Compliance report",
    subtitle: `${r.org.name} · ${r.period.label}`,
    lines: [
      `Period: ${dateIn(r.period.from, tz)} to ${lastDay(r.period.to, tz)} (${tz})${r.partial ? ", still running: figures up to the time of generation" : ""}`,
      `Compared with: ${r.previous.label} (${dateIn(r.previous.from, tz)} to ${lastDay(r.previous.to, tz)})`,
      `Generated: ${dateTimeIn(r.generatedAt, tz)} by ${r.generatedBy.name}`,
      ...(r.trail ? [trailStartLine(r)!] : []),
    ],
    notice:
      "Confidential. This report quotes compliance officers' override justifications, which may quote post content: handle it as protected health information. It names no patient otherwise; consent figures are counts only.",
  };
}

/**
 * Said when the org's audit trail on record begins after the previous period's start (an org created
 * since, a trail purged under retention): why posts and decisions read "—" or count from that day on.
 */
export function trailStartLine(r: ComplianceReport): string | null {
  if (!r.trail) return null;
  if (r.trail.from === null) return 'Posts and decisions are counted from the audit trail, which holds no event yet: they are not on record ("—"), not zero.';
  return `Posts and decisions are counted from the audit trail, which is on record from ${dateIn(r.trail.from, r.org.timeZone)}: before that day they are not on record ("—"), not zero.`;
}

/** The headline figures, each with the previous period and the change. */
export function keyFigureLines(r: ComplianceReport): string[] {
  const pick = ["postsSubmitted", "postsApproved", "blockedRatePercent", "turnaroundMedianHours", "overrides", "slaBreaches", "incidentsOpened"] as const;
  return pick.map((key) => {
    const m = MEASURES.find((x) => x.key === key)!;
    const unit = unitOf(m);
    const now = r.figures[key];
    const before = r.previousFigures[key];
    const arrow = { up: "▲", down: "▼", flat: "=", none: "" }[trend(now, before) ?? "none"];
    return `${m.label}: ${formatFigure(now, unit)} (${r.previous.label}: ${formatFigure(before, unit)}; ${formatChange(now, before, unit)}${arrow ? ` ${arrow}` : ""})`;
  });
}

export type SummarySection = { section: string; rows: [string, string, string, string][] };

/** Every figure of MEASURES by section: measure, this period, previous period, change. */
export function summarySections(r: ComplianceReport): SummarySection[] {
  const sections: SummarySection[] = [];
  for (const m of MEASURES) {
    const unit = unitOf(m);
    let s = sections.at(-1);
    if (s?.section !== m.section) sections.push((s = { section: m.section, rows: [] }));
    s.rows.push([m.label, formatFigure(r.figures[m.key], unit), formatFigure(r.previousFigures[m.key], unit), formatChange(r.figures[m.key], r.previousFigures[m.key], unit)]);
  }
  const c = r.policyCoverage;
  if (c) {
    sections.find((x) => x.section === "Policy")?.rows.push([
      c.version === null ? "Acknowledgement coverage (no version in effect)" : `Acknowledgement coverage of version ${c.version}, at generation`,
      c.percent === null ? "—" : `${formatFigure(c.percent, "%")} (${c.acknowledged} of ${c.people})`, "—", "—",
    ]);
  }
  return sections;
}

/** A finding type as people read it ("health condition"), as the post page shows it; the CSV keeps the code. */
export const typeLabel = (type: string) => type.replaceAll("_", " ").toLowerCase();

export function overrideRows(r: ComplianceReport): string[][] {
  return r.overrides.map((o) => [dateIn(o.at, r.org.timeZone), o.officer, typeLabel(o.findingType), o.reason, `${o.justification}${o.voided ? " (approval later voided)" : ""}`]);
}

export interface Bar {
  label: string;
  value: number;
  previous: number;
  /** Offset from the chart's top, in points, of the bar's top. */
  y: number;
  /** Length of the bar for this period and for the previous one, in points. */
  width: number;
  previousWidth: number;
}

export interface ChartGeometry {
  /** Room for the bars: the chart's width less its label and value columns. */
  barArea: number;
  rowHeight: number;
}

/** Horizontal bars scaled to the largest count of either period; a count above 0 is never drawn thinner than 1 pt. */
export function barChart(items: readonly { type: string; count: number; previous: number }[], g: ChartGeometry): { bars: Bar[]; height: number } {
  const max = Math.max(0, ...items.flatMap((i) => [i.count, i.previous]));
  const scale = (v: number) => (v <= 0 || max === 0 ? 0 : Math.max(1, (v / max) * g.barArea));
  const bars = items.map((i, n) => ({ label: i.type, value: i.count, previous: i.previous, y: n * g.rowHeight, width: scale(i.count), previousWidth: scale(i.previous) }));
  return { bars, height: items.length * g.rowHeight };
}

export interface TableColumn {
  header: string;
  width: number;
}

export interface TableRowLayout {
  /** Each cell's text, wrapped to its column (at least one line). */
  cells: string[][];
  height: number;
}

/**
 * A table's rows wrapped to their columns: text a font cannot show is replaced first (pdfSafe), each
 * cell wrapped to its width less padding, each row as tall as its tallest cell.
 */
export function layoutTable(
  columns: readonly TableColumn[], rows: readonly string[][], fonts: { regular: PDFFont; bold: PDFFont }, size: number, padding = 4,
): { header: TableRowLayout; rows: TableRowLayout[]; replaced: boolean } {
  const leading = size * 1.3;
  let replaced = false;
  const lay = (cells: readonly string[], f: PDFFont): TableRowLayout => {
    const wrapped = columns.map((c, i) => {
      const safe = pdfSafe(cells[i] ?? "", f);
      replaced ||= safe.replaced;
      return wrap(safe.text, f, size, c.width - 2 * padding);
    });
    return { cells: wrapped, height: Math.max(...wrapped.map((l) => l.length)) * leading + 2 * padding };
  };
  return { header: lay(columns.map((c) => c.header), fonts.bold), rows: rows.map((r) => lay(r, fonts.regular)), replaced };
}

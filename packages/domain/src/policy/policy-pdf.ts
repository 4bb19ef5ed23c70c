import { PDFDocument } from "pdf-lib";
import { embedFonts, PdfWriter } from "../consents/pdf-layout";
import { SOURCE_LABELS, type ManualSection } from "./manual-sections";
import { parseManualText } from "./manual-text";
import { dateTimeFormat } from "../time/date-formats";

export interface PolicyPdfInput {
  orgName: string;
  timeZone: string;
  number: number;
  status: string;
  effectiveAt: Date | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  contentSha256: string | null;
  sections: ManualSection[];
}

const when = (d: Date | null, timeZone: string) =>
  d ? `${dateTimeFormat("en-US", { timeZone, dateStyle: "long", timeStyle: "short" }).format(d)} (${d.toISOString()} UTC)` : "not set";

/**
 * One version of the manual as a PDF: a cover block with its number, status, effective date, SHA-256
 * and approver, then every section (generated ones say which settings they mirror). Sections are laid
 * out as text, never interpreted: what a section holds is printed as typed.
 */
export async function buildPolicyPdf(v: PolicyPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const stamp = v.approvedAt ?? new Date(0);
  doc.setTitle(`Social media policy and procedures, version ${v.number}`);
  doc.setProducer("Vetted");
  doc.setCreator("Vetted");
  doc.setCreationDate(stamp);
  doc.setModificationDate(stamp);
  const w = new PdfWriter(doc, await embedFonts(doc));
  w.text("Social Media Policy and Procedures", { size: 18, font: w.fonts.bold, gap: 2 });
  w.text(`${v.orgName} · 45 CFR 164.530(i)`, { size: 10, muted: true, gap: 10 });
  w.row("Version", `${v.number}${v.status === "APPROVED" ? "" : ` (${v.status === "IN_REVIEW" ? "in review, not approved" : v.status === "DRAFT" ? "draft, not approved" : "superseded draft, never approved"})`}`);
  w.row("Effective", when(v.effectiveAt, v.timeZone));
  w.row("Approved by", v.approvedBy ? `${v.approvedBy}, ${when(v.approvedAt, v.timeZone)}` : "not approved");
  w.row("SHA-256 of the content", v.contentSha256 ?? "computed on approval", true);
  w.text("The SHA-256 covers the canonical JSON of the version number, the effective instant and the sections, as recorded in the audit trail.", { size: 8.5, muted: true });
  w.rule();
  for (const s of v.sections) {
    w.heading(s.title);
    if (s.generated && s.source) w.text(`Generated from the organization's settings: ${SOURCE_LABELS[s.source]}.`, { size: 8.5, muted: true });
    for (const block of parseManualText(s.body)) {
      if (block.kind === "paragraph") w.text(block.text);
      else for (const item of block.items) w.bullet(item);
    }
  }
  w.footers(`${v.orgName} · Social media policy v${v.number}${v.contentSha256 ? ` · SHA-256 ${v.contentSha256.slice(0, 12)}…` : ""}`);
  return doc.save({ useObjectStreams: false });
}

import { PDFDocument } from "pdf-lib";
import { csvCell } from "../audit/export-audit-csv";
import { embedFonts, PdfWriter } from "../consents/pdf-layout";
import type { PolicyCoverage } from "./get-policy-coverage";
import type { QuizResults, TrainingHistory, trainingRows } from "./training-reports";
import { dateTimeFormat } from "../time/date-formats";

// The training reports as files, without the database: CSV (RFC 4180, formula-looking cells defused)
// and PDF (pdf-lib, the manual's layout). Every cell is printed as typed, never interpreted.

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : "");
const opt = (v: number | boolean | null | undefined) => (v === null || v === undefined ? "" : String(v));
const csv = (columns: readonly string[], rows: unknown[][]) => `${[columns.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\r\n")}\r\n`;

export const TRAINING_COLUMNS = ["record", "name", "email", "department", "version", "date", "completedAt", "readSeconds", "attempts", "scorePercent", "passed", "detail"] as const;

export function trainingCsv(rows: ReturnType<typeof trainingRows>): string {
  return csv(TRAINING_COLUMNS, rows.map((r) => [r.kind, r.name, r.email, r.department, opt(r.version), iso(r.date), iso(r.completedAt), opt(r.readSeconds), opt(r.attempts), opt(r.scorePercent), opt(r.passed), r.detail]));
}

export const QUIZ_COLUMNS = ["version", "effectiveAt", "attempts", "passedAttempts", "passRatePercent", "people", "peoplePassed", "questionId", "question", "sectionKey", "answered", "correct", "correctRatePercent"] as const;

/** One summary row per version (question columns empty), then one row per question asked in it. */
export function quizResultsCsv(results: QuizResults): string {
  const rows: unknown[][] = [];
  for (const v of results) {
    const head = [v.number, iso(v.effectiveAt), v.attempts, v.passedAttempts, opt(v.passRatePercent), v.people, v.peoplePassed];
    rows.push([...head, "", "", "", "", "", ""]);
    for (const q of v.questions) rows.push([...head, q.id, q.prompt, q.sectionKey ?? "", q.answered, q.correct, opt(q.correctRatePercent)]);
  }
  return csv(QUIZ_COLUMNS, rows);
}

interface PdfFrame {
  title: string;
  orgName: string;
  generatedAt: Date;
  timeZone: string;
}

const day = (d: Date | null, timeZone: string) => (d ? dateTimeFormat("en-US", { timeZone, dateStyle: "medium" }).format(d) : "—");

async function pdf(frame: PdfFrame, body: (w: PdfWriter) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${frame.title} · ${frame.orgName}`);
  doc.setProducer("Vetted");
  doc.setCreator("Vetted");
  doc.setCreationDate(frame.generatedAt);
  doc.setModificationDate(frame.generatedAt);
  const w = new PdfWriter(doc, await embedFonts(doc));
  w.text(frame.title, { size: 16, font: w.fonts.bold, gap: 2 });
  w.text(`${frame.orgName} · generated ${frame.generatedAt.toISOString()}`, { size: 9, muted: true, gap: 8 });
  w.rule();
  body(w);
  w.footers(`${frame.orgName} · ${frame.title}`);
  return doc.save({ useObjectStreams: false });
}

export function trainingHistoryPdf(frame: Omit<PdfFrame, "title">, history: TrainingHistory): Promise<Uint8Array> {
  const tz = frame.timeZone;
  return pdf({ ...frame, title: "Training history" }, (w) => {
    if (history.length === 0) w.text("No one is on the roster yet.", { muted: true });
    for (const p of history) {
      w.heading(`${p.name}${p.active ? "" : " (inactive)"}`, 11.5);
      w.text(`${p.email}${p.department ? ` · ${p.department}` : ""}${p.jobRole ? ` · ${p.jobRole}` : ""}`, { size: 9, muted: true });
      if (p.acknowledgements.length === 0 && p.coaching.length === 0) w.text("No training records.", { size: 9.5, muted: true });
      for (const a of p.acknowledgements) {
        const quiz = a.attempts.length ? `quiz ${a.attempts.map((t) => `${t.scorePercent}%${t.passed ? " pass" : ""}`).join(", ")}` : "no quiz attempt";
        w.bullet(`Version ${a.versionNumber ?? "?"}: assigned ${day(a.assignedAt, tz)}, due ${day(a.dueAt, tz)}, ${a.signedAt ? `signed ${day(a.signedAt, tz)} (${a.signatureMethod === "LINK" ? "link" : "in app"})` : "not signed"}; read ${Math.round(a.readSeconds / 60)} min; ${quiz}`);
      }
      for (const c of p.coaching) {
        w.bullet(`Coaching (${c.trigger.toLowerCase().replace("_", " ")}): "${c.sectionTitle}" of version ${c.versionNumber ?? "?"}, assigned ${day(c.assignedAt, tz)}, ${c.completedAt ? `completed ${day(c.completedAt, tz)}` : "not completed"}; ${c.hasQuestion ? `${c.attempts} answer${c.attempts === 1 ? "" : "s"}${c.firstTryCorrect === null ? "" : c.firstTryCorrect ? ", right first time" : ", wrong first time"}` : "no question"}`);
      }
    }
  });
}

export function quizResultsPdf(frame: Omit<PdfFrame, "title">, results: QuizResults): Promise<Uint8Array> {
  return pdf({ ...frame, title: "Quiz results by version" }, (w) => {
    if (results.length === 0) w.text("No version has been approved yet.", { muted: true });
    for (const v of results) {
      w.heading(`Version ${v.number} (effective ${day(v.effectiveAt, frame.timeZone)})`, 11.5);
      w.text(`${v.attempts} attempt${v.attempts === 1 ? "" : "s"} by ${v.people} ${v.people === 1 ? "person" : "people"}; ${v.passedAttempts} passed (${v.passRatePercent ?? "—"}%); ${v.peoplePassed} ${v.peoplePassed === 1 ? "person" : "people"} passed.`);
      for (const q of v.questions) w.bullet(`${q.prompt} — ${q.correct} of ${q.answered} right (${q.correctRatePercent ?? "—"}%)${q.active ? "" : " · retired"}`);
    }
  });
}

export function coveragePdf(frame: Omit<PdfFrame, "title">, coverage: PolicyCoverage): Promise<Uint8Array> {
  return pdf({ ...frame, title: "Policy acknowledgement coverage" }, (w) => {
    if (!coverage.version) {
      w.text("No version of the manual is in effect yet.", { muted: true });
      return;
    }
    const t = coverage.totals;
    w.text(`Version ${coverage.version.number}, in effect since ${day(coverage.version.effectiveAt, frame.timeZone)}: ${t.acknowledged} of ${t.people} acknowledged, ${t.pending} pending, ${t.overdue} overdue.`);
    w.heading("By department", 11.5);
    for (const d of coverage.departments) w.bullet(`${d.department}: ${d.acknowledged} of ${d.people} acknowledged, ${d.pending} pending, ${d.overdue} overdue`);
    w.heading("By person", 11.5);
    for (const p of coverage.people) {
      w.bullet(`${p.name} (${p.department}): ${p.state}${p.signedAt ? `, signed ${day(p.signedAt, frame.timeZone)}` : p.dueAt ? `, due ${day(p.dueAt, frame.timeZone)}` : ""}`);
    }
  });
}

import { createHash } from "node:crypto";
import { db } from "@vetted/db";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { answersFor, approveTestVersion, ensureTestManual } from "./ack-test-helpers";
import { writeAuditCheckpoint } from "../audit/write-audit-checkpoint";
import { buildEvidencePack } from "./build-evidence-pack";
import { exportTrainingReport } from "./export-training-report";
import { openMyAcknowledgement } from "./open-acknowledgement";
import { submitMyQuizAttempt } from "./submit-quiz-attempt";
import { getQuizResults } from "./training-reports";

// The evidence pack: every file's SHA-256 as the manifest says, the version's stored hash, the
// register with the acknowledgements seeded here, and never another org's people or versions.

let a: TestOrg;
let b: TestOrg;
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const day = (d: Date) => d.toISOString().slice(0, 10);

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  await ensureTestManual(a, { passPercent: 100 });
  await approveTestVersion(a);
  await approveTestVersion(b);
  // A member of org A reads and takes the quiz twice (a fail, then a pass); org B's staff too.
  const { questions } = await ensureTestManual(a);
  await openMyAcknowledgement(a.ctx.STAFF);
  await submitMyQuizAttempt(a.ctx.STAFF, { answers: answersFor(questions, 1) });
  await submitMyQuizAttempt(a.ctx.STAFF, { answers: answersFor(questions) });
  const other = await ensureTestManual(b);
  await openMyAcknowledgement(b.ctx.STAFF);
  await submitMyQuizAttempt(b.ctx.STAFF, { answers: answersFor(other.questions) });
});

describe("the evidence pack", () => {
  it("holds the version in force, the register, training records, the chain check and the counts, each hashed in the manifest", async () => {
    const today = new Date();
    // The chain's head signed just before (issue 15): the pack's verification holds the chain against it.
    const checkpoint = await writeAuditCheckpoint(a.org.id, { reason: "manual" });
    const pack = await buildEvidencePack(a.ctx.COMPLIANCE_OFFICER, { from: day(new Date(today.getTime() - 30 * 86_400_000)), to: day(today) });
    expect(pack.sha256).toBe(sha256(pack.bytes));
    const files = unzipSync(pack.bytes);
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as {
      org: { id: string }; generatedBy: { userId: string }; versions: { number: number; contentSha256: string; file: string }[]; files: { name: string; sha256: string; bytes: number }[];
    };
    expect(Object.keys(files).sort()).toEqual([...manifest.files.map((f) => f.name), "manifest.json"].sort());
    for (const f of manifest.files) {
      expect(sha256(files[f.name]!), f.name).toBe(f.sha256);
      expect(files[f.name]!.length).toBe(f.bytes);
    }
    expect(manifest.org.id).toBe(a.org.id);
    expect(manifest.generatedBy.userId).toBe(a.users.COMPLIANCE_OFFICER.id);

    const version = await db().policyManualVersion.findFirstOrThrow({ where: { orgId: a.org.id, status: "APPROVED" } });
    expect(manifest.versions).toEqual([expect.objectContaining({ number: version.number, contentSha256: version.contentSha256, file: `manual/policy-manual-v${version.number}.pdf` })]);
    expect(strFromU8(files[`manual/policy-manual-v${version.number}.pdf`]!.slice(0, 5))).toBe("%PDF-");

    // The register: one row per person assigned (6 in org A), with the member who passed.
    const register = strFromU8(files["acknowledgement-register.csv"]!).trim().split("\r\n");
    expect(register).toHaveLength(1 + (await db().policyAcknowledgement.count({ where: { orgId: a.org.id, versionId: version.id } })));
    const staffRow = register.find((l) => l.includes(a.users.STAFF.email))!;
    expect(staffRow).toContain(version.contentSha256!);
    expect(staffRow).toMatch(/,2,\d{4}-\d{2}-\d{2}T/);

    const training = strFromU8(files["training-and-coaching.csv"]!);
    expect(training.split("\r\n").filter((l) => l.startsWith("quiz_attempt,"))).toHaveLength(2);
    const chain = JSON.parse(strFromU8(files["audit-chain-verification.json"]!)) as { ok: boolean; orgId: string };
    expect(chain).toMatchObject({ ok: true, orgId: a.org.id, checkpoint: { status: "ok", seq: checkpoint.checkpoint!.seq } });
    expect((manifest as unknown as { auditChain: unknown }).auditChain).toMatchObject({ ok: true, checkpoint: { status: "ok", seq: checkpoint.checkpoint!.seq } });
    const stats = JSON.parse(strFromU8(files["moderation-statistics.json"]!)) as Record<string, number>;
    expect(stats).toMatchObject({ postsSubmitted: 0, scansBlocked: 0, commentsHidden: 0, incidentsOpened: 0, coachingAssigned: 0 });

    // Nothing of org B: not its people, not its org id.
    const everything = Object.values(files).map((f) => strFromU8(f, true)).join("\n");
    for (const u of Object.values(b.users)) expect(everything).not.toContain(u.email);
    expect(everything).not.toContain(b.org.id);

    // The pack's own hash is in the audit trail.
    const [event] = await auditEventsFor(a.org.id, { action: "evidence_pack.generated" });
    expect(event).toMatchObject({ actorId: a.users.COMPLIANCE_OFFICER.id, metadata: expect.objectContaining({ sha256: pack.sha256, auditChainOk: true }) });
  });

  it("a period before any version: no manual, an empty register", async () => {
    const pack = await buildEvidencePack(a.ctx.COMPLIANCE_OFFICER, { from: "2020-01-01", to: "2020-12-31" });
    const files = unzipSync(pack.bytes);
    expect(Object.keys(files).filter((n) => n.startsWith("manual/"))).toEqual([]);
    expect(strFromU8(files["acknowledgement-register.csv"]!).trim().split("\r\n")).toHaveLength(1);
  });

  it("refuses a bad period naming the field, and anyone but a compliance officer", async () => {
    const officer = a.ctx.COMPLIANCE_OFFICER;
    const fieldsOf = async (input: unknown) => Object.keys(((await expectAppError(buildEvidencePack(officer, input), "VALIDATION")) as unknown as { fields: object }).fields);
    expect(await fieldsOf({ from: "2026-05-01", to: "2026-04-01" })).toEqual(["to"]);
    expect(await fieldsOf({ from: "2015-01-01", to: "2026-01-01" })).toEqual(["to"]);
    expect(await fieldsOf({ from: "yesterday", to: "2026-01-01" })).toEqual(["from"]);
    expect(await fieldsOf({ from: "2026-01-01", to: "2026-13-01" })).toEqual(["to"]);
    await expectAppError(buildEvidencePack(a.ctx.ADMIN, { from: "2026-01-01", to: "2026-01-31" }), "FORBIDDEN");
    await expectAppError(buildEvidencePack(a.ctx.STAFF, { from: "2026-01-01", to: "2026-01-31" }), "FORBIDDEN");
  });
});

describe("training reports", () => {
  it("quiz results per version: attempts, pass rate and each question's correct rate, of this org only", async () => {
    const [v] = await getQuizResults(a.ctx.ADMIN);
    expect(v).toMatchObject({ attempts: 2, passedAttempts: 1, passRatePercent: 50, people: 1, peoplePassed: 1 });
    expect(v!.questions.map((q) => [q.answered, q.correct, q.correctRatePercent]).sort()).toEqual([[2, 1, 50], [2, 2, 100]]);
  });

  it("exports as CSV and PDF, audited; a bad report or format names the field", async () => {
    const csv = await exportTrainingReport(a.ctx.ADMIN, { report: "history", format: "csv" });
    expect(csv.mime).toContain("text/csv");
    expect(String(csv.body)).toContain(a.users.STAFF.email);
    expect(String(csv.body)).not.toContain(b.users.STAFF.email);
    for (const report of ["history", "quiz", "coverage"]) {
      const pdf = await exportTrainingReport(a.ctx.COMPLIANCE_OFFICER, { report, format: "pdf" });
      expect(Buffer.from(pdf.body as Uint8Array).subarray(0, 5).toString()).toBe("%PDF-");
    }
    expect((await auditEventsFor(a.org.id, { action: "training.report_exported" })).length).toBeGreaterThanOrEqual(4);
    const bad = await expectAppError(exportTrainingReport(a.ctx.ADMIN, { report: "everything", format: "xls" }), "VALIDATION");
    expect(Object.keys((bad as unknown as { fields: object }).fields).sort()).toEqual(["format", "report"]);
    await expectAppError(exportTrainingReport(a.ctx.STAFF, { report: "history", format: "csv" }), "FORBIDDEN");
  });
});

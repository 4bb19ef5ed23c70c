import { db, type Finding } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { decidePost } from "../approvals/decide-post";
import { dismissFinding } from "../findings/dismiss-finding";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { runScanJob } from "../scans/run-scan-job";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, type TestOrg } from "../testing";
import { recordScannerFeedback } from "./record-scanner-feedback";
import { withdrawScannerFeedback } from "./withdraw-scanner-feedback";
import { listScannerFeedback } from "./list-scanner-feedback";
import { exportScannerFeedback } from "./export-scanner-feedback";
import { evalRecordSchema } from "./feedback-jsonl";
import { summarizeScannerFeedback } from "./summarize-scanner-feedback";

// Issue 11, item 7: an officer's "not PHI" / "missed PHI" labels, stored as offsets, audited without
// the text, refused to authors, other roles and other orgs. Invented texts only.

const TEXT = "So glad Wilhelmina Tarkovsky could join our garden walk; her knee replacement went great!";
const span = (part: string, text = TEXT) => ({ start: text.indexOf(part), end: text.indexOf(part) + part.length });
let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

/**
 * A post scanned for real (so it is in review with a finished scan), whose findings are then replaced
 * by one of our own on a known span: what the scanner reports changes as it learns.
 */
async function scanned(org: TestOrg, text = TEXT, channelTexts?: Record<string, string>) {
  const { post, revision } = await createPost(org.ctx.CONSULTANT, { title: "Feedback", text, channels: ["FACEBOOK", "X"], channelTexts });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  await db().finding.deleteMany({ where: { orgId: org.org.id, postId: post.id } });
  const ours = await db().finding.create({
    data: { orgId: org.org.id, postId: post.id, revisionId: revision.id, source: "TEXT", type: "LOCATION", ...span("garden walk", text), text: "garden walk", score: 0.6, recognizer: "test", explanation: "invented" },
  });
  return { post, revision, ours };
}
const missed = (revisionId: string, extra: Record<string, unknown> = {}) => ({ kind: "MISSED_PHI", revisionId, ...span("knee replacement"), type: "HEALTH", ...extra });
const rowsOf = (org: TestOrg) => db().scannerFeedback.findMany({ where: { orgId: org.org.id }, orderBy: { createdAt: "asc" } });
const fieldsOf = (e: unknown) => Object.keys((e as { fields?: object }).fields ?? {});

describe("recording scanner feedback", () => {
  it("stores a missed span (trimmed) and a not-PHI finding; the audit names ids, kind and type, never the text", async () => {
    const { post, revision, ours } = await scanned(a);
    const wide = span("knee replacement");
    const row = await recordScannerFeedback(a.ctx.COMPLIANCE_OFFICER, { ...missed(revision.id), start: String(wide.start - 1), end: String(wide.end + 1) });
    expect(row).toMatchObject({ kind: "MISSED_PHI", postId: post.id, revisionId: revision.id, source: "TEXT", ...wide, type: "HEALTH", createdById: a.users.COMPLIANCE_OFFICER.id, findingId: null });
    const label = await recordScannerFeedback(a.ctx.COMPLIANCE_OFFICER, { kind: "NOT_PHI", findingId: ours.id });
    expect(label).toMatchObject({ kind: "NOT_PHI", findingId: ours.id, start: ours.start, end: ours.end, type: "LOCATION" });
    const events = await auditEventsFor(a.org.id, { action: "scanner_feedback.recorded", userAgent: a.ctx.COMPLIANCE_OFFICER.request.userAgent! });
    expect(events.map((e) => e.targetId)).toEqual([row.id, label.id]);
    expect(events[0]!.metadata).toEqual({ postId: post.id, revisionId: revision.id, findingId: null, kind: "MISSED_PHI", type: "HEALTH", source: "TEXT", via: "feedback" });
    const stored = JSON.stringify(await rowsOf(a)) + JSON.stringify(events);
    for (const word of ["Wilhelmina", "Tarkovsky", "knee", "garden"]) expect(stored).not.toContain(word);
    expect((await listScannerFeedback(a.ctx.COMPLIANCE_OFFICER, { revisionId: revision.id })).map((l) => l.id)).toEqual([row.id, label.id]);
  });

  it("refuses bad input with 4xx errors naming the field, and duplicates", async () => {
    const { revision, ours } = await scanned(a);
    const officer = a.ctx.COMPLIANCE_OFFICER;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ kind: "WRONG" }, "VALIDATION", "kind"],
      [{ kind: "MISSED_PHI", ...span("knee"), type: "HEALTH" }, "VALIDATION", "revisionId"],
      [missed(revision.id, { type: "DIAGNOSIS" }), "VALIDATION", "type"],
      [missed(revision.id, { start: "four" }), "VALIDATION", "start"],
      [missed(revision.id, { start: -1 }), "VALIDATION", "start"],
      [missed(revision.id, { end: TEXT.length + 5 }), "VALIDATION", "end"],
      [missed(revision.id, { end: span("knee replacement").start }), "VALIDATION", "end"],
      [missed(revision.id, { source: "TEXT:MYSPACE" }), "VALIDATION", "source"],
      [missed(revision.id, { source: "TEXT:LINKEDIN" }), "VALIDATION", "source"],
      [{ kind: "NOT_PHI", findingId: "nope" }, "VALIDATION", "findingId"],
      [missed(crypto.randomUUID()), "NOT_FOUND", "revisionId"],
      [{ kind: "NOT_PHI", findingId: crypto.randomUUID() }, "NOT_FOUND", "findingId"],
    ];
    for (const [input, code, field] of cases) expect(fieldsOf(await expectAppError(recordScannerFeedback(officer, input), code)), JSON.stringify(input)).toContain(field);
    await recordScannerFeedback(officer, missed(revision.id));
    expect(fieldsOf(await expectAppError(recordScannerFeedback(officer, missed(revision.id, { type: "NAME" })), "CONFLICT"))).toEqual(["start"]);
    // What the scanner found with that type is not "missed"; once refuted, a span may be relabelled.
    expect(fieldsOf(await expectAppError(recordScannerFeedback(officer, missed(revision.id, { ...span("garden walk"), type: "LOCATION" })), "CONFLICT"))).toEqual(["start"]);
    await recordScannerFeedback(officer, { kind: "NOT_PHI", findingId: ours.id });
    expect(fieldsOf(await expectAppError(recordScannerFeedback(officer, { kind: "NOT_PHI", findingId: ours.id }), "CONFLICT"))).toEqual(["findingId"]);
    await recordScannerFeedback(officer, missed(revision.id, { ...span("garden walk"), type: "LOCATION" }));
    // An image finding is not a text label.
    const face = await db().finding.create({ data: { orgId: a.org.id, postId: ours.postId, revisionId: revision.id, source: "FACE", type: "FACE", box: [1, 1, 5, 5], score: 0.9, recognizer: "test", explanation: "invented" } });
    expect(fieldsOf(await expectAppError(recordScannerFeedback(officer, { kind: "NOT_PHI", findingId: face.id }), "CONFLICT"))).toEqual(["findingId"]);
    // A revision whose scan has not finished has nothing "missed" yet.
    const { revision: draft } = await createPost(a.ctx.CONSULTANT, { title: "Draft", text: TEXT, channels: ["FACEBOOK"] });
    await expectAppError(recordScannerFeedback(officer, missed(draft.id)), "CONFLICT");
  });

  it("labels a channel variant's own text", async () => {
    const variant = "Wilhelmina T. is walking again after her knee replacement";
    const { revision } = await scanned(a, TEXT, { X: variant });
    const row = await recordScannerFeedback(a.ctx.COMPLIANCE_OFFICER, { ...missed(revision.id), source: "TEXT:X", ...span("Wilhelmina T.", variant), type: "NAME" });
    expect(row).toMatchObject({ source: "TEXT:X", ...span("Wilhelmina T.", variant) });
  });

  it("undo withdraws the label (audited); it can then be given again, but not withdrawn twice", async () => {
    const { revision } = await scanned(a);
    const first = await recordScannerFeedback(a.ctx.COMPLIANCE_OFFICER, missed(revision.id));
    const undone = await withdrawScannerFeedback(a.ctx.COMPLIANCE_OFFICER, { feedbackId: first.id });
    expect(undone.withdrawnById).toBe(a.users.COMPLIANCE_OFFICER.id);
    await expectAppError(withdrawScannerFeedback(a.ctx.COMPLIANCE_OFFICER, { feedbackId: first.id }), "CONFLICT");
    const again = await recordScannerFeedback(a.ctx.COMPLIANCE_OFFICER, missed(revision.id));
    expect((await listScannerFeedback(a.ctx.COMPLIANCE_OFFICER, { revisionId: revision.id })).map((l) => l.id)).toEqual([again.id]);
    const [event] = await auditEventsFor(a.org.id, { action: "scanner_feedback.withdrawn", targetId: first.id });
    expect(event).toMatchObject({ actorId: a.users.COMPLIANCE_OFFICER.id, metadata: { kind: "MISSED_PHI", type: "HEALTH", revisionId: revision.id } });
    // The database refuses a second standing label on one span, whatever code path tries.
    await expect(db().scannerFeedback.create({ data: { ...again, id: undefined, createdAt: undefined } })).rejects.toThrow();
  });
});

describe("who may label", () => {
  it("only a compliance officer who did not write the post; other orgs see nothing", async () => {
    const { revision, ours } = await scanned(a);
    const inputs = [missed(revision.id), { kind: "NOT_PHI", findingId: ours.id }];
    for (const role of ["CONSULTANT", "ADMIN", "STAFF"] as const) for (const input of inputs) await expectAppError(recordScannerFeedback(a.ctx[role], input), "FORBIDDEN");
    // The author, later made a compliance officer, still cannot label their own post.
    const authorAsOfficer = createTenantContext(a.org, a.users.CONSULTANT, "COMPLIANCE_OFFICER");
    for (const input of inputs) await expectAppError(recordScannerFeedback(authorAsOfficer, input), "FORBIDDEN");
    // Another org's officer: org A's ids do not exist for them.
    for (const input of inputs) await expectAppError(recordScannerFeedback(b.ctx.COMPLIANCE_OFFICER, input), "NOT_FOUND");
    expect(await db().scannerFeedback.count({ where: { orgId: a.org.id, revisionId: revision.id } })).toBe(0);
    const label = await recordScannerFeedback(a.ctx.COMPLIANCE_OFFICER, inputs[0]);
    await expectAppError(withdrawScannerFeedback(b.ctx.COMPLIANCE_OFFICER, { feedbackId: label.id }), "NOT_FOUND");
    await expectAppError(withdrawScannerFeedback(a.ctx.CONSULTANT, { feedbackId: label.id }), "FORBIDDEN");
    await expectAppError(withdrawScannerFeedback(authorAsOfficer, { feedbackId: label.id }), "FORBIDDEN");
    await expectAppError(listScannerFeedback(a.ctx.CONSULTANT, { revisionId: revision.id }), "FORBIDDEN");
    expect(await listScannerFeedback(b.ctx.COMPLIANCE_OFFICER, { revisionId: revision.id })).toEqual([]);
    expect(await db().scannerFeedback.count({ where: { orgId: b.org.id } })).toBe(0);
    expect((await db().scannerFeedback.findFirstOrThrow({ where: { orgId: a.org.id, id: label.id } })).withdrawnAt).toBeNull();
  });
});

describe("decisions that say 'not PHI' are labels too", () => {
  it("an officer's dismissal records a NOT_PHI label; a consultant's does not", async () => {
    const one = await scanned(a);
    await dismissFinding(a.ctx.CONSULTANT, { findingId: one.ours.id, reasonCode: "NOT_A_PERSON" });
    expect(await db().scannerFeedback.count({ where: { orgId: a.org.id, findingId: one.ours.id } })).toBe(0);
    const two = await scanned(a);
    await dismissFinding(a.ctx.COMPLIANCE_OFFICER, { findingId: two.ours.id, reasonCode: "NOT_A_PERSON" });
    const [label] = await db().scannerFeedback.findMany({ where: { orgId: a.org.id, findingId: two.ours.id } });
    expect(label).toMatchObject({ kind: "NOT_PHI", createdById: a.users.COMPLIANCE_OFFICER.id, withdrawnAt: null });
    const [event] = await auditEventsFor(a.org.id, { action: "scanner_feedback.recorded", targetId: label!.id });
    expect(event!.metadata).toMatchObject({ via: "dismissal", kind: "NOT_PHI", type: "LOCATION" });
  });

  it("an override with 'Not PHI in context' labels each finding it covers", async () => {
    const { post, ours } = await scanned(a);
    await db().finding.update({ where: { id: ours.id, orgId: a.org.id }, data: { blocking: true } });
    const blocking: Finding[] = await db().finding.findMany({ where: { orgId: a.org.id, postId: post.id, blocking: true, dismissedAt: null } });
    const overrides = Object.fromEntries(blocking.map((f) => [f.id, { reasonCode: "NOT_PHI_IN_CONTEXT", justification: "A place name in a garden club's event, no patient" }]));
    await decidePost(a.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: "Reviewed each finding", overrides });
    const labels = await db().scannerFeedback.findMany({ where: { orgId: a.org.id, postId: post.id } });
    expect(labels.map((l) => l.findingId).sort()).toEqual(blocking.filter((f) => f.source.startsWith("TEXT")).map((f) => f.id).sort());
    expect(labels.every((l) => l.kind === "NOT_PHI")).toBe(true);
  });
});

describe("exporting the labels as eval JSONL", () => {
  it("one record per labelled text: kept findings plus missed spans; audited as a read; other orgs get none", async () => {
    const org = await createOrgWithMembers();
    const officer = org.ctx.COMPLIANCE_OFFICER;
    const one = await scanned(org);
    // A scanner NAME finding nobody refuted: kept in the export.
    await db().finding.create({
      data: { orgId: org.org.id, postId: one.post.id, revisionId: one.revision.id, source: "TEXT", type: "NAME", ...span("Wilhelmina Tarkovsky"), score: 0.9, recognizer: "test", explanation: "invented" },
    });
    await recordScannerFeedback(officer, { kind: "NOT_PHI", findingId: one.ours.id });
    await recordScannerFeedback(officer, missed(one.revision.id));
    const undone = await recordScannerFeedback(officer, missed(one.revision.id, { ...span("join"), type: "DATE" }));
    await withdrawScannerFeedback(officer, { feedbackId: undone.id });
    const variant = "Wilhelmina is back on her feet";
    const two = await scanned(org, TEXT, { X: variant });
    await recordScannerFeedback(officer, { kind: "MISSED_PHI", revisionId: two.revision.id, source: "TEXT:X", ...span("Wilhelmina", variant), type: "NAME" });

    expect(await summarizeScannerFeedback(org.ctx.ADMIN)).toEqual({ notPhi: 1, missedPhi: 2, records: 2, withdrawn: 1 });
    for (const role of ["CONSULTANT", "STAFF"] as const) await expectAppError(exportScannerFeedback(org.ctx[role]), "FORBIDDEN");
    const out = await exportScannerFeedback(org.ctx.ADMIN);
    expect(out).toMatchObject({ records: 2, labels: 3 });
    const lines = out.jsonl.trimEnd().split("\n").map((l) => evalRecordSchema.parse(JSON.parse(l)));
    const main = lines.find((r) => r.id === one.revision.id)!;
    expect(main).toMatchObject({ kind: "post", channel: "facebook", text: TEXT, verdict: "block" });
    expect(main.phi).toEqual([{ ...span("Wilhelmina Tarkovsky"), type: "NAME" }, { ...span("knee replacement"), type: "HEALTH" }]);
    expect(lines.find((r) => r.id === `${two.revision.id}:X`)).toMatchObject({ channel: "x", text: variant, phi: [{ ...span("Wilhelmina", variant), type: "NAME" }], verdict: "review" });
    const [event] = await auditEventsFor(org.org.id, { action: "scanner_feedback.exported" });
    expect(event).toMatchObject({ actorId: org.users.ADMIN.id, metadata: { records: 2, labels: 3, format: "jsonl" } });
    expect(JSON.stringify(event)).not.toContain("Wilhelmina");

    const other = await exportScannerFeedback(b.ctx.COMPLIANCE_OFFICER);
    expect(other.jsonl).not.toContain(one.revision.id);
    expect(other.jsonl).not.toContain("Wilhelmina");
  });
});

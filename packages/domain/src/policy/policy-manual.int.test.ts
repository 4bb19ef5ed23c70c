import { db, disconnectDb, type Role } from "@vetted/db";
import { addMember, createUser } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, testPasswordHash, type TestOrg } from "../testing";
import type { TenantContext } from "../context";
import { approvePolicyVersion } from "./approve-policy-version";
import { downloadPolicyPdf } from "./download-policy-pdf";
import { getPolicyManual } from "./get-policy-manual";
import { getPolicyVersion } from "./get-policy-version";
import { listPolicyVersions } from "./list-policy-versions";
import { readSections } from "./manual-sections";
import { policyContentSha256 } from "./policy-content-hash";
import { returnPolicyVersion } from "./return-policy-version";
import { submitPolicyVersion } from "./submit-policy-version";
import { updatePolicyDraft } from "./update-policy-draft";

// The manual's versions: first draft on first access, edits, review, approval by another compliance
// officer, the content hash, and who may see what. Settings proposals, immutability, the quiz and
// tenant isolation: policy-manual-rules.int.test.ts.

let t: TestOrg;
let secondOfficer: TenantContext;
beforeAll(async () => {
  t = await createOrgWithMembers();
  const user = await createUser({ passwordHash: await testPasswordHash(), name: "Second Officer" });
  await addMember(t.org.id, user.id, "COMPLIANCE_OFFICER");
  secondOfficer = createTenantContext(t.org, user, "COMPLIANCE_OFFICER");
});
afterAll(() => disconnectDb());

const versionRow = (id: string) => db().policyManualVersion.findFirstOrThrow({ where: { id, orgId: t.org.id } });

describe("the first access", () => {
  it("is 'no manual yet' for a reader, and creates the manual with a generated first draft for an editor, once", async () => {
    expect(await getPolicyManual(t.ctx.STAFF)).toMatchObject({ manual: null, versions: [], may: { manage: false, approve: false } });
    const [a, b] = await Promise.all([getPolicyManual(t.ctx.ADMIN), getPolicyManual(t.ctx.COMPLIANCE_OFFICER)]);
    expect(a.manual!.id).toBe(b.manual!.id);
    expect(await db().policyManual.count({ where: { orgId: t.org.id } })).toBe(1);
    expect(a.versions).toHaveLength(1);
    expect(a.open).toMatchObject({ number: 1, status: "DRAFT", proposedBy: "user", material: true });
    const sections = readSections((await versionRow(a.open!.id)).sections);
    expect(sections.filter((s) => s.generated).map((s) => s.source)).toEqual(expect.arrayContaining(["settings:approval_policy", "settings:moderation"]));
    expect(sections.find((s) => s.key === "approval-workflow")!.body).toContain("the default: no policy is configured");
    expect(await auditEventsFor(t.org.id, { action: "manual.created" })).toHaveLength(1);
    // Readers still see no draft.
    expect((await getPolicyManual(t.ctx.STAFF)).versions).toEqual([]);
    await expectAppError(getPolicyVersion(t.ctx.STAFF, { versionId: a.open!.id }), "NOT_FOUND");
  });
});

describe("the review workflow", () => {
  let versionId: string;
  beforeAll(async () => {
    versionId = (await getPolicyManual(t.ctx.ADMIN)).open!.id;
  });

  it("lets editors change the editable sections only; HTML is stored as typed", async () => {
    await expectAppError(updatePolicyDraft(t.ctx.STAFF, { versionId, sections: { sanctions: { body: "x" } } }), "FORBIDDEN");
    const generated = await expectAppError(updatePolicyDraft(t.ctx.ADMIN, { versionId, sections: { monitoring: { body: "We never watch." } } }), "VALIDATION");
    expect((generated as unknown as { fields: Record<string, string[]> }).fields).toHaveProperty("sections.monitoring");
    const html = '<script>alert("x")</script><img src=x onerror=alert(1)>\r\n\r\n- Coaching first';
    const result = await updatePolicyDraft(t.ctx.ADMIN, {
      versionId, sections: { sanctions: { title: "13. Sanctions & coaching", body: html } }, changeSummary: "Sanctions reworded", material: "true",
    });
    expect(result).toEqual({ versionId, changed: true });
    const sanctions = readSections((await versionRow(versionId)).sections).find((s) => s.key === "sanctions")!;
    expect(sanctions).toEqual({ key: "sanctions", title: "13. Sanctions & coaching", body: '<script>alert("x")</script><img src=x onerror=alert(1)>\n\n- Coaching first', generated: false });
    expect(await updatePolicyDraft(t.ctx.ADMIN, { versionId, sections: { sanctions: { body: html } } })).toEqual({ versionId, changed: false });
    const [event] = await auditEventsFor(t.org.id, { action: "manual.version.updated", targetId: versionId });
    expect(event!.metadata).toEqual({ number: 1, sections: ["sanctions"], summaryChanged: true, material: true });
  });

  it("refuses approval before review, by a non-officer, and by the officer who submitted it", async () => {
    await expectAppError(approvePolicyVersion(secondOfficer, { versionId }), "CONFLICT");
    await submitPolicyVersion(t.ctx.COMPLIANCE_OFFICER, { versionId });
    expect(await versionRow(versionId)).toMatchObject({ status: "IN_REVIEW", submittedById: t.users.COMPLIANCE_OFFICER.id });
    await expectAppError(updatePolicyDraft(t.ctx.ADMIN, { versionId, sections: { sanctions: { body: "late edit" } } }), "CONFLICT");
    await expectAppError(approvePolicyVersion(t.ctx.ADMIN, { versionId }), "FORBIDDEN");
    await expectAppError(approvePolicyVersion(t.ctx.COMPLIANCE_OFFICER, { versionId }), "FORBIDDEN");
    expect((await getPolicyVersion(t.ctx.COMPLIANCE_OFFICER, { versionId })).approveBlockedReason).toMatch(/another compliance officer/);
  });

  it("returns a version to draft with a reason (audited by length only), and the submitter may not approve it later either", async () => {
    await expectAppError(returnPolicyVersion(secondOfficer, { versionId, reason: "" }), "VALIDATION");
    await returnPolicyVersion(secondOfficer, { versionId, reason: "Please name the privacy officer" });
    expect(await versionRow(versionId)).toMatchObject({ status: "DRAFT", submittedById: null, returnReason: "Please name the privacy officer" });
    const [event] = await auditEventsFor(t.org.id, { action: "manual.version.returned", targetId: versionId });
    expect(event!.metadata).toMatchObject({ reasonLength: "Please name the privacy officer".length });
    await submitPolicyVersion(t.ctx.ADMIN, { versionId });
  });

  it("approves by another officer: effective date checked, SHA-256 of the canonical content on the row and in the audit trail", async () => {
    await expectAppError(approvePolicyVersion(secondOfficer, { versionId, effectiveAt: new Date(Date.now() - 3_600_000).toISOString() }), "VALIDATION");
    const effectiveAt = new Date(Date.now() + 1000).toISOString();
    const approved = await approvePolicyVersion(secondOfficer, { versionId, effectiveAt });
    const row = await versionRow(versionId);
    expect(row).toMatchObject({ status: "APPROVED", approvedById: secondOfficer.user.id, contentSha256: approved.contentSha256 });
    expect(row.effectiveAt!.toISOString()).toBe(effectiveAt);
    expect(approved.contentSha256).toBe(policyContentSha256({ number: row.number, effectiveAt: row.effectiveAt!, sections: readSections(row.sections) }));
    const [event] = await auditEventsFor(t.org.id, { action: "manual.version.approved", targetId: versionId });
    expect(event!.metadata).toEqual({ number: 1, contentSha256: approved.contentSha256, effectiveAt, material: true });
    await expectAppError(approvePolicyVersion(secondOfficer, { versionId }), "CONFLICT");
    await expectAppError(updatePolicyDraft(t.ctx.ADMIN, { versionId, sections: { sanctions: { body: "after approval" } } }), "CONFLICT");
  });

  it("shows the approved version to every member, as the effective one once its date has come", async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const staff = await getPolicyManual(t.ctx.STAFF);
    expect(staff.effective).toMatchObject({ id: versionId, number: 1, approvedBy: "Second Officer" });
    expect(staff.effective!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await listPolicyVersions(t.ctx.STAFF)).map((v) => v.id)).toEqual([versionId]);
    const page = await getPolicyVersion(t.ctx.STAFF, { versionId });
    expect(page.may).toEqual({ edit: false, submit: false, approve: false, returnToDraft: false, discard: false });
    expect(page.sections.find((s) => s.key === "sanctions")!.body).toContain("<script>");
  });

  it("renders any version as a PDF with its number, hash and approver; each download audited", async () => {
    const { bytes, mime, filename } = await downloadPolicyPdf(t.ctx.STAFF, { versionId });
    expect(mime).toBe("application/pdf");
    expect(filename).toBe("policy-manual-v1.pdf");
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(5000);
    const [event] = await auditEventsFor(t.org.id, { action: "manual.version.pdf_downloaded", targetId: versionId });
    expect(event).toMatchObject({ actorId: t.users.STAFF.id });
    expect(event!.metadata).toMatchObject({ number: 1, status: "APPROVED", bytes: bytes.length });
  });
});

describe("permissions", () => {
  it.each<[Role, boolean, boolean]>([["ADMIN", true, false], ["COMPLIANCE_OFFICER", true, true], ["CONSULTANT", false, false], ["STAFF", false, false]])(
    "%s: manage %s, approve %s",
    async (role, manage, approve) => {
      expect((await getPolicyManual(t.ctx[role])).may).toEqual({ manage, approve });
    },
  );
});

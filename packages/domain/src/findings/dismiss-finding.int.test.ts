import { db } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { decidePost } from "../approvals/decide-post";
import { createPost } from "../posts/create-post";
import { getPost } from "../posts/get-post";
import { submitPost } from "../posts/submit-post";
import { runScanJob } from "../scans/run-scan-job";
import { dismissFinding, dismissFindingSchema } from "./dismiss-finding";

// Security issue 14, finding 2: the author must not be able to switch the PHI scanner off. Blocking
// findings are cleared only by a compliance officer's override; only officers teach the allow
// list; identifying terms on the allow list are stored as keyed hashes, never in plaintext.

const BLOCKING = "Huge congratulations to Teodora Marinescu, home today after her kidney transplant at our center.";
// Its name finding is not blocking: the org's policy blocks on health details only (see beforeAll).
const NON_BLOCKING = "Shared with his permission: Jonah Whitfield is home after his knee replacement!";
const REASON = "A volunteer from our events team, he asked to be featured";

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithMembers();
  // Health details block, names do not: which findings block is then the org's rule, not the
  // scanner's verdict on these sentences (which changes as the scanner learns).
  await db().approvalPolicy.create({ data: { orgId: org.org.id, steps: [{ mode: "ANY", userIds: [], roles: ["COMPLIANCE_OFFICER"] }], blockingTypes: ["HEALTH"] } });
});

async function scanned(text: string) {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Dismissals", text, channels: ["FACEBOOK"] });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  const findings = await db().finding.findMany({ where: { orgId: org.org.id, postId: post.id } });
  return { post, findings };
}

const allowRows = () => db().scanAllowTerm.findMany({ where: { orgId: org.org.id } });

describe("dismissing findings", () => {
  it("reads addToAllowList strictly and defaults it to off", () => {
    const base = { findingId: crypto.randomUUID(), reason: REASON };
    expect(dismissFindingSchema.parse(base).addToAllowList).toBe(false);
    for (const off of [false, "false", ""]) expect(dismissFindingSchema.parse({ ...base, addToAllowList: off }).addToAllowList).toBe(false);
    for (const on of [true, "true", "on"]) expect(dismissFindingSchema.parse({ ...base, addToAllowList: on }).addToAllowList).toBe(true);
    for (const odd of ["no", "0", 1, "yes please"]) expect(dismissFindingSchema.safeParse({ ...base, addToAllowList: odd }).success).toBe(false);
  });

  it("refuses to dismiss a blocking finding, for everyone, and points to the override", async () => {
    const { post, findings } = await scanned(BLOCKING);
    const blocking = findings.filter((f) => f.blocking);
    expect(blocking.length).toBeGreaterThan(0);
    for (const role of ["CONSULTANT", "ADMIN", "COMPLIANCE_OFFICER"] as const) {
      for (const f of blocking) {
        const error = await expectAppError(dismissFinding(org.ctx[role], { findingId: f.id, reason: "not PHI at all, trust me", addToAllowList: role === "COMPLIANCE_OFFICER" }), "CONFLICT");
        expect(error.message).toMatch(/request an override/i);
      }
    }
    await expectAppError(dismissFinding(org.ctx.CONSULTANT, { findingId: blocking[0]!.id, reason: "not PHI at all, trust me", addToAllowList: true }), "FORBIDDEN");
    expect(await db().finding.count({ where: { orgId: org.org.id, postId: post.id, dismissedAt: { not: null } } })).toBe(0);
    expect(await allowRows()).toEqual([]);
    // The approval still needs the officer's written override.
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "VALIDATION");
  });

  it("lets the author dismiss a non-blocking finding but not add it to the allow list", async () => {
    const { findings } = await scanned(NON_BLOCKING);
    const name = findings.find((f) => f.type === "NAME" && !f.blocking);
    expect(name, JSON.stringify(findings.map((f) => [f.type, f.blocking]))).toBeTruthy();
    await expectAppError(dismissFinding(org.ctx.CONSULTANT, { findingId: name!.id, reason: REASON, addToAllowList: "true" }), "FORBIDDEN");
    await expectAppError(dismissFinding(org.ctx.ADMIN, { findingId: name!.id, reason: REASON, addToAllowList: true }), "FORBIDDEN");
    expect((await db().finding.findFirstOrThrow({ where: { id: name!.id, orgId: org.org.id } })).dismissedAt).toBeNull();
    expect(await allowRows()).toEqual([]);
    // "false" used to be read as true by z.coerce.boolean().
    await dismissFinding(org.ctx.CONSULTANT, { findingId: name!.id, reason: REASON, addToAllowList: "false" });
    expect((await db().finding.findFirstOrThrow({ where: { id: name!.id, orgId: org.org.id } })).dismissedById).toBe(org.users.CONSULTANT.id);
    expect(await allowRows()).toEqual([]);
  });

  it("an officer's allow-listed name is stored as a keyed hash and still matches at scan time", async () => {
    const first = await scanned(NON_BLOCKING);
    const name = first.findings.find((f) => f.type === "NAME" && !f.blocking)!;
    await dismissFinding(org.ctx.COMPLIANCE_OFFICER, { findingId: name.id, reason: REASON, addToAllowList: "on" });
    const rows = await allowRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "NAME", hashed: true, createdById: org.users.COMPLIANCE_OFFICER.id });
    expect(rows[0]!.term).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify(rows);
    for (const part of (name.text ?? "").split(/\W+/).filter((p) => p.length > 2)) expect(stored.toLowerCase()).not.toContain(part.toLowerCase());
    const again = await scanned(NON_BLOCKING);
    expect(again.findings.filter((f) => f.type === "NAME")).toEqual([]);
    // The database refuses a plaintext identifier term whatever code path writes it.
    for (const [type, term] of [["NAME", "Jonah Whitfield"], ["ID", "MRN 55501234"], ["DATE", "03/14/1950"], ["CONTACT", "555-201-3344"]]) {
      await expect(db().scanAllowTerm.create({ data: { orgId: org.org.id, term: term!, type: type!, reason: REASON, createdById: org.users.ADMIN.id } })).rejects.toThrow();
    }
  });

  it("the review screen data names who dismissed each finding, when and why", async () => {
    const { post, findings } = await scanned(NON_BLOCKING.replace("Jonah", "Tobias"));
    const name = findings.find((f) => f.type === "NAME")!;
    await dismissFinding(org.ctx.COMPLIANCE_OFFICER, { findingId: name.id, reason: REASON });
    const detail = await getPost(org.ctx.CONSULTANT, post.id);
    const shown = detail.findings.find((f) => f.id === name.id)!;
    expect(shown).toMatchObject({ dismissReason: REASON, dismissedById: org.users.COMPLIANCE_OFFICER.id, dismissedAt: expect.any(Date) });
    expect(detail.people[org.users.COMPLIANCE_OFFICER.id]).toBe(org.users.COMPLIANCE_OFFICER.name);
    expect(detail.dismissals).toEqual([{ findingId: name.id, type: "NAME", by: org.users.COMPLIANCE_OFFICER.name, at: shown.dismissedAt, reasonCode: "OTHER", reason: REASON }]);
  });
});

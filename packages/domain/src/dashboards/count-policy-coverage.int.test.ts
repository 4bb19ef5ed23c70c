import { db } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { describe, expect, it } from "vitest";
import { approveTestVersion, ensureTestManual } from "../policy/ack-test-helpers";
import { getPolicyCoverage } from "../policy/get-policy-coverage";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { countPolicyCoverage } from "./count-policy-coverage";

// The overview's coverage statement (count-policy-coverage.ts) must say what the coverage report says:
// orgs set up on either side of each of its rules, then both read at the same moment and compared.

const DAY = 86_400_000;

async function person(org: TestOrg, o: { department?: string; jobRole?: string; active?: boolean } = {}) {
  return db().workforcePerson.create({
    data: { orgId: org.org.id, name: uniq("Person"), email: `${uniq("p")}@example.org`.toLowerCase(), department: o.department ?? "", jobRole: o.jobRole ?? "", active: o.active ?? true, source: "MANUAL" },
  });
}

/** An acknowledgement row of one cycle, signed or not, due `dueIn` from now (rows are insert-only). */
async function ack(org: TestOrg, versionId: string, personId: string, o: { cycle?: number; signed?: boolean; dueIn?: number; now: Date }) {
  const signedAt = o.signed ? new Date(o.now.getTime() - DAY) : null;
  const dueAt = new Date(o.now.getTime() + (o.dueIn ?? 5 * DAY));
  return db().policyAcknowledgement.create({
    data: {
      orgId: org.org.id, versionId, personId, cycle: o.cycle ?? 1, assignedAt: new Date(dueAt.getTime() - 30 * DAY), dueAt,
      signedAt, ...(signedAt ? { signedName: "Signed Name", signatureMethod: "IN_APP" as const } : {}),
    },
  });
}

async function reportTotals(org: TestOrg, now: Date) {
  const { version, totals } = await getPolicyCoverage(org.ctx.COMPLIANCE_OFFICER, now);
  const percent = version && totals.people > 0 ? Math.floor((100 * totals.acknowledged) / totals.people) : null;
  return { percent, acknowledged: totals.acknowledged, people: totals.people, versionNumber: version?.number ?? null };
}

describe("countPolicyCoverage", () => {
  it("agrees with the coverage report: version in effect, scope, active people, latest cycle signed", async () => {
    const now = new Date();
    // A: no manual at all: everyone active counts, no version, no percent.
    const a = await createOrgWithMembers();
    await person(a);
    await person(a, { active: false });

    // B: a version in effect and a later one not yet in effect, a non-material one after it; a scope.
    const b = await createOrgWithMembers();
    const { manual } = await ensureTestManual(b);
    await db().policyManual.update({ where: { id: manual.id, orgId: b.org.id }, data: { ackDepartments: ["Nursing"], ackJobRoles: ["Social media"] } });
    // The versions first: approving assigns everyone on the roster then, and these rows are insert-only.
    const v1 = (await approveTestVersion(b, { effectiveAt: new Date(now.getTime() - 20 * DAY), now: new Date(now.getTime() - 20 * DAY) })).version;
    const v2 = (await approveTestVersion(b, { effectiveAt: new Date(now.getTime() + 3 * DAY), now })).version;
    await approveTestVersion(b, { effectiveAt: new Date(now.getTime() - DAY), material: false, now });
    const [nurse, social, social2, both, outside, gone] = await Promise.all([
      person(b, { department: "Nursing" }), person(b, { jobRole: "Social media" }), person(b, { jobRole: "Social media" }), person(b, { department: "Nursing", jobRole: "Social media" }),
      person(b, { department: "Kitchen" }), person(b, { department: "Nursing", active: false }),
    ]);
    // In scope, not assigned yet (the sweep assigns within the hour): pending.
    await person(b, { department: "Nursing" });
    await ack(b, v1.id, nurse.id, { signed: true, now });
    // Renewal: cycle 1 signed, cycle 2 open and overdue: the latest cycle decides (not acknowledged).
    await ack(b, v1.id, social.id, { signed: true, now });
    await ack(b, v1.id, social.id, { cycle: 2, signed: false, dueIn: -DAY, now });
    await ack(b, v1.id, social2.id, { signed: true, now });
    await ack(b, v1.id, social2.id, { cycle: 2, signed: false, now });
    // Cycle 1 never signed, cycle 2 signed: acknowledged.
    await ack(b, v1.id, both.id, { signed: false, dueIn: -30 * DAY, now });
    await ack(b, v1.id, both.id, { cycle: 2, signed: true, now });
    // Signed, but out of scope or inactive; signed the future version only.
    await ack(b, v1.id, outside.id, { signed: true, now });
    await ack(b, v1.id, gone.id, { signed: true, now });
    await ack(b, v2.id, nurse.id, { signed: true, now });

    // C: a manual and people, but the only version takes effect tomorrow.
    const c = await createOrgWithMembers();
    await person(c);
    await approveTestVersion(c, { effectiveAt: new Date(now.getTime() + DAY), now });

    const orgs = [a, b, c];
    const counted = await countPolicyCoverage(orgs.map((o) => o.org.id), now);
    for (const org of orgs) expect(counted.get(org.org.id), org.org.name).toEqual(await reportTotals(org, now));
    // What the rows above mean, so a rule both sides got wrong the same way would still show.
    expect(counted.get(b.org.id)).toMatchObject({ versionNumber: v1.number, acknowledged: 2 });
    expect(counted.get(a.org.id)!.versionNumber).toBeNull();
    expect(counted.get(c.org.id)).toMatchObject({ versionNumber: null, acknowledged: 0, percent: null });

    // Moved past v2's effective time: v2 is in effect, acknowledged only by the nurse.
    const later = new Date(now.getTime() + 4 * DAY);
    const afterwards = await countPolicyCoverage([b.org.id], later);
    expect(afterwards.get(b.org.id)).toEqual(await reportTotals(b, later));
    expect(afterwards.get(b.org.id)).toMatchObject({ versionNumber: v2.number, acknowledged: 1 });
  });

  it("reads only the orgs it is given, one row each, and nothing for none", async () => {
    const [mine, other] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
    await person(other);
    const counted = await countPolicyCoverage([mine.org.id], new Date());
    expect([...counted.keys()]).toEqual([mine.org.id]);
    expect(await countPolicyCoverage([], new Date())).toEqual(new Map());
  });
});

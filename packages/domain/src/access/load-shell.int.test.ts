import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { addMember, createAgency, createOrg, createUser } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAppError, testPasswordHash } from "../testing";
import { listMyOrgs } from "./list-my-orgs";
import { loadShell } from "./load-shell";

// The page frame's one statement (load-shell.ts) must say what the Prisma reads said: the user, their
// orgs as listMyOrgs lists them, and whether they run the agency.

let agencyId: string;
let passwordHash: string;

beforeAll(async () => {
  agencyId = (await createAgency()).id;
  passwordHash = await testPasswordHash();
});

describe("loadShell", () => {
  it("lists the user's orgs as listMyOrgs does (by name, with the role there), and only theirs", async () => {
    const user = await createUser({ passwordHash, agencyId });
    const [zeta, alpha, mid, other] = await Promise.all(["Zeta Dental", "alpha Clinic", "Mid Hospice", "Not Theirs"].map((name) => createOrg(agencyId, `${name} ${randomUUID().slice(0, 8)}`)));
    await addMember(zeta!.id, user.id, "ADMIN");
    await addMember(alpha!.id, user.id, "STAFF");
    await addMember(mid!.id, user.id, "COMPLIANCE_OFFICER");
    const stranger = await createUser({ passwordHash });
    await addMember(other!.id, stranger.id, "ADMIN");
    await db().organization.update({ where: { id: mid!.id }, data: { timeZone: "America/Chicago" } });

    const shell = await loadShell(user.id);
    expect(shell).toMatchObject({ name: user.name, email: user.email, agencyAdmin: false });
    expect(shell.orgs).toEqual(await listMyOrgs(user.id));
    expect(shell.orgs.map((o) => o.role).sort()).toEqual(["ADMIN", "COMPLIANCE_OFFICER", "STAFF"]);
    expect(shell.orgs.find((o) => o.id === mid!.id)).toEqual({ id: mid!.id, slug: mid!.slug, name: mid!.name, kind: "CLINIC", timeZone: "America/Chicago", role: "COMPLIANCE_OFFICER" });
    expect(shell.orgs.map((o) => o.id)).not.toContain(other!.id);
  });

  it("says whether the user runs the agency, and has an empty list for someone in no org", async () => {
    const admin = await createUser({ passwordHash, agencyId, agencyAdmin: true });
    expect(await loadShell(admin.id)).toMatchObject({ agencyAdmin: true, orgs: [] });
    expect(await listMyOrgs(admin.id)).toEqual([]);
    const member = await createUser({ passwordHash, agencyId });
    expect((await loadShell(member.id)).agencyAdmin).toBe(false);
  });

  it("refuses a user that no longer exists as a signed-out session", async () => {
    await expectAppError(loadShell(randomUUID()), "UNAUTHENTICATED");
  });
});

import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { addMember, createAgency, createOrg, createUser } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../context";
import { createTenantContext, expectAppError, testPasswordHash, testRequest } from "../testing";
import { loadTenantContext, loadTenantContexts } from "./load-tenant-context";
import { memberContexts } from "./member-contexts";

// The membership read behind every org page is one SQL statement (load-tenant-context.ts): the context it
// builds must be the one the rows say (createTenantContext builds it from the Prisma rows), its client
// bound to that org, and a slug that is not the user's must look like one that does not exist.

let agencyId: string;
let passwordHash: string;

beforeAll(async () => {
  agencyId = (await createAgency()).id;
  passwordHash = await testPasswordHash();
});

const strip = ({ db: _db, ...rest }: TenantContext) => rest;

describe("loadTenantContext", () => {
  it("builds the member's context from their membership, org and user rows, with a client bound to that org", async () => {
    const user = await createUser({ passwordHash, agencyId });
    const org = await createOrg(agencyId, `Ridge Dental ${randomUUID().slice(0, 8)}`);
    const other = await createOrg(agencyId, `Other Clinic ${randomUUID().slice(0, 8)}`);
    await addMember(org.id, user.id, "COMPLIANCE_OFFICER");
    await addMember(other.id, user.id, "STAFF");
    const updated = await db().organization.update({ where: { id: org.id }, data: { timeZone: "America/Denver", idleTimeoutMinutes: 17 } });
    const request = testRequest();

    const ctx = await loadTenantContext(user.id, org.slug, request);
    expect(strip(ctx)).toEqual(strip(createTenantContext(updated, user, "COMPLIANCE_OFFICER", request)));
    expect(ctx.org).toMatchObject({ timeZone: "America/Denver", idleTimeoutMinutes: 17 });
    // The client reads its own org's rows only: the user's memberships seen through it are this org's.
    const seen = await ctx.db.membership.findMany({ where: { userId: user.id } });
    expect(seen.map((m) => m.orgId)).toEqual([org.id]);
  });

  it("answers NOT_FOUND alike for another org, an unknown slug, a malformed slug and a malformed user id", async () => {
    const user = await createUser({ passwordHash, agencyId });
    const stranger = await createUser({ passwordHash, agencyId });
    const theirs = await createOrg(agencyId, `Theirs ${randomUUID().slice(0, 8)}`);
    await addMember(theirs.id, stranger.id, "ADMIN");
    await expectAppError(loadTenantContext(user.id, theirs.slug), "NOT_FOUND");
    await expectAppError(loadTenantContext(user.id, `no-such-org-${randomUUID().slice(0, 8)}`), "NOT_FOUND");
    await expectAppError(loadTenantContext(user.id, "Not A Slug!"), "NOT_FOUND");
    await expectAppError(loadTenantContext("not-a-uuid", theirs.slug), "NOT_FOUND");
    await expectAppError(loadTenantContext(randomUUID(), theirs.slug), "NOT_FOUND");
  });
});

describe("loadTenantContexts and memberContexts", () => {
  it("give one context per membership of the user, by org name, memberContexts only where the role may act", async () => {
    const user = await createUser({ passwordHash, agencyId });
    const suffix = randomUUID().slice(0, 8);
    const [zeta, alpha, mid] = await Promise.all(["Zeta Hospice", "Alpha Clinic", "Mid Dental"].map((name) => createOrg(agencyId, `${name} ${suffix}`)));
    await addMember(zeta!.id, user.id, "ADMIN");
    await addMember(alpha!.id, user.id, "STAFF");
    await addMember(mid!.id, user.id, "COMPLIANCE_OFFICER");
    const notTheirs = await createOrg(agencyId, `Aaa Not Theirs ${suffix}`);
    await addMember(notTheirs.id, (await createUser({ passwordHash, agencyId })).id, "ADMIN");

    const all = await loadTenantContexts(user.id);
    expect(all.map((c) => [c.org.id, c.role])).toEqual([[alpha!.id, "STAFF"], [mid!.id, "COMPLIANCE_OFFICER"], [zeta!.id, "ADMIN"]]);
    expect(all.every((c) => c.user.id === user.id && c.user.email === user.email)).toBe(true);
    const reviewers = await memberContexts(user.id, "posts.review");
    expect(reviewers.map((c) => c.org.id)).toEqual([mid!.id, zeta!.id]);
    expect(await loadTenantContexts("not-a-uuid")).toEqual([]);
    expect(await memberContexts(randomUUID(), "posts.view")).toEqual([]);
  });
});

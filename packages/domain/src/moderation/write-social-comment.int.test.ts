import { randomUUID } from "node:crypto";
import { db, scopedDb, type Tx } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { connectTestAccount } from "./moderation-test-helpers";
import { insertSocialComment, updateSocialComment } from "./write-social-comment";

// The worker's raw writes of a comment row behave as the Prisma calls they replace: defaults on
// create, typed columns back (dates, JSON, enums), updatedAt moved only by a write, the org bound.

let org: TestOrg;
let other: TestOrg;
let accountId: string;

beforeAll(async () => {
  [org, other] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  accountId = (await connectTestAccount(org.org.id, org.users.ADMIN.id)).id;
});

const inTx = <T>(orgId: string, fn: (tx: Tx) => Promise<T>) => scopedDb(orgId).$transaction(fn);

describe("insertSocialComment / updateSocialComment", () => {
  it("creates with the column defaults and returns the row as Prisma reads it", async () => {
    const id = randomUUID();
    const lastEventAt = new Date("2026-12-01T10:00:00.123Z");
    const created = await inTx(org.org.id, (tx) => insertSocialComment(tx, org.org.id, {
      id, accountId, platform: "FACEBOOK", externalId: `c-${id}`, postExternalId: null, lastEventAt, findings: [{ type: "NAME", start: 0, end: 4 }], verdict: "block", needsReview: true,
    }));
    const read = await db().socialComment.findFirstOrThrow({ where: { id, orgId: org.org.id } });
    expect(created).toEqual(read);
    expect(read).toMatchObject({ orgId: org.org.id, status: "NEW", hiddenAt: null, lastEventAt, findings: [{ type: "NAME", start: 0, end: 4 }], needsReview: true });
    expect(read.updatedAt).toBeInstanceOf(Date);
  });

  it("updates only the fields given, moving updatedAt; with none, the row is read back unchanged", async () => {
    const id = randomUUID();
    const created = await inTx(org.org.id, (tx) => insertSocialComment(tx, org.org.id, { id, accountId, platform: "FACEBOOK", externalId: `c-${id}`, lastEventAt: new Date() }));
    const same = await inTx(org.org.id, (tx) => updateSocialComment(tx, org.org.id, id, {}));
    expect(same).toEqual(created);
    const hiddenAt = new Date();
    const updated = await inTx(org.org.id, (tx) => updateSocialComment(tx, org.org.id, id, { status: "HIDDEN_PENDING_REVIEW", hiddenAt, findings: [], textSha256: undefined }));
    expect(updated).toMatchObject({ status: "HIDDEN_PENDING_REVIEW", hiddenAt, findings: [], textSha256: null });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(updated).toEqual(await db().socialComment.findFirstOrThrow({ where: { id, orgId: org.org.id } }));
  });

  it("writes only into the org it is given: another org's row is not found", async () => {
    const id = randomUUID();
    await inTx(org.org.id, (tx) => insertSocialComment(tx, org.org.id, { id, accountId, platform: "FACEBOOK", externalId: `c-${id}`, lastEventAt: new Date() }));
    await expect(inTx(other.org.id, (tx) => updateSocialComment(tx, other.org.id, id, { verdict: "allow" }))).rejects.toThrow(/gone/);
    expect((await db().socialComment.findFirstOrThrow({ where: { id, orgId: org.org.id } })).verdict).toBeNull();
  });
});

import { createHash, randomBytes, randomUUID } from "node:crypto";
import { consentEnv, type ConsentKeys } from "@vetted/config";
import { db, acrossOrgs, forOrg, ORG_ID, Prisma, rawSql } from "@vetted/db";
import { holdTestLock, withPgClient } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupAad } from "../groups/group-crypto";
import { openIncident } from "../incidents/open-incident";
import { saveIncidentAssessment } from "../incidents/save-incident-assessment";
import { connectTestAccount } from "../moderation/moderation-test-helpers";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "../testing";
import { decryptField, encryptField, envelopeKeyId } from "./crypto";
import { mfaSecretAad } from "../auth/mfa/second-factor";
import { ENCRYPTED_COLUMNS } from "./encrypted-columns";
import { reencryptStoredFields } from "./reencrypt-stored-fields";

// Key rotation beyond the consent register: one row in every table of encrypted-columns.ts (every
// column filled), written under the development key; a new key becomes active and the sweep moves
// them all onto it. Scoped to one org, and rotated back at the end, so the shared test database
// stays readable with the development key.

const dev = consentEnv();
const rotated: ConsentKeys = { ...dev, keys: new Map([...dev.keys, ["k2027", randomBytes(32)]]), activeKeyId: "k2027" };
const back: ConsentKeys = { ...rotated, activeKeyId: dev.activeKeyId };
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const secret = (table: string, column: string) => `secret of ${table}.${column}`;
const NOTES = { natureChecked: "on", natureNotes: "Names a patient and a diagnosis.", recipientChecked: "on", recipientNotes: "Anyone following the page." };

let org: TestOrg;
let incidentId: string;

/** Every column of the list, sealed with its own AAD under the development key. */
async function seed(o: TestOrg) {
  const orgId = o.org.id;
  const seal = (table: string, column: string, id: string) => encryptField(secret(table, column), ENCRYPTED_COLUMNS.find((c) => c.table === table && c.column === column)!.aad({ id, orgId }));
  const account = await connectTestAccount(orgId, o.users.ADMIN.id);
  await db().connectedAccount.update({
    where: { id: account.id, orgId },
    data: { tokenCipher: seal("ConnectedAccount", "tokenCipher", account.id), refreshTokenCipher: seal("ConnectedAccount", "refreshTokenCipher", account.id) },
  });
  const stateId = randomUUID();
  await db().accountConnectState.create({
    data: {
      id: stateId, orgId, userId: o.users.ADMIN.id, platform: "FACEBOOK", stateHash: sha(stateId), expiresAt: new Date(Date.now() + 600_000),
      userTokenCipher: seal("AccountConnectState", "userTokenCipher", stateId), codeVerifierCipher: seal("AccountConnectState", "codeVerifierCipher", stateId),
    },
  });
  const deliveryId = randomUUID();
  await db().webhookDelivery.create({
    data: { id: deliveryId, orgId, platform: "FACEBOOK", bodyCipher: seal("WebhookDelivery", "bodyCipher", deliveryId), bodySha256: sha(deliveryId), bodyBytes: 10, changeCount: 1, routedCount: 1, skippedCount: 0 },
  });
  const eventId = randomUUID();
  await db().commentEvent.create({
    data: {
      id: eventId, orgId, accountId: account.id, deliveryId, platform: "FACEBOOK", dedupeKey: sha(eventId), objectId: `${account.externalId}_${eventId.slice(0, 6)}`, verb: "add", eventAt: new Date(),
      textCipher: seal("CommentEvent", "textCipher", eventId), authorNameCipher: seal("CommentEvent", "authorNameCipher", eventId), processedAt: new Date(),
    },
  });
  // Three comments, so the batches of two are exercised.
  const commentIds = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of commentIds) {
    await db().socialComment.create({
      data: {
        id, orgId, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_${id.slice(0, 8)}`, lastEventAt: new Date(),
        textCipher: seal("SocialComment", "textCipher", id), authorNameCipher: seal("SocialComment", "authorNameCipher", id),
      },
    });
  }
  const commentId = commentIds[0]!;
  const actionId = randomUUID();
  await db().moderationAction.create({
    data: {
      id: actionId, orgId, commentId, accountId: account.id, kind: "PUBLIC_REPLY", status: "FAILED", failedAt: new Date(), lastErrorCode: "TEST",
      textCipher: seal("ModerationAction", "textCipher", actionId), overrideReasonCipher: seal("ModerationAction", "overrideReasonCipher", actionId),
    },
  });
  const snapshotId = randomUUID();
  await db().commentSnapshot.create({
    data: {
      id: snapshotId, orgId, commentId, textSha256: sha(snapshotId), retainUntil: new Date(Date.now() + 30 * 86_400_000),
      textCipher: seal("CommentSnapshot", "textCipher", snapshotId), authorNameCipher: seal("CommentSnapshot", "authorNameCipher", snapshotId),
    },
  });
  const reportId = randomUUID();
  await db().groupReport.create({
    data: {
      id: reportId, orgId, source: "PASTE", channel: "PRIVATE_GROUP", status: "OPEN",
      ...Object.fromEntries(["groupNameCipher", "authorNameCipher", "textCipher", "ocrTextCipher", "reporterEmailCipher"].map((c) => [c, seal("GroupReport", c, reportId)])),
    },
  });
  const noteId = randomUUID();
  await db().coachingNote.create({ data: { id: noteId, orgId, reportId, employeeId: o.users.STAFF.id, authorId: o.users.COMPLIANCE_OFFICER.id, textCipher: seal("CoachingNote", "textCipher", noteId) } });
  // A client approver's address (issue 16).
  const approverId = randomUUID();
  await db().clientApprover.create({
    data: { id: approverId, orgId, name: "Rotation Client", emailCipher: seal("ClientApprover", "emailCipher", approverId), emailIndex: sha(approverId), createdById: o.users.ADMIN.id },
  });
  // The incident through the app: its typed staff name and two factors' notes.
  const opened = await openIncident(o.ctx.COMPLIANCE_OFFICER, { commentId, employeeName: secret("Incident", "employeeNameCipher") });
  await saveIncidentAssessment(o.ctx.COMPLIANCE_OFFICER, { incidentId: opened.incidentId, ...NOTES });
  return { incidentId: opened.incidentId };
}

/** Every envelope of the org's rows, per listed column: its key id and whether it opens to what was sealed. */
async function envelopes(keys: ConsentKeys) {
  const out: Record<string, { keyIds: string[]; readable: boolean }> = {};
  // Org-scoped rotation leaves the platform tables (the mail outbox, orgless) to the full sweep.
  for (const c of ENCRYPTED_COLUMNS.filter((col) => !col.orgless)) {
    const column = Prisma.raw(`"${c.column}"`);
    const rows = await rawSql(db(), forOrg(org.org.id)).query<{ id: string; orgId: string; v: string }[]>`
      SELECT id::text, "orgId"::text, ${column} AS v FROM ${Prisma.raw(`"${c.table}"`)} WHERE "orgId" = ${ORG_ID}::uuid AND ${column} IS NOT NULL`;
    out[`${c.table}.${c.column}`] = {
      keyIds: [...new Set(rows.map((r) => envelopeKeyId(r.v)))],
      readable: rows.length > 0 && rows.every((r) => decryptField(r.v, c.aad(r), keys) === secret(c.table, c.column)),
    };
  }
  const incident = await db().incident.findFirstOrThrow({ where: { id: incidentId, orgId: org.org.id } });
  const factors = incident.assessment as Record<string, { notesCipher: string | null }>;
  out["Incident.assessment"] = {
    keyIds: [...new Set([factors.nature!.notesCipher!, factors.recipient!.notesCipher!].map(envelopeKeyId))],
    readable: decryptField(factors.nature!.notesCipher!, groupAad("incident", org.org.id, incidentId, "nature"), keys) === NOTES.natureNotes
      && decryptField(factors.recipient!.notesCipher!, groupAad("incident", org.org.id, incidentId, "recipient"), keys) === NOTES.recipientNotes,
  };
  return out;
}

let lock: Awaited<ReturnType<typeof holdTestLock>>;
// Its rows sit under "k2027" until rotated back: the start-up key check of consent-keys.int.test.ts,
// which reads every org, must not run meanwhile.
beforeAll(async () => {
  lock = await holdTestLock("key-rotation");
  org = await createOrgWithMembers();
  ({ incidentId } = await seed(org));
}, 300_000);
afterAll(() => lock.release());

describe("key rotation of a person's own envelopes (UserMfa, no org)", () => {
  it("re-encrypts one user's TOTP secret under the active key, leaves it to org runs, and rotates back", async () => {
    // Its own org, so the org-scoped runs here leave the rows of the test below alone.
    const solo = await createOrgWithMembers();
    const mfaRow = await db().userMfa.create({ data: { userId: solo.users.ADMIN.id, secretCipher: "pending" } });
    const aad = mfaSecretAad(mfaRow.id);
    await db().userMfa.update({ where: { id: mfaRow.id }, data: { secretCipher: encryptField("JBSWY3DPEHPK3PXP", aad) } });
    // An org-scoped run does not touch it.
    expect(await reencryptStoredFields({ orgId: solo.org.id, keys: rotated })).toEqual({ byTable: {}, rows: 0, failed: 0 });
    expect(envelopeKeyId((await db().userMfa.findUniqueOrThrow({ where: { id: mfaRow.id } })).secretCipher)).toBe(dev.activeKeyId);
    expect(await reencryptStoredFields({ userId: solo.users.ADMIN.id, keys: rotated })).toEqual({ byTable: { UserMfa: 1 }, rows: 1, failed: 0 });
    const moved = (await db().userMfa.findUniqueOrThrow({ where: { id: mfaRow.id } })).secretCipher;
    expect(envelopeKeyId(moved)).toBe("k2027");
    expect(decryptField(moved, aad, rotated)).toBe("JBSWY3DPEHPK3PXP");
    expect((await reencryptStoredFields({ userId: solo.users.ADMIN.id, keys: back })).rows).toBe(1);
    await db().userMfa.delete({ where: { id: mfaRow.id } });
  });
});

describe("key rotation of every encrypted column", () => {
  it("re-encrypts every listed column (and the incident notes) under the active key, in batches, audited with counts only", async () => {
    const before = await envelopes(dev);
    expect(Object.values(before).every((e) => e.readable && e.keyIds.length === 1 && e.keyIds[0] === dev.activeKeyId)).toBe(true);

    const result = await reencryptStoredFields({ orgId: org.org.id, keys: rotated, batchSize: 2 });
    expect(result.failed).toBe(0);
    expect(result.byTable).toEqual({
      ConnectedAccount: 1, AccountConnectState: 1, WebhookDelivery: 1, CommentEvent: 1, SocialComment: 3, ModerationAction: 1, CommentSnapshot: 1, GroupReport: 1, CoachingNote: 1, Incident: 1,
      ClientApprover: 1,
    });
    const after = await envelopes(rotated);
    const wrong = Object.entries(after).filter(([, e]) => !e.readable || e.keyIds.join() !== "k2027");
    expect(wrong).toEqual([]);
    // The development key alone can no longer read them: they really moved.
    const note = await db().coachingNote.findFirstOrThrow({ where: { orgId: org.org.id } });
    expect(() => decryptField(note.textCipher, groupAad("coaching-note", org.org.id, note.id, "text"), dev)).toThrow(/"k2027"/);

    // Nothing left: a second run changes nothing.
    expect(await reencryptStoredFields({ orgId: org.org.id, keys: rotated })).toEqual({ byTable: {}, rows: 0, failed: 0 });

    const events = await auditEventsFor(org.org.id, { action: "encryption.reencrypted" });
    expect(events.filter((e) => e.targetType === "SocialComment").map((e) => (e.metadata as { rows: number }).rows).sort()).toEqual([1, 2]);
    expect(events.find((e) => e.targetType === "GroupReport")?.metadata).toEqual({
      rows: 1, columns: ["authorNameCipher", "groupNameCipher", "ocrTextCipher", "reporterEmailCipher", "textCipher"], toKeyId: "k2027",
    });
    expect(events.find((e) => e.targetType === "Incident")?.metadata).toEqual({ rows: 1, columns: ["assessment", "employeeNameCipher"], toKeyId: "k2027" });
    expect(events.every((e) => e.actorId === null && e.actorLabel === "worker" && e.targetId === null)).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/secret of|patient|diagnosis/);

    // Rotating back leaves the shared test database readable with the development key.
    expect((await reencryptStoredFields({ orgId: org.org.id, keys: back })).rows).toBe(13);
    const restored = await envelopes(dev);
    expect(Object.entries(restored).filter(([, e]) => !e.readable || e.keyIds.join() !== dev.activeKeyId)).toEqual([]);
  });

  it("leaves an envelope it cannot open as it is, counts it, and goes on with the others", async () => {
    const [account] = await db().connectedAccount.findMany({ where: { orgId: org.org.id }, take: 1 });
    const [comment] = await db().socialComment.findMany({ where: { orgId: org.org.id }, take: 1 });
    // An envelope copied from another row: its AAD does not match, it cannot be opened.
    await db().socialComment.update({ where: { id: comment!.id, orgId: org.org.id }, data: { authorNameCipher: account!.tokenCipher } });
    const result = await reencryptStoredFields({ orgId: org.org.id, keys: rotated });
    expect(result.failed).toBe(1);
    expect(result.byTable.SocialComment).toBe(2);
    expect(result.byTable.ConnectedAccount).toBe(1);
    const left = await db().socialComment.findFirstOrThrow({ where: { id: comment!.id, orgId: org.org.id } });
    expect(envelopeKeyId(left.textCipher!)).toBe(dev.activeKeyId);
    // Put right, rotated back.
    await db().socialComment.update({ where: { id: comment!.id, orgId: org.org.id }, data: { authorNameCipher: null } });
    await reencryptStoredFields({ orgId: org.org.id, keys: back });
    expect((await reencryptStoredFields({ orgId: org.org.id, keys: back })).rows).toBe(0);
  });

  it("on the evidence tables allows a change of key only: no other rewrite of an envelope, by the app or the owner", async () => {
    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { orgId: org.org.id } });
    const snapshot = await db().commentSnapshot.findFirstOrThrow({ where: { orgId: org.org.id } });
    const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: org.org.id } });
    // Same key id, other content: refused.
    const forged = encryptField("a forged body", `webhook-delivery:${delivery.id}:body`);
    const app = rawSql(db(), acrossOrgs("test: the triggers refuse the app role"));
    await expect(app.execute`UPDATE "WebhookDelivery" SET "bodyCipher" = ${forged} WHERE id = ${delivery.id}::uuid`).rejects.toThrow(/append-only/);
    await expect(app.execute`UPDATE "CommentSnapshot" SET "textCipher" = ${encryptField("forged", "x")} WHERE id = ${snapshot.id}::uuid`).rejects.toThrow(/kept until retainUntil/);
    await expect(app.execute`UPDATE "CommentEvent" SET "textCipher" = NULL WHERE id = ${event.id}::uuid`).rejects.toThrow(/append-only/);
    // Another column with it: the app may not, and the trigger stops the owner too.
    const moved = encryptField("body", `webhook-delivery:${delivery.id}:body`, rotated);
    await expect(app.execute`UPDATE "WebhookDelivery" SET "bodyCipher" = ${moved}, "bodyBytes" = 1 WHERE id = ${delivery.id}::uuid`).rejects.toThrow(/permission denied/);
    await withPgClient(async (owner) => {
      await expect(owner.query(`UPDATE "WebhookDelivery" SET "bodyCipher" = $1, "bodyBytes" = 1 WHERE id = $2`, [moved, delivery.id])).rejects.toThrow(/append-only/);
      await expect(owner.query(`UPDATE "WebhookDelivery" SET "bodyCipher" = 'not an envelope' WHERE id = $1`, [delivery.id])).rejects.toThrow(/append-only|WebhookDelivery_body_envelope/);
    });
    expect((await db().webhookDelivery.findFirstOrThrow({ where: { id: delivery.id, orgId: org.org.id } })).bodyCipher).toBe(delivery.bodyCipher);
  });
});

import { randomBytes, randomUUID } from "node:crypto";
import { consentEnv, type ConsentKeys } from "@vetted/config";
import { db } from "@vetted/db";
import { holdTestLock } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupAad } from "../groups/group-crypto";
import { fieldAad } from "../moderation/moderation-crypto";
import { connectTestAccount } from "../moderation/moderation-test-helpers";
import { auditEventsFor, createOrgWithMembers, type TestOrg, tempMediaDir } from "../testing";
import { checkConsentKeys } from "./check-consent-keys";
import { consentAad, mediaPersonAad } from "./consent-records";
import { consentRequestAad } from "./consent-request-records";
import { consentInput } from "./consent-test-helpers";
import { createConsentRequest } from "./create-consent-request";
import { decryptField, envelopeKeyId, encryptField } from "./crypto";
import { reencryptConsentData } from "./reencrypt-consent-data";
import { reencryptStoredFields } from "./reencrypt-stored-fields";
import { uploadConsent } from "./upload-consent";

// Key rotation: a new key becomes active, the re-encryption pass moves this org's rows onto it,
// and the start-up check refuses a keyring that could no longer read them. Scoped to one org so
// other tests' rows in the shared database stay under the development key.

let org: TestOrg;
let store: Awaited<ReturnType<typeof tempMediaDir>>;
const dev = consentEnv();
const rotated: ConsentKeys = { ...dev, keys: new Map([...dev.keys, ["k2026", randomBytes(32)]]), activeKeyId: "k2026" };
const back: ConsentKeys = { ...rotated, activeKeyId: dev.activeKeyId };

let lock: Awaited<ReturnType<typeof holdTestLock>>;
// The start-up check reads every org's rows: never while the other rotation test holds rows under its key.
beforeAll(async () => {
  lock = await holdTestLock("key-rotation");
  store = await tempMediaDir("keys");
  org = await createOrgWithMembers();
}, 300_000);
afterAll(async () => {
  await store.close();
  await lock.release();
});

describe("consent key rotation", () => {
  it("re-encrypts every field and position note under the active key; the check names missing key ids", async () => {
    const { consent } = await uploadConsent(org.ctx.STAFF, consentInput({ subjectName: "Rosalind Vetch", isRepresentative: true, representativeAuthority: "daughter, health care proxy" }));
    const media = await db().media.create({ data: { orgId: org.org.id, storageKey: "k", mime: "image/png", width: 1, height: 1, bytes: 1, sha256: "x", createdById: org.users.CONSULTANT.id } });
    const personId = randomUUID();
    await db().mediaPerson.create({ data: { id: personId, orgId: org.org.id, mediaId: media.id, kind: "PATIENT", consentId: consent.id, createdById: org.users.CONSULTANT.id, labelCipher: encryptField("on the left", mediaPersonAad(org.org.id, personId)) } });

    const { request } = await createConsentRequest(org.ctx.STAFF, {
      subjectName: "Rosalind Vetch", email: "r.vetch@example.org", informationDescription: "Photos of the garden party", discloser: "Clinic",
      recipients: "Agency", channels: ["FACEBOOK"], purposes: "SOCIAL_MEDIA_MARKETING", expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
    });

    expect(await reencryptConsentData({ orgId: org.org.id, keys: rotated })).toEqual({ Consent: 1, ConsentRequest: 1, MediaPerson: 1 });
    const req = await db().consentRequest.findFirstOrThrow({ where: { id: request.id, orgId: org.org.id } });
    expect([req.keyId, envelopeKeyId(req.subjectNameCipher), envelopeKeyId(req.descriptionCipher), envelopeKeyId(req.emailCipher!)]).toEqual(["k2026", "k2026", "k2026", "k2026"]);
    expect(decryptField(req.emailCipher!, consentRequestAad(org.org.id, request.id, "email"), rotated)).toBe("r.vetch@example.org");
    const row = await db().consent.findFirstOrThrow({ where: { id: consent.id, orgId: org.org.id } });
    expect(row.keyId).toBe("k2026");
    for (const envelope of [row.subjectNameCipher, row.dobCipher!, row.mrnCipher!, row.descriptionCipher, row.signerNameCipher, row.representativeAuthorityCipher!]) {
      expect(envelopeKeyId(envelope)).toBe("k2026");
    }
    expect(decryptField(row.subjectNameCipher, consentAad(org.org.id, consent.id, "subjectName"), rotated)).toBe("Rosalind Vetch");
    expect(decryptField(row.representativeAuthorityCipher!, consentAad(org.org.id, consent.id, "representativeAuthority"), rotated)).toBe("daughter, health care proxy");
    const person = await db().mediaPerson.findFirstOrThrow({ where: { id: personId, orgId: org.org.id } });
    expect(decryptField(person.labelCipher!, mediaPersonAad(org.org.id, personId), rotated)).toBe("on the left");
    // Nothing left to do: a second pass changes nothing.
    expect(await reencryptConsentData({ orgId: org.org.id, keys: rotated })).toEqual({ Consent: 0, ConsentRequest: 0, MediaPerson: 0 });
    const [event] = await auditEventsFor(org.org.id, { action: "consent.reencrypted", targetId: consent.id });
    expect(event?.metadata).toEqual({ fromKeyId: dev.activeKeyId, toKeyId: "k2026" });

    // A keyring without the new id could not read these rows: the start-up check says which id.
    await expect(checkConsentKeys(dev)).rejects.toThrow(/key id\(s\) .*"k2026".* that CONSENT_KEYS does not list/);
    expect((await checkConsentKeys(rotated)).keyIdsInUse).toContain("k2026");

    // Rotating back leaves the shared test database readable with the development key.
    expect(await reencryptConsentData({ orgId: org.org.id, keys: back })).toEqual({ Consent: 1, ConsentRequest: 1, MediaPerson: 1 });
    expect(decryptField((await db().consent.findFirstOrThrow({ where: { id: consent.id, orgId: org.org.id } })).subjectNameCipher, consentAad(org.org.id, consent.id, "subjectName"))).toBe("Rosalind Vetch");
  });

  it("checks every envelope column outside the register too, JSON notes included, and names where a key is missing", async () => {
    const other: ConsentKeys = { ...dev, keys: new Map([...dev.keys, ["k2029", randomBytes(32)]]), activeKeyId: "k2029" };
    const orgId = org.org.id;
    const account = await connectTestAccount(orgId, org.users.ADMIN.id);
    await db().connectedAccount.update({ where: { id: account.id, orgId }, data: { tokenCipher: encryptField("a page token", fieldAad("connected-account", orgId, account.id, "token"), other) } });
    const commentId = randomUUID();
    await db().socialComment.create({ data: { id: commentId, orgId, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_${commentId.slice(0, 8)}`, lastEventAt: new Date() } });
    const incidentId = randomUUID();
    const discoveredAt = new Date();
    const notesCipher = encryptField("Names a patient.", groupAad("incident", orgId, incidentId, "nature"), other);
    await db().incident.create({ data: { id: incidentId, orgId, commentId, discoveredAt, deadlineAt: new Date(discoveredAt.getTime() + 60 * 86_400_000), assessment: { nature: { checked: true, notesCipher } } } });

    const refused = await checkConsentKeys(dev).then(() => null, (e: Error) => e.message);
    expect(refused).toMatch(/key id\(s\) .*"k2029".* that CONSENT_KEYS does not list/);
    expect(refused).toContain("ConnectedAccount.tokenCipher");
    expect(refused).toContain("Incident.assessment");
    const withKey = await checkConsentKeys({ ...other, activeKeyId: dev.activeKeyId });
    expect(withKey.keyIdsInUse).toEqual(expect.arrayContaining([dev.activeKeyId, "k2029"]));
    expect(withKey.envelopesUnderOldKeys).toBe(2);

    // Re-encrypted under the development key, nothing is missing any more.
    expect((await reencryptStoredFields({ keys: { ...other, activeKeyId: dev.activeKeyId }, orgId })).byTable).toMatchObject({ ConnectedAccount: 1, Incident: 1 });
    expect((await checkConsentKeys(dev)).keyIdsInUse).not.toContain("k2029");
  });
});

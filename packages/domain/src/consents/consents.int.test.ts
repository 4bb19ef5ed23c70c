import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { db } from "@vetted/db";
import { withPgClient } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg, tempMediaDir } from "../testing";
import { consentInput, minimalPdf } from "./consent-test-helpers";
import { getConsent } from "./get-consent";
import { getConsentFile } from "./get-consent-file";
import { searchConsents } from "./search-consents";
import { uploadConsent } from "./upload-consent";
import { verifyConsent } from "./verify-consent";

// The consent register against the real database and a temporary MEDIA_DIR.

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;
let b: TestOrg;
const PHI = ["Zoë", "Ångström", "Angstrom", "1961-07-14", "55501234", "cardiac rehab"];

beforeAll(async () => {
  store = await tempMediaDir("consents");
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});
afterAll(() => store.close());

const consentFiles = async (orgId: string) => {
  const root = path.join(store.dir, orgId, "consents");
  return existsSync(root) ? readdir(root) : [];
};

describe("encryption at rest and search", () => {
  it("stores no plaintext name, DOB, MRN, signer or description in the raw row", async () => {
    const { consent } = await uploadConsent(a.ctx.STAFF, consentInput());
    const raw = await withPgClient(async (pg) => (await pg.query(`SELECT row_to_json(c)::text AS j FROM "Consent" c WHERE id = $1`, [consent.id])).rows[0]?.j as string);
    expect(raw).toBeTruthy();
    for (const s of PHI) expect(raw.toLowerCase()).not.toContain(s.toLowerCase());
    expect(JSON.parse(raw)).toMatchObject({ keyId: "dev-insecure", status: "ACTIVE", fileMime: "application/pdf" });
    expect(JSON.parse(raw).subjectNameCipher).toMatch(/^v1:dev-insecure:/);
    // The filename (often the patient's name) is not kept anywhere either.
    expect(await consentFiles(a.org.id)).toEqual([consent.id]);
  });

  it("finds a consent by name in any case, accents or spacing, and never another org's", async () => {
    const { consent } = await uploadConsent(a.ctx.CONSULTANT, consentInput({ subjectName: "Marguerite  D'Aubigné" }));
    await uploadConsent(b.ctx.STAFF, consentInput({ subjectName: "Marguerite D'Aubigné" }));
    for (const name of ["marguerite daubigne", "  MARGUERITE   D'AUBIGNÉ ", "Marguerite D’Aubigne"]) {
      const { consents } = await searchConsents(a.ctx.COMPLIANCE_OFFICER, { name });
      expect(consents.map((c) => c.id)).toEqual([consent.id]);
      expect(consents[0]?.displayName).toBe("Marguerite  D'Aubigné");
    }
    expect((await searchConsents(a.ctx.STAFF, { name: "Marguerite Daubign" })).consents).toEqual([]);
    const theirs = await searchConsents(b.ctx.ADMIN, { name: "marguerite daubigne" });
    expect(theirs.consents).toHaveLength(1);
    expect(theirs.consents[0]?.id).not.toBe(consent.id);
    await expectAppError(getConsent(b.ctx.ADMIN, { consentId: consent.id }), "NOT_FOUND");
    const [searched] = await auditEventsFor(a.org.id, { action: "consent.searched", userAgent: a.ctx.STAFF.request.userAgent! });
    expect(searched?.metadata).toMatchObject({ byName: true, results: 0 });
    expect(JSON.stringify(searched)).not.toMatch(/marguerite/i);
  });

  it("filters by status and by expiry within 30 days", async () => {
    const { consent } = await uploadConsent(a.ctx.STAFF, consentInput({ expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }));
    const soon = await searchConsents(a.ctx.STAFF, { expiringSoon: true });
    expect(soon.consents.map((c) => c.id)).toContain(consent.id);
    expect(soon.consents.every((c) => c.status === "ACTIVE" && c.expiresAt! < new Date(Date.now() + 31 * 86_400_000))).toBe(true);
    expect((await searchConsents(a.ctx.STAFF, { status: "REVOKED" })).consents.map((c) => c.id)).not.toContain(consent.id);
  });

  it("fails clearly, without data, when a row is encrypted under an unknown key id", async () => {
    const { consent } = await uploadConsent(a.ctx.STAFF, consentInput({ subjectName: "Ottoline Quenby" }));
    await withPgClient((pg) => pg.query(`UPDATE "Consent" SET "subjectNameCipher" = replace("subjectNameCipher", 'v1:dev-insecure:', 'v1:k-retired:') WHERE id = $1`, [consent.id]));
    const error = await getConsent(a.ctx.COMPLIANCE_OFFICER, { consentId: consent.id }).then(() => null, (e: Error) => e);
    expect(error?.name).toBe("ConsentCryptoError");
    expect(error?.message).toMatch(/key id "k-retired", which is not in CONSENT_KEYS/);
    expect(error?.message).not.toMatch(/Ottoline|Quenby/);
    // The failed view is not recorded as a view.
    expect(await auditEventsFor(a.org.id, { action: "consent.viewed", targetId: consent.id })).toHaveLength(0);
  });
});

describe("bad files", () => {
  const cases: [string, Uint8Array, string, RegExp][] = [
    ["an executable renamed .pdf", Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(2000, 1)]), "VALIDATION", /Windows program/],
    ["a 0-byte file", new Uint8Array(0), "VALIDATION", /empty/],
    ["a 50 MB file", Buffer.concat([minimalPdf(), Buffer.alloc(50 * 1024 * 1024)]), "PAYLOAD_TOO_LARGE", /20 MB/],
    ["a PDF with embedded JavaScript", minimalPdf("/OpenAction << /S /JavaScript /JS (app.launchURL('https://x.test')) >>"), "VALIDATION", /contains JavaScript/],
    ["a PNG that is really HTML", Buffer.from("<!DOCTYPE html><html><body><script>fetch('/x')</script></body></html>"), "VALIDATION", /web page/],
  ];
  for (const [what, bytes, code, message] of cases) {
    it(`rejects ${what} with a clear message and stores nothing`, async () => {
      const before = await db().consent.count({ where: { orgId: b.org.id } });
      const filesBefore = await consentFiles(b.org.id);
      const e = await expectAppError(uploadConsent(b.ctx.STAFF, consentInput({ bytes, filename: what.includes("PNG") ? "photo.png" : "form.pdf" })), code);
      expect(e.message).toMatch(message);
      expect(await db().consent.count({ where: { orgId: b.org.id } })).toBe(before);
      expect(await consentFiles(b.org.id)).toEqual(filesBefore);
      expect(await auditEventsFor(b.org.id, { action: "consent.uploaded", userAgent: b.ctx.STAFF.request.userAgent! })).toHaveLength(filesBefore.length);
    });
  }

  it("refuses a form missing a required 164.508 element, naming the field", async () => {
    const fields = async (over: Parameters<typeof consentInput>[0]) =>
      Object.keys(((await expectAppError(uploadConsent(a.ctx.STAFF, consentInput(over)), "VALIDATION")) as unknown as { fields: object }).fields);
    expect(await fields({ ackNoConditioning: false as never })).toEqual(["ackNoConditioning"]);
    expect(await fields({ expiresAt: undefined })).toEqual(["expiresAt"]);
    expect(await fields({ isRepresentative: true })).toEqual(["representativeAuthority"]);
  });
});

describe("verification and audited access", () => {
  it("only a compliance officer who opened the file verifies, never their own upload; views and downloads are audited without names", async () => {
    const { consent } = await uploadConsent(a.ctx.STAFF, consentInput({ subjectName: "Wilhelmina Tarrant" }));
    for (const role of ["STAFF", "CONSULTANT", "ADMIN"] as const) await expectAppError(verifyConsent(a.ctx[role], { consentId: consent.id }), "FORBIDDEN");
    const co = a.ctx.COMPLIANCE_OFFICER;
    expect((await expectAppError(verifyConsent(co, { consentId: consent.id }), "CONFLICT")).message).toMatch(/Open the signed file first/);
    const file = await getConsentFile(co, { consentId: consent.id });
    expect(file).toMatchObject({ mime: "application/pdf", filename: `consent-${consent.id}.pdf` });
    expect(file.bytes.equals(minimalPdf())).toBe(true);
    expect((await verifyConsent(co, { consentId: consent.id })).consent.verified).toBe(true);
    const { consent: detail } = await getConsent(a.ctx.CONSULTANT, { consentId: consent.id });
    expect(detail).toMatchObject({ displayName: "Wilhelmina Tarrant", dateOfBirth: "1961-07-14", mrn: "MRN-55501234", verifiedById: a.users.COMPLIANCE_OFFICER.id });

    const own = await uploadConsent(co, consentInput());
    await getConsentFile(co, { consentId: own.consent.id });
    await expectAppError(verifyConsent(co, { consentId: own.consent.id }), "FORBIDDEN");

    const events = await db().auditEvent.findMany({ where: { orgId: a.org.id, chainKey: a.org.id, targetId: consent.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["consent.uploaded", "consent.file_downloaded", "consent.verified", "consent.viewed"]);
    expect(JSON.stringify(events)).not.toMatch(/Wilhelmina|Tarrant|1961-07-14|07\/14\/1961|55501234/); // the DOB as written, not any "1961" (a hash holds one now and then)
  });
});

import { outboxMailsTo } from "../mail/mails-to";
import { createHash } from "node:crypto";
import { db } from "@vetted/db";
import { withPgClient } from "@vetted/db/testing";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg, tempMediaDir } from "../testing";
import { cancelConsentRequest } from "./cancel-consent-request";
import { createConsentRequest, type CreateConsentRequestInput } from "./create-consent-request";
import { downloadSignedCopy } from "./download-signed-copy";
import { getConsent } from "./get-consent";
import { getConsentFile } from "./get-consent-file";
import { checkConsentFile } from "./consent-file";
import { getSigningRequest } from "./get-signing-request";
import { listConsentRequests } from "./list-consent-requests";
import { pageText } from "./pdf-text";
import { signConsentRequest, type SignConsentRequestInput } from "./sign-consent-request";

// "Sign in-app" end to end against the real database and a temporary MEDIA_DIR: staff create a
// request, the patient opens the link and signs, the register gets a Consent with a generated PDF.

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;
let b: TestOrg;
const phone = { ip: "198.51.100.23", userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 7) vitest" };
const PHI = ["Philippa", "Quennell", "knee replacement", "philippa.q@example.org"];

beforeAll(async () => {
  store = await tempMediaDir("consent-requests");
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});
afterAll(() => store.close());

const requestInput = (over: Partial<CreateConsentRequestInput> = {}): CreateConsentRequestInput => ({
  subjectName: "Philippa Quennell",
  email: "Philippa.Q@example.org",
  informationDescription: "Photos and a short video of the knee replacement recovery class",
  discloser: "Test Clinic marketing office",
  recipients: "Brightline Agency\nMeta Platforms",
  channels: ["FACEBOOK", "INSTAGRAM"],
  purposes: "SOCIAL_MEDIA_MARKETING",
  expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
  ...over,
});

/** A drawn-looking signature: one stroke of a curve on a transparent canvas, as a PNG data URL. */
async function signaturePng(stroke = 5, path = "M20 150 C 100 20, 200 180, 300 60 S 500 150, 580 40"): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><path d="${path}" stroke="#111" stroke-width="${stroke}" fill="none"/></svg>`;
  return `data:image/png;base64,${(await sharp(Buffer.from(svg)).png().toBuffer()).toString("base64")}`;
}

const signInput = async (over: Partial<SignConsentRequestInput> = {}): Promise<SignConsentRequestInput> => ({
  typedName: "Philippa Quennell",
  confirmName: true,
  signature: await signaturePng(),
  ackRightToRevoke: true,
  ackNoConditioning: true,
  ackRedisclosure: true,
  ...over,
});

const tokenOf = (url: string) => url.split("/sign/")[1]!;

describe("create → open → sign", () => {
  it("creates a Consent with encrypted fields and a PDF whose certificate hash covers the authorization pages", async () => {
    const created = await createConsentRequest(a.ctx.STAFF, requestInput());
    expect(created.signingUrl).toMatch(/\/sign\/[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ emailed: true, request: { state: "PENDING", displayName: "Philippa Quennell", email: "philippa.q@example.org" } });
    const mail = (await outboxMailsTo("philippa.q@example.org"))[0]!;
    expect(mail.subject).toBe(`${a.org.name} asks you to review and sign an authorization`);
    expect(mail.text).toContain(created.signingUrl);
    for (const s of PHI.slice(0, 3)) expect(`${mail.subject} ${mail.text}`.toLowerCase()).not.toContain(s.toLowerCase());

    const token = tokenOf(created.signingUrl);
    const view = await getSigningRequest(token, phone);
    expect(view).toMatchObject({ orgName: a.org.name, elements: { subjectName: "Philippa Quennell", recipients: ["Brightline Agency", "Meta Platforms", "The public, through Facebook and Instagram"], purposes: ["SOCIAL_MEDIA_MARKETING"] } });
    const opened = await db().consentRequest.findFirstOrThrow({ where: { id: created.request.id, orgId: a.org.id } });
    expect(opened.openedAt).toBeInstanceOf(Date);

    const signed = await signConsentRequest(token, await signInput(), phone);
    expect(signed).toMatchObject({ orgName: a.org.name, copyAvailableDays: 7 });
    const row = await db().consentRequest.findFirstOrThrow({ where: { id: created.request.id, orgId: a.org.id } });
    expect(row).toMatchObject({ status: "SIGNED", signerIp: phone.ip, signerUserAgent: phone.userAgent });
    expect(row.openedAt).toEqual(opened.openedAt);

    const { consent } = await getConsent(a.ctx.COMPLIANCE_OFFICER, { consentId: row.consentId! });
    expect(consent).toMatchObject({
      status: "ACTIVE", verified: false, displayName: "Philippa Quennell", signerName: "Philippa Quennell", isRepresentative: false,
      channels: ["FACEBOOK", "INSTAGRAM"], purposes: ["SOCIAL_MEDIA_MARKETING"], uploadedById: a.users.STAFF.id,
      statements: { rightToRevoke: true, noConditioning: true, redisclosure: true }, file: { mime: "application/pdf" },
    });
    const rawConsent = await withPgClient(async (pg) => (await pg.query(`SELECT row_to_json(c)::text AS j FROM "Consent" c WHERE id = $1`, [row.consentId])).rows[0]?.j as string);
    for (const s of PHI) expect(rawConsent.toLowerCase()).not.toContain(s.toLowerCase());

    const { bytes } = await getConsentFile(a.ctx.COMPLIANCE_OFFICER, { consentId: row.consentId! });
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(consent.file.sha256);
    // The app's own signed PDF passes the same active-content check as an uploaded one.
    expect(await checkConsentFile(bytes)).toBe("application/pdf");
    const pdf = await PDFDocument.load(bytes);
    const pages = pdf.getPages();
    const certificate = pageText(pages.at(-1)!);
    expect(certificate).toContain("Signature certificate");
    for (const s of [row.id, phone.ip, row.createdAt.toISOString(), row.openedAt!.toISOString(), row.signedAt!.toISOString()]) expect(certificate).toContain(s);
    expect(certificate.replace(/\n/g, " ")).toContain("Mozilla/5.0 (Linux; Android 14; Pixel 7) vitest");

    // The printed hash is the SHA-256 of the authorization as saved before the certificate was appended:
    // the first documentBytes bytes of the file, which are a complete PDF of the other pages.
    const printed = /SHA-256 of the authorization document\n([0-9a-f]{64})/.exec(certificate)?.[1];
    const authorization = bytes.subarray(0, row.documentBytes!);
    expect(printed).toBe(createHash("sha256").update(authorization).digest("hex"));
    expect(printed).toBe(row.documentSha256);
    const authDoc = await PDFDocument.load(authorization);
    expect(authDoc.getPageCount()).toBe(pages.length - 1);
    const authText = authDoc.getPages().map(pageText).join("\n");
    expect(authText).not.toContain("Signature certificate");
    for (const s of ["Philippa Quennell", "knee replacement recovery class", "Test Clinic marketing office", "Brightline Agency", "marketing on social media", "take back (revoke) this permission at any time by writing to Privacy Office", "by email at privacy@test.vetted.local", "do not depend on whether you sign", "may share it again", "Date signed:"]) {
      expect(authText.replace(/\n/g, " ")).toContain(s);
    }

    const events = await auditEventsFor(a.org.id, { userAgent: phone.userAgent });
    expect(events.map((e) => e.action)).toEqual(["consent_request.viewed", "consent_request.signed", "consent.signed_in_app"]);
    expect(events.every((e) => e.actorId === null && e.actorLabel === "patient via signing link" && e.ip === phone.ip)).toBe(true);
    expect(JSON.stringify(events).toLowerCase()).not.toMatch(/philippa|quennell|knee/);
    const notes = await db().notification.findMany({ where: { orgId: a.org.id, userId: a.users.STAFF.id, kind: "consent_signed" } });
    expect(notes).toHaveLength(1);

    // The patient's copy is the same file; it is downloadable through the link, and audited.
    const copy = await downloadSignedCopy(token, phone);
    expect(Buffer.compare(copy.bytes, bytes)).toBe(0);
    expect(copy.filename).toBe("signed-authorization.pdf");
    expect((await auditEventsFor(a.org.id, { action: "consent_request.copy_downloaded", targetId: row.id })).length).toBe(1);

    // Single use: the second submit conflicts, the page says the link was used.
    const again = await expectAppError(signConsentRequest(token, await signInput(), phone), "CONFLICT");
    expect(again.message).toMatch(/already signed/);
    await expectAppError(getSigningRequest(token, phone), "GONE");
    expect(await db().consent.count({ where: { orgId: a.org.id, id: row.consentId! } })).toBe(1);
  });

  it("records a representative's authority and refuses signing for the patient without it", async () => {
    const { signingUrl } = await createConsentRequest(a.ctx.CONSULTANT, requestInput({ email: "", expiresAt: "", expirationEvent: "the end of the spring campaign" }));
    const token = tokenOf(signingUrl);
    const missing = await expectAppError(signConsentRequest(token, await signInput({ isRepresentative: true }), phone), "VALIDATION");
    expect((missing as unknown as { fields: Record<string, string[]> }).fields.representativeAuthority).toBeDefined();
    await signConsentRequest(token, await signInput({ typedName: "Ros Quennell", isRepresentative: true, representativeAuthority: "Parent of the patient, a minor" }), phone);
    const row = await db().consentRequest.findFirstOrThrow({ where: { tokenHash: { not: "" }, orgId: a.org.id, status: "SIGNED", expirationEvent: "the end of the spring campaign" } });
    const { consent } = await getConsent(a.ctx.ADMIN, { consentId: row.consentId! });
    expect(consent).toMatchObject({ signerName: "Ros Quennell", isRepresentative: true, representativeAuthority: "Parent of the patient, a minor", expiresAt: null, expirationEvent: "the end of the spring campaign" });
  });

  it("runs two simultaneous submits as one signature", async () => {
    const { signingUrl } = await createConsentRequest(a.ctx.STAFF, requestInput({ email: undefined }));
    const token = tokenOf(signingUrl);
    const input = await signInput();
    const results = await Promise.allSettled([signConsentRequest(token, input, phone), signConsentRequest(token, input, phone)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
  });
});

describe("links that do not work", () => {
  it("unknown, malformed, expired and cancelled links each say what happened", async () => {
    const unknown = await expectAppError(getSigningRequest("A".repeat(43), phone), "NOT_FOUND");
    expect(unknown.message).toMatch(/not valid/);
    await expectAppError(getSigningRequest("../../etc/passwd", phone), "NOT_FOUND");
    await expectAppError(signConsentRequest("A".repeat(43), await signInput(), phone), "NOT_FOUND");
    await expectAppError(downloadSignedCopy("A".repeat(43), phone), "NOT_FOUND");

    const expired = await createConsentRequest(a.ctx.STAFF, requestInput({ email: undefined }));
    await db().consentRequest.update({ where: { id: expired.request.id, orgId: a.org.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const gone = await expectAppError(getSigningRequest(tokenOf(expired.signingUrl), phone), "GONE");
    expect(gone.message).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
    await expectAppError(signConsentRequest(tokenOf(expired.signingUrl), await signInput(), phone), "GONE");
    expect((await listConsentRequests(a.ctx.STAFF)).requests.find((r) => r.id === expired.request.id)?.state).toBe("EXPIRED");

    const cancelled = await createConsentRequest(a.ctx.STAFF, requestInput({ email: undefined }));
    await cancelConsentRequest(a.ctx.STAFF, { requestId: cancelled.request.id });
    const refused = await expectAppError(signConsentRequest(tokenOf(cancelled.signingUrl), await signInput(), phone), "GONE");
    expect(refused.message).toMatch(/cancelled/);
    await expectAppError(getSigningRequest(tokenOf(cancelled.signingUrl), phone), "GONE");
    await expectAppError(cancelConsentRequest(a.ctx.STAFF, { requestId: cancelled.request.id }), "CONFLICT");
    await expectAppError(downloadSignedCopy(tokenOf(cancelled.signingUrl), phone), "NOT_FOUND");
    // Neither message names the patient.
    expect(`${gone.message} ${refused.message}`).not.toMatch(/Philippa|Quennell/);
  });

  it("the copy is available for seven days after signing, then gone", async () => {
    const { signingUrl, request } = await createConsentRequest(a.ctx.STAFF, requestInput({ email: undefined }));
    await signConsentRequest(tokenOf(signingUrl), await signInput(), phone);
    await db().consentRequest.update({ where: { id: request.id, orgId: a.org.id }, data: { copyAvailableUntil: new Date(Date.now() - 1000) } });
    const error = await expectAppError(downloadSignedCopy(tokenOf(signingUrl), phone), "GONE");
    expect(error.message).toMatch(/download period/);
  });
});

describe("bad input stores nothing", () => {
  it("blank, tiny, non-PNG and oversized signatures are refused with the field named", async () => {
    const { signingUrl, request } = await createConsentRequest(a.ctx.STAFF, requestInput({ email: undefined }));
    const token = tokenOf(signingUrl);
    const blank = `data:image/png;base64,${(await sharp({ create: { width: 600, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer()).toString("base64")}`;
    const dot = await signaturePng(3, "M300 100 L 302 101");
    const jpeg = `data:image/png;base64,${(await sharp({ create: { width: 60, height: 20, channels: 3, background: "#000" } }).jpeg().toBuffer()).toString("base64")}`;
    for (const signature of [blank, dot, jpeg, "data:image/png;base64,iVBORw0KGgo=", "not a data url"]) {
      const error = await expectAppError(signConsentRequest(token, await signInput({ signature }), phone), "VALIDATION");
      expect((error as unknown as { fields: Record<string, string[]> }).fields.signature?.length).toBeGreaterThan(0);
    }
    await expectAppError(signConsentRequest(token, await signInput({ signature: `data:image/png;base64,${"A".repeat(300_000)}` }), phone), "PAYLOAD_TOO_LARGE");
    const missing = await expectAppError(signConsentRequest(token, { typedName: " ", signature: await signaturePng() }, phone), "VALIDATION");
    expect(Object.keys((missing as unknown as { fields: Record<string, string[]> }).fields).sort()).toEqual(["ackNoConditioning", "ackRedisclosure", "ackRightToRevoke", "confirmName", "typedName"]);
    const row = await db().consentRequest.findFirstOrThrow({ where: { id: request.id, orgId: a.org.id } });
    expect(row).toMatchObject({ status: "PENDING", consentId: null, signedAt: null });
  });

  it("creating validates the elements", async () => {
    const error = await expectAppError(createConsentRequest(a.ctx.STAFF, { subjectName: "", channels: "MYSPACE", purposes: [], recipients: "", email: "nope", expiresAt: "2020-01-01" }), "VALIDATION");
    const fields = (error as unknown as { fields: Record<string, string[]> }).fields;
    for (const f of ["subjectName", "informationDescription", "discloser", "channels.0", "purposes", "email"]) expect(fields[f], f).toBeDefined();
    for (const over of [{ expiresAt: undefined, expirationEvent: undefined }, { expiresAt: "2020-01-01" }, { expiresAt: "next year" }]) {
      const e = await expectAppError(createConsentRequest(a.ctx.STAFF, requestInput(over)), "VALIDATION");
      expect((e as unknown as { fields: Record<string, string[]> }).fields.expiresAt, JSON.stringify(over)).toBeDefined();
    }
  });
});

describe("revocation contact and recipients", () => {
  it("is refused while the org has not set where to send a revocation, storing nothing", async () => {
    const bare = await createOrgWithMembers();
    await db().organization.update({ where: { id: bare.org.id }, data: { privacyAddress: null, privacyEmail: null } });
    const e = await expectAppError(createConsentRequest(bare.ctx.STAFF, requestInput({ email: undefined })), "CONFLICT");
    expect(e.message).toMatch(/where patients send a revocation/);
    expect(await db().consentRequest.count({ where: { orgId: bare.org.id } })).toBe(0);
  });

  it("prints the org's contact (snapshotted) and derives the public recipients from the channels", async () => {
    await db().organization.update({ where: { id: a.org.id }, data: { privacyOfficer: "Privacy Desk", privacyAddress: "9 Pine St, Salem, OR 97301", privacyEmail: "privacy@a.example" } });
    const { signingUrl } = await createConsentRequest(a.ctx.STAFF, requestInput({ email: undefined, recipients: "Brightline Agency\nThe public, on any site", channels: ["LINKEDIN"] }));
    await db().organization.update({ where: { id: a.org.id }, data: { privacyEmail: "changed@a.example" } });
    const view = await getSigningRequest(tokenOf(signingUrl), phone);
    expect(view.elements.recipients).toEqual(["Brightline Agency", "The public, through LinkedIn"]);
    expect(view.elements.revocationContact).toBe(`Privacy Desk, ${a.org.name}, by post at 9 Pine St, Salem, OR 97301 or by email at privacy@a.example`);
  });
});

describe("at rest and across orgs", () => {
  it("the raw request row holds no plaintext name, email or description, nor the token", async () => {
    const { signingUrl, request } = await createConsentRequest(a.ctx.STAFF, requestInput());
    const raw = await withPgClient(async (pg) => (await pg.query(`SELECT row_to_json(r)::text AS j FROM "ConsentRequest" r WHERE id = $1`, [request.id])).rows[0]?.j as string);
    for (const s of [...PHI, tokenOf(signingUrl)]) expect(raw.toLowerCase()).not.toContain(s.toLowerCase());
    expect(JSON.parse(raw).subjectNameCipher).toMatch(/^v1:/);
    expect(JSON.parse(raw).tokenHash).toBe(createHash("sha256").update(tokenOf(signingUrl)).digest("hex"));
    const created = await auditEventsFor(a.org.id, { action: "consent_request.created", targetId: request.id });
    expect(JSON.stringify(created).toLowerCase()).not.toMatch(/philippa|quennell|knee|example\.org/);
  });

  it("another org cannot list or cancel the request", async () => {
    const { request } = await createConsentRequest(a.ctx.STAFF, requestInput({ email: undefined }));
    for (const ctx of Object.values(b.ctx)) await expectAppError(cancelConsentRequest(ctx, { requestId: request.id }), "NOT_FOUND");
    expect((await listConsentRequests(b.ctx.ADMIN)).requests.map((r) => r.id)).not.toContain(request.id);
    const row = await db().consentRequest.findFirstOrThrow({ where: { id: request.id, orgId: a.org.id } });
    expect(row.status).toBe("PENDING");
    await expectAppError(cancelConsentRequest(a.ctx.STAFF, { requestId: "not-an-id" }), "VALIDATION");
  });
});

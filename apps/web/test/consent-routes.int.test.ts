import { db } from "@vetted/db";
import { createOrgWithMembers, tempMediaDir, type TestOrg } from "@vetted/domain/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { minimalPdf } from "../../../packages/domain/src/consents/consent-test-helpers";
import { form, importApp } from "./route-harness";

// The consent routes over HTTP: the multipart upload (fields, lists, checkboxes, size caps, bad
// files), the file download headers, verify and revoke. Tenant isolation is in route-matrix.int.test.ts.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "consent-routes" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorJson = { error: { code: string; message: string; fields?: Record<string, string[]> } };

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;
const LIST = "api/orgs/[orgSlug]/consents/route.ts";
const ONE = "api/orgs/[orgSlug]/consents/[consentId]/route.ts";
const FILE = "api/orgs/[orgSlug]/consents/[consentId]/file/route.ts";
const VERIFY = "api/orgs/[orgSlug]/consents/[consentId]/verify/route.ts";
const REVOKE = "api/orgs/[orgSlug]/consents/[consentId]/revoke/route.ts";
const SEARCH = "api/orgs/[orgSlug]/consents/search/route.ts";
const NAME = "Rosalind Featherstonehaugh";

beforeAll(async () => {
  store = await tempMediaDir("consent-routes");
  a = await createOrgWithMembers();
  await actAs(a.users.STAFF.id);
});
afterAll(() => store.close());

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15, reauthAt: new Date() } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

async function call(relative: string, method: string, params: Record<string, string>, init: RequestInit & { query?: string } = {}) {
  const handler = (await importApp(relative))[method] as Handler;
  const request = new Request(`http://localhost/x${init.query ?? ""}`, { method, duplex: "half", ...init } as RequestInit);
  return handler(request, { params: Promise.resolve({ orgSlug: a.org.slug, ...params }) });
}

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The form the upload page sends: lists as repeated fields (or lines), checkboxes "on"/"true". */
function consentForm(over: Record<string, string | string[] | null> = {}, file: Uint8Array | null = minimalPdf()) {
  const fields: Record<string, string | string[] | null> = {
    subjectName: NAME, dateOfBirth: "1958-02-11", mrn: "MRN-7001", informationDescription: "Photos from the spring garden party",
    discloser: "Test Clinic", recipients: "Northwind Health Marketing\r\n\r\nMeta Platforms", channels: ["FACEBOOK", "INSTAGRAM"],
    purposes: ["SOCIAL_MEDIA_MARKETING"], expiresAt: dayOffset(365), expirationEvent: "", signerName: NAME, signedAt: dayOffset(-2),
    ackRightToRevoke: "on", ackNoConditioning: "true", ackRedisclosure: "on", ...over,
  };
  const data = new FormData();
  if (file) data.set("file", new Blob([new Uint8Array(file)], { type: "application/pdf" }), `${NAME} consent.pdf`);
  for (const [k, v] of Object.entries(fields)) for (const value of v === null ? [] : Array.isArray(v) ? v : [v]) data.append(k, value);
  return data;
}

async function expectError(response: Response, status: number, fields: string[] = []) {
  const body = (await response.json()) as ErrorJson;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.message).toBeTruthy();
  for (const field of fields) expect(body.error.fields?.[field]?.length, `${field} in ${JSON.stringify(body)}`).toBeGreaterThan(0);
  return body;
}

const filesStored = () => store.files();
const rows = () => db().consent.count({ where: { orgId: a.org.id } });

describe("consent search keeps patient details out of URLs (security issue 14, finding 9)", () => {
  it("GET with a name, DOB, MRN or subject name in the query is 400, pointing to the POST, without echoing the value", async () => {
    await actAs(a.users.STAFF.id);
    for (const param of ["name", "dob", "mrn", "subjectName", "Name", "dateOfBirth"]) {
      const value = "Wilhelmina Okonjo-Castellanos";
      const response = await call(LIST, "GET", {}, { query: `?status=ACTIVE&${param}=${encodeURIComponent(value)}` });
      const text = await response.clone().text();
      const body = await expectError(response, 400, [param]);
      expect(body.error.message).toMatch(/POST/);
      expect(text).not.toContain("Wilhelmina");
      expect(text).not.toContain("Okonjo");
    }
    // Filters without PHI still work by GET.
    expect((await call(LIST, "GET", {}, { query: "?status=ACTIVE" })).status).toBe(200);
  });

  it("the register's name search form posts to a server action and never reads the name from the URL", async () => {
    const { readFile } = await import("node:fs/promises");
    const dir = new URL("../app/orgs/[orgSlug]/consents/", import.meta.url);
    const form = await readFile(new URL("name-search.tsx", dir), "utf8");
    // A server action (a POST); a plain GET form or a router push would put the name in the address.
    expect(form).toMatch(/<form\b[^>]*\baction=\{formAction\}/);
    expect(form).not.toMatch(/method=["']get|router\.|searchParams|href=\{`[^`]*name/i);
    const page = await readFile(new URL("page.tsx", dir), "utf8");
    expect(page).not.toMatch(/raw\.name|searchParams\.get\("name"\)/);
    const actions = await readFile(new URL("actions.ts", dir), "utf8");
    expect(actions).toMatch(/^"use server";/);
  });
});

describe("consent routes", () => {
  it("uploads a form, finds it by exact name, serves the file, verifies and revokes it", async () => {
    await actAs(a.users.STAFF.id);
    const created = await call(LIST, "POST", {}, { body: consentForm() });
    expect(created.status).toBe(201);
    const { consent } = (await created.json()) as { consent: { id: string; channels: string[]; verified: boolean } };
    expect(consent).toMatchObject({ channels: ["FACEBOOK", "INSTAGRAM"], verified: false });

    const byName = (name: string, extra: Record<string, unknown> = {}) =>
      call(SEARCH, "POST", {}, { body: JSON.stringify({ name, ...extra }), headers: { "content-type": "application/json" } });
    const found = (await (await byName("rosalind featherstonehaugh")).json()) as { consents: { id: string }[] };
    expect(found.consents.map((c) => c.id)).toEqual([consent.id]);
    expect(((await (await byName("Rosalind")).json()) as { consents: unknown[] }).consents).toEqual([]);
    expect(((await (await byName(NAME, { status: "REVOKED" })).json()) as { consents: unknown[] }).consents).toEqual([]);
    await expectError(await byName(NAME, { status: "LOST" }), 400, ["status"]);
    const soon = (await (await call(LIST, "GET", {}, { query: "?expiringSoon=1" })).json()) as { consents: { id: string }[] };
    expect(soon.consents.map((c) => c.id)).not.toContain(consent.id);

    const detail = (await (await call(ONE, "GET", { consentId: consent.id })).json()) as { consent: Record<string, unknown>; usage: unknown };
    expect(detail.consent).toMatchObject({ displayName: NAME, recipients: ["Northwind Health Marketing", "Meta Platforms"], isRepresentative: false, mrn: "MRN-7001" });
    expect(detail.usage).toEqual({ posts: [], removalTasks: [] });

    await actAs(a.users.COMPLIANCE_OFFICER.id);
    await expectError(await call(VERIFY, "POST", { consentId: consent.id }), 409);
    const inline = await call(FILE, "GET", { consentId: consent.id });
    expect(inline.status).toBe(200);
    expect(Object.fromEntries(["content-type", "content-disposition", "cache-control", "x-content-type-options", "x-frame-options", "content-security-policy"].map((h) => [h, inline.headers.get(h)]))).toEqual({
      "content-type": "application/pdf", "content-disposition": `inline; filename="consent-${consent.id}.pdf"`, "cache-control": "private, no-store",
      "x-content-type-options": "nosniff", "x-frame-options": "SAMEORIGIN", "content-security-policy": "sandbox; default-src 'none'; frame-ancestors 'self'",
    });
    expect(Buffer.from(await inline.arrayBuffer()).equals(minimalPdf())).toBe(true);
    const download = await call(FILE, "GET", { consentId: consent.id }, { query: "?download=1" });
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="consent-${consent.id}.pdf"`);
    // A stored file never runs as a page of the app, whichever way it is opened.
    expect([download.headers.get("content-security-policy"), download.headers.get("x-content-type-options")]).toEqual(["sandbox; default-src 'none'; frame-ancestors 'self'", "nosniff"]);
    const verified = await call(VERIFY, "POST", { consentId: consent.id });
    expect(verified.status).toBe(200);
    expect(((await verified.json()) as { consent: { verified: boolean } }).consent.verified).toBe(true);

    await expectError(await call(REVOKE, "POST", { consentId: consent.id }, { body: JSON.stringify({ receivedAt: dayOffset(1), method: "PIGEON" }) }), 400, ["receivedAt", "method"]);
    const revoked = await call(REVOKE, "POST", { consentId: consent.id }, { body: JSON.stringify({ receivedAt: dayOffset(0), method: "LETTER" }) });
    expect(await revoked.json()).toMatchObject({ consent: { status: "REVOKED" }, sentBack: 0, removalTasks: 0 });
    await expectError(await call(REVOKE, "POST", { consentId: consent.id }, { body: JSON.stringify({ receivedAt: dayOffset(0), method: "LETTER" }) }), 409);
  });

  it("server actions: name search with the page's empty filters, verify, revoke with what it stopped", async () => {
    type Action = (slug: string, prev: null, data: FormData) => Promise<{ ok: boolean; data?: unknown; message?: string; error?: { code: string; fields?: object } }>;
    const actions = (await importApp("orgs/[orgSlug]/consents/actions.ts")) as Record<string, Action>;
    await actAs(a.users.STAFF.id);
    const created = await call(LIST, "POST", {}, { body: consentForm({ subjectName: "Cornelius Abernathy-Szabo" }) });
    const { consent } = (await created.json()) as { consent: { id: string } };

    const found = await actions.searchConsentsAction!(a.org.slug, null, form({ name: "cornelius abernathy-szabo", status: "", expiringSoon: "" }));
    expect(found).toMatchObject({ ok: true });
    expect((found.data as { id: string }[]).map((c) => c.id)).toEqual([consent.id]);
    const none = await actions.searchConsentsAction!(a.org.slug, null, form({ name: "cornelius abernathy-szabo", status: "REVOKED", expiringSoon: "" }));
    expect(none.data).toEqual([]);
    expect(await actions.searchConsentsAction!(a.org.slug, null, form({ name: "x", status: "LOST" }))).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { status: expect.any(Array) } } });

    await actAs(a.users.COMPLIANCE_OFFICER.id);
    expect(await actions.verifyConsentAction!(a.org.slug, null, form({ consentId: consent.id }))).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    await call(FILE, "GET", { consentId: consent.id });
    expect(await actions.verifyConsentAction!(a.org.slug, null, form({ consentId: consent.id }))).toMatchObject({ ok: true });
    expect(await actions.revokeConsentAction!(a.org.slug, null, form({ consentId: consent.id, receivedAt: dayOffset(0) }))).toMatchObject({ ok: false, error: { fields: { method: expect.any(Array) } } });
    const revoked = await actions.revokeConsentAction!(a.org.slug, null, form({ consentId: consent.id, receivedAt: dayOffset(0), method: "FAX" }));
    expect(revoked).toMatchObject({ ok: true, data: { sentBack: 0, removalTasks: 0 } });
    expect(revoked.message).toMatch(/^Revoked\. 0 posts were sent back for changes; 0 removal tasks were created/);
  });

  it("refuses bad files with a 4xx that names the file and stores nothing", async () => {
    await actAs(a.users.STAFF.id);
    const [before, filesBefore] = [await rows(), await filesStored()];
    const cases: [string, Uint8Array, number, RegExp][] = [
      ["a 0-byte file", new Uint8Array(0), 400, /empty/],
      ["an executable renamed .pdf", Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(2000, 1)]), 400, /Windows program/],
      ["a PDF with JavaScript", minimalPdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), 400, /contains JavaScript/],
      ["a PNG that is HTML", Buffer.from("<!DOCTYPE html><html><body><script>fetch('/x')</script></body></html>"), 400, /web page/],
      ["a 50 MB file", Buffer.concat([minimalPdf(), Buffer.alloc(50 * 1024 * 1024)]), 413, /20 MB/],
    ];
    for (const [what, bytes, status, message] of cases) {
      const body = await expectError(await call(LIST, "POST", {}, { body: consentForm({}, bytes) }), status, ["file"]);
      expect(body.error.message, what).toMatch(message);
    }
    // A declared size over the cap is refused before the body is read.
    let pulled = 0;
    const neverRead = new ReadableStream({ pull: () => void pulled++ }, { highWaterMark: 0 });
    await expectError(await call(LIST, "POST", {}, { body: neverRead, headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(50 * 1024 * 1024) } }), 413);
    expect(pulled).toBe(0);
    await expectError(await call(LIST, "POST", {}, { body: consentForm({}, null) }), 400, ["file"]);
    await expectError(await call(LIST, "POST", {}, { body: JSON.stringify({ subjectName: NAME }), headers: { "content-type": "application/json" } }), 400, ["file"]);
    expect([await rows(), await filesStored()]).toEqual([before, filesBefore]);
  });

  it("names every missing or invalid field, and stores nothing", async () => {
    await actAs(a.users.STAFF.id);
    const [before, filesBefore] = [await rows(), await filesStored()];
    const missing = ["subjectName", "informationDescription", "discloser", "recipients", "channels", "purposes", "signerName", "signedAt", "ackRightToRevoke", "ackNoConditioning", "ackRedisclosure"];
    const body = await expectError(await call(LIST, "POST", {}, { body: consentForm(Object.fromEntries(missing.map((k) => [k, null]))) }), 400, missing);
    expect(body.error.fields?.ackNoConditioning?.join()).toMatch(/164\.508/);
    await expectError(await call(LIST, "POST", {}, { body: consentForm({ channels: ["FACEBOOK", "MYSPACE"], purposes: ["GOSSIP"], dateOfBirth: "11/02/1958" }) }), 400, ["channels.1", "purposes.0", "dateOfBirth"]);
    // Checked once every element is there (the domain schema's cross-field rules).
    await expectError(await call(LIST, "POST", {}, { body: consentForm({ expiresAt: null }) }), 400, ["expiresAt"]);
    await expectError(await call(LIST, "POST", {}, { body: consentForm({ isRepresentative: "on" }) }), 400, ["representativeAuthority"]);
    await expectError(await call(LIST, "POST", {}, { body: consentForm({ isRepresentative: "maybe" }) }), 400, ["isRepresentative"]);
    await expectError(await call(LIST, "POST", {}, { body: consentForm({ signedAt: dayOffset(3) }) }), 400, ["signedAt"]);
    expect([await rows(), await filesStored()]).toEqual([before, filesBefore]);

    await expectError(await call(LIST, "GET", {}, { query: "?expiringSoon=maybe" }), 400, ["expiringSoon"]);
    await expectError(await call(LIST, "GET", {}, { query: "?status=PENDING" }), 400, ["status"]);
    for (const route of [ONE, FILE]) await expectError(await call(route, "GET", { consentId: "../../etc" }), 400, ["consentId"]);
    await actAs(a.users.COMPLIANCE_OFFICER.id);
    await expectError(await call(VERIFY, "POST", { consentId: "1 OR 1=1" }), 400, ["consentId"]);
  });
});

import { db } from "@vetted/db";
import { createOrgWithMembers, tempMediaDir, type TestOrg } from "@vetted/domain/testing";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { form, importApp } from "./route-harness";

// "Sign in-app" over HTTP: the public submit and copy routes (no session; the token is the
// credential) and the org's server actions. Tenant isolation of the actions is in route-matrix.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "203.0.113.9", userAgent: "consent-signing-routes" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorJson = { error: { code: string; message: string; fields?: Record<string, string[]> } };
type ActionResult = { ok: boolean; data?: { signingUrl: string; emailed: boolean }; error?: ErrorJson["error"] };
type Action = (slug: string, prev: null, data: FormData) => Promise<ActionResult>;

const SUBMIT = "sign/[token]/submit/route.ts";
const COPY = "sign/[token]/copy/route.ts";
const ACTIONS = "orgs/[orgSlug]/consents/requests/actions.ts";
let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;
let actions: Record<string, Action>;

beforeAll(async () => {
  store = await tempMediaDir("signing-routes");
  a = await createOrgWithMembers();
  const session = await db().userSession.create({ data: { userId: a.users.STAFF.id, idleMinutes: 15 } });
  acting.userId = a.users.STAFF.id;
  acting.sessionId = session.id;
  actions = (await importApp(ACTIONS)) as Record<string, Action>;
});
afterAll(() => store.close());

async function call(relative: string, method: string, token: string, body?: string) {
  const handler = (await importApp(relative))[method] as Handler;
  const request = new Request(`http://localhost/sign/${token}/x`, { method, body, headers: body === undefined ? {} : { "content-type": "application/json" } });
  return handler(request, { params: Promise.resolve({ token }) });
}

async function expectError(response: Response, status: number, ...fields: string[]) {
  const body = (await response.json()) as ErrorJson;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.message).toBeTruthy();
  for (const f of fields) expect(body.error.fields?.[f]?.length, `${f} in ${JSON.stringify(body)}`).toBeGreaterThan(0);
  return body;
}

const requestForm = (over: Record<string, string> = {}) =>
  form({
    subjectName: "Odalys Penhaligon", email: "", informationDescription: "Photos from the diabetes education class", discloser: "Route Clinic",
    recipients: "Route Agency\nThe public", channels: "FACEBOOK", purposes: "SOCIAL_MEDIA_MARKETING", expiresAt: "2099-06-30", expirationEvent: "", ...over,
  });

async function newToken(): Promise<string> {
  const result = await actions.createConsentRequestAction!(a.org.slug, null, requestForm());
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result.data!.signingUrl.split("/sign/")[1]!;
}

async function signature(): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="160"><path d="M10 120 C 90 10, 180 150, 260 50 S 420 130, 490 30" stroke="#000" stroke-width="5" fill="none"/></svg>`;
  return `data:image/png;base64,${(await sharp(Buffer.from(svg)).png().toBuffer()).toString("base64")}`;
}

const complete = async (over: Record<string, unknown> = {}) =>
  JSON.stringify({ typedName: "Odalys Penhaligon", confirmName: true, signature: await signature(), ackRightToRevoke: true, ackNoConditioning: true, ackRedisclosure: true, ...over });

describe("server actions", () => {
  it("creates a request from form fields (one channel is a string, recipients one per line) and returns the link once", async () => {
    const result = await actions.createConsentRequestAction!(a.org.slug, null, requestForm({ email: "odalys@example.org" }));
    expect(result).toMatchObject({ ok: true, data: { emailed: true } });
    expect(result.data!.signingUrl).toMatch(/\/sign\/[A-Za-z0-9_-]{43}$/);
    const row = await db().consentRequest.findFirstOrThrow({ where: { orgId: a.org.id }, orderBy: { createdAt: "desc" } });
    expect(row).toMatchObject({ recipients: ["Route Agency", "The public, through Facebook"], channels: ["FACEBOOK"], expirationEvent: null });
  });

  it("returns field errors and stores nothing on bad input", async () => {
    const before = await db().consentRequest.count({ where: { orgId: a.org.id } });
    const result = await actions.createConsentRequestAction!(a.org.slug, null, requestForm({ subjectName: "", email: "not-an-email", expiresAt: "", channels: "MYSPACE" }));
    expect(result).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(Object.keys(result.error!.fields!)).toEqual(expect.arrayContaining(["subjectName", "email", "channels.0"]));
    expect(await db().consentRequest.count({ where: { orgId: a.org.id } })).toBe(before);
  });

  it("cancels a request: its link then answers 410", async () => {
    const token = await newToken();
    const row = await db().consentRequest.findFirstOrThrow({ where: { orgId: a.org.id }, orderBy: { createdAt: "desc" } });
    expect(await actions.cancelConsentRequestAction!(a.org.slug, null, form({ requestId: row.id }))).toMatchObject({ ok: true });
    expect(await actions.cancelConsentRequestAction!(a.org.slug, null, form({ requestId: "nope" }))).toMatchObject({ ok: false, error: { fields: { requestId: [expect.any(String)] } } });
    const body = await expectError(await call(SUBMIT, "POST", token, await complete()), 410);
    expect(body.error.message).toMatch(/cancelled/);
  });
});

describe("POST /sign/[token]/submit", () => {
  it("refuses malformed, empty, oversized and incomplete bodies with a 4xx naming the fields", async () => {
    const token = await newToken();
    await expectError(await call(SUBMIT, "POST", token, "{not json"), 400, "_");
    await expectError(await call(SUBMIT, "POST", token, ""), 400, "_");
    await expectError(await call(SUBMIT, "POST", token, "[1,2]"), 400);
    await expectError(await call(SUBMIT, "POST", token, JSON.stringify({ pad: "x".repeat(400_000) })), 413);
    // Just over the signature cap but within the body cap: the answer names the signature.
    await expectError(await call(SUBMIT, "POST", token, await complete({ signature: `data:image/png;base64,${"A".repeat(280_000)}` })), 413, "signature");
    await expectError(await call(SUBMIT, "POST", token, "{}"), 400, "typedName", "signature", "confirmName", "ackRightToRevoke", "ackNoConditioning", "ackRedisclosure");
    await expectError(await call(SUBMIT, "POST", token, await complete({ confirmName: false, ackRedisclosure: "yes" })), 400, "confirmName", "ackRedisclosure");
    const blank = `data:image/png;base64,${(await sharp({ create: { width: 500, height: 160, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer()).toString("base64")}`;
    await expectError(await call(SUBMIT, "POST", token, await complete({ signature: blank })), 400, "signature");
    await expectError(await call(SUBMIT, "POST", token, await complete({ isRepresentative: true })), 400, "representativeAuthority");
    const row = await db().consentRequest.findFirstOrThrow({ where: { orgId: a.org.id }, orderBy: { createdAt: "desc" } });
    expect(row).toMatchObject({ status: "PENDING", consentId: null });
  });

  it("signs once, then serves the copy as a PDF download; a second submit is 409", async () => {
    const token = await newToken();
    await expectError(await call(COPY, "GET", token), 404);
    const signed = await call(SUBMIT, "POST", token, await complete());
    expect(signed.status).toBe(200);
    expect(signed.headers.get("cache-control")).toBe("no-store");
    expect(await signed.json()).toMatchObject({ ok: true, copyAvailableDays: 7, orgName: a.org.name });
    const row = await db().consentRequest.findFirstOrThrow({ where: { orgId: a.org.id }, orderBy: { createdAt: "desc" } });
    expect(row).toMatchObject({ status: "SIGNED", signerIp: "203.0.113.9", signerUserAgent: "consent-signing-routes" });

    const again = await expectError(await call(SUBMIT, "POST", token, await complete()), 409);
    expect(again.error.message).toMatch(/already signed/);

    const copy = await call(COPY, "GET", token);
    expect(copy.status).toBe(200);
    expect(Object.fromEntries(["content-type", "content-disposition", "cache-control", "x-content-type-options", "content-security-policy"].map((h) => [h, copy.headers.get(h)]))).toEqual({
      "content-type": "application/pdf", "content-disposition": 'attachment; filename="signed-authorization.pdf"', "cache-control": "private, no-store", "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    });
    const bytes = Buffer.from(await copy.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(5_000);
  });

  it("unknown and malformed tokens are 404 on both routes", async () => {
    for (const token of ["A".repeat(43), "short", "..%2F..%2Fetc"]) {
      await expectError(await call(SUBMIT, "POST", token, await complete()), 404);
      await expectError(await call(COPY, "GET", token), 404);
    }
  });
});

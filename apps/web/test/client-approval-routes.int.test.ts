import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { closeLimiters, createPost, decidePost, mediaStorage, runScanJob, submitPost } from "@vetted/domain";
import { codeFor, createOrgWithMembers, linkTokenFor, randomTestIp, tempMediaDir, withClientStep, type TestOrg } from "@vetted/domain/testing";
import type { ImageScanner } from "@vetted/scanner/image";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { importApp } from "./route-harness";

// Issue 16 over HTTP: the public routes of a client approver link (no Vetted session; the token in
// the path is the credential, the mailed code the second factor, then a cookie scoped to the link).

const meta = vi.hoisted(() => ({ ip: null as string | null }));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: meta.ip, userAgent: "client-approval-routes" }) }));

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorJson = { error: { code: string; message: string; fields?: Record<string, string[]> } };

const VERIFY = "approve/[token]/verify/route.ts";
const CODE = "approve/[token]/code/route.ts";
const DECISION = "approve/[token]/decision/route.ts";
const MEDIA = "approve/[token]/media/[mediaId]/route.ts";
let org: TestOrg;
let email: string;
let store: Awaited<ReturnType<typeof tempMediaDir>>;

beforeAll(async () => {
  store = await tempMediaDir("client-approval-routes");
  org = await createOrgWithMembers();
  ({ email } = await withClientStep(org));
});
afterAll(async () => {
  closeLimiters();
  await store.close();
});
// Each test is another browser, so the misses of one never reach the per-IP limit of the next.
beforeEach(() => {
  meta.ip = randomTestIp();
});

async function call(relative: string, method: string, params: Record<string, string>, init: { body?: unknown; cookie?: string } = {}) {
  const handler = (await importApp(relative))[method] as Handler;
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.cookie) headers.cookie = init.cookie;
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  return handler(new Request(`http://localhost/approve/${params.token}/x`, { method, body, headers }), { params: Promise.resolve(params) });
}

async function expectError(response: Response, status: number, field?: string) {
  const body = (await response.json()) as ErrorJson;
  expect(response.status, JSON.stringify(body)).toBe(status);
  if (field) expect(body.error.fields?.[field]?.length, JSON.stringify(body)).toBeGreaterThan(0);
  return body.error;
}

/** A post with one image, approved by the officer: it waits for the client, whose link is returned. */
async function linkForPostWithImage() {
  const media = await db().media.create({
    data: { orgId: org.org.id, storageKey: `${org.org.id}/m-${randomUUID()}/display`, mime: "image/png", width: 10, height: 10, bytes: 3, sha256: "0".repeat(64), createdById: org.users.CONSULTANT.id },
  });
  await mediaStorage().put(media.storageKey, Buffer.from("IMG"));
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Routes post", text: "Our lobby has new chairs.", channels: ["FACEBOOK"], mediaIds: [media.id] });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  const noFaces = { scan: async () => ({ verdict: "allow", faces: 0, reasons: [], width: 10, height: 10, format: "png", findings: [] }) } as unknown as ImageScanner;
  await runScanJob({ scanJobId, orgId: org.org.id }, { imageScanner: async () => noFaces });
  await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" });
  return { postId: post.id, mediaId: media.id, token: await linkTokenFor(email) };
}

/** Opens the link (the page would: it mails the code) by asking for a code, then confirms it; the cookie header to send. */
async function confirm(token: string) {
  const sent = await call(CODE, "POST", { token });
  expect(sent.status).toBe(200);
  const verified = await call(VERIFY, "POST", { token }, { body: { code: await codeFor(email) } });
  expect(verified.status).toBe(200);
  const setCookie = verified.headers.get("set-cookie")!;
  return { setCookie, cookie: setCookie.split(";")[0]! };
}

describe("client approval routes", () => {
  it("an unknown or malformed token is 404 on every route; a malformed body names the field first", async () => {
    const token = "u".repeat(43);
    await expectError(await call(VERIFY, "POST", { token }, { body: { code: "123456" } }), 404);
    await expectError(await call(CODE, "POST", { token }), 404);
    await expectError(await call(DECISION, "POST", { token }, { body: { decision: "APPROVE" } }), 404);
    await expectError(await call(MEDIA, "GET", { token, mediaId: randomUUID() }), 404);
    await expectError(await call(VERIFY, "POST", { token: "../x" }, { body: { code: "12" } }), 400, "code");
    await expectError(await call(DECISION, "POST", { token }, { body: { decision: "REJECT" } }), 400, "decision");
    await expectError(await call(VERIFY, "POST", { token }, { body: "{not json" }), 400);
  });

  it("a right code sets an HttpOnly, SameSite=Strict cookie scoped to the link; images then come with a sandbox CSP", async () => {
    const { token, mediaId } = await linkForPostWithImage();
    const { setCookie, cookie } = await confirm(token);
    expect(setCookie).toMatch(new RegExp(`^vetted_client_approval=[A-Za-z0-9_-]{43}; Path=/approve/${token}; Expires=.+; HttpOnly; SameSite=Strict$`));
    await expectError(await call(MEDIA, "GET", { token, mediaId }), 401);
    const image = await call(MEDIA, "GET", { token, mediaId }, { cookie });
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).toString()).toBe("IMG");
    expect(image.headers.get("cache-control")).toBe("private, no-store");
    expect(image.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    await expectError(await call(MEDIA, "GET", { token, mediaId: randomUUID() }, { cookie }), 404);
    // A new code within the minute is refused with Retry-After.
    const again = await call(CODE, "POST", { token });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    const read = await db().auditEvent.count({ where: { orgId: org.org.id, action: "client_approval.media_viewed", targetId: mediaId } });
    expect(read).toBe(1);
  });

  it("a wrong code is a 400 on the field; the decision needs the cookie, is 200 once and 410 after", async () => {
    const { token, postId } = await linkForPostWithImage();
    await call(CODE, "POST", { token });
    const right = await codeFor(email);
    const wrong = await expectError(await call(VERIFY, "POST", { token }, { body: { code: right === "000000" ? "000001" : "000000" } }), 400, "code");
    expect(wrong.fields!.code![0]).toMatch(/4 attempts left/);
    const verified = await call(VERIFY, "POST", { token }, { body: { code: right } });
    const cookie = verified.headers.get("set-cookie")!.split(";")[0]!;
    await expectError(await call(DECISION, "POST", { token }, { body: { decision: "APPROVE" } }), 401);
    const decided = await call(DECISION, "POST", { token }, { body: { decision: "APPROVE" }, cookie });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ ok: true, decision: "APPROVE" });
    expect((await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } })).state).toBe("APPROVED");
    const reused = await expectError(await call(DECISION, "POST", { token }, { body: { decision: "APPROVE" }, cookie }), 410);
    expect(reused.message).toMatch(/already used/);
    await expectError(await call(VERIFY, "POST", { token }, { body: { code: right } }), 410);
  });
});

import { db } from "@vetted/db";
import { createOrgWithMembers, tempMediaDir, type TestOrg } from "@vetted/domain/testing";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importApp } from "./route-harness";

// The media routes over HTTP semantics: multipart parsing and size caps before the body is read,
// response headers of downloads. Tenant isolation is in route-matrix.int.test.ts.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "media-routes" }) }));

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorJson = { error: { code: string; message: string; fields?: Record<string, string[]> } };

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;
const UPLOAD = "api/orgs/[orgSlug]/media/route.ts";
const FILE = "api/orgs/[orgSlug]/media/[mediaId]/route.ts";

beforeAll(async () => {
  store = await tempMediaDir("media-routes");
  a = await createOrgWithMembers();
  const session = await db().userSession.create({ data: { userId: a.users.CONSULTANT.id, idleMinutes: 15 } });
  acting.userId = a.users.CONSULTANT.id;
  acting.sessionId = session.id;
});
afterAll(() => store.close());

async function call(relative: string, method: string, params: Record<string, string>, init: RequestInit & { query?: string } = {}) {
  const handler = (await importApp(relative))[method] as Handler;
  const request = new Request(`http://localhost/x${init.query ?? ""}`, { method, duplex: "half", ...init } as RequestInit);
  return handler(request, { params: Promise.resolve({ orgSlug: a.org.slug, ...params }) });
}

function multipart(file: Uint8Array | null, field = "file") {
  const data = new FormData();
  if (file) data.set(field, new Blob([new Uint8Array(file)], { type: "image/jpeg" }), "Some Patient Name.jpg");
  return data;
}

async function expectError(response: Response, status: number, field?: string) {
  const body = (await response.json()) as ErrorJson;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.message).toBeTruthy();
  if (field) expect(body.error.fields?.[field]?.length, JSON.stringify(body)).toBeGreaterThan(0);
}

const filesStored = () => store.files();
const rows = () => db().media.count({ where: { orgId: a.org.id } });

describe("POST /api/orgs/[orgSlug]/media", () => {
  it("stores an uploaded image and serves it back with safe headers", async () => {
    const png = await sharp({ create: { width: 12, height: 7, channels: 3, background: "#345" } }).png().toBuffer();
    const created = await call(UPLOAD, "POST", {}, { body: multipart(png) });
    expect(created.status).toBe(201);
    const { media } = (await created.json()) as { media: { id: string; width: number; height: number } };
    expect(media).toMatchObject({ width: 12, height: 7 });
    expect(JSON.stringify(media)).not.toMatch(/Patient|storageKey|display/);

    const got = await call(FILE, "GET", { mediaId: media.id });
    expect(got.status).toBe(200);
    expect(Object.fromEntries(["content-type", "cache-control", "content-disposition", "x-content-type-options", "content-security-policy"].map((h) => [h, got.headers.get(h)]))).toEqual({
      "content-type": "image/png", "cache-control": "private, no-store", "content-disposition": "inline", "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    });
    expect((await sharp(Buffer.from(await got.arrayBuffer())).metadata()).width).toBe(12);
    expect((await call(FILE, "GET", { mediaId: media.id }, { query: "?variant=original" })).status).toBe(200);
    await expectError(await call(FILE, "GET", { mediaId: media.id }, { query: "?variant=raw" }), 400, "variant");
    await expectError(await call(FILE, "GET", { mediaId: "../../etc" }), 400, "mediaId");
  });

  it("refuses oversized and malformed uploads with a 4xx and stores nothing", async () => {
    const [before, filesBefore] = [await rows(), await filesStored()];
    let pulled = 0;
    const neverRead = new ReadableStream({ pull: () => void pulled++ }, { highWaterMark: 0 });
    // A declared size over the cap is refused before a single byte of the body is read.
    await expectError(await call(UPLOAD, "POST", {}, { body: neverRead, headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(30 * 1024 * 1024) } }), 413);
    expect(pulled).toBe(0);

    // No Content-Length (chunked): the bytes are counted while reading.
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => (sent++ < 40 ? c.enqueue(chunk) : c.close()) });
    await expectError(await call(UPLOAD, "POST", {}, { body: endless, headers: { "content-type": "multipart/form-data; boundary=x" } }), 413);
    expect(sent).toBeLessThan(25);

    const big = new Uint8Array(21 * 1024 * 1024);
    big.set([0xff, 0xd8, 0xff]);
    await expectError(await call(UPLOAD, "POST", {}, { body: multipart(big) }), 413);
    await expectError(await call(UPLOAD, "POST", {}, { body: JSON.stringify({ file: "x" }), headers: { "content-type": "application/json" } }), 400, "file");
    await expectError(await call(UPLOAD, "POST", {}, { body: "--x\r\ngarbage", headers: { "content-type": "multipart/form-data; boundary=x" } }), 400, "file");
    await expectError(await call(UPLOAD, "POST", {}, { body: multipart(new Uint8Array([1, 2, 3]), "image") }), 400, "file");
    await expectError(await call(UPLOAD, "POST", {}, { body: multipart(new Uint8Array(0)) }), 400, "file");
    await expectError(await call(UPLOAD, "POST", {}, { body: multipart(Buffer.from("%PDF-1.7\n1 0 obj\n")) }), 400, "file");
    await expectError(await call(UPLOAD, "POST", {}, { body: multipart(Buffer.from("<html><body>hi</body></html>")) }), 400, "file");
    expect([await rows(), await filesStored()]).toEqual([before, filesBefore]);
  });
});

describe("POST /api/orgs/[orgSlug]/media/[mediaId]/redact", () => {
  const REDACT = "api/orgs/[orgSlug]/media/[mediaId]/redact/route.ts";
  const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { "content-type": "application/json" } });

  it("answers 400 naming the field for a drawn box outside the image, a box under 4×4 px or an unknown finding; stores nothing", async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#678" } }).png().toBuffer();
    const { media } = (await (await call(UPLOAD, "POST", {}, { body: multipart(png) })).json()) as { media: { id: string } };
    const [before, filesBefore, audits] = [await rows(), await filesStored(), await db().auditEvent.count({ where: { orgId: a.org.id, action: "media.redacted" } })];
    await expectError(await call(REDACT, "POST", { mediaId: media.id }, json({ boxes: [[30, 20, 20, 20]] })), 400, "boxes.0");
    await expectError(await call(REDACT, "POST", { mediaId: media.id }, json({ boxes: [[0, 0, 10, 10], [1, 1, 2, 2]] })), 400, "boxes.1.2");
    await expectError(await call(REDACT, "POST", { mediaId: media.id }, json({ findingIds: ["00000000-0000-4000-8000-000000000000"] })), 400, "findingIds.0");
    await expectError(await call(REDACT, "POST", { mediaId: media.id }, json({ boxes: [], findingIds: [] })), 400, "boxes");
    expect([await rows(), await filesStored(), await db().auditEvent.count({ where: { orgId: a.org.id, action: "media.redacted" } })]).toEqual([before, filesBefore, audits]);
  });
});

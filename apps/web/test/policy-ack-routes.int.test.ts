import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { openAcknowledgement } from "@vetted/domain";
import { createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ackTokenFromOutbox, answersFor, approveTestVersion, ensureTestManual } from "../../../packages/domain/src/policy/ack-test-helpers";
import { callRoute, importApp } from "./route-harness";

// The roster and acknowledgement routes over HTTP: the CSV upload (preview, the all-or-nothing import,
// a 10 MB file), the coverage CSV, and the public link's quiz / sign / reading-time routes (no session;
// the token is the credential). Tenant isolation is in route-matrix, bad input in input-fuzz.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "203.0.113.7", userAgent: "policy-ack-routes" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Json = { error?: { code: string; message: string; fields?: Record<string, string[]> } } & Record<string, unknown>;
type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;

const IMPORT = "api/orgs/[orgSlug]/policy/roster/import/route.ts";
const EXPORT = "api/orgs/[orgSlug]/policy/coverage/export/route.ts";
let a: TestOrg;
const worker = `worker.${randomUUID().slice(0, 8)}@example.org`;

beforeAll(async () => {
  a = await createOrgWithMembers();
  const session = await db().userSession.create({ data: { userId: a.users.COMPLIANCE_OFFICER.id, idleMinutes: 15, reauthAt: new Date() } });
  acting.userId = a.users.COMPLIANCE_OFFICER.id;
  acting.sessionId = session.id;
});

async function upload(csv: string | Uint8Array<ArrayBuffer>, query = "") {
  const data = new FormData();
  data.set("file", new File([csv], "roster.csv", { type: "text/csv" }));
  const body = new Response(data);
  const response = await callRoute(IMPORT, "POST", { orgSlug: a.org.slug }, { body: new Uint8Array(await body.arrayBuffer()), query, headers: { "content-type": body.headers.get("content-type")! } });
  return { status: response.status, json: (await response.json()) as Json };
}

async function publicCall(route: "quiz" | "sign" | "reading-time", token: string, body: unknown) {
  const handler = (await importApp(`ack/[token]/${route}/route.ts`)).POST as Handler;
  const response = await handler(new Request(`http://localhost/ack/${token}/${route}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), { params: Promise.resolve({ token }) });
  return { status: response.status, json: (await response.json()) as Json };
}

describe("roster upload", () => {
  it("previews, refuses bad rows as a whole with each row named, then imports", async () => {
    const bad = `name,email,department,role\nWanda Worker,${worker},Front desk,Reception\nNo Mail,,Front desk,Reception\n`;
    const preview = await upload(bad, "?preview=1");
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ canImport: false, creates: 1, errors: [{ row: 3, field: "email", message: "Email is missing" }] });
    const refused = await upload(bad);
    expect(refused.status).toBe(400);
    expect(refused.json.error?.fields).toEqual({ "rows.3.email": ["Email is missing"] });
    expect(await db().workforcePerson.count({ where: { orgId: a.org.id } })).toBe(0);

    const ok = await upload(`name,email,department,role\nWanda Worker,${worker},Front desk,Reception\n`);
    expect(ok).toMatchObject({ status: 200, json: { created: 1, updated: 0 } });
  });

  it("answers 413 naming the field for a 10 MB file, and 400 for a file that is not UTF-8 text", async () => {
    const big = await upload(`name,email,department,role\n${"x".repeat(10 * 1024 * 1024)}`);
    expect(big.status).toBe(413);
    expect(Object.keys(big.json.error?.fields ?? {})).toEqual(["file"]);
    const binary = await upload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]));
    expect(binary.status).toBe(400);
    expect(binary.json.error?.fields?.file?.[0]).toMatch(/UTF-8/);
  });
});

describe("the public acknowledgement routes and the coverage CSV", () => {
  it("quiz failed then passed, signed once, reading time recorded; the CSV shows it", async () => {
    await ensureTestManual(a);
    await approveTestVersion(a);
    const token = await ackTokenFromOutbox(worker);
    const { questions } = await ensureTestManual(a);
    // Reading before opening is refused: the page's open is what starts the record.
    expect((await publicCall("reading-time", token, { seconds: 40 })).status).toBe(409);
    await openAcknowledgement(token, { ip: null, userAgent: null });
    expect(await publicCall("reading-time", token, { seconds: 40 })).toMatchObject({ status: 200, json: { readSeconds: 40 } });
    expect((await publicCall("quiz", token, { answers: {} })).json.error?.fields).toEqual({ answers: ["Answer every question"] });
    expect(await publicCall("quiz", token, { answers: answersFor(questions, 2) })).toMatchObject({ status: 200, json: { passed: false, scorePercent: 0 } });
    expect(await publicCall("quiz", token, { answers: answersFor(questions) })).toMatchObject({ status: 200, json: { passed: true, attempts: 2 } });
    expect(await publicCall("sign", token, { typedName: "wanda worker", confirm: true })).toMatchObject({ status: 200, json: { ok: true } });
    const again = await publicCall("sign", token, { typedName: "wanda worker", confirm: true });
    expect(again.status).toBe(409);
    expect((await publicCall("quiz", "t".repeat(43), { answers: {} })).status).toBe(404);

    const response = await callRoute(EXPORT, "GET", { orgSlug: a.org.slug });
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/policy-coverage-/);
    const line = (await response.text()).split("\r\n").find((l) => l.includes(worker));
    expect(line).toMatch(/^Wanda Worker,.*,Front desk,Reception,acknowledged,.*,LINK,2,100,40,1$/);
  });
});

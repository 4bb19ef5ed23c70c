import { baseEnv, DEV_INTAKE_SECRET } from "@vetted/config";
import { db } from "@vetted/db";
import { abuseLimiter, getGroupIntakeAddress, LIMITS, setScanProducer } from "@vetted/domain";
import { createOrgWithMembers, tempMediaDir, type TestOrg } from "@vetted/domain/testing";
import sharp from "sharp";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute } from "./route-harness";

// The employee-group routes as handlers: the mail intake (shared secret, token routing) and the
// report form's multipart POST (paste, screenshot, the form post without JavaScript), and the
// officer's screenshot view.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "group-routes" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const INTAKE = "api/intake/groups/route.ts";
const REPORTS = "api/orgs/[orgSlug]/group-reports/route.ts";
const SCREENSHOT = "api/orgs/[orgSlug]/group-reports/[reportId]/screenshot/route.ts";
// Our own sentence.
const PHI_TEXT = "From the ICU chat: Horace Pemberton in bed 3 has been intubated since his stroke on Monday.";

let org: TestOrg;
let address: string;
let media: Awaited<ReturnType<typeof tempMediaDir>>;
let redis: Redis;
let producer: Producer;

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 60 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

function multipart(fields: Record<string, string | Blob>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  const response = new Response(data);
  return response.arrayBuffer().then((b) => ({ body: new Uint8Array(b), headers: { "content-type": response.headers.get("content-type")! } }));
}

beforeAll(async () => {
  org = await createOrgWithMembers();
  address = (await getGroupIntakeAddress(org.ctx.STAFF)).address!;
  media = await tempMediaDir("group-routes");
  // A queue of our own: the screenshot's OCR job is checked for, never run (worker tests cover the OCR).
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix: `vetted-test-${org.org.id.slice(0, 8)}` });
  setScanProducer(producer);
});

afterAll(async () => {
  setScanProducer(null);
  await producer.queue("groups").obliterate({ force: true });
  await producer.close();
  redis.disconnect();
  await media.close();
});

describe("POST /api/intake/groups", () => {
  const post = (body: string, secret?: string) => callRoute(INTAKE, "POST", {}, { body, headers: secret === undefined ? {} : { "x-intake-secret": secret } });
  const mail = (to: string, text = PHI_TEXT) => JSON.stringify({ to, from: `${org.users.STAFF.name} <${org.users.STAFF.email}>`, subject: "Fwd: ICU chat", text });

  it("answers 401 for a missing or wrong secret, before it reads the body", async () => {
    const before = await db().groupReport.count({ where: { orgId: org.org.id } });
    for (const [body, secret] of [[mail(address), undefined], [mail(address), "not-the-secret"], ["{not json", undefined]] as const) {
      const response = await post(body, secret);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    }
    expect(await db().groupReport.count({ where: { orgId: org.org.id } })).toBe(before);
  });

  it("answers 404 for a token no org has, 400 for a malformed body", async () => {
    const unknown = await post(mail("groups+00000000000000000000000000000000@intake.vetted.local"), DEV_INTAKE_SECRET);
    expect(unknown.status).toBe(404);
    expect((await post("{not json", DEV_INTAKE_SECRET)).status).toBe(400);
    const noText = await post(JSON.stringify({ to: address, from: "x@y.org" }), DEV_INTAKE_SECRET);
    expect(noText.status).toBe(400);
    expect(((await noText.json()) as { error: { fields: Record<string, string[]> } }).error.fields.text).toBeDefined();
  });

  it("files the forwarded post in the org the token names: 201 with the report's id", async () => {
    const response = await post(mail(`ICU intake <${address}>`), DEV_INTAKE_SECRET);
    expect(response.status).toBe(201);
    const { reportId } = (await response.json()) as { reportId: string };
    const row = await db().groupReport.findFirstOrThrow({ where: { id: reportId, orgId: org.org.id } });
    expect(row).toMatchObject({ source: "EMAIL", status: "OPEN", verdict: "block", reporterId: org.users.STAFF.id });
    expect(await db().incident.count({ where: { orgId: org.org.id, reportId } })).toBe(1);
  });

  it("answers 429 with Retry-After once the org's hourly budget is spent, and files nothing", async () => {
    const other = await createOrgWithMembers();
    const otherAddress = (await getGroupIntakeAddress(other.ctx.STAFF)).address!;
    // Spend the budget the route's own limiter keeps in Redis (the forwards themselves are tested above).
    for (let i = 0; i < LIMITS["group_intake.org"].points; i++) expect(await abuseLimiter().consume([{ limit: "group_intake.org", subject: other.org.id }])).toBeNull();
    const response = await post(mail(otherAddress), DEV_INTAKE_SECRET);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect(await db().groupReport.count({ where: { orgId: other.org.id } })).toBe(0);
    // The first org's budget is its own.
    expect((await post(mail(address, "The staff softball game is on Sunday."), DEV_INTAKE_SECRET)).status).toBe(201);
  });
});

describe("POST /api/orgs/:org/group-reports", () => {
  it("takes a pasted post from any member as multipart: 201 with the scanned report", async () => {
    await actAs(org.users.STAFF.id);
    const { body, headers } = await multipart({ groupName: "ICU chat", channel: "PRIVATE_GROUP", authorUserId: org.users.CONSULTANT.id, postedAt: "2026-01-05T21:15", mode: "paste", text: PHI_TEXT, screenshot: new File([], "") });
    const response = await callRoute(REPORTS, "POST", { orgSlug: org.org.slug }, { body, headers });
    expect(response.status).toBe(201);
    const { report } = (await response.json()) as { report: { id: string; status: string; verdict: string } };
    expect(report).toMatchObject({ status: "OPEN", verdict: "block" });
    // The datetime-local is read in the org's zone.
    const row = await db().groupReport.findFirstOrThrow({ where: { id: report.id, orgId: org.org.id } });
    const zone = (await db().organization.findUniqueOrThrow({ where: { id: org.org.id } })).timeZone;
    const wall = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, dateStyle: "short", timeStyle: "short" }).format(row.postedAt!);
    expect(wall).toBe("2026-01-05 21:15");
  });

  it("sends a form post without JavaScript back to the page with the error code only, never a value", async () => {
    await actAs(org.users.STAFF.id);
    const { body, headers } = await multipart({ groupName: "ICU chat", channel: "PRIVATE_GROUP", authorName: "Horace's nurse", mode: "paste", text: "" });
    const response = await callRoute(REPORTS, "POST", { orgSlug: org.org.slug }, { body, headers: { ...headers, "sec-fetch-mode": "navigate" } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/orgs/${org.org.slug}/groups?failed=VALIDATION`);
  });

  it("stores a screenshot for the worker, which the officer (not the staff) can open", async () => {
    await actAs(org.users.STAFF.id);
    const png = await sharp({ create: { width: 320, height: 160, channels: 3, background: "#ffffff" } }).png().toBuffer();
    const { body, headers } = await multipart({ groupName: "ICU chat", channel: "FACEBOOK", authorName: "Someone", mode: "screenshot", text: "", screenshot: new File([png], "chat.png", { type: "image/png" }) });
    const response = await callRoute(REPORTS, "POST", { orgSlug: org.org.slug }, { body, headers });
    expect(response.status).toBe(201);
    const { report } = (await response.json()) as { report: { id: string; status: string } };
    expect(report.status).toBe("SCANNING");
    // Queued for the worker at once (the outbox row marked), with ids only in the job.
    expect(await db().groupReport.findFirstOrThrow({ where: { id: report.id, orgId: org.org.id } })).toMatchObject({ source: "SCREENSHOT", ocrEnqueuedAt: expect.any(Date) });
    expect((await producer.queue("groups").getJob(`groups-ocr-${report.id}`))?.data).toEqual({ orgId: org.org.id, reportId: report.id });

    expect((await callRoute(SCREENSHOT, "GET", { orgSlug: org.org.slug, reportId: report.id })).status).toBe(403);
    await actAs(org.users.COMPLIANCE_OFFICER.id);
    const file = await callRoute(SCREENSHOT, "GET", { orgSlug: org.org.slug, reportId: report.id });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("cache-control")).toBe("private, no-store");
  });

  it("refuses a screenshot over the size limit from its declared length: 413 naming the field", async () => {
    await actAs(org.users.STAFF.id);
    const { body, headers } = await multipart({ groupName: "G", channel: "PRIVATE_GROUP", authorName: "X", mode: "screenshot", screenshot: new File([new Uint8Array(10)], "a.png") });
    const response = await callRoute(REPORTS, "POST", { orgSlug: org.org.slug }, { body, headers: { ...headers, "content-length": String(500 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { fields: Record<string, string[]> } }).error.fields.screenshot).toBeDefined();
  });
});

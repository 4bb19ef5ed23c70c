import { randomUUID } from "node:crypto";
import { baseEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { createUser } from "@vetted/db/testing";
import { setScanProducer } from "@vetted/domain";
import { createOrgWithMembers, testPasswordHash, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, createWorkerRedis, enqueueScanJob, QUEUE_NAMES, type Producer, type Redis } from "@vetted/queue";
import { UnrecoverableError, Worker } from "bullmq";
import { Redis as AdminRedis } from "ioredis";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importApp } from "./route-harness";

// The job queue dashboard (bull-board) at /agency/queues: agency admins only, read-only, one audit
// event per page load, no Redis connection per request, and nothing but ids in the jobs it shows.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "queue-board-test" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const ROUTE = "agency/queues/[[...path]]/route.ts";
type Get = (request: Request) => Promise<Response>;

async function actAs(userId: string | null) {
  acting.userId = userId;
  acting.sessionId = userId ? (await db().userSession.create({ data: { userId, idleMinutes: 15 } })).id : null;
}

async function get(path: string): Promise<Response> {
  const { GET } = (await importApp(ROUTE)) as { GET: Get };
  return GET(new Request(`http://localhost${path}`));
}

const views = (userId: string) => db().auditEvent.count({ where: { action: "queues.viewed", actorId: userId, orgId: null } });

/** Connections the test Redis sees under the web producer's name. */
async function producerConnections(): Promise<number> {
  const admin = new AdminRedis(baseEnv().REDIS_URL);
  try {
    return ((await admin.client("LIST")) as string).split("\n").filter((l) => l.includes("name=vetted-producer")).length;
  } finally {
    admin.disconnect();
  }
}

let org: TestOrg;
let agencyAdmin: { id: string };
let agencyMember: { id: string };
let redis: Redis;
let producer: Producer;
let prefix: string;

beforeAll(async () => {
  org = await createOrgWithMembers();
  agencyAdmin = await createUser({ passwordHash: await testPasswordHash(), agencyId: org.org.agencyId, agencyAdmin: true });
  agencyMember = await createUser({ passwordHash: await testPasswordHash(), agencyId: org.org.agencyId });
  // The web's producer, on a prefix of this run's own so the queues hold only this test's jobs.
  redis = createProducerRedis(baseEnv().REDIS_URL);
  prefix = `vetted-test-board-${randomUUID().slice(0, 8)}`;
  producer = createProducer(redis, { prefix });
  setScanProducer(producer);
});

afterAll(async () => {
  setScanProducer(null);
  for (const name of QUEUE_NAMES) await producer.queue(name).obliterate({ force: true });
  await producer.close();
  redis.disconnect();
});

describe("who may open /agency/queues", () => {
  it("sends a signed-out person to sign in, and answers 401 to the dashboard's API and files", async () => {
    await actAs(null);
    const page = await get("/agency/queues");
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toBe("/signin?next=%2Fagency%2Fqueues");
    expect((await get("/agency/queues/api/queues")).status).toBe(401);
    expect((await get("/agency/queues/static/images/logo.svg")).status).toBe(401);
  });

  it("answers 404, like the other agency pages, to org members of every role and to an agency member who is not its admin", async () => {
    for (const userId of [org.users.COMPLIANCE_OFFICER.id, org.users.CONSULTANT.id, org.users.ADMIN.id, org.users.STAFF.id, agencyMember.id]) {
      await actAs(userId);
      for (const path of ["/agency/queues", "/agency/queues/api/queues", "/agency/queues/queue/scan"]) expect((await get(path)).status, path).toBe(404);
      expect(await views(userId)).toBe(0);
    }
  });

  it("shows an agency admin the dashboard page, its files and its API, auditing the page load once", async () => {
    await actAs(agencyAdmin.id);
    const before = await views(agencyAdmin.id);
    const page = await get("/agency/queues");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    // Relative asset paths resolve under the board's own path.
    expect(html).toContain('<base href="/agency/queues/" />');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)![1];
    const asset = await get(`/agency/queues/${script}`);
    expect([asset.status, asset.headers.get("content-type")]).toEqual([200, expect.stringMatching(/javascript/)]);
    const api = await get("/agency/queues/api/queues?activeQueue=scan&status=latest&page=1");
    expect(api.status).toBe(200);
    expect(api.headers.get("cache-control")).toBe("no-store");
    const { queues } = (await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    // The page load is the view; its API polls and files are not.
    expect(await views(agencyAdmin.id)).toBe(before + 1);
    await get("/agency/queues/queue/scan");
    expect(await views(agencyAdmin.id)).toBe(before + 2);
  });
});

describe("the agency page", () => {
  it("links an agency admin to the dashboard", async () => {
    await actAs(agencyAdmin.id);
    const { default: AgencyPage } = await import("../app/agency/page");
    expect(renderToStaticMarkup((await AgencyPage()) as ReactElement)).toContain('href="/agency/queues"');
  });
});

describe("what the dashboard shows and costs", () => {
  it("shows a scan job with ids only, and refuses to change jobs (read-only, GET only)", async () => {
    await actAs(agencyAdmin.id);
    const payload = { scanJobId: randomUUID(), orgId: org.org.id };
    await enqueueScanJob(producer, payload);
    const response = await get("/agency/queues/api/queues?activeQueue=scan&status=waiting&page=1");
    const { queues } = (await response.json()) as { queues: { name: string; jobs: { id: string; data: unknown }[] }[] };
    const scan = queues.find((q) => q.name === "scan")!;
    expect(scan.jobs.map((j) => [j.id, j.data])).toEqual([[payload.scanJobId, payload]]);
    const mod = await importApp(ROUTE);
    expect(["POST", "PUT", "PATCH", "DELETE"].filter((m) => typeof mod[m] === "function")).toEqual([]);
  });

  it("shows a failure's code, but never the text of an error's message (it may quote data)", async () => {
    await actAs(agencyAdmin.id);
    const [coded, quoting] = [randomUUID(), randomUUID()];
    // A stand-in for the worker: one job fails with a code, the other with a message quoting a name.
    const connection = createWorkerRedis(baseEnv().REDIS_URL);
    const worker = new Worker(
      "groups",
      async (job) => {
        if (job.data.reportId === coded) throw new UnrecoverableError("NOT_FOUND");
        throw new UnrecoverableError("duplicate key value (Jane Doe, MRN 0042)");
      },
      { connection, prefix },
    );
    try {
      for (const reportId of [coded, quoting]) await producer.queue("groups").add("ocr", { orgId: org.org.id, reportId }, { jobId: `groups-ocr-${reportId}` });
      const failed = async () => (await producer.queue("groups").getJobCounts("failed")).failed ?? 0;
      for (let i = 0; i < 100 && (await failed()) < 2; i++) await new Promise((r) => setTimeout(r, 100));
      const response = await get("/agency/queues/api/queues?activeQueue=groups&status=failed&page=1");
      const body = await response.text();
      expect(body).not.toMatch(/Jane|MRN/);
      const { queues } = JSON.parse(body) as { queues: { name: string; jobs: { id: string; failedReason: string; stacktrace: string[] }[] }[] };
      const jobs = Object.fromEntries(queues.find((q) => q.name === "groups")!.jobs.map((j) => [j.id, j]));
      expect(jobs[`groups-ocr-${coded}`]!.failedReason).toBe("NOT_FOUND");
      expect(jobs[`groups-ocr-${quoting}`]!.failedReason).toMatch(/^Message hidden/);
      expect(jobs[`groups-ocr-${quoting}`]!.stacktrace.join("\n")).toMatch(/^\s+at /);
      // The single job view goes through the same redaction.
      const one = await (await get(`/agency/queues/api/queues/groups/groups-ocr-${quoting}`)).text();
      expect(one).toContain("Message hidden");
      expect(one).not.toMatch(/Jane|MRN/);
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });

  it("reuses the web producer's one Redis connection however often it is opened", async () => {
    await actAs(agencyAdmin.id);
    await get("/agency/queues/api/queues");
    const before = await producerConnections();
    for (let i = 0; i < 5; i++) {
      expect((await get("/agency/queues/api/queues")).status).toBe(200);
      expect((await get("/agency/queues/api/redis/stats")).status).toBe(200);
    }
    expect(await producerConnections()).toBe(before);
  });
});

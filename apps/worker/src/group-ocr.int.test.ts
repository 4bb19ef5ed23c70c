import { randomUUID } from "node:crypto";
import { workerEnv, type WorkerEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { getGroupReport, reportGroupPost, setScanProducer } from "@vetted/domain";
import { createOrgWithMembers, tempMediaDir, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, enqueueGroupOcr, type Producer, type Redis } from "@vetted/queue";
import { createImageScanner, type ImageScanner } from "@vetted/scanner/image";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "@vetted/log";
import { startWorker, type WorkerHandle } from "./main.js";
import { waitFor } from "./wait-for.js";

// A screenshot of a group post through the whole path: report (web side) → GroupReport outbox →
// BullMQ (real Redis, our own prefix) → the worker's groups processor → the real image scanner's OCR
// → the text scan → officers told and, for a blocked post, the incident. Our own sentences, rendered.
const LINES = ["Night shift update: Ruth Adeyemi in bed 14 coded at 3am,", "she came in Tuesday with sepsis. Pray for her family."];
const PHI_WORDS = /Adeyemi|sepsis|Ruth/;

/** A plain screenshot-like image: a group's name and a post, dark text on white. */
async function screenshot(lines: string[]): Promise<Buffer> {
  const text = lines.map((l, i) => `<text x="30" y="${110 + i * 44}" font-family="DejaVu Sans" font-size="26" fill="#1c1e21">${l}</text>`).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="260"><rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="30" y="50" font-family="DejaVu Sans" font-size="22" font-weight="bold" fill="#050505">Nurses of 4 West (private group)</text>${text}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const env: WorkerEnv = { ...workerEnv(), WORKER_HEALTH_PORT: 0, WORKER_CONCURRENCY: 2 };
let scanner: ImageScanner;
let media: Awaited<ReturnType<typeof tempMediaDir>>;
let redis: Redis;
let producer: Producer;
let prefix = "";
let lines: string[] = [];
let handle: WorkerHandle | null = null;

beforeAll(async () => {
  // Faces are not looked at for a screenshot's text: the OCR models only.
  [scanner, media] = await Promise.all([createImageScanner({ faces: false }), tempMediaDir("group-ocr")]);
  redis = createProducerRedis(env.REDIS_URL);
}, 120_000);

beforeEach(() => {
  prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
  producer = createProducer(redis, { prefix, jobDefaults: { attempts: 2, backoff: { type: "fixed", delay: 50 } } });
  setScanProducer(producer);
});

afterEach(async () => {
  await handle?.close({ force: true });
  handle = null;
  setScanProducer(null);
  await producer.queue("groups").obliterate({ force: true });
  await producer.close();
  // Nothing the screenshot says reaches the worker's log.
  expect(lines.join("\n")).not.toMatch(PHI_WORDS);
  lines = [];
});

afterAll(async () => {
  await scanner.close();
  await media.close();
  await redis.quit();
});

const start = async () =>
  (handle = await startWorker(env, {
    prefix, log: createLogger({ level: "debug", destination: { write: (l) => void lines.push(l) } }), scheduleIntervalMs: 0, dispatchIntervalMs: 100, staleAfterMs: 3_600_000,
    scanDeps: { imageScanner: () => Promise.resolve(scanner) }, jobDefaults: { attempts: 2, backoff: { type: "fixed", delay: 50 } },
  }));
const report = (orgId: string, id: string) => db().groupReport.findFirstOrThrow({ where: { id, orgId } });

describe("group-post screenshots in the worker", () => {
  it("reads the screenshot, scans its text as a group post, tells the officers and opens the incident — once", async () => {
    const org: TestOrg = await createOrgWithMembers();
    await start();
    // The reporting request's id travels with the OCR job: its log lines and the officers' mails name it.
    const requestId = randomUUID();
    const { report: filed } = await reportGroupPost({ ...org.ctx.STAFF, request: { ...org.ctx.STAFF.request, requestId } }, {
      groupName: "Nurses of 4 West", channel: "PRIVATE_GROUP", authorUserId: org.users.CONSULTANT.id, bytes: new Uint8Array(await screenshot(LINES)),
    });
    expect(filed.status).toBe("SCANNING");
    const done = await waitFor(async () => {
      const r = await report(org.org.id, filed.id);
      return r.status !== "SCANNING" && r;
    }, "the OCR to finish", 60_000);
    expect(done).toMatchObject({ status: "OPEN", verdict: "block", ocrErrorCode: null });
    expect(done.ocrTextCipher).toMatch(/^v1:/);
    expect(JSON.stringify(done)).not.toMatch(PHI_WORDS);
    expect((done.findings as { type: string }[]).map((f) => f.type)).toEqual(expect.arrayContaining(["NAME", "HEALTH"]));

    const view = await getGroupReport(org.ctx.COMPLIANCE_OFFICER, { reportId: filed.id });
    expect(view.text).toContain("Ruth Adeyemi in bed 14");
    expect(view.text).toContain("sepsis");
    expect(view.findings.map((f) => view.text!.slice(f.start, f.end))).toEqual(expect.arrayContaining(["Ruth Adeyemi"]));
    expect(await db().notification.count({ where: { orgId: org.org.id, kind: "group_report", userId: org.users.COMPLIANCE_OFFICER.id } })).toBe(1);
    const incident = await db().incident.findFirstOrThrow({ where: { orgId: org.org.id, reportId: filed.id } });
    expect(incident).toMatchObject({ employeeId: org.users.CONSULTANT.id, status: "OPEN" });
    const scanned = await db().auditEvent.findMany({ where: { orgId: org.org.id, targetId: filed.id, action: "group_report.scanned" } });
    expect(scanned).toEqual([expect.objectContaining({ actorId: null, actorLabel: "worker" })]);
    expect(done.requestId).toBe(requestId);
    const completed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === "job.completed" && l.queue === "groups");
    expect(completed).toMatchObject({ requestId, jobId: `groups-ocr-${filed.id}` });
    expect(await db().outboxMail.count({ where: { requestId } })).toBeGreaterThanOrEqual(1);

    // The job again (as the sweeper would add it after a lost mark): nothing changes.
    await producer.queue("groups").getJob(`groups-ocr-${filed.id}`).then((j) => j?.remove());
    await enqueueGroupOcr(producer, { orgId: org.org.id, reportId: filed.id });
    await waitFor(async () => (await producer.queue("groups").getJob(`groups-ocr-${filed.id}`))?.isCompleted(), "the repeated job", 20_000);
    expect(await db().notification.count({ where: { orgId: org.org.id, kind: "group_report" } })).toBe(1);
    expect(await db().auditEvent.count({ where: { orgId: org.org.id, targetId: filed.id, action: "group_report.scanned" } })).toBe(1);
  }, 90_000);

  it("a screenshot without any text fails for good: SCAN_FAILED, the reporter asked to paste the text", async () => {
    const org: TestOrg = await createOrgWithMembers();
    await start();
    const blank = await sharp({ create: { width: 600, height: 300, channels: 3, background: "#ffffff" } }).png().toBuffer();
    const { report: filed } = await reportGroupPost(org.ctx.STAFF, { groupName: "Nurses", channel: "PRIVATE_GROUP", authorName: "Someone", bytes: new Uint8Array(blank) });
    const failed = await waitFor(async () => {
      const r = await report(org.org.id, filed.id);
      return r.status === "SCAN_FAILED" && r;
    }, "the failure to be recorded", 60_000);
    expect(failed.ocrErrorCode).toBe("NO_TEXT");
    expect(await db().notification.findMany({ where: { orgId: org.org.id, kind: "group_report_failed" }, select: { userId: true } })).toEqual([{ userId: org.users.STAFF.id }]);
    expect(await db().notification.count({ where: { orgId: org.org.id, kind: "group_report" } })).toBe(0);
    const job = await producer.queue("groups").getJob(`groups-ocr-${filed.id}`);
    expect(job?.attemptsMade).toBe(1);
  }, 90_000);
});

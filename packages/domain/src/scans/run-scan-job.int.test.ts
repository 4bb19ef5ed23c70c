import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@vetted/db";
import type { ImageScanner } from "@vetted/scanner/image";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskStorage } from "../media/storage";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "../testing";
import { recordScanFailure } from "./record-scan-failure";
import { runScanJob } from "./run-scan-job";
import { useOfflineScanProducer } from "./test-producers";
import { allowTermHash } from "./allow-term-hash";

// Our own sentence: a named patient plus a procedure, which the text scanner blocks.
const PHI = "Wishing a speedy recovery to Tomasz Kowalczyk after his bypass surgery";
const CLEAN = "Join our free community walk on Saturday morning.";

let org: TestOrg;
let restoreProducer: () => Promise<void>;

beforeAll(async () => {
  // No queue here: submitPost's direct dispatch fails fast and the job stays PENDING; the tests run it by hand.
  restoreProducer = useOfflineScanProducer();
  org = await createOrgWithMembers();
});

afterAll(() => restoreProducer());

async function submitted(text: string, extra: Record<string, unknown> = {}) {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Scan test", text, channels: ["FACEBOOK", "X"], ...extra });
  const { scanJobId, dispatched } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  expect(dispatched).toBe(false);
  return { postId: post.id, scanJobId };
}

const findingsOf = (postId: string) => db().finding.findMany({ where: { orgId: org.org.id, postId }, orderBy: { start: "asc" } });

describe("runScanJob", () => {
  it("records findings, moves the post to IN_REVIEW and notifies the step-1 approvers, never the author", async () => {
    const { postId, scanJobId } = await submitted(PHI, { channelTexts: { X: `${PHI} #recovery` } });
    const result = await runScanJob({ scanJobId, orgId: org.org.id });
    expect(result).toMatchObject({ outcome: "succeeded", verdict: "block" });

    const findings = await findingsOf(postId);
    const main = findings.filter((f) => f.source === "TEXT");
    expect(main.map((f) => f.type).sort()).toEqual(["HEALTH", "NAME"]);
    expect(main.find((f) => f.type === "NAME")).toMatchObject({ text: "Tomasz Kowalczyk", start: 29, end: 45, blocking: true });
    expect(findings.filter((f) => f.source === "TEXT:X").length).toBeGreaterThan(0);

    const job = await db().scanJob.findFirstOrThrow({ where: { id: scanJobId, orgId: org.org.id } });
    expect(job).toMatchObject({ status: "SUCCEEDED", verdict: "block", attempts: 1, faces: 0 });
    const post = await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } });
    expect(post.state).toBe("IN_REVIEW");

    const notified = await db().notification.findMany({ where: { orgId: org.org.id, postId, kind: "ready_for_review" } });
    expect(notified.map((n) => n.userId).sort()).toEqual([org.users.ADMIN.id, org.users.COMPLIANCE_OFFICER.id].sort());

    const [audit] = await auditEventsFor(org.org.id, { action: "scan.completed", targetId: scanJobId });
    expect(audit).toMatchObject({ actorId: null, actorLabel: "worker" });
    expect(audit?.metadata).toMatchObject({ verdict: "block", findings: findings.length, postId });
    expect(JSON.stringify(audit)).not.toMatch(/Kowalczyk|bypass/);
  });

  it("is idempotent: a rerun and two concurrent runs of one job write one set of findings", async () => {
    const { postId, scanJobId } = await submitted(PHI);
    const runs = await Promise.all([runScanJob({ scanJobId, orgId: org.org.id }), runScanJob({ scanJobId, orgId: org.org.id })]);
    expect(runs.filter((r) => r.outcome === "succeeded")).toHaveLength(1);
    const again = await runScanJob({ scanJobId, orgId: org.org.id });
    expect(again).toEqual({ outcome: "skipped", status: "SUCCEEDED" });
    expect(await findingsOf(postId)).toHaveLength(2);
    expect(await db().notification.count({ where: { orgId: org.org.id, postId, kind: "ready_for_review" } })).toBe(2);
    expect(await auditEventsFor(org.org.id, { action: "scan.completed", targetId: scanJobId })).toHaveLength(1);
  });

  it("allows a clean post with no findings, and uses the policy's blocking types when set", async () => {
    const clean = await submitted(CLEAN);
    expect(await runScanJob({ scanJobId: clean.scanJobId, orgId: org.org.id })).toMatchObject({ outcome: "succeeded", findings: 0, verdict: "allow" });

    await db().approvalPolicy.create({ data: { orgId: org.org.id, steps: [{ mode: "ANY", userIds: [], roles: ["COMPLIANCE_OFFICER"] }], blockingTypes: ["HEALTH"] } });
    try {
      const phi = await submitted(PHI);
      await runScanJob({ scanJobId: phi.scanJobId, orgId: org.org.id });
      const findings = await findingsOf(phi.postId);
      expect(Object.fromEntries(findings.map((f) => [f.type, f.blocking]))).toEqual({ NAME: false, HEALTH: true });
      const notified = await db().notification.findMany({ where: { orgId: org.org.id, postId: phi.postId, kind: "ready_for_review" } });
      expect(notified.map((n) => n.userId)).toEqual([org.users.COMPLIANCE_OFFICER.id]);
    } finally {
      await db().approvalPolicy.deleteMany({ where: { orgId: org.org.id } });
    }
  });

  it("does not flag the org's staff directory or its allow-listed terms", async () => {
    const staff = org.users.STAFF.name; // e.g. "STAFF n-1a2b3c4d": a member, so never a patient
    await db().user.update({ where: { id: org.users.STAFF.id }, data: { name: "Marisol Quintero" } });
    // Names are kept only as keyed hashes (allow-term-hash.ts); the scan matches them by hash.
    await db().scanAllowTerm.create({ data: { orgId: org.org.id, term: allowTermHash(org.org.id, "NAME", "Bartholomew Okafor"), hashed: true, type: "NAME", reason: "our founder", createdById: org.users.ADMIN.id } });
    try {
      const { postId, scanJobId } = await submitted("Wishing a speedy recovery to Marisol Quintero after her bypass surgery");
      await runScanJob({ scanJobId, orgId: org.org.id });
      expect((await findingsOf(postId)).filter((f) => f.type === "NAME")).toEqual([]);
      const founder = await submitted("Wishing a speedy recovery to Bartholomew Okafor after his bypass surgery");
      await runScanJob({ scanJobId: founder.scanJobId, orgId: org.org.id });
      expect((await findingsOf(founder.postId)).filter((f) => f.type === "NAME")).toEqual([]);
    } finally {
      await db().user.update({ where: { id: org.users.STAFF.id }, data: { name: staff } });
    }
  });

  it("supersedes the scan of a revision that is no longer current, without touching the post", async () => {
    const { postId, scanJobId } = await submitted(PHI);
    await db().post.update({ where: { id: postId, orgId: org.org.id }, data: { currentRevision: 2 } });
    expect(await runScanJob({ scanJobId, orgId: org.org.id })).toEqual({ outcome: "superseded" });
    expect((await db().scanJob.findFirstOrThrow({ where: { id: scanJobId, orgId: org.org.id } })).status).toBe("SUPERSEDED");
    expect((await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } })).state).toBe("SCANNING");
    expect(await findingsOf(postId)).toEqual([]);
  });

  it("recordScanFailure: job FAILED with a code, post SCAN_FAILED, the author told; a later run does nothing", async () => {
    const { postId, scanJobId } = await submitted(PHI);
    expect(await recordScanFailure({ scanJobId, orgId: org.org.id, errorCode: "TIMEOUT" })).toBe(true);
    expect(await recordScanFailure({ scanJobId, orgId: org.org.id, errorCode: "TIMEOUT" })).toBe(false);
    expect(await db().scanJob.findFirstOrThrow({ where: { id: scanJobId, orgId: org.org.id } })).toMatchObject({ status: "FAILED", lastErrorCode: "TIMEOUT" });
    expect((await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } })).state).toBe("SCAN_FAILED");
    const notified = await db().notification.findMany({ where: { orgId: org.org.id, postId, kind: "scan_failed" } });
    expect(notified.map((n) => n.userId)).toEqual([org.users.CONSULTANT.id]);
    expect(await runScanJob({ scanJobId, orgId: org.org.id })).toEqual({ outcome: "skipped", status: "FAILED" });
  });
});

describe("runScanJob with images", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "vetted-scan-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("scans each image's original (metadata intact) and records image findings with their box", async () => {
    const storage = new LocalDiskStorage(dir);
    const media = await db().media.create({
      data: { orgId: org.org.id, storageKey: `${org.org.id}/m1/display`, originalKey: `${org.org.id}/m1/original`, mime: "image/png", width: 10, height: 10, bytes: 4, sha256: "x", createdById: org.users.CONSULTANT.id },
    });
    await storage.put(media.storageKey, Buffer.from("DISP"));
    await storage.put(media.originalKey!, Buffer.from("ORIG"));
    const seen: string[] = [];
    const scanner = {
      scan: (bytes: Uint8Array) => {
        seen.push(Buffer.from(bytes).toString());
        return Promise.resolve({
          verdict: "block", faces: 1, reasons: ["a location in the photo's metadata"], width: 10, height: 10, format: "png",
          findings: [
            { type: "LOCATION", score: 1, source: "metadata", field: "gps", explanation: "GPS position" },
            { type: "FACE", box: [1, 2, 3, 4], score: 0.9, source: "face", explanation: "a face" },
          ],
        });
      },
    } as unknown as ImageScanner;
    const { postId, scanJobId } = await submitted(CLEAN, { mediaIds: [media.id] });
    const result = await runScanJob({ scanJobId, orgId: org.org.id }, { storage, imageScanner: () => Promise.resolve(scanner) });
    expect(result).toMatchObject({ outcome: "succeeded", verdict: "block", findings: 2 });
    expect(seen).toEqual(["ORIG"]);
    const findings = await db().finding.findMany({ where: { orgId: org.org.id, postId }, orderBy: { source: "asc" } });
    expect(findings).toMatchObject([
      { source: "FACE", mediaId: media.id, box: [1, 2, 3, 4], blocking: true },
      { source: "METADATA", mediaId: media.id, type: "LOCATION", recognizer: "metadata.gps", box: [] },
    ]);
    expect((await db().scanJob.findFirstOrThrow({ where: { id: scanJobId, orgId: org.org.id } })).faces).toBe(1);
  });
});

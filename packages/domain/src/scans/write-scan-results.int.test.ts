import { outboxMailsTo } from "../mail/mails-to";
import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { cachedOrgScanContext, createScanJobStarter, createScanWriteBatcher, runScanJob } from "./run-scan-job";
import { useOfflineScanProducer } from "./test-producers";
import { writeScanResults } from "./write-scan-results";

// The worker's path: scans of one org committed together by the group-commit batcher. Our own
// sentence: a named patient plus a procedure, which the text scanner blocks.
const PHI = "Wishing a speedy recovery to Tomasz Kowalczyk after his bypass surgery";

let org: TestOrg;
let restoreProducer: () => Promise<void>;

beforeAll(async () => {
  restoreProducer = useOfflineScanProducer();
  org = await createOrgWithMembers();
});

afterAll(() => restoreProducer());

async function submitted() {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Batch test", text: PHI, channels: ["FACEBOOK"] });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  return { postId: post.id, scanJobId };
}

describe("batched scan writes", () => {
  it("commits concurrent scans of one org together, each exactly once, with a valid audit chain", async () => {
    const jobs = await Promise.all(Array.from({ length: 12 }, submitted));
    // One post moves on to revision 2 before its scan lands: that scan is superseded.
    const stale = jobs[5]!;
    await db().post.update({ where: { id: stale.postId, orgId: org.org.id }, data: { currentRevision: 2 } });
    const batches: number[] = [];
    const write = createScanWriteBatcher({
      write: (orgId, writes) => {
        batches.push(writes.length);
        return writeScanResults(orgId, writes);
      },
    });
    const deps = { orgContext: cachedOrgScanContext(5_000), start: createScanJobStarter(), write };
    // Every job run twice at once, as a duplicate delivery would: the second run must add nothing.
    const runs = await Promise.all(jobs.flatMap((j) => [j, j]).map((j) => runScanJob({ scanJobId: j.scanJobId, orgId: org.org.id }, deps)));

    expect(Math.max(...batches)).toBeGreaterThan(1);
    // Both runs of a job may start (one coalesced start), but only one writes.
    expect(runs.filter((r) => r.outcome === "succeeded")).toHaveLength(11);
    for (const { postId, scanJobId } of jobs) {
      const job = await db().scanJob.findFirstOrThrow({ where: { id: scanJobId, orgId: org.org.id } });
      const findings = await db().finding.count({ where: { orgId: org.org.id, postId } });
      const notified = await db().notification.count({ where: { orgId: org.org.id, postId, kind: "ready_for_review" } });
      const audited = await db().auditEvent.count({ where: { orgId: org.org.id, targetId: scanJobId, action: { in: ["scan.completed", "scan.superseded"] } } });
      const post = await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } });
      if (scanJobId === stale.scanJobId) {
        expect([job.status, findings, notified, audited, post.state]).toEqual(["SUPERSEDED", 0, 0, 1, "SCANNING"]);
      } else {
        expect([job.status, job.verdict, findings, notified, audited, post.state]).toEqual(["SUCCEEDED", "block", 2, 2, 1, "IN_REVIEW"]);
      }
    }
    const mails = (await outboxMailsTo(org.users.ADMIN.email)).length + (await outboxMailsTo(org.users.COMPLIANCE_OFFICER.email)).length;
    expect(mails).toBe(22);
    expect((await verifyAuditChain(org.org.id)).ok).toBe(true);
  });

  it("retries a failed batch one scan at a time, so only the bad scan fails", async () => {
    const jobs = await Promise.all(Array.from({ length: 4 }, submitted));
    let calls = 0;
    const write = createScanWriteBatcher({
      write: (orgId, writes) => {
        calls++;
        if (writes.length > 1 || writes[0]!.jobId === jobs[2]!.scanJobId) return Promise.reject(new Error("boom"));
        return writeScanResults(orgId, writes);
      },
    });
    const runs = await Promise.allSettled(jobs.map((j) => runScanJob({ scanJobId: j.scanJobId, orgId: org.org.id }, { write })));
    expect(runs.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(calls).toBeGreaterThan(4);
    expect(await db().scanJob.count({ where: { orgId: org.org.id, id: { in: jobs.map((j) => j.scanJobId) }, status: "SUCCEEDED" } })).toBe(3);
  });
});

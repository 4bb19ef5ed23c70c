import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@vetted/db";
import type { ImageScanner } from "@vetted/scanner/image";
import { decidePost } from "../approvals/decide-post";
import { LocalDiskStorage, resetMediaStorage } from "../media/storage";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { runScanJob } from "../scans/run-scan-job";
import { useOfflineScanProducer } from "../scans/test-producers";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { consentInput } from "./consent-test-helpers";
import { getConsentFile } from "./get-consent-file";
import { uploadConsent } from "./upload-consent";
import { verifyConsent } from "./verify-consent";

// A test world for consent enforcement (only *.int.test.ts import this): one org, media on a temp
// disk, scans run in-process with a stub image scanner that reports `faces` faces per image.

const stubScanner = (faces: number) => ({
  scan: () => Promise.resolve({
    verdict: faces ? "review" : "allow", faces, reasons: faces ? ["faces"] : [], width: 10, height: 10, format: "png",
    findings: Array.from({ length: faces }, (_, i) => ({ type: "FACE", box: [i + 1, i + 1, 5, 5], score: 0.9, source: "face", explanation: "a face" })),
  }),
}) as unknown as ImageScanner;

export async function consentScenario() {
  const dir = await mkdtemp(path.join(tmpdir(), "vetted-consent-"));
  resetMediaStorage(new LocalDiskStorage(dir));
  const restoreProducer = useOfflineScanProducer();
  const org: TestOrg = await createOrgWithMembers();
  const orgId = org.org.id;

  /** A consent verified by the compliance officer, covering Facebook and Instagram unless overridden. */
  async function verifiedConsent(over: Parameters<typeof consentInput>[0] = {}) {
    const { consent } = await uploadConsent(org.ctx.STAFF, consentInput(over));
    await getConsentFile(org.ctx.COMPLIANCE_OFFICER, { consentId: consent.id });
    await verifyConsent(org.ctx.COMPLIANCE_OFFICER, { consentId: consent.id });
    return consent;
  }

  /** A post in review whose one image shows `faces` faces (two by default), with the given text or a harmless one. */
  async function postWithFaces(opts: { scheduledAt?: string; faces?: number; text?: string } = {}) {
    const storage = new LocalDiskStorage(dir);
    const media = await db().media.create({
      data: { orgId, storageKey: `${orgId}/m-${Date.now()}-${Math.random()}/display`, mime: "image/png", width: 10, height: 10, bytes: 4, sha256: "x", createdById: org.users.CONSULTANT.id },
    });
    await storage.put(media.storageKey, Buffer.from("IMG"));
    const { post } = await createPost(org.ctx.CONSULTANT, {
      title: "Graduation", text: opts.text ?? "Congratulations to our rehab graduates!", channels: ["FACEBOOK", "INSTAGRAM"], mediaIds: [media.id],
      ...(opts.scheduledAt ? { scheduledAt: opts.scheduledAt } : {}),
    });
    const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
    await runScanJob({ scanJobId, orgId }, { storage, imageScanner: () => Promise.resolve(stubScanner(opts.faces ?? 2)) });
    return { postId: post.id, mediaId: media.id };
  }

  return {
    org,
    verifiedConsent,
    postWithFaces,
    approve: (postId: string) => decidePost(org.ctx.COMPLIANCE_OFFICER, { postId, revision: 1, decision: "APPROVE" }),
    stateOf: async (postId: string) => (await db().post.findFirstOrThrow({ where: { id: postId, orgId } })).state,
    async close() {
      await restoreProducer();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
export type ConsentScenario = Awaited<ReturnType<typeof consentScenario>>;

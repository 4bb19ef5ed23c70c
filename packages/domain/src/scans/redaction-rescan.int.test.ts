import { db } from "@vetted/db";
import { createImageScanner, type ImageScanner } from "@vetted/scanner/image";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRedactionScanner, redactMedia } from "../media/redact-media";
import { uploadMedia } from "../media/upload-media";
import { createPost } from "../posts/create-post";
import { getPost } from "../posts/get-post";
import { submitPost } from "../posts/submit-post";
import { updatePost } from "../posts/update-post";
import { auditEventsFor, createOrgWithMembers, tempMediaDir, type TestOrg } from "../testing";
import { runScanJob } from "./run-scan-job";
import { useOfflineScanProducer } from "./test-producers";

// Issue 10, defect 3: blurring one of three labels made the rescan report "nothing found", although
// the other two were still legible. The text scanner flags a room or a drug only when the same text
// also names a person; the fresh scan of the redacted copy no longer has the name, so it reported
// nothing. The rescan now re-checks every earlier finding of the image it was made from.

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let org: TestOrg;
let scanner: ImageScanner;
let restoreProducer: () => Promise<void>;

/** Made-up label: a name, a room and a drug in large clean type (read reliably by the OCR). */
const label = () => {
  const line = (y: number, text: string) => `<text x="70" y="${y}" font-family="DejaVu Sans" font-size="40" fill="#111">${text}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="360"><rect width="900" height="360" fill="#f4f4f0"/>` +
    `${line(110, "Jane Smith")}${line(190, "Room 412")}${line(270, "Metoprolol 50 mg")}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
};

beforeAll(async () => {
  restoreProducer = useOfflineScanProducer();
  store = await tempMediaDir("rescan");
  [org, scanner] = await Promise.all([createOrgWithMembers(), createImageScanner({ faces: false })]);
});
afterAll(async () => {
  await Promise.all([closeRedactionScanner(), scanner?.close()]);
  await store.close();
  await restoreProducer();
});

const deps = () => ({ imageScanner: () => Promise.resolve(scanner) });
const ocrFindings = async (revisionId: string) =>
  (await db().finding.findMany({ where: { orgId: org.org.id, revisionId, source: "OCR" } })).sort((x, y) => x.box[1]! - y.box[1]!);

describe("rescan after a redaction", () => {
  it("still reports the findings left readable and records the outcome of each earlier one", async () => {
    const media = await uploadMedia(org.ctx.CONSULTANT, { bytes: await label() });
    const { post, revision: first } = await createPost(org.ctx.CONSULTANT, { title: "Label", text: "Our pharmacy team at work", channels: ["FACEBOOK"], mediaIds: [media.id] });
    const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
    expect(await runScanJob({ scanJobId, orgId: org.org.id }, deps())).toMatchObject({ outcome: "succeeded", verdict: "block" });
    const before = await ocrFindings(first.id);
    expect(before.map((f) => f.type).sort()).toEqual(["HEALTH", "LOCATION", "NAME"]);
    const name = before.find((f) => f.type === "NAME")!;

    // One click: blur the name only; the redacted copy replaces the image and the post is rescanned.
    const child = await redactMedia(org.ctx.CONSULTANT, { mediaId: media.id, boxes: [name.box] });
    const edit = await updatePost(org.ctx.CONSULTANT, { postId: post.id, revision: 1, mediaIds: [child.id] });
    expect(edit.scanJobId).toBeTruthy();
    const rescan = await runScanJob({ scanJobId: edit.scanJobId!, orgId: org.org.id }, deps());
    expect(rescan).toMatchObject({ outcome: "succeeded", verdict: "block" });

    const after = await ocrFindings(edit.revision.id);
    expect(after.map((f) => [f.mediaId, f.type, f.text])).toEqual([
      [child.id, "LOCATION", "Room 412"],
      [child.id, "HEALTH", "Metoprolol"],
    ]);
    expect(after.every((f) => f.blocking)).toBe(true);

    // The outcome of each earlier finding, as the post page shows it.
    const { earlierFindings } = await getPost(org.ctx.COMPLIANCE_OFFICER, post.id);
    expect(earlierFindings.map((e) => [e.mediaId, e.type, e.text, e.outcome]).sort()).toEqual([
      [child.id, "HEALTH", "Metoprolol", "STILL_PRESENT"],
      [child.id, "LOCATION", "Room 412", "STILL_PRESENT"],
      [child.id, "NAME", "Jane Smith", "REMOVED_BY_REDACTION"],
    ]);
    const [audit] = await auditEventsFor(org.org.id, { action: "scan.completed", targetId: edit.scanJobId! });
    expect(audit?.metadata).toMatchObject({ earlierStillPresent: 2, earlierRemovedByRedaction: 1 });

    // Blurring the other two as well: every earlier finding is gone and the scan says so.
    const rest = after.map((f) => f.box);
    const clean = await redactMedia(org.ctx.CONSULTANT, { mediaId: child.id, boxes: rest });
    const edit2 = await updatePost(org.ctx.CONSULTANT, { postId: post.id, revision: 2, mediaIds: [clean.id] });
    expect(await runScanJob({ scanJobId: edit2.scanJobId!, orgId: org.org.id }, deps())).toMatchObject({ outcome: "succeeded", verdict: "allow" });
    expect(await ocrFindings(edit2.revision.id)).toEqual([]);
    const third = await getPost(org.ctx.COMPLIANCE_OFFICER, post.id);
    expect(third.earlierFindings.map((e) => [e.type, e.outcome]).sort()).toEqual([
      ["HEALTH", "REMOVED_BY_REDACTION"],
      ["LOCATION", "REMOVED_BY_REDACTION"],
    ]);
  }, 120_000);
});

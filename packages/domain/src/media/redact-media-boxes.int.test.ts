import { db } from "@vetted/db";
import { createImageScanner, type ImageScanner } from "@vetted/scanner/image";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPost } from "../posts/create-post";
import { getPost } from "../posts/get-post";
import { submitPost } from "../posts/submit-post";
import { updatePost } from "../posts/update-post";
import { runScanJob } from "../scans/run-scan-job";
import { useOfflineScanProducer } from "../scans/test-producers";
import { auditEventsFor, createOrgWithMembers, expectAppError, tempMediaDir, type TestOrg } from "../testing";
import { getMediaFile } from "./get-media-file";
import { readRedactedBoxes } from "./redacted-boxes";
import { closeRedactionScanner, redactMedia } from "./redact-media";
import { uploadMedia } from "./upload-media";

// Issue 10 follow-up: "Blur all" (every finding's box of an image in ONE version) and boxes the user
// draws over PHI the scanner missed, through the same redaction, re-OCR check and rescan. Real OCR:
// one scanned post, one refused and one stored redaction, one rescan.

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let org: TestOrg;
let other: TestOrg;
let scanner: ImageScanner;
let restoreProducer: () => Promise<void>;

// An invented card (name, MRN, date of birth) and, at the right, a grey oval standing in for what
// the scanner cannot flag (a face in profile, a handwritten note): the user draws a box over it.
const OVAL: [number, number, number, number] = [720, 90, 150, 190];
const card = () => {
  const line = (y: number, text: string) => `<text x="70" y="${y}" font-family="DejaVu Sans" font-size="40" fill="#111">${text}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="360"><rect width="900" height="360" fill="#e9eef2"/>` +
    `<rect x="40" y="60" width="640" height="220" fill="#fff" stroke="#333" stroke-width="3"/>` +
    `${line(130, "Patient: Quillon Varnadore")}${line(190, "MRN: 48213977")}${line(250, "DOB: 03/14/1952")}` +
    `<ellipse cx="795" cy="185" rx="55" ry="80" fill="#555"/><ellipse cx="780" cy="160" rx="12" ry="9" fill="#eee"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
};
const TEXTS = ["Quillon", "Varnadore", "48213977", "03/14/1952"];

const deps = () => ({ imageScanner: () => Promise.resolve(scanner) });
const state = { mediaId: "", postId: "", findingIds: [] as string[], byType: {} as Record<string, string> };

beforeAll(async () => {
  restoreProducer = useOfflineScanProducer();
  store = await tempMediaDir("redact-boxes");
  [org, other, scanner] = await Promise.all([createOrgWithMembers(), createOrgWithMembers(), createImageScanner({ faces: false })]);
  const media = await uploadMedia(org.ctx.CONSULTANT, { bytes: await card() });
  const { post, revision } = await createPost(org.ctx.CONSULTANT, { title: "Card", text: "Our new wristbands", channels: ["FACEBOOK"], mediaIds: [media.id] });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  expect(await runScanJob({ scanJobId, orgId: org.org.id }, deps())).toMatchObject({ outcome: "succeeded", verdict: "block" });
  const findings = await db().finding.findMany({ where: { orgId: org.org.id, revisionId: revision.id, source: "OCR" } });
  Object.assign(state, { mediaId: media.id, postId: post.id, findingIds: findings.map((f) => f.id), byType: Object.fromEntries(findings.map((f) => [f.type, f.id])) });
}, 120_000);
afterAll(async () => {
  await Promise.all([closeRedactionScanner(), scanner?.close()]);
  await store.close();
  await restoreProducer();
});

const mediaRows = () => db().media.count({ where: { orgId: org.org.id } });
// stats() would describe the whole input image, not the extracted area: compute over the raw pixels.
const regionStdev = async (bytes: Buffer, [left, top, width, height]: number[]) => {
  const px = await sharp(bytes).extract({ left: left!, top: top!, width: width!, height: height! }).greyscale().raw().toBuffer();
  const mean = px.reduce((a, v) => a + v, 0) / px.length;
  return Math.sqrt(px.reduce((a, v) => a + (v - mean) ** 2, 0) / px.length);
};

describe("redactMedia with several boxes", () => {
  it("refuses the whole redaction when one box leaves PHI readable, naming that box; nothing is stored", async () => {
    expect(Object.keys(state.byType).sort()).toEqual(expect.arrayContaining(["ID", "NAME"]));
    const rows = await mediaRows();
    const files = await store.files();
    const audits = (await auditEventsFor(org.org.id, { action: "media.redacted" })).length;
    // The name and the date are blurred properly; the drawn box covers only half of the MRN.
    const good = state.findingIds.filter((id) => id !== state.byType.ID);
    const error = (await expectAppError(redactMedia(org.ctx.CONSULTANT, { mediaId: state.mediaId, findingIds: good, boxes: [[190, 160, 90, 35]] }), "CONFLICT")) as Error & { fields?: Record<string, string[]> };
    expect(error.message).toMatch(/still readable after blurring drawn box 1: nothing was saved/);
    expect(Object.keys(error.fields ?? {})).toEqual(["boxes.0"]);
    for (const t of TEXTS) expect(error.message).not.toContain(t);
    expect(await mediaRows()).toBe(rows);
    expect(await store.files()).toBe(files);
    expect((await auditEventsFor(org.org.id, { action: "media.redacted" })).length).toBe(audits);
  }, 60_000);

  it("blurs every finding's box and a drawn box in ONE version, records which was drawn, and one rescan is clean", async () => {
    const rows = await mediaRows();
    const child = await redactMedia(org.ctx.CONSULTANT, { mediaId: state.mediaId, findingIds: state.findingIds, boxes: [OVAL] });
    expect(await mediaRows()).toBe(rows + 1);
    expect(child).toMatchObject({ parentId: state.mediaId, width: 900, height: 360 });

    const stored = await db().media.findFirstOrThrow({ where: { orgId: org.org.id, id: child.id } });
    const findings = await db().finding.findMany({ where: { orgId: org.org.id, id: { in: state.findingIds } } });
    expect(readRedactedBoxes(stored.redactedBoxes)).toEqual([
      ...state.findingIds.map((id) => ({ box: findings.find((f) => f.id === id)!.box, source: "finding", findingId: id })),
      { box: OVAL, source: "user" },
    ]);
    // The drawn area is blurred too, in the same file: the small light "eye" inside the oval is washed out.
    const eye = [762, 146, 36, 28];
    const before = await getMediaFile(org.ctx.CONSULTANT, { mediaId: state.mediaId });
    const after = await getMediaFile(org.ctx.CONSULTANT, { mediaId: child.id });
    expect(await regionStdev(after.bytes, eye)).toBeLessThan((await regionStdev(before.bytes, eye)) / 4);

    const [event] = await auditEventsFor(org.org.id, { action: "media.redacted", targetId: child.id });
    expect(event?.metadata).toEqual({
      parentId: state.mediaId, boxes: state.findingIds.length + 1, mode: "blur", peopleCarried: 0, findingIds: state.findingIds, drawnBoxes: [OVAL.join(",")],
    });
    for (const t of TEXTS) expect(JSON.stringify(event?.metadata)).not.toContain(t);

    // Swapped into the post: one rescan, nothing readable, each earlier finding removed by the redaction.
    const edit = await updatePost(org.ctx.CONSULTANT, { postId: state.postId, revision: 1, mediaIds: [child.id] });
    expect(await runScanJob({ scanJobId: edit.scanJobId!, orgId: org.org.id }, deps())).toMatchObject({ outcome: "succeeded", verdict: "allow" });
    expect(await db().scanJob.count({ where: { orgId: org.org.id, postId: state.postId } })).toBe(2);
    expect(await db().finding.count({ where: { orgId: org.org.id, revisionId: edit.revision.id, source: "OCR" } })).toBe(0);
    const { earlierFindings } = await getPost(org.ctx.CONSULTANT, state.postId);
    expect(earlierFindings.map((e) => e.outcome)).toEqual(state.findingIds.map(() => "REMOVED_BY_REDACTION"));
  }, 120_000);

  it("validates drawn boxes and finding ids before any OCR, naming the field", async () => {
    const check = async (input: Record<string, unknown>, field: string, ctx = org.ctx.CONSULTANT) => {
      const error = (await expectAppError(redactMedia(ctx, { mediaId: state.mediaId, ...input }), "VALIDATION")) as Error & { fields?: Record<string, string[]> };
      expect(Object.keys(error.fields ?? {}), JSON.stringify(error.fields)).toContain(field);
    };
    await check({ boxes: [OVAL, [860, 300, 50, 50]] }, "boxes.1"); // past the right and bottom edges
    await check({ boxes: [[10, 10, 3, 40]] }, "boxes.0.2"); // under 4 px wide
    await check({ boxes: [[10, 10, 40, 3.4]] }, "boxes.0.3");
    await check({ findingIds: [state.findingIds[0], "00000000-0000-4000-8000-000000000000"] }, "findingIds.1");
    await check({ findingIds: [state.findingIds[0], state.findingIds[0]] }, "findingIds.1");
    await check({ findingIds: ["not-an-id"] }, "findingIds.0");
    await check({}, "boxes");
    await check({ findingIds: state.findingIds, boxes: Array.from({ length: 50 }, () => [0, 0, 5, 5]) }, "boxes");
    // Another org's finding ids are unknown here, and its people cannot reach this image at all.
    await expectAppError(redactMedia(other.ctx.ADMIN, { mediaId: state.mediaId, findingIds: state.findingIds }), "NOT_FOUND");
  });
});

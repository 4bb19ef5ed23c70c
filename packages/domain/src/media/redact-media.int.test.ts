import { readdir } from "node:fs/promises";
import { db } from "@vetted/db";
import { createImageScanner, type ImageScanner } from "@vetted/scanner/image";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg, tempMediaDir } from "../testing";
import { mediaPersonAad } from "../consents/consent-records";
import { decryptField } from "../consents/crypto";
import { linkMediaPerson } from "../consents/link-media-person";
import { createPost } from "../posts/create-post";
import { getMediaFile } from "./get-media-file";
import { closeRedactionScanner, redactMedia } from "./redact-media";
import { uploadMedia } from "./upload-media";

// Redaction against the real OCR: kept to one upload and a handful of OCR passes (slow on 2 cores).

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;
let b: TestOrg;
let scanner: ImageScanner;

/** A made-up wristband-style card: an invented name, MRN and date of birth in large, clean type. */
const patientCard = () => {
  const line = (y: number, text: string) => `<text x="70" y="${y}" font-family="DejaVu Sans" font-size="40" fill="#111">${text}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="360"><rect width="900" height="360" fill="#e9eef2"/>` +
    `<rect x="40" y="60" width="640" height="220" fill="#fff" stroke="#333" stroke-width="3"/>` +
    `${line(130, "Patient: Quillon Varnadore")}${line(190, "MRN: 48213977")}${line(250, "DOB: 03/14/1952")}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
};

const fileCount = async () => (await readdir(store.dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;

beforeAll(async () => {
  store = await tempMediaDir("redact");
  [a, b, scanner] = await Promise.all([createOrgWithMembers(), createOrgWithMembers(), createImageScanner({ faces: false })]);
});
afterAll(async () => {
  await Promise.all([closeRedactionScanner(), scanner?.close()]);
  await store.close();
});

describe("redactMedia", () => {
  it("blurs the scanner's finding boxes into a child version whose rescan finds no PHI; refuses an incomplete box", async () => {
    const media = await uploadMedia(a.ctx.CONSULTANT, { bytes: await patientCard() });
    // Someone marked as shown in the image stays marked on its redacted version, position note included.
    const { post } = await createPost(a.ctx.CONSULTANT, { title: "Card", text: "Our new wristbands", channels: ["FACEBOOK"], mediaIds: [media.id] });
    await linkMediaPerson(a.ctx.CONSULTANT, { kind: "STAFF", postId: post.id, mediaId: media.id, attest: true, label: "nurse holding the card" });
    const display = await getMediaFile(a.ctx.CONSULTANT, { mediaId: media.id });
    const scan = await scanner.scan(display.bytes);
    expect(scan.verdict).toBe("block");
    const found: [number, number, number, number][] = scan.findings.flatMap((f) => (f.source === "ocr" && f.box ? [f.box] : []));
    expect(found.length).toBeGreaterThan(0);
    // One click per finding: exactly the boxes the scanner reported.
    const boxes = found;
    const child = await redactMedia(a.ctx.CONSULTANT, { mediaId: media.id, boxes });
    expect(child).toMatchObject({ parentId: media.id, mime: "image/jpeg", width: 900, height: 360, hasOriginal: false });
    const redacted = await getMediaFile(a.ctx.ADMIN, { mediaId: child.id });
    const rescan = await scanner.scan(redacted.bytes);
    expect(rescan.findings.filter((f) => f.source === "ocr")).toEqual([]);
    expect(rescan.verdict).toBe("allow");
    const [event] = await auditEventsFor(a.org.id, { action: "media.redacted", targetId: child.id });
    expect(event?.metadata).toEqual({ parentId: media.id, boxes: boxes.length, mode: "blur", peopleCarried: 1, findingIds: [], drawnBoxes: boxes.map((b) => b.join(",")) });
    const [carried] = await db().mediaPerson.findMany({ where: { orgId: a.org.id, mediaId: child.id } });
    expect(carried).toMatchObject({ kind: "STAFF", attestedById: a.users.CONSULTANT.id });
    expect(decryptField(carried!.labelCipher!, mediaPersonAad(a.org.id, carried!.id))).toBe("nurse holding the card");

    // A box over half of the number leaves "MRN:" and the other digits readable beside it: nothing is stored.
    const rows = await db().media.count({ where: { orgId: a.org.id } });
    const files = await fileCount();
    const error = await expectAppError(redactMedia(a.ctx.ADMIN, { mediaId: media.id, boxes: [[190, 160, 90, 35]], mode: "blur" }), "CONFLICT");
    expect(error.message).toMatch(/still readable/);
    expect(await db().media.count({ where: { orgId: a.org.id } })).toBe(rows);
    expect(await fileCount()).toBe(files);

    // Bad boxes, other orgs and roles without media.upload never reach the OCR.
    await expectAppError(redactMedia(a.ctx.ADMIN, { mediaId: media.id, boxes: [[850, 300, 100, 100]] }), "VALIDATION");
    await expectAppError(redactMedia(a.ctx.ADMIN, { mediaId: media.id, boxes: [] }), "VALIDATION");
    await expectAppError(redactMedia(a.ctx.ADMIN, { mediaId: media.id, boxes: Array.from({ length: 51 }, () => [0, 0, 5, 5]) }), "VALIDATION");
    await expectAppError(redactMedia(a.ctx.ADMIN, { mediaId: media.id, boxes: [[0, 0, -5, 5]] }), "VALIDATION");
    await expectAppError(redactMedia(a.ctx.ADMIN, { mediaId: media.id, boxes: [[0, 0, 5, 5]], mode: "erase" }), "VALIDATION");
    await expectAppError(redactMedia(b.ctx.ADMIN, { mediaId: media.id, boxes: [[0, 0, 5, 5]] }), "NOT_FOUND");
    await expectAppError(redactMedia(a.ctx.STAFF, { mediaId: media.id, boxes: [[0, 0, 5, 5]] }), "FORBIDDEN");
    await expectAppError(redactMedia(a.ctx.COMPLIANCE_OFFICER, { mediaId: media.id, boxes: [[0, 0, 5, 5]] }), "FORBIDDEN");
  });
});

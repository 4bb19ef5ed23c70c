import { readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { db } from "@vetted/db";
import { hugePngHeader } from "@vetted/scanner/image/test-helpers";
import exifr from "exifr";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg, tempMediaDir } from "../testing";
import { getMediaFile } from "./get-media-file";
import { purgeOriginals } from "./purge-post-originals";
import { uploadMedia } from "./upload-media";

// Uploads, downloads and purges against the real database and a temporary MEDIA_DIR on disk.
// Redaction (OCR, slow) has its own file: redact-media.int.test.ts.

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  store = await tempMediaDir("media");
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});
afterAll(() => store.close());

async function filesUnder(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** A 60×40 JPEG stored with orientation 6 (shown 40×60), a description naming a person, and GPS. */
const exifJpeg = () =>
  sharp({ create: { width: 60, height: 40, channels: 3, background: "#7a9" } })
    .jpeg()
    .withExif({
      IFD0: { ImageDescription: "Visit of test patient Quillon Varnadore", Artist: "Front desk" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 58/1 5540/100", GPSLongitudeRef: "W", GPSLongitude: "83/1 0/1 1508/100" },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();

/** A PNG whose header claims width×height (a decompression bomb stand-in): refused before decoding. */
describe("uploadMedia", () => {
  it("stores a metadata-free, upright display file and keeps the original; audits ids only", async () => {
    const original = await exifJpeg();
    expect(await exifr.gps(original)).toBeTruthy();
    const media = await uploadMedia(a.ctx.CONSULTANT, { bytes: original, filename: "Quillon Varnadore.jpg" });
    expect(media).toMatchObject({ mime: "image/jpeg", width: 40, height: 60, parentId: null, hasOriginal: true });

    const row = await db().media.findFirstOrThrow({ where: { orgId: a.org.id, id: media.id } });
    expect(row.storageKey).toBe(`${a.org.id}/${media.id}/display`);
    const display = await getMediaFile(a.ctx.CONSULTANT, { mediaId: media.id });
    expect(display.mime).toBe("image/jpeg");
    expect(await exifr.parse(display.bytes, true)).toBeUndefined();
    expect(await exifr.gps(display.bytes)).toBeUndefined();
    expect((await sharp(display.bytes).metadata()).orientation).toBeUndefined();

    const kept = await getMediaFile(a.ctx.COMPLIANCE_OFFICER, { mediaId: media.id, variant: "original" });
    expect(Buffer.compare(kept.bytes, original)).toBe(0);
    expect(kept.mime).toBe("image/jpeg");

    const [uploaded] = await auditEventsFor(a.org.id, { action: "media.uploaded", targetId: media.id });
    expect(uploaded?.metadata).toMatchObject({ mime: "image/jpeg", originalBytes: original.length, width: 40, height: 60 });
    expect(JSON.stringify(uploaded)).not.toMatch(/Quillon|Varnadore/);
  });

  it("keeps PNG as PNG and turns a still GIF into PNG", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: "#0000" } }).png().toBuffer();
    expect(await uploadMedia(a.ctx.ADMIN, { bytes: png })).toMatchObject({ mime: "image/png", width: 8 });
    const gif = await sharp({ create: { width: 9, height: 5, channels: 3, background: "green" } }).gif().toBuffer();
    expect(await uploadMedia(a.ctx.ADMIN, { bytes: gif })).toMatchObject({ mime: "image/png", width: 9, height: 5 });
  });

  it("refuses bad files with a clear 4xx and leaves no row and no file behind", async () => {
    const jpg = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    const frame = (c: string) => sharp({ create: { width: 20, height: 20, channels: 3, background: c } }).png().toBuffer();
    const animated = await sharp(await Promise.all([frame("red"), frame("blue")]), { join: { animated: true } }).gif().toBuffer();
    const oversized = Buffer.alloc(25 * 1024 * 1024);
    jpg.copy(oversized);
    const cases: [string, Uint8Array, string, RegExp][] = [
      ["25 MB", oversized, "PAYLOAD_TOO_LARGE", /20 MB/],
      ["0 bytes", new Uint8Array(0), "VALIDATION", /empty/i],
      ["truncated JPEG", jpg.subarray(0, Math.floor(jpg.length / 2)), "VALIDATION", /corrupt or truncated/i],
      ["PDF named .jpg", Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), "VALIDATION", /not a supported image/i],
      ["HTML named .png", Buffer.from("<!doctype html><html><script>alert(1)</script></html>"), "VALIDATION", /not a supported image/i],
      ["SVG", Buffer.from("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><script>alert(1)</script></svg>"), "VALIDATION", /not a supported image/i],
      ["animated GIF", animated, "VALIDATION", /animated/i],
      ["60 megapixel PNG header", hugePngHeader(10_000, 6_000), "VALIDATION", /too many pixels/i],
    ];
    const rowsBefore = await db().media.count({ where: { orgId: a.org.id } });
    const filesBefore = await filesUnder(store.dir);
    for (const [label, bytes, code, message] of cases) {
      const error = await expectAppError(uploadMedia(a.ctx.CONSULTANT, { bytes, filename: "x.jpg" }), code);
      expect(error.message, label).toMatch(message);
      if (code === "VALIDATION") expect((error as unknown as { fields: Record<string, string[]> }).fields.file?.[0], label).toBeTruthy();
    }
    expect(await db().media.count({ where: { orgId: a.org.id } })).toBe(rowsBefore);
    expect(await filesUnder(store.dir)).toEqual(filesBefore);
  });

  it("removes the written files when the database write fails", async () => {
    const filesBefore = await filesUnder(store.dir);
    const rowsBefore = await db().media.count({ where: { orgId: a.org.id } });
    // The database fails after both files were written.
    const down = new Proxy(a.ctx.ADMIN.db, {
      get: (target, prop, receiver) => (prop === "$transaction" ? async () => Promise.reject(new Error("database down")) : Reflect.get(target, prop, receiver)),
    });
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#123" } }).png().toBuffer();
    await expect(uploadMedia({ ...a.ctx.ADMIN, db: down }, { bytes: png })).rejects.toThrow("database down");
    expect(await db().media.count({ where: { orgId: a.org.id } })).toBe(rowsBefore);
    expect(await filesUnder(store.dir)).toEqual(filesBefore);
  });

  it("needs media.upload", async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#123" } }).png().toBuffer();
    await expectAppError(uploadMedia(a.ctx.STAFF, { bytes: png }), "FORBIDDEN");
    await expectAppError(uploadMedia(a.ctx.COMPLIANCE_OFFICER, { bytes: png }), "FORBIDDEN");
  });
});

describe("getMediaFile and purgeOriginals", () => {
  it("audits every download, hides other orgs' media and refuses purged originals", async () => {
    const media = await uploadMedia(a.ctx.CONSULTANT, { bytes: await exifJpeg() });
    await getMediaFile(a.ctx.ADMIN, { mediaId: media.id });
    await getMediaFile(a.ctx.CONSULTANT, { mediaId: media.id, variant: "original" });
    const events = await auditEventsFor(a.org.id, { action: "media.downloaded", targetId: media.id });
    expect(events.map((e) => [e.actorId, (e.metadata as { variant: string }).variant])).toEqual([
      [a.users.ADMIN.id, "display"],
      [a.users.CONSULTANT.id, "original"],
    ]);

    for (const role of ["ADMIN", "CONSULTANT", "COMPLIANCE_OFFICER"] as const) {
      await expectAppError(getMediaFile(b.ctx[role], { mediaId: media.id }), "NOT_FOUND");
      await expectAppError(getMediaFile(b.ctx[role], { mediaId: media.id, variant: "original" }), "NOT_FOUND");
    }
    await expectAppError(getMediaFile(a.ctx.STAFF, { mediaId: media.id }), "FORBIDDEN");
    await expectAppError(getMediaFile(a.ctx.ADMIN, { mediaId: "not-an-id" }), "VALIDATION");
    await expectAppError(getMediaFile(a.ctx.ADMIN, { mediaId: media.id, variant: "raw" }), "VALIDATION");

    // Another org's ids are ignored by the purge too.
    expect(await purgeOriginals(b.ctx.ADMIN, [media.id])).toEqual({ purged: [] });
    const originalFile = path.join(store.dir, a.org.id, media.id, "original");
    expect(existsSync(originalFile)).toBe(true);

    expect(await purgeOriginals(a.ctx.COMPLIANCE_OFFICER, [media.id, media.id])).toEqual({ purged: [media.id] });
    expect(existsSync(originalFile)).toBe(false);
    expect(existsSync(path.join(store.dir, a.org.id, media.id, "display"))).toBe(true);
    const row = await db().media.findFirstOrThrow({ where: { orgId: a.org.id, id: media.id } });
    expect(row.originalPurgedAt).toBeInstanceOf(Date);
    expect(row.originalKey).toBeNull();
    await expectAppError(getMediaFile(a.ctx.ADMIN, { mediaId: media.id, variant: "original" }), "GONE");
    expect((await getMediaFile(a.ctx.ADMIN, { mediaId: media.id })).bytes.length).toBeGreaterThan(0);

    expect(await purgeOriginals(a.ctx.COMPLIANCE_OFFICER, [media.id])).toEqual({ purged: [] });
    expect(await auditEventsFor(a.org.id, { action: "media.original_purged", targetId: media.id })).toHaveLength(1);
  });

  it("purges inside the caller's transaction with a system actor", async () => {
    const media = await uploadMedia(a.ctx.CONSULTANT, { bytes: await exifJpeg() });
    await db().$transaction((tx) => purgeOriginals({ tx, orgId: a.org.id, actorId: null, actorLabel: "system" }, [media.id]));
    const [event] = await auditEventsFor(a.org.id, { action: "media.original_purged", targetId: media.id });
    expect(event).toMatchObject({ actorId: null, actorLabel: "system" });
    expect(existsSync(path.join(store.dir, a.org.id, media.id, "original"))).toBe(false);
  });
});

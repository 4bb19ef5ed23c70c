import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { LocalDiskStorage, MediaFileMissingError, S3Storage, assertSafeKey, mediaKey, s3ClientConfig, type Sender } from "./storage";

const ORG = "0b3f5d2e-8f51-4c1e-9a59-3f1f0c0d2a11";
const MEDIA = "6f2b8c1a-1d44-4a1b-8a0e-2b7f6f7d9c22";

describe("media keys", () => {
  it("are <orgId>/<mediaId>/<variant>", () => {
    expect(mediaKey(ORG, MEDIA, "display")).toBe(`${ORG}/${MEDIA}/display`);
  });

  it.each([
    "../etc/passwd", `${ORG}/../other/display`, `${ORG}/${MEDIA}/..`, "/abs/path", `${ORG}//display`, "a\\b", `${ORG}/${MEDIA}/x y`,
    "", ".hidden", `${ORG}/a..b/display`, "x".repeat(401),
  ])("refuses %j", (key) => {
    expect(() => assertSafeKey(key)).toThrow(/unsafe media storage key/);
  });

  it("mediaKey refuses ids that are not plain segments", () => {
    expect(() => mediaKey("..", MEDIA, "display")).toThrow();
    expect(() => mediaKey(ORG, "../x", "original")).toThrow();
  });
});

describe("LocalDiskStorage", () => {
  let root: string;
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it("puts atomically (no temp file left), gets, deletes idempotently, and refuses unsafe keys", async () => {
    root = await mkdtemp(path.join(tmpdir(), "vetted-media-unit-"));
    const storage = new LocalDiskStorage(root);
    const key = mediaKey(ORG, MEDIA, "display");
    await storage.put(key, Buffer.from("first"));
    await storage.put(key, Buffer.from("second"));
    expect((await storage.get(key)).toString()).toBe("second");
    expect(await readdir(path.join(root, ORG, MEDIA))).toEqual(["display"]);
    await storage.delete(key);
    await storage.delete(key);
    await expect(storage.get(key)).rejects.toBeInstanceOf(MediaFileMissingError);
    await expect(storage.put("../escape", Buffer.from("x"))).rejects.toThrow(/unsafe/);
    await expect(storage.get(`${ORG}/../../etc/passwd`)).rejects.toThrow(/unsafe/);
  });

  it("needs an absolute root", () => {
    expect(() => new LocalDiskStorage("var/media")).toThrow(/absolute/);
  });
});

describe("S3Storage (no server: a recording client)", () => {
  const settings = {
    endpoint: "http://127.0.0.1:9000", bucket: "vetted-media", accessKeyId: "minio", secretAccessKey: "minio-secret",
    region: "us-east-1", forcePathStyle: true,
  };

  function recording(reply: (command: object) => unknown = () => ({})) {
    const sent: object[] = [];
    const client: Sender = { send: async (command) => (sent.push(command), reply(command)) };
    return { sent, storage: new S3Storage(settings, { client }) };
  }

  it("builds the client config for an S3-compatible endpoint", () => {
    expect(s3ClientConfig(settings)).toEqual({
      endpoint: "http://127.0.0.1:9000", region: "us-east-1", forcePathStyle: true,
      credentials: { accessKeyId: "minio", secretAccessKey: "minio-secret" },
    });
  });

  it("puts, gets and deletes by bucket and key", async () => {
    const body = Buffer.from("image bytes");
    const { sent, storage } = recording((c) =>
      c instanceof GetObjectCommand ? { Body: { transformToByteArray: async () => new Uint8Array(body) } } : {},
    );
    const key = mediaKey(ORG, MEDIA, "original");
    await storage.put(key, body);
    expect((await storage.get(key)).toString()).toBe("image bytes");
    await storage.delete(key);
    expect(sent.map((c) => c.constructor)).toEqual([PutObjectCommand, GetObjectCommand, DeleteObjectCommand]);
    const [put, get, del] = sent as [PutObjectCommand, GetObjectCommand, DeleteObjectCommand];
    expect(put.input).toMatchObject({ Bucket: "vetted-media", Key: key, Body: body, ContentLength: body.length });
    expect(get.input).toEqual({ Bucket: "vetted-media", Key: key });
    expect(del.input).toEqual({ Bucket: "vetted-media", Key: key });
  });

  it("maps NoSuchKey to MediaFileMissingError and sends nothing for unsafe keys", async () => {
    const { sent, storage } = recording(() => {
      throw Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
    });
    await expect(storage.get(mediaKey(ORG, MEDIA, "display"))).rejects.toBeInstanceOf(MediaFileMissingError);
    await expect(storage.put("../x", Buffer.alloc(1))).rejects.toThrow(/unsafe/);
    await expect(storage.delete(`${ORG}/../y`)).rejects.toThrow(/unsafe/);
    expect(sent).toHaveLength(1);
  });
});

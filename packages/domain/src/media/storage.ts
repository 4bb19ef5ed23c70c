import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { mediaEnv, s3Settings, type S3Settings } from "@vetted/config";
import type { GetObjectCommandOutput } from "@aws-sdk/client-s3";

// Where media files live: local disk by default, any S3-compatible store (MinIO, AWS S3, R2) when
// S3_ENDPOINT is set. Callers address files by key only, so the two are interchangeable.

export interface MediaStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Throws MediaFileMissingError when nothing is stored under the key. */
  get(key: string): Promise<Buffer>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export type MediaVariant = "display" | "original";

export class MediaFileMissingError extends Error {
  override name = "MediaFileMissingError";
  constructor() {
    super("no media file is stored under this key");
  }
}

export class UnsafeMediaKeyError extends Error {
  override name = "UnsafeMediaKeyError";
}

// Keys become file paths and object names: only plain segments, so no key can climb out of the
// media folder or alias another org's prefix.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertSafeKey(key: string): void {
  const parts = key.split("/");
  if (key.length > 400 || parts.length < 1 || parts.some((p) => !SEGMENT.test(p) || p.includes(".."))) {
    throw new UnsafeMediaKeyError("unsafe media storage key");
  }
}

/** `<orgId>/<mediaId>/<variant>`: one prefix per org, so an org's files can be listed or removed together. */
export function mediaKey(orgId: string, mediaId: string, variant: MediaVariant): string {
  const key = `${orgId}/${mediaId}/${variant}`;
  assertSafeKey(key);
  return key;
}

const isMissing = (e: unknown) => (e as { code?: unknown }).code === "ENOENT";

export class LocalDiskStorage implements MediaStorage {
  constructor(readonly root: string) {
    if (!path.isAbsolute(root)) throw new Error("LocalDiskStorage needs an absolute root");
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    const full = path.resolve(this.root, ...key.split("/"));
    // Belt and braces on top of assertSafeKey: the resolved path must stay under the root.
    if (!full.startsWith(this.root + path.sep)) throw new UnsafeMediaKeyError("unsafe media storage key");
    return full;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    // Write then rename (atomic within one filesystem): a reader never sees half a file, and a crash
    // leaves only a temp file, never a truncated image under the real key.
    const temp = `${target}.tmp-${randomBytes(6).toString("hex")}`;
    try {
      await writeFile(temp, bytes, { mode: 0o600, flag: "wx" });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) throw new MediaFileMissingError();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

/** Client settings for an S3-compatible store; separate so it is testable without a server. */
export function s3ClientConfig(s: S3Settings) {
  return {
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: s.forcePathStyle,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
  };
}

/** The one client method used; S3Client fits it, and so does a recording fake in the unit test. */
export interface Sender {
  send(command: object): Promise<unknown>;
}
type S3Module = typeof import("@aws-sdk/client-s3");

export class S3Storage implements MediaStorage {
  private sdk?: Promise<S3Module>;
  private client?: Promise<Sender>;
  readonly bucket: string;

  /**
   * The SDK is loaded on first use (it is large and local-disk deployments never need it). `client`
   * and `sdk` are injectable so the command building is unit-tested without a server.
   */
  constructor(settings: S3Settings, inject: { client?: Sender; sdk?: S3Module } = {}) {
    this.bucket = settings.bucket;
    if (inject.sdk) this.sdk = Promise.resolve(inject.sdk);
    this.client = inject.client
      ? Promise.resolve(inject.client)
      : this.load().then((sdk): Sender => new sdk.S3Client(s3ClientConfig(settings)));
    // Not awaited until the first call: keep an early failure from becoming an unhandled rejection.
    this.client.catch(() => undefined);
  }

  private load(): Promise<S3Module> {
    return (this.sdk ??= import("@aws-sdk/client-s3"));
  }

  private async send(build: (sdk: S3Module) => object) {
    const [sdk, client] = await Promise.all([this.load(), this.client!]);
    return client.send(build(sdk));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertSafeKey(key);
    // One PUT is atomic in S3: the object appears whole or not at all. Files are served through
    // the app (audited), never by URL, so the content type is only a hint for operators.
    await this.send(
      (sdk) => new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: "application/octet-stream", ContentLength: bytes.length }),
    );
  }

  async get(key: string): Promise<Buffer> {
    assertSafeKey(key);
    try {
      const out = (await this.send((sdk) => new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }))) as GetObjectCommandOutput;
      if (!out.Body) throw new MediaFileMissingError();
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      if (name === "NoSuchKey" || name === "NotFound") throw new MediaFileMissingError();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.send((sdk) => new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

let instance: MediaStorage | undefined;

/** The process-wide storage chosen from the environment: S3 when S3_ENDPOINT is set, else MEDIA_DIR on disk. */
export function mediaStorage(): MediaStorage {
  if (instance) return instance;
  const env = mediaEnv();
  const s3 = s3Settings(env);
  return (instance = s3 ? new S3Storage(s3) : new LocalDiskStorage(env.MEDIA_DIR));
}

/** Forgets the storage (the next call reads the env again), or installs one: a test hook. */
export function resetMediaStorage(next?: MediaStorage): void {
  instance = next;
}

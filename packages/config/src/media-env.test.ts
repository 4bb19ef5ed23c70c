import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv, mediaEnvSchema, s3Settings } from "./env";

describe("media env", () => {
  it("defaults to local disk under the repository root, 20 MB and 40 megapixels (the image scanner's cap)", () => {
    const env = loadEnv(mediaEnvSchema, {});
    expect(path.isAbsolute(env.MEDIA_DIR)).toBe(true);
    expect(env.MEDIA_DIR.endsWith(path.join("var", "media"))).toBe(true);
    expect([env.MEDIA_MAX_BYTES, env.MEDIA_MAX_PIXELS]).toEqual([20 * 1024 * 1024, 40_000_000]);
    expect(s3Settings(env)).toBeUndefined();
    expect(loadEnv(mediaEnvSchema, { MEDIA_DIR: "/srv/media" }).MEDIA_DIR).toBe("/srv/media");
  });

  it("builds S3 settings when S3_ENDPOINT is set and names what is missing", () => {
    const base = { S3_ENDPOINT: "http://127.0.0.1:9000", S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" };
    expect(s3Settings(loadEnv(mediaEnvSchema, base))).toEqual({
      endpoint: "http://127.0.0.1:9000", bucket: "b", accessKeyId: "k", secretAccessKey: "s", region: "us-east-1", forcePathStyle: true,
    });
    expect(s3Settings(loadEnv(mediaEnvSchema, { ...base, S3_FORCE_PATH_STYLE: "false" }))?.forcePathStyle).toBe(false);
    expect(() => s3Settings(loadEnv(mediaEnvSchema, { S3_ENDPOINT: "http://minio:9000", S3_BUCKET: "b" }))).toThrow(EnvError);
    expect(() => s3Settings(loadEnv(mediaEnvSchema, { S3_ENDPOINT: "http://minio:9000" }))).toThrow(/S3_SECRET_ACCESS_KEY: required/);
    expect(() => loadEnv(mediaEnvSchema, { MEDIA_MAX_BYTES: "lots" })).toThrow(/MEDIA_MAX_BYTES/);
  });
});

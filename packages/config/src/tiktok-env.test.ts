import { describe, expect, it } from "vitest";
import { DEV_TIKTOK_CLIENT_SECRET, tiktokEnvSchema } from "./tiktok-env";

describe("tiktokEnvSchema", () => {
  it("defaults to TikTok's hosts and the labelled development client outside production", () => {
    const env = tiktokEnvSchema.parse({ NODE_ENV: "test" });
    expect(env).toMatchObject({ TIKTOK_API_BASE: "https://business-api.tiktok.com", TIKTOK_OAUTH_URL: "https://www.tiktok.com/v2/auth/authorize/", TIKTOK_CLIENT_SECRET: DEV_TIKTOK_CLIENT_SECRET });
    expect(tiktokEnvSchema.parse({ NODE_ENV: "test", TIKTOK_API_BASE: "http://127.0.0.1:4010/" }).TIKTOK_API_BASE).toBe("http://127.0.0.1:4010");
  });

  it("refuses the development secret, a lone id and a bad URL in production, naming the field", () => {
    const issues = (input: Record<string, string>) => tiktokEnvSchema.safeParse({ NODE_ENV: "production", ...input }).error?.issues.map((i) => i.path.join("."));
    expect(issues({ TIKTOK_CLIENT_ID: "app", TIKTOK_CLIENT_SECRET: DEV_TIKTOK_CLIENT_SECRET })).toContain("TIKTOK_CLIENT_SECRET");
    expect(issues({ TIKTOK_CLIENT_ID: "app" })).toContain("TIKTOK_CLIENT_SECRET");
    expect(issues({ TIKTOK_API_BASE: "not a url" })).toContain("TIKTOK_API_BASE");
    expect(tiktokEnvSchema.parse({ NODE_ENV: "production" })).toMatchObject({ TIKTOK_CLIENT_ID: null, TIKTOK_CLIENT_SECRET: null });
  });
});

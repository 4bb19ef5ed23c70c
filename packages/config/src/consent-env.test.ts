import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { consentEnvSchema, DEV_CONSENT_KEY_ID, loadEnv } from "./env";

const key = () => randomBytes(32).toString("base64");

describe("consent env", () => {
  it("uses the labelled development keys outside production", () => {
    const env = loadEnv(consentEnvSchema, { NODE_ENV: "test" });
    expect(env.insecureDevKeys).toBe(true);
    expect(env.activeKeyId).toBe(DEV_CONSENT_KEY_ID);
    expect(env.keys.get(DEV_CONSENT_KEY_ID)?.length).toBe(32);
    expect(env.indexKey.length).toBe(32);
  });

  it("requires every consent key in production and names the variables", () => {
    expect(() => loadEnv(consentEnvSchema, { NODE_ENV: "production" })).toThrow(/CONSENT_KEYS: required in production[\s\S]*CONSENT_ACTIVE_KEY_ID[\s\S]*CONSENT_INDEX_KEY/);
    const ok = loadEnv(consentEnvSchema, { NODE_ENV: "production", CONSENT_KEYS: `k1:${key()},k2:${key()}`, CONSENT_ACTIVE_KEY_ID: "k2", CONSENT_INDEX_KEY: key() });
    expect([...ok.keys.keys()]).toEqual(["k1", "k2"]);
    expect(ok).toMatchObject({ activeKeyId: "k2", insecureDevKeys: false });
  });

  it("rejects malformed keys without echoing them", () => {
    const secret = Buffer.alloc(16, 7).toString("base64");
    const run = (env: Record<string, string>) => () => loadEnv(consentEnvSchema, { NODE_ENV: "production", CONSENT_INDEX_KEY: key(), CONSENT_ACTIVE_KEY_ID: "k1", ...env });
    expect(run({ CONSENT_KEYS: `k1:${secret}` })).toThrow(/key "k1" must be exactly 32 bytes/);
    expect(run({ CONSENT_KEYS: `k1:${secret}` })).not.toThrow(new RegExp(secret.replace(/[+/=]/g, ".")));
    expect(run({ CONSENT_KEYS: `k1:${key()}`, CONSENT_ACTIVE_KEY_ID: "k9" })).toThrow(/"k9" is not one of the key ids/);
    expect(run({ CONSENT_KEYS: `bad id:${key()}` })).toThrow(/<keyId>:<base64 key>/);
    const same = key();
    expect(run({ CONSENT_KEYS: `k1:${same}`, CONSENT_INDEX_KEY: same })).toThrow(/must differ/);
  });
});

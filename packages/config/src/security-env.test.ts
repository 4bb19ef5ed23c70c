import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";
import { auditEnvSchema, DEV_AUDIT_KEY_ID, proxyEnvSchema, securityStartupCheck } from "./security-env";

const key = (n = 32) => randomBytes(n).toString("base64");

describe("audit chain key env", () => {
  it("uses a labelled development key outside production", () => {
    const env = loadEnv(auditEnvSchema, { NODE_ENV: "test" });
    expect(env).toMatchObject({ activeKeyId: DEV_AUDIT_KEY_ID, insecureDevKey: true });
    expect(env.keys.get(DEV_AUDIT_KEY_ID)?.length).toBeGreaterThanOrEqual(32);
  });

  it("is required in production", () => {
    expect(() => loadEnv(auditEnvSchema, { NODE_ENV: "production" })).toThrow(/AUDIT_CHAIN_KEY: required in production/);
    const env = loadEnv(auditEnvSchema, { NODE_ENV: "production", AUDIT_CHAIN_KEY: `a2:${key()}`, AUDIT_CHAIN_RETIRED_KEYS: `a1:${key(48)}` });
    expect(env).toMatchObject({ activeKeyId: "a2", insecureDevKey: false });
    expect([...env.keys.keys()].sort()).toEqual(["a1", "a2"]);
  });

  it("refuses the development key id, short keys and duplicates without echoing key material", () => {
    const short = key(16);
    const run = (e: Record<string, string>) => () => loadEnv(auditEnvSchema, { NODE_ENV: "production", ...e });
    expect(run({ AUDIT_CHAIN_KEY: `a1:${short}` })).toThrow(/at least 32 bytes/);
    expect(run({ AUDIT_CHAIN_KEY: `a1:${short}` })).not.toThrow(new RegExp(short.replace(/[+/=]/g, ".")));
    expect(run({ AUDIT_CHAIN_KEY: `no-colon` })).toThrow(/<keyId>:<base64 key>/);
    expect(run({ AUDIT_CHAIN_KEY: `${DEV_AUDIT_KEY_ID}:${key()}` })).toThrow(/reserved for the development key/);
    expect(run({ AUDIT_CHAIN_KEY: `a1:${key()}`, AUDIT_CHAIN_RETIRED_KEYS: `a1:${key()}` })).toThrow(/"a1" is listed twice/);
  });
});

describe("trusted proxies env", () => {
  it("trusts nobody by default", () => {
    expect(loadEnv(proxyEnvSchema, {}).TRUSTED_PROXIES).toEqual([]);
    expect(loadEnv(proxyEnvSchema, { TRUSTED_PROXIES: "" }).TRUSTED_PROXIES).toEqual([]);
  });

  it("parses IPs and CIDRs, v4 and v6", () => {
    expect(loadEnv(proxyEnvSchema, { TRUSTED_PROXIES: " 10.0.0.0/8, 192.168.1.5 ,fd00::/8,::1" }).TRUSTED_PROXIES).toEqual([
      "10.0.0.0/8", "192.168.1.5", "fd00::/8", "::1",
    ]);
  });

  it("names a malformed entry", () => {
    expect(() => loadEnv(proxyEnvSchema, { TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES: "10.0.0.0\/33" is not an IP address or CIDR/);
    expect(() => loadEnv(proxyEnvSchema, { TRUSTED_PROXIES: "proxy.local" })).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("securityStartupCheck", () => {
  it("reports a production start without AUDIT_CHAIN_KEY as an error", () => {
    expect(securityStartupCheck({ NODE_ENV: "production" }).errors.join("\n")).toMatch(/AUDIT_CHAIN_KEY: required in production/);
    expect(securityStartupCheck({ NODE_ENV: "production", AUDIT_CHAIN_KEY: `a1:${key()}`, TRUSTED_PROXIES: "10.0.0.1" })).toEqual({ errors: [], warnings: [] });
  });

  it("only warns about the development key outside production", () => {
    const result = securityStartupCheck({ NODE_ENV: "development" });
    expect(result.errors).toEqual([]);
    expect(result.warnings.join("\n")).toMatch(/development key/);
  });
});

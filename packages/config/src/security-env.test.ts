import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";
import { auditEnvSchema, checkpointEnvSchema, DEV_AUDIT_KEY_ID, ed25519Pkcs8FromSeed, proxyEnvSchema, securityStartupCheck } from "./security-env";

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
    const signing = ed25519Pkcs8FromSeed(randomBytes(32)).toString("base64");
    expect(securityStartupCheck({ NODE_ENV: "production", AUDIT_CHAIN_KEY: `a1:${key()}`, TRUSTED_PROXIES: "10.0.0.1" }).errors.join("\n")).toMatch(/AUDIT_CHECKPOINT_SIGNING_KEY: required in production/);
    expect(securityStartupCheck({ NODE_ENV: "production", AUDIT_CHAIN_KEY: `a1:${key()}`, AUDIT_CHECKPOINT_SIGNING_KEY: signing, TRUSTED_PROXIES: "10.0.0.1" })).toEqual({ errors: [], warnings: [] });
  });

  it("only warns about the development key outside production", () => {
    const result = securityStartupCheck({ NODE_ENV: "development" });
    expect(result.errors).toEqual([]);
    expect(result.warnings.join("\n")).toMatch(/development key/);
    expect(result.warnings.join("\n")).toMatch(/development signing key/);
  });
});

describe("audit checkpoint signing key env", () => {
  it("reads PEM (also with escaped newlines) and base64 PKCS#8, and derives the same public key id", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const pem = String(privateKey.export({ type: "pkcs8", format: "pem" }));
    const der = privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");
    const fromPem = loadEnv(checkpointEnvSchema, { NODE_ENV: "production", AUDIT_CHECKPOINT_SIGNING_KEY: pem.replace(/\n/g, "\\n") });
    const fromDer = loadEnv(checkpointEnvSchema, { NODE_ENV: "production", AUDIT_CHECKPOINT_SIGNING_KEY: der });
    expect(fromPem.keyId).toMatch(/^ed25519-[0-9a-f]{16}$/);
    expect(fromDer.keyId).toBe(fromPem.keyId);
    expect(fromPem.insecureDevKey).toBe(false);
    const signature = sign(null, Buffer.from("x"), fromDer.privateKey);
    expect(verify(null, Buffer.from("x"), createPublicKey(fromPem.publicKeyPem), signature)).toBe(true);
    expect(verify(null, Buffer.from("x"), publicKey, signature)).toBe(true);
  });

  it("refuses a missing key in production, and a non-Ed25519 or unreadable one anywhere", () => {
    expect(() => loadEnv(checkpointEnvSchema, { NODE_ENV: "production" })).toThrow(/AUDIT_CHECKPOINT_SIGNING_KEY: required in production/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" });
    expect(() => loadEnv(checkpointEnvSchema, { NODE_ENV: "test", AUDIT_CHECKPOINT_SIGNING_KEY: String(rsa) })).toThrow(/must be an Ed25519 key/);
    expect(() => loadEnv(checkpointEnvSchema, { NODE_ENV: "test", AUDIT_CHECKPOINT_SIGNING_KEY: "bm90IGEga2V5" })).toThrow(/not a readable private key/);
  });

  it("uses the labelled development key outside production, the same in every process", () => {
    const a = loadEnv(checkpointEnvSchema, { NODE_ENV: "development" });
    const b = loadEnv(checkpointEnvSchema, { NODE_ENV: "test" });
    expect(a.insecureDevKey).toBe(true);
    expect(a.keyId).toBe(b.keyId);
    expect(createPrivateKey({ key: ed25519Pkcs8FromSeed(Buffer.alloc(32, 1)), format: "der", type: "pkcs8" }).asymmetricKeyType).toBe("ed25519");
  });
});

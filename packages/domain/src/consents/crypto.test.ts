import { randomBytes, randomUUID } from "node:crypto";
import type { ConsentKeys } from "@vetted/config";
import { describe, expect, it } from "vitest";
import { decryptField, encryptField, envelopeKeyId, nameIndex, normalizeName } from "./crypto";

const ring = (ids: string[], active = ids.at(-1)!): ConsentKeys => ({
  keys: new Map(ids.map((id) => [id, randomBytes(32)])),
  activeKeyId: active,
  indexKey: randomBytes(32),
  insecureDevKeys: false,
});

describe("consent field encryption", () => {
  it("round-trips, with a fresh IV each time and the key id in the envelope", () => {
    const keys = ring(["k1"]);
    const a = encryptField("Zoë Ångström", "org:row:name", keys);
    const b = encryptField("Zoë Ångström", "org:row:name", keys);
    expect(a).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("Zo");
    expect(decryptField(a, "org:row:name", keys)).toBe("Zoë Ångström");
    expect(envelopeKeyId(a)).toBe("k1");
  });

  it("detects a modified tag, ciphertext or context", () => {
    const keys = ring(["k1"]);
    const env = encryptField("1984-03-02", "ctx", keys);
    const parts = env.split(":");
    const flip = (s: string) => { const buf = Buffer.from(s, "base64"); buf[0]! ^= 1; return buf.toString("base64"); };
    expect(() => decryptField([parts[0], parts[1], parts[2], flip(parts[3]!), parts[4]].join(":"), "ctx", keys)).toThrow(/integrity check \(key id "k1"\)/);
    expect(() => decryptField([parts[0], parts[1], parts[2], parts[3], flip(parts[4]!)].join(":"), "ctx", keys)).toThrow(/integrity check/);
    expect(() => decryptField(env, "other-row", keys)).toThrow(/integrity check/);
  });

  it("names an unknown key id, and decrypts old ids after rotation", () => {
    const old = ring(["k1"]);
    const env = encryptField("MRN-0042", "ctx", old);
    const rotated: ConsentKeys = { ...old, keys: new Map([...old.keys, ["k2", randomBytes(32)]]), activeKeyId: "k2" };
    expect(decryptField(env, "ctx", rotated)).toBe("MRN-0042");
    expect(envelopeKeyId(encryptField("x", "ctx", rotated))).toBe("k2");
    const error = (() => { try { decryptField(env.replace("v1:k1:", "v1:k9:"), "ctx", rotated); } catch (e) { return e as Error; } })();
    expect(error?.message).toMatch(/key id "k9", which is not in CONSENT_KEYS/);
    expect(error?.message).not.toContain("MRN");
    expect(() => decryptField("plaintext name", "ctx", rotated)).toThrow(/Not a consent ciphertext/);
  });
});

describe("name blind index", () => {
  it("normalizes case, diacritics, punctuation and spacing", () => {
    expect(normalizeName("  José   O'Brien-Smith ")).toBe("joseobriensmith");
    expect(normalizeName("ＪＯＳＥ\tobrien smith")).toBe("joseobriensmith");
    expect(normalizeName("Zoë Ångström")).toBe("zoeangstrom");
    expect(normalizeName("Nguyễn Thị Hương")).toBe("nguyenthihuong");
  });

  it("matches equal names, differs across orgs and index keys", () => {
    const keys = ring(["k1"]);
    const org = randomUUID();
    expect(nameIndex(org, "Zoë  Ångström", keys)).toBe(nameIndex(org, "zoe angstrom", keys));
    expect(nameIndex(org, "Zoe Angstrom", keys)).toMatch(/^[0-9a-f]{64}$/);
    expect(nameIndex(randomUUID(), "Zoe Angstrom", keys)).not.toBe(nameIndex(org, "Zoe Angstrom", keys));
    expect(nameIndex(org, "Zoe Angstrom", ring(["k1"]))).not.toBe(nameIndex(org, "Zoe Angstrom", keys));
  });
});

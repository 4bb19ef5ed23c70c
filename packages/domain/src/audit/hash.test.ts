import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, hashEvent, type HashedFields } from "./hash";

const fields: HashedFields = {
  chainKey: "org-1",
  seq: 1,
  orgId: "7d1d5f5e-3f7b-4a39-9a0e-1a2b3c4d5e6f",
  actorId: null,
  actorLabel: "system",
  action: "member.role_changed",
  targetType: "Membership",
  targetId: "m-1",
  metadata: { to: "ADMIN", from: "STAFF" },
  ip: null,
  userAgent: null,
  createdAt: new Date("2026-01-02T03:04:05.678Z"),
};

describe("hashEvent", () => {
  it("hashes a stored row (with id, hash, prevHash) exactly like the fields it was written from", () => {
    const hash = hashEvent(fields, GENESIS_HASH);
    const row = { ...fields, id: "a1", prevHash: GENESIS_HASH, hash };
    expect(hashEvent(row, row.prevHash)).toBe(hash);
  });

  it("changes when any hashed field or the previous hash changes", () => {
    const hash = hashEvent(fields, GENESIS_HASH);
    expect(hashEvent({ ...fields, action: "x" }, GENESIS_HASH)).not.toBe(hash);
    expect(hashEvent({ ...fields, metadata: { to: "STAFF", from: "STAFF" } }, GENESIS_HASH)).not.toBe(hash);
    expect(hashEvent({ ...fields, createdAt: new Date(fields.createdAt.getTime() + 1) }, GENESIS_HASH)).not.toBe(hash);
    expect(hashEvent(fields, "f".repeat(64))).not.toBe(hash);
  });

  it("does not depend on metadata key order", () => {
    expect(hashEvent({ ...fields, metadata: { from: "STAFF", to: "ADMIN" } }, GENESIS_HASH)).toBe(hashEvent(fields, GENESIS_HASH));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

describe("hashEvent with a chain key (HMAC-SHA256)", () => {
  const keys = new Map([["k1", Buffer.alloc(32, 1)], ["k2", Buffer.alloc(32, 2)]]);
  const keyed = { ...fields, keyId: "k1" };
  const plainSha256 = (f: HashedFields) =>
    createHash("sha256").update(GENESIS_HASH).update("\n").update(canonicalJson({ ...f, createdAt: f.createdAt.toISOString() })).digest("hex");

  it("cannot be recomputed without the key", () => {
    const hash = hashEvent(keyed, GENESIS_HASH, keys);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(hashEvent(fields, GENESIS_HASH, keys));
    expect(hash).not.toBe(plainSha256(keyed));
    expect(hash).not.toBe(plainSha256(fields));
  });

  it("depends on the key and on the key id stored in the row", () => {
    const hash = hashEvent(keyed, GENESIS_HASH, keys);
    expect(hashEvent(keyed, GENESIS_HASH, new Map([["k1", Buffer.alloc(32, 9)]]))).not.toBe(hash);
    expect(hashEvent({ ...keyed, keyId: "k2" }, GENESIS_HASH, new Map([["k2", Buffer.alloc(32, 1)]]))).not.toBe(hash);
  });

  it("refuses a key id it has no key for", () => {
    expect(() => hashEvent({ ...fields, keyId: "gone" }, GENESIS_HASH, keys)).toThrow(/key id "gone"/);
  });

  it("hashes a legacy row (no key id) the old unkeyed way, so existing chains still verify", () => {
    expect(hashEvent({ ...fields, keyId: null }, GENESIS_HASH, keys)).toBe(plainSha256(fields));
  });
});

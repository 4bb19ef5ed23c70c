import { generateKeyPairSync } from "node:crypto";
import { checkpointEnvSchema, loadEnv } from "@vetted/config";
import { describe, expect, it } from "vitest";
import { checkpointDocument, checkpointSignatureValid, signCheckpoint, verifyPayload } from "./checkpoint-signature";

const pkcs8 = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");
const keyFrom = (signing: string, retired?: string) =>
  loadEnv(checkpointEnvSchema, { NODE_ENV: "production", AUDIT_CHECKPOINT_SIGNING_KEY: signing, ...(retired ? { AUDIT_CHECKPOINT_RETIRED_PUBLIC_KEYS: retired } : {}) });
const spki = (key: ReturnType<typeof keyFrom>) => key.publicKey.export({ type: "spki", format: "der" }).toString("base64");
const head = { orgId: "6f1c1a52-5a55-4b8e-9a57-2f0f6a0c1d11", seq: 42, hash: "a".repeat(64), signedAt: new Date("2026-12-06T10:00:00Z") };

describe("checkpoint signatures", () => {
  it("verify under the signing key; any changed field or another key id is refused", () => {
    const key = keyFrom(pkcs8());
    const row = signCheckpoint(head, key);
    expect(row.keyId).toBe(key.keyId);
    expect(checkpointSignatureValid(row, key)).toBe(true);
    expect(checkpointSignatureValid({ ...row, seq: 41 }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...row, hash: "b".repeat(64) }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...row, signedAt: new Date("2026-12-06T10:00:01Z") }, key)).toBe(false);
    expect(checkpointSignatureValid(row, keyFrom(pkcs8()))).toBe(false);
    const doc = checkpointDocument(row, key);
    expect(verifyPayload(doc.payload, doc.signature, doc.publicKeyPem!)).toBe(true);
  });

  it("after a rotation, older checkpoints verify while the old public key is listed as retired", () => {
    const oldKey = keyFrom(pkcs8());
    const row = signCheckpoint(head, oldKey);
    const rotated = keyFrom(pkcs8(), spki(oldKey));
    expect(checkpointSignatureValid(row, rotated)).toBe(true);
    expect(checkpointDocument(row, rotated).publicKeyPem).toBe(oldKey.publicKeyPem);
    const withoutRetired = keyFrom(pkcs8());
    expect(checkpointSignatureValid(row, withoutRetired)).toBe(false);
    expect(checkpointDocument(row, withoutRetired).publicKeyPem).toBeNull();
    expect(() => keyFrom(pkcs8(), "bm90IGEga2V5")).toThrow(/AUDIT_CHECKPOINT_RETIRED_PUBLIC_KEYS/);
  });
});

import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { checkpointEnv, type CheckpointSigningKey } from "@vetted/config";
import { canonicalJson } from "./hash";

/** What a checkpoint signs: the org's chain head at a moment, and the key that vouches for it. */
export interface CheckpointPayload {
  v: 1;
  kind: "vetted-audit-checkpoint";
  orgId: string;
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
}

export interface CheckpointRow {
  orgId: string;
  seq: number;
  hash: string;
  signedAt: Date;
  keyId: string;
  signature: string;
}

export function checkpointPayload(row: Omit<CheckpointRow, "signature">): CheckpointPayload {
  return { v: 1, kind: "vetted-audit-checkpoint", orgId: row.orgId, seq: row.seq, hash: row.hash, signedAt: row.signedAt.toISOString(), keyId: row.keyId };
}

/** Ed25519 over the payload's canonical JSON (keys sorted), base64. */
export function signCheckpoint(row: Omit<CheckpointRow, "signature" | "keyId">, key: CheckpointSigningKey = checkpointEnv()): CheckpointRow {
  const withKey = { ...row, keyId: key.keyId };
  const signature = sign(null, Buffer.from(canonicalJson(checkpointPayload(withKey))), key.privateKey).toString("base64");
  return { ...withKey, signature };
}

/**
 * Whether the row's signature holds under a configured public key (the active one, or a retired one
 * after a rotation), found by the row's key id. A row naming any other key id is refused: a forger with
 * database access could otherwise sign with a key of their own.
 */
export function checkpointSignatureValid(row: CheckpointRow, key: Pick<CheckpointSigningKey, "verifyKeys"> = checkpointEnv()): boolean {
  const publicKey = key.verifyKeys.get(row.keyId);
  return publicKey ? verifyPayload(checkpointPayload(row), row.signature, publicKey) : false;
}

export function verifyPayload(payload: CheckpointPayload, signature: string, publicKey: KeyObject | string): boolean {
  try {
    const pub = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
    return verify(null, Buffer.from(canonicalJson(payload)), pub, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/** The downloadable form: enough for anyone holding the public key to check it without Vetted. */
export function checkpointDocument(row: CheckpointRow, key: Pick<CheckpointSigningKey, "verifyKeys"> = checkpointEnv()) {
  const publicKey = key.verifyKeys.get(row.keyId);
  return {
    payload: checkpointPayload(row),
    algorithm: "Ed25519",
    signatureEncoding: "base64 over the payload as canonical JSON (object keys sorted, no whitespace)",
    signature: row.signature,
    publicKeyId: row.keyId,
    // null: the key is no longer configured (neither active nor retired), so this copy cannot vouch for it.
    publicKeyPem: publicKey ? String(publicKey.export({ type: "spki", format: "pem" })) : null,
  };
}

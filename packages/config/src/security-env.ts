import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";
import { baseEnvSchema, loadEnv } from "./env";

// Security settings of the audit trail (issue 14, finding 8). Read through loadEnv like every other
// variable; nothing here touches process.env itself.

const optionalString = z.string().optional().transform((v) => (v && v.trim() ? v.trim() : undefined));

// --- Audit chain key (HMAC-SHA256 over each event and its predecessor's hash) ---

/**
 * Development/test only and labelled as such: it is in the repository, so a chain keyed with it is
 * no better than an unkeyed one. Production refuses to start without AUDIT_CHAIN_KEY.
 */
export const DEV_AUDIT_KEY_ID = "dev-insecure";
const DEV_AUDIT_KEY = Buffer.alloc(32, "vetted-dev-audit-chain-key-NOT-SECRET");
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const b64 = (s: string) => (/^[A-Za-z0-9+/]+={0,2}$/.test(s) ? Buffer.from(s, "base64") : Buffer.alloc(0));

export interface AuditChainKeys {
  /** Every key that can still verify, by id: retired ids stay listed while events under them exist. */
  keys: ReadonlyMap<string, Buffer>;
  /** The key new events are written under; its id is stored on each event. */
  activeKeyId: string;
  insecureDevKey: boolean;
}

/**
 * AUDIT_CHAIN_KEY="<keyId>:<base64, at least 32 bytes>" (the active key) and, after a rotation,
 * AUDIT_CHAIN_RETIRED_KEYS="<keyId>:<base64>,…" so older events still verify. Messages name the
 * variable and key ids, never key material.
 */
export const auditEnvSchema = z
  .object({ NODE_ENV: baseEnvSchema.shape.NODE_ENV, AUDIT_CHAIN_KEY: optionalString, AUDIT_CHAIN_RETIRED_KEYS: optionalString })
  .transform((env, ctx): AuditChainKeys => {
    if (!env.AUDIT_CHAIN_KEY) {
      if (env.NODE_ENV === "production") {
        ctx.addIssue({ code: "custom", path: ["AUDIT_CHAIN_KEY"], message: "required in production (audit trail integrity key)" });
        return z.NEVER;
      }
      return { keys: new Map([[DEV_AUDIT_KEY_ID, DEV_AUDIT_KEY]]), activeKeyId: DEV_AUDIT_KEY_ID, insecureDevKey: true };
    }
    const keys = new Map<string, Buffer>();
    const add = (name: "AUDIT_CHAIN_KEY" | "AUDIT_CHAIN_RETIRED_KEYS", entry: string) => {
      const at = entry.indexOf(":");
      const id = entry.slice(0, at);
      const key = b64(entry.slice(at + 1));
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: [name], message });
      if (at < 1 || !KEY_ID.test(id)) issue("each entry must be <keyId>:<base64 key>, key ids of letters, digits, - and _");
      else if (id === DEV_AUDIT_KEY_ID) issue(`key id "${id}" is reserved for the development key`);
      else if (key.length < 32) issue(`key "${id}" must be at least 32 bytes, base64-encoded`);
      else if (keys.has(id)) issue(`key id "${id}" is listed twice`);
      else keys.set(id, key);
      return id;
    };
    const activeKeyId = add("AUDIT_CHAIN_KEY", env.AUDIT_CHAIN_KEY);
    for (const entry of (env.AUDIT_CHAIN_RETIRED_KEYS ?? "").split(",").map((s) => s.trim()).filter(Boolean)) add("AUDIT_CHAIN_RETIRED_KEYS", entry);
    return { keys, activeKeyId, insecureDevKey: false };
  });

export const auditEnv = () => loadEnv(auditEnvSchema);

// --- Audit checkpoint signing key (Ed25519; issue 15) ---

/**
 * Development/test only and labelled as such, like the dev audit chain key: the seed is in the
 * repository, so a checkpoint signed with it proves nothing. Production refuses to start without
 * AUDIT_CHECKPOINT_SIGNING_KEY. A fixed seed (not generated per process) so the web app and the
 * worker sign and verify with the same key.
 */
const DEV_CHECKPOINT_SEED = Buffer.alloc(32, "vetted-dev-checkpoint-key-NOT-SECRET");
// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): fixed prefix, then the seed.
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** A PKCS#8 DER Ed25519 private key from a 32-byte seed: for the dev key and for throwaway test/e2e/bench keys. */
export function ed25519Pkcs8FromSeed(seed: Buffer): Buffer {
  if (seed.length !== 32) throw new Error("an Ed25519 seed is 32 bytes");
  return Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
}

export interface CheckpointSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** "ed25519-" + the first 16 hex digits of the SHA-256 of the public key (SPKI DER): names the key in every checkpoint. */
  keyId: string;
  publicKeyPem: string;
  insecureDevKey: boolean;
  /** The public keys checkpoints may be signed with, by key id: the active one and any retired ones. */
  verifyKeys: ReadonlyMap<string, KeyObject>;
}

const publicKeyId = (publicKey: KeyObject) => `ed25519-${createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16)}`;

function signingKeyFrom(privateKey: KeyObject, insecureDevKey: boolean): CheckpointSigningKey {
  const publicKey = createPublicKey(privateKey);
  const keyId = publicKeyId(publicKey);
  return { privateKey, publicKey, keyId, publicKeyPem: String(publicKey.export({ type: "spki", format: "pem" })), insecureDevKey, verifyKeys: new Map([[keyId, publicKey]]) };
}

/**
 * AUDIT_CHECKPOINT_SIGNING_KEY: an Ed25519 private key, PEM ("-----BEGIN PRIVATE KEY-----", newlines
 * may be written as \n) or base64 of the PKCS#8 DER. The public key is derived from it.
 */
export const checkpointEnvSchema = z
  .object({ NODE_ENV: baseEnvSchema.shape.NODE_ENV, AUDIT_CHECKPOINT_SIGNING_KEY: optionalString, AUDIT_CHECKPOINT_RETIRED_PUBLIC_KEYS: optionalString })
  .transform((env, ctx): CheckpointSigningKey => {
    const issue = (message: string, name = "AUDIT_CHECKPOINT_SIGNING_KEY") => {
      ctx.addIssue({ code: "custom", path: [name], message });
      return z.NEVER;
    };
    const raw = env.AUDIT_CHECKPOINT_SIGNING_KEY;
    let active: CheckpointSigningKey;
    if (!raw) {
      if (env.NODE_ENV === "production") return issue("required in production (Ed25519 key that signs audit checkpoints)");
      active = signingKeyFrom(createPrivateKey({ key: ed25519Pkcs8FromSeed(DEV_CHECKPOINT_SEED), format: "der", type: "pkcs8" }), true);
    } else {
      let key: KeyObject;
      try {
        key = raw.includes("-----BEGIN")
          ? createPrivateKey({ key: raw.replace(/\\n/g, "\n"), format: "pem" })
          : createPrivateKey({ key: b64(raw.replace(/\s+/g, "")), format: "der", type: "pkcs8" });
      } catch {
        return issue("not a readable private key (PEM or base64 PKCS#8 DER)");
      }
      if (key.asymmetricKeyType !== "ed25519") return issue("must be an Ed25519 key");
      active = signingKeyFrom(key, false);
    }
    // After a rotation, the old public keys (base64 SPKI DER, comma-separated) keep older checkpoints verifiable.
    const verifyKeys = new Map<string, KeyObject>([[active.keyId, active.publicKey]]);
    for (const entry of (env.AUDIT_CHECKPOINT_RETIRED_PUBLIC_KEYS ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
      let pub: KeyObject;
      try {
        pub = createPublicKey({ key: b64(entry), format: "der", type: "spki" });
      } catch {
        return issue("each entry must be an Ed25519 public key, base64 SPKI DER", "AUDIT_CHECKPOINT_RETIRED_PUBLIC_KEYS");
      }
      if (pub.asymmetricKeyType !== "ed25519") return issue("each entry must be an Ed25519 public key, base64 SPKI DER", "AUDIT_CHECKPOINT_RETIRED_PUBLIC_KEYS");
      verifyKeys.set(publicKeyId(pub), pub);
    }
    return { ...active, verifyKeys };
  });

export const checkpointEnv = () => loadEnv(checkpointEnvSchema);

// --- Reverse proxies whose X-Forwarded-For entries are believed ---

function validProxy(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUSTED_PROXIES: comma-separated IPs and CIDRs of the reverse proxies in front of the web app.
 * Empty (the default) trusts none: X-Forwarded-For is then ignored and IPs are recorded as unknown,
 * because without a proxy that overwrites it the header is whatever the client chose to send.
 */
export const proxyEnvSchema = z.object({
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const entries = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      for (const e of entries) if (!validProxy(e)) ctx.addIssue({ code: "custom", message: `"${e}" is not an IP address or CIDR` });
      return entries;
    }),
});

export const proxyEnv = () => loadEnv(proxyEnvSchema);

/**
 * MIGRATION_DATABASE_URL: the table owner's connection, for migrations and test set-up only. The
 * running app connects with DATABASE_URL as the least-privileged `vetted_app` role.
 */
export const migrationEnvSchema = z.object({
  MIGRATION_DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
});
export const migrationEnv = () => loadEnv(migrationEnvSchema);

/**
 * Start-up check of the settings above, for the web server and the worker: in production a missing
 * or malformed AUDIT_CHAIN_KEY (or a bad TRUSTED_PROXIES) must stop the process before the first
 * audited change. Messages name variables and key ids, never key material.
 */
export function securityStartupCheck(source?: Record<string, string | undefined>): { errors: string[]; warnings: string[] } {
  const load = <S extends z.ZodType>(schema: S): z.infer<S> => (source ? loadEnv(schema, source) : loadEnv(schema));
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const schema of [auditEnvSchema, checkpointEnvSchema, proxyEnvSchema] as const) {
    try {
      load(schema);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (!errors.length && load(auditEnvSchema).insecureDevKey) warnings.push("audit chain: public development key in use; never use it with real data");
  if (!errors.length && load(checkpointEnvSchema).insecureDevKey) warnings.push("audit checkpoints: public development signing key in use; never use it with real data");
  if (!errors.length && load(proxyEnvSchema).TRUSTED_PROXIES.length === 0) warnings.push("TRUSTED_PROXIES is empty: client IPs are recorded as unknown");
  return { errors, warnings };
}

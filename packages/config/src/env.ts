import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The only place in the codebase that reads process.env. Each process validates the part it needs
// once, at start-up, and fails with a message that names the variable.

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** pino's levels, lowest first. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** The app's least-privileged role (see the audit_hardening migration); migrations use MIGRATION_DATABASE_URL. */
  DATABASE_URL: z.string().url().default("postgresql://vetted_app@127.0.0.1:5432/vetted"),
  /**
   * Server-side limits on every connection of the app's pool (web, worker, seed): PostgreSQL cancels a
   * statement running longer than DATABASE_STATEMENT_TIMEOUT_MS (a lock wait included) and ends a session
   * left idle inside a transaction for DATABASE_IDLE_TX_TIMEOUT_MS, so a hung statement or a stalled
   * process cannot hold a connection and its locks for ever. 0 turns a limit off.
   */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  DATABASE_IDLE_TX_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** The logger's threshold (packages/log): `silent` writes nothing; the test runs use `warn`. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /**
   * Web only. One JSON line per request on stdout: method, path and the NAMES of the query parameters, never
   * their values. Lets an operator (and the e2e run) check that no PHI field ever travels in a URL.
   */
  ACCESS_LOG: bool,
});

export const mailEnvSchema = z.object({
  /** smtp://user:pass@host:port; empty means mail goes to the development outbox only. */
  SMTP_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().default("Vetted <no-reply@vetted.local>"),
  APP_URL: z.string().url().default("http://localhost:3000"),
});

/**
 * The repository root (the folder with turbo.json), found from the working directory: web runs in
 * apps/web, the worker and tests from the root, and both must resolve MEDIA_DIR to the same folder.
 */
function repoRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "turbo.json"))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

const optionalString = z.string().optional().transform((v) => (v ? v : undefined));
const MB = 1024 * 1024;

/** Media storage: local disk by default, any S3-compatible store when S3_ENDPOINT is set. Web and worker both need it. */
export const mediaEnvSchema = z.object({
  /** Relative paths are taken from the repository root and resolved once to an absolute path. */
  MEDIA_DIR: z.string().min(1).default("var/media").transform((p) => path.resolve(repoRoot(), p)),
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(500 * MB).default(20 * MB),
  // Not above the image scanner's own 40 MP cap, or an accepted upload could never be scanned.
  MEDIA_MAX_PIXELS: z.coerce.number().int().min(10_000).max(40_000_000).default(40_000_000),
  S3_ENDPOINT: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  S3_BUCKET: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** Path-style URLs (endpoint/bucket/key) are what MinIO serves out of the box, so unset means true. */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => v === undefined || v === "" || v === "true" || v === "1"),
});

export const webEnvSchema = baseEnvSchema.merge(mailEnvSchema).merge(mediaEnvSchema).extend({
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  /** Shows /dev/outbox (agency admins only, tokens masked) with every mail the app sent. Refused in production. */
  DEV_OUTBOX: bool,
}).superRefine((env, ctx) => {
  // The outbox lists every mail the app sent; production must deliver mail, never park it on a page.
  if (env.NODE_ENV === "production" && env.DEV_OUTBOX) {
    ctx.addIssue({ code: "custom", path: ["DEV_OUTBOX"], message: "must not be enabled in production (NODE_ENV=production)" });
  }
});

export const workerEnvSchema = baseEnvSchema.merge(mailEnvSchema).merge(mediaEnvSchema).extend({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type MailEnv = z.infer<typeof mailEnvSchema>;
export type MediaEnv = z.infer<typeof mediaEnvSchema>;
export type WebEnv = z.infer<typeof webEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

const cache = new Map<z.ZodType, unknown>();

/** Parses the environment once per schema and process; throws EnvError naming each bad variable. */
export function loadEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  if (source === process.env && cache.has(schema)) return cache.get(schema) as z.infer<S>;
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  if (source === process.env) cache.set(schema, parsed.data);
  return parsed.data;
}

export const baseEnv = () => loadEnv(baseEnvSchema);
export const mailEnv = () => loadEnv(mailEnvSchema);
export const mediaEnv = () => loadEnv(mediaEnvSchema);
export const webEnv = () => loadEnv(webEnvSchema);
export const workerEnv = () => loadEnv(workerEnvSchema);

export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  forcePathStyle: boolean;
}

/** The S3 settings when S3_ENDPOINT is set (undefined means local disk); a half-configured store is an EnvError. */
export function s3Settings(env: MediaEnv): S3Settings | undefined {
  if (!env.S3_ENDPOINT) return undefined;
  const missing = (["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter((k) => !env[k]);
  if (missing.length) throw new EnvError(`Invalid environment:\n${missing.map((k) => `  ${k}: required when S3_ENDPOINT is set`).join("\n")}`);
  return {
    endpoint: env.S3_ENDPOINT,
    bucket: env.S3_BUCKET!,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

// --- Consent register encryption (issue 6) ---

/**
 * Development/test only, and labelled so nobody mistakes them for real keys: they are public (in
 * the repository), so anything encrypted under them is effectively plaintext. Production refuses
 * to start a consent operation without real keys.
 */
export const DEV_CONSENT_KEY_ID = "dev-insecure";
const DEV_CONSENT_KEYS = `${DEV_CONSENT_KEY_ID}:${Buffer.alloc(32, "vetted-dev-consent-key-NOT-SECRET").toString("base64")}`;
const DEV_CONSENT_INDEX_KEY = Buffer.alloc(32, "vetted-dev-index-key-NOT-SECRET").toString("base64");

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const b64 = (s: string) => (/^[A-Za-z0-9+/]+={0,2}$/.test(s) ? Buffer.from(s, "base64") : Buffer.alloc(0));

export interface ConsentKeys {
  /** Every key that can still decrypt, by id: old ids stay listed until their rows are re-encrypted. */
  keys: ReadonlyMap<string, Buffer>;
  /** The key new ciphertexts are written under. */
  activeKeyId: string;
  /** HMAC key of the name blind index; separate from the encryption keys so one leak is not both. */
  indexKey: Buffer;
  /** True when the public development keys are in use. */
  insecureDevKeys: boolean;
}

/**
 * CONSENT_KEYS="k1:<base64 32 bytes>,k2:<base64 32 bytes>", CONSENT_ACTIVE_KEY_ID="k2",
 * CONSENT_INDEX_KEY="<base64, at least 32 bytes>". Messages name the variable, never a key.
 */
export const consentEnvSchema = z
  .object({
    NODE_ENV: baseEnvSchema.shape.NODE_ENV,
    CONSENT_KEYS: optionalString,
    CONSENT_ACTIVE_KEY_ID: optionalString,
    CONSENT_INDEX_KEY: optionalString,
  })
  .transform((env, ctx): ConsentKeys => {
    const prod = env.NODE_ENV === "production";
    for (const name of ["CONSENT_KEYS", "CONSENT_ACTIVE_KEY_ID", "CONSENT_INDEX_KEY"] as const) {
      if (prod && !env[name]) ctx.addIssue({ code: "custom", path: [name], message: "required in production (consent register encryption)" });
    }
    if (prod && (!env.CONSENT_KEYS || !env.CONSENT_ACTIVE_KEY_ID || !env.CONSENT_INDEX_KEY)) return z.NEVER;
    const insecureDevKeys = !env.CONSENT_KEYS;
    const keys = new Map<string, Buffer>();
    for (const entry of (env.CONSENT_KEYS ?? DEV_CONSENT_KEYS).split(",").map((s) => s.trim()).filter(Boolean)) {
      const at = entry.indexOf(":");
      const id = entry.slice(0, at);
      const key = b64(entry.slice(at + 1));
      if (at < 1 || !KEY_ID.test(id)) ctx.addIssue({ code: "custom", path: ["CONSENT_KEYS"], message: "each entry must be <keyId>:<base64 key>, key ids of letters, digits, - and _" });
      else if (key.length !== 32) ctx.addIssue({ code: "custom", path: ["CONSENT_KEYS"], message: `key "${id}" must be exactly 32 bytes, base64-encoded` });
      else if (keys.has(id)) ctx.addIssue({ code: "custom", path: ["CONSENT_KEYS"], message: `key id "${id}" is listed twice` });
      else keys.set(id, key);
    }
    const activeKeyId = env.CONSENT_ACTIVE_KEY_ID ?? (insecureDevKeys ? DEV_CONSENT_KEY_ID : [...keys.keys()].at(-1) ?? "");
    if (keys.size > 0 && !keys.has(activeKeyId)) ctx.addIssue({ code: "custom", path: ["CONSENT_ACTIVE_KEY_ID"], message: `"${activeKeyId}" is not one of the key ids in CONSENT_KEYS` });
    const indexKey = b64(env.CONSENT_INDEX_KEY ?? DEV_CONSENT_INDEX_KEY);
    if (indexKey.length < 32) ctx.addIssue({ code: "custom", path: ["CONSENT_INDEX_KEY"], message: "must be at least 32 bytes, base64-encoded" });
    if ([...keys.values()].some((k) => k.equals(indexKey))) ctx.addIssue({ code: "custom", path: ["CONSENT_INDEX_KEY"], message: "must differ from every encryption key" });
    if (keys.size === 0) ctx.addIssue({ code: "custom", path: ["CONSENT_KEYS"], message: "lists no key" });
    return { keys, activeKeyId, indexKey, insecureDevKeys };
  });

export type ConsentEnv = z.infer<typeof consentEnvSchema>;
export const consentEnv = () => loadEnv(consentEnvSchema);

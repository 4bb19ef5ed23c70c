import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The only place in the codebase that reads process.env. Each process validates the part it needs
// once, at start-up, and fails with a message that names the variable.

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/vetted"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
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
  /** Shows /dev/outbox with every mail the app sent. Never enable in production. */
  DEV_OUTBOX: bool,
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

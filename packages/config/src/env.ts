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

export const webEnvSchema = baseEnvSchema.merge(mailEnvSchema).extend({
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  /** Shows /dev/outbox with every mail the app sent. Never enable in production. */
  DEV_OUTBOX: bool,
});

export const workerEnvSchema = baseEnvSchema.merge(mailEnvSchema).extend({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type MailEnv = z.infer<typeof mailEnvSchema>;
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
export const webEnv = () => loadEnv(webEnvSchema);
export const workerEnv = () => loadEnv(workerEnvSchema);

import { z } from "zod";
import { baseEnvSchema, loadEnv } from "./env";

// TikTok through its API for Business (the Accounts API for TikTok Business accounts: list videos,
// list, reply to, hide and delete comments). Base URLs default to TikTok's own; .env.example and the
// tests point them at the in-repo simulator. Production must name a real app (client key and secret).

/** Development/test only, and labelled as such: in the repository, so it proves nothing. Production refuses it. */
export const DEV_TIKTOK_CLIENT_ID = "vetted-dev-tiktok-client";
export const DEV_TIKTOK_CLIENT_SECRET = "vetted-dev-tiktok-client-secret-NOT-SECRET";
export const TIKTOK_API_BASE_DEFAULT = "https://business-api.tiktok.com";
export const TIKTOK_OAUTH_URL_DEFAULT = "https://www.tiktok.com/v2/auth/authorize/";

export interface TikTokEnv {
  /** "https://business-api.tiktok.com": every call is {base}/open_api/v1.3/…, the token endpoints included. */
  TIKTOK_API_BASE: string;
  TIKTOK_TIMEOUT_MS: number;
  /** How often the worker looks for the accounts' videos of the last 7 days (their comments are then listed by the comment poll). */
  TIKTOK_POLL_INTERVAL_MS: number;
  /** The consent page for TikTok accounts. */
  TIKTOK_OAUTH_URL: string;
  /** The app's id and secret; null in production when unset: TikTok accounts cannot be connected nor refreshed. */
  TIKTOK_CLIENT_ID: string | null;
  TIKTOK_CLIENT_SECRET: string | null;
}

const optionalString = z.string().optional().transform((v) => (v && v.trim() ? v.trim() : undefined));
const optionalUrl = z.string().url().optional().or(z.literal("").transform(() => undefined));

export const tiktokEnvSchema = z
  .object({
    NODE_ENV: baseEnvSchema.shape.NODE_ENV,
    TIKTOK_API_BASE: optionalUrl,
    TIKTOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    TIKTOK_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
    TIKTOK_OAUTH_URL: optionalUrl,
    TIKTOK_CLIENT_ID: optionalString,
    TIKTOK_CLIENT_SECRET: optionalString,
  })
  .transform((env, ctx): TikTokEnv => {
    const prod = env.NODE_ENV === "production";
    if (prod && env.TIKTOK_CLIENT_SECRET === DEV_TIKTOK_CLIENT_SECRET) ctx.addIssue({ code: "custom", path: ["TIKTOK_CLIENT_SECRET"], message: "is the public development secret; refused in production" });
    if (prod && Boolean(env.TIKTOK_CLIENT_ID) !== Boolean(env.TIKTOK_CLIENT_SECRET)) {
      ctx.addIssue({ code: "custom", path: [env.TIKTOK_CLIENT_ID ? "TIKTOK_CLIENT_SECRET" : "TIKTOK_CLIENT_ID"], message: "TIKTOK_CLIENT_ID and TIKTOK_CLIENT_SECRET go together in production" });
    }
    if (env.TIKTOK_CLIENT_SECRET && env.TIKTOK_CLIENT_SECRET.length < 16) ctx.addIssue({ code: "custom", path: ["TIKTOK_CLIENT_SECRET"], message: "must be at least 16 characters" });
    return {
      TIKTOK_API_BASE: (env.TIKTOK_API_BASE ?? TIKTOK_API_BASE_DEFAULT).replace(/\/+$/, ""),
      TIKTOK_TIMEOUT_MS: env.TIKTOK_TIMEOUT_MS,
      TIKTOK_POLL_INTERVAL_MS: env.TIKTOK_POLL_INTERVAL_MS,
      TIKTOK_OAUTH_URL: env.TIKTOK_OAUTH_URL ?? TIKTOK_OAUTH_URL_DEFAULT,
      TIKTOK_CLIENT_ID: env.TIKTOK_CLIENT_ID ?? (prod ? null : DEV_TIKTOK_CLIENT_ID),
      TIKTOK_CLIENT_SECRET: env.TIKTOK_CLIENT_SECRET ?? (prod ? null : DEV_TIKTOK_CLIENT_SECRET),
    };
  });

export const tiktokEnv = () => loadEnv(tiktokEnvSchema);

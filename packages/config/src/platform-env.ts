import { z } from "zod";
import { baseEnvSchema, loadEnv } from "./env";

// Social platform connectors (issue 12). Meta's defaults point at the in-repo simulator
// (apps/simulator) so development and tests need no variable; LinkedIn's and X's base URLs default to
// the real APIs and .env.example / the e2e set-up point them at the simulator. Production must name
// the real endpoints and secrets.

/**
 * Development/test only, and labelled as such: they are in the repository, so a signature made with
 * this secret proves nothing. Production refuses to start with them.
 */
export const DEV_META_APP_SECRET = "vetted-dev-meta-app-secret-NOT-SECRET";
export const DEV_META_VERIFY_TOKEN = "vetted-dev-meta-verify-token-NOT-SECRET";
export const DEV_META_APP_ID = "vetted-dev-app";
export const DEV_META_GRAPH_URL = "http://127.0.0.1:4010";
export const DEV_META_OAUTH_URL = "http://127.0.0.1:4010/dialog/oauth";

const optionalString = z.string().optional().transform((v) => (v && v.trim() ? v.trim() : undefined));
const optionalUrl = z.string().url().optional().or(z.literal("").transform(() => undefined));

export interface MetaEnv {
  META_APP_ID: string;
  META_APP_SECRET: string;
  META_VERIFY_TOKEN: string;
  /** Graph API base URL without a version ("https://graph.facebook.com" in production). */
  META_GRAPH_URL: string;
  /** The OAuth dialog ("https://www.facebook.com/v21.0/dialog/oauth" in production). */
  META_OAUTH_URL: string;
  /** Graph API version prefix the client puts on every path, e.g. "v21.0"; empty for none. */
  META_GRAPH_VERSION: string;
  /** Per-request timeout of Graph calls. */
  META_GRAPH_TIMEOUT_MS: number;
  /** True when the public development secret or verify token is in use. */
  insecureDevSecrets: boolean;
}

/**
 * META_APP_ID, META_APP_SECRET, META_VERIFY_TOKEN, META_GRAPH_URL, META_OAUTH_URL: all required in
 * production, where the development secret and verify token are refused. Messages name the
 * variable, never its value.
 */
export const metaEnvSchema = z
  .object({
    NODE_ENV: baseEnvSchema.shape.NODE_ENV,
    META_APP_ID: optionalString,
    META_APP_SECRET: optionalString,
    META_VERIFY_TOKEN: optionalString,
    META_GRAPH_URL: optionalUrl,
    META_OAUTH_URL: optionalUrl,
    META_GRAPH_VERSION: z
      .string()
      .optional()
      .refine((v) => !v || /^v\d+\.\d+$/.test(v), "must look like v21.0"),
    META_GRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  })
  .transform((env, ctx): MetaEnv => {
    if (env.NODE_ENV === "production") {
      for (const name of ["META_APP_ID", "META_APP_SECRET", "META_VERIFY_TOKEN", "META_GRAPH_URL", "META_OAUTH_URL"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "required in production (Meta connector)" });
      }
      if (env.META_APP_SECRET === DEV_META_APP_SECRET) ctx.addIssue({ code: "custom", path: ["META_APP_SECRET"], message: "is the public development secret; refused in production" });
      if (env.META_VERIFY_TOKEN === DEV_META_VERIFY_TOKEN) ctx.addIssue({ code: "custom", path: ["META_VERIFY_TOKEN"], message: "is the public development token; refused in production" });
    }
    if (env.META_APP_SECRET && env.META_APP_SECRET.length < 16) ctx.addIssue({ code: "custom", path: ["META_APP_SECRET"], message: "must be at least 16 characters" });
    const appSecret = env.META_APP_SECRET ?? DEV_META_APP_SECRET;
    const verifyToken = env.META_VERIFY_TOKEN ?? DEV_META_VERIFY_TOKEN;
    return {
      META_APP_ID: env.META_APP_ID ?? DEV_META_APP_ID,
      META_APP_SECRET: appSecret,
      META_VERIFY_TOKEN: verifyToken,
      META_GRAPH_URL: (env.META_GRAPH_URL ?? DEV_META_GRAPH_URL).replace(/\/+$/, ""),
      META_OAUTH_URL: env.META_OAUTH_URL ?? DEV_META_OAUTH_URL,
      META_GRAPH_VERSION: env.META_GRAPH_VERSION ?? "",
      META_GRAPH_TIMEOUT_MS: env.META_GRAPH_TIMEOUT_MS,
      insecureDevSecrets: appSecret === DEV_META_APP_SECRET || verifyToken === DEV_META_VERIFY_TOKEN,
    };
  });

export const metaEnv = () => loadEnv(metaEnvSchema);

/** Labelled like the Meta ones: in the repository, so refused in production. */
export const DEV_LINKEDIN_CLIENT_SECRET = "vetted-dev-linkedin-client-secret-NOT-SECRET";
/** Development/test only: the simulator's LinkedIn app. A client id is public, but production must name its own. */
export const DEV_LINKEDIN_CLIENT_ID = "vetted-dev-linkedin-client";
export const LINKEDIN_API_BASE_DEFAULT = "https://api.linkedin.com";
export const LINKEDIN_OAUTH_URL_DEFAULT = "https://www.linkedin.com/oauth/v2/authorization";
export const LINKEDIN_AUTH_BASE_DEFAULT = "https://www.linkedin.com";
export const X_API_BASE_DEFAULT = "https://api.x.com";
export const X_OAUTH_URL_DEFAULT = "https://x.com/i/oauth2/authorize";
/** Labelled like the Meta ones: in the repository, so refused in production. */
export const DEV_X_CLIENT_ID = "vetted-dev-x-client";
export const DEV_X_CLIENT_SECRET = "vetted-dev-x-client-secret-NOT-SECRET";

export interface LinkedInEnv {
  /** Signs webhook deliveries (X-LI-Signature), answers the challenge and authenticates the OAuth calls; null: LinkedIn is not configured. */
  LINKEDIN_CLIENT_SECRET: string | null;
  /** The app's client id (OAuth); null in production when unset: LinkedIn accounts cannot be connected. */
  LINKEDIN_CLIENT_ID: string | null;
  /** REST base without /rest ("https://api.linkedin.com"; the simulator's URL in development). */
  LINKEDIN_API_BASE: string;
  /** The consent page the admin's browser goes to ("https://www.linkedin.com/oauth/v2/authorization"). */
  LINKEDIN_OAUTH_URL: string;
  /** Base of /oauth/v2/accessToken and /oauth/v2/introspectToken ("https://www.linkedin.com"). */
  LINKEDIN_AUTH_BASE: string;
  /** The LinkedIn-Version header (YYYYMM) every /rest call carries. */
  LINKEDIN_API_VERSION: string;
  LINKEDIN_TIMEOUT_MS: number;
}

/**
 * LinkedIn Company Pages (issue 12). The URLs default to the real API; .env.example and the e2e
 * set-up point them at the simulator. Outside production a missing secret or client id is the
 * labelled development one; in production a missing one leaves LinkedIn unconfigured (webhooks
 * refused, no connection offered).
 */
export const linkedinEnvSchema = z
  .object({
    NODE_ENV: baseEnvSchema.shape.NODE_ENV,
    LINKEDIN_CLIENT_SECRET: optionalString,
    LINKEDIN_CLIENT_ID: optionalString,
    LINKEDIN_API_BASE: optionalUrl,
    LINKEDIN_OAUTH_URL: optionalUrl,
    LINKEDIN_AUTH_BASE: optionalUrl,
    LINKEDIN_API_VERSION: z.string().optional().refine((v) => !v || /^\d{6}$/.test(v), "must look like 202501 (YYYYMM)"),
    LINKEDIN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  })
  .transform((env, ctx): LinkedInEnv => {
    const prod = env.NODE_ENV === "production";
    if (prod && env.LINKEDIN_CLIENT_SECRET === DEV_LINKEDIN_CLIENT_SECRET) ctx.addIssue({ code: "custom", path: ["LINKEDIN_CLIENT_SECRET"], message: "is the public development secret; refused in production" });
    if (prod && env.LINKEDIN_CLIENT_ID === DEV_LINKEDIN_CLIENT_ID) ctx.addIssue({ code: "custom", path: ["LINKEDIN_CLIENT_ID"], message: "is the development client id; refused in production" });
    if (env.LINKEDIN_CLIENT_SECRET && env.LINKEDIN_CLIENT_SECRET.length < 16) ctx.addIssue({ code: "custom", path: ["LINKEDIN_CLIENT_SECRET"], message: "must be at least 16 characters" });
    return {
      LINKEDIN_CLIENT_SECRET: env.LINKEDIN_CLIENT_SECRET ?? (prod ? null : DEV_LINKEDIN_CLIENT_SECRET),
      LINKEDIN_CLIENT_ID: env.LINKEDIN_CLIENT_ID ?? (prod ? null : DEV_LINKEDIN_CLIENT_ID),
      LINKEDIN_API_BASE: (env.LINKEDIN_API_BASE ?? LINKEDIN_API_BASE_DEFAULT).replace(/\/+$/, ""),
      LINKEDIN_OAUTH_URL: env.LINKEDIN_OAUTH_URL ?? LINKEDIN_OAUTH_URL_DEFAULT,
      LINKEDIN_AUTH_BASE: (env.LINKEDIN_AUTH_BASE ?? LINKEDIN_AUTH_BASE_DEFAULT).replace(/\/+$/, ""),
      LINKEDIN_API_VERSION: env.LINKEDIN_API_VERSION ?? "202501",
      LINKEDIN_TIMEOUT_MS: env.LINKEDIN_TIMEOUT_MS,
    };
  });

export const linkedinEnv = () => loadEnv(linkedinEnvSchema);

export interface XEnv {
  X_API_BASE: string;
  X_TIMEOUT_MS: number;
  /** How often the worker looks for new replies under the accounts' posts of the last 7 days (X has no free webhooks). */
  X_POLL_INTERVAL_MS: number;
  /** The consent page ("https://x.com/i/oauth2/authorize"); the token endpoint is X_API_BASE/2/oauth2/token. */
  X_OAUTH_URL: string;
  /** The app's OAuth 2.0 client (confidential); null in production when unset: X accounts cannot be connected nor refreshed. */
  X_CLIENT_ID: string | null;
  X_CLIENT_SECRET: string | null;
}

/**
 * X (Twitter) API v2: user tokens live on the connected accounts; the app's OAuth 2.0 client
 * connects them and refreshes them (they last 2 hours). Outside production a missing client is the
 * labelled development one the simulator knows; production refuses that and needs both or neither.
 */
export const xEnvSchema = z
  .object({
    NODE_ENV: baseEnvSchema.shape.NODE_ENV,
    X_API_BASE: optionalUrl,
    X_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    X_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
    X_OAUTH_URL: optionalUrl,
    X_CLIENT_ID: optionalString,
    X_CLIENT_SECRET: optionalString,
  })
  .transform((env, ctx): XEnv => {
    const prod = env.NODE_ENV === "production";
    if (prod && env.X_CLIENT_SECRET === DEV_X_CLIENT_SECRET) ctx.addIssue({ code: "custom", path: ["X_CLIENT_SECRET"], message: "is the public development secret; refused in production" });
    if (prod && Boolean(env.X_CLIENT_ID) !== Boolean(env.X_CLIENT_SECRET)) ctx.addIssue({ code: "custom", path: [env.X_CLIENT_ID ? "X_CLIENT_SECRET" : "X_CLIENT_ID"], message: "X_CLIENT_ID and X_CLIENT_SECRET go together in production" });
    if (env.X_CLIENT_SECRET && env.X_CLIENT_SECRET.length < 16) ctx.addIssue({ code: "custom", path: ["X_CLIENT_SECRET"], message: "must be at least 16 characters" });
    return {
      X_API_BASE: (env.X_API_BASE ?? X_API_BASE_DEFAULT).replace(/\/+$/, ""),
      X_TIMEOUT_MS: env.X_TIMEOUT_MS,
      X_POLL_INTERVAL_MS: env.X_POLL_INTERVAL_MS,
      X_OAUTH_URL: env.X_OAUTH_URL ?? X_OAUTH_URL_DEFAULT,
      X_CLIENT_ID: env.X_CLIENT_ID ?? (prod ? null : DEV_X_CLIENT_ID),
      X_CLIENT_SECRET: env.X_CLIENT_SECRET ?? (prod ? null : DEV_X_CLIENT_SECRET),
    };
  });

export const xEnv = () => loadEnv(xEnvSchema);

/**
 * The platform simulator (apps/simulator, development and tests only). It plays Meta with the same
 * META_APP_ID / META_APP_SECRET / META_VERIFY_TOKEN as the app, so signatures and OAuth line up.
 */
export const simulatorEnvSchema = z.object({
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SIMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  /** Where webhooks are delivered until POST /_sim/callback changes it. */
  SIMULATOR_CALLBACK_URL: z.string().url().default("http://127.0.0.1:3000/api/webhooks/meta"),
  /** Where LinkedIn's signed deliveries go (the app's /api/webhooks/linkedin). */
  SIMULATOR_LINKEDIN_CALLBACK_URL: z.string().url().default("http://127.0.0.1:3000/api/webhooks/linkedin"),
  /** Graph calls allowed per access token per window before Graph rate-limit errors; 0 turns the limit off. */
  SIMULATOR_RATE_LIMIT: z.coerce.number().int().min(0).default(0),
  SIMULATOR_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
});

export type SimulatorEnv = z.infer<typeof simulatorEnvSchema>;
export const simulatorEnv = () => loadEnv(simulatorEnvSchema);

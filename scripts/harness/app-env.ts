// The environment of the seed, the web app and the worker for the benches and `npm run chaos`:
// production mode (as `next start` runs) with throwaway keys labelled by the tool, never a secret.

export interface AppEnvOptions {
  /** Names every throwaway key and secret ("bench", "chaos"), so two tools never share one by accident. */
  label: string;
  /** A database of the tool's own; migrations run as its owner, the app as vetted_app. */
  database: string;
  redisUrl: string;
  appUrl: string;
  /** Relative to the repository root; web and worker must share it. */
  mediaDir: string;
  /** The in-process platform simulator: Meta's Graph API and OAuth dialog point there. */
  simulatorUrl?: string;
}

/** The Meta app values web, worker, seed and simulator must agree on. */
export const throwawayMeta = (label: string) => ({
  META_APP_ID: `vetted-${label}-app`,
  META_APP_SECRET: `${label}-only-meta-app-secret-not-secret`,
  META_VERIFY_TOKEN: `${label}-only-meta-verify-token-not-secret`,
});

const key32 = (text: string) => Buffer.alloc(32, text).toString("base64");

export function throwawayAppEnv(o: AppEnvOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: `postgresql://vetted_app@127.0.0.1:5432/${o.database}`,
    MIGRATION_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${o.database}`,
    REDIS_URL: o.redisUrl,
    APP_URL: o.appUrl,
    AUTH_SECRET: `${o.label}-only-secret-0123456789abcdef0123456789`,
    AUDIT_CHAIN_KEY: `${o.label}1:${key32(`${o.label}-audit-chain-key-not-secret`)}`,
    // A throwaway Ed25519 key (PKCS#8 DER of a fixed seed), like the other keys here: not a secret.
    AUDIT_CHECKPOINT_SIGNING_KEY: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.alloc(32, `${o.label}-checkpoint-key-not-secret`)]).toString("base64"),
    CONSENT_KEYS: `${o.label}1:${key32(`${o.label}-consent-key-not-secret`)}`,
    CONSENT_ACTIVE_KEY_ID: `${o.label}1`,
    CONSENT_INDEX_KEY: key32(`${o.label}-index-key-not-secret`),
    ...throwawayMeta(o.label),
    // Production requires the Meta settings. Without a simulator they name a closed port: the seed then
    // connects no account (it asks the simulator for the Page's token), so nothing ever calls it.
    META_GRAPH_URL: o.simulatorUrl ?? "http://127.0.0.1:9",
    META_OAUTH_URL: `${o.simulatorUrl ?? "http://127.0.0.1:9"}/dialog/oauth`,
    SMTP_URL: "",
    MEDIA_DIR: o.mediaDir,
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

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
  for (const schema of [auditEnvSchema, proxyEnvSchema] as const) {
    try {
      load(schema);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (!errors.length && load(auditEnvSchema).insecureDevKey) warnings.push("audit chain: public development key in use; never use it with real data");
  if (!errors.length && load(proxyEnvSchema).TRUSTED_PROXIES.length === 0) warnings.push("TRUSTED_PROXIES is empty: client IPs are recorded as unknown");
  return { errors, warnings };
}

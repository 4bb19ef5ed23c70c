import { baseEnv, EnvError, intakeEnv, securityStartupCheck, webEnv } from "@vetted/config";
import { checkConsentKeys, isConsentKeyProblem, logMailOutcomes, warmUpWebhookIngest } from "@vetted/domain";
import { logger } from "@vetted/log";

/**
 * See instrumentation.ts. The `problem` and `note` fields below are the checks' own messages, which
 * name variables and key ids, never key material or data; any other error is logged by class only.
 */
export async function checkWebStartup(): Promise<void> {
  const production = baseEnv().NODE_ENV === "production";
  // baseEnv() holds LOG_LEVEL and has just parsed: the logger can be made.
  const log = logger();
  // A mail a request sends right after its commit (deliverMail, with SMTP_URL set) gets its mail.* line
  // here, as the worker's sends do, naming the request (README, Logs).
  logMailOutcomes(log);
  // The web's own variables, validated now rather than at the first request: e.g. production with
  // DEV_OUTBOX on must not start at all (the EnvError names the variable, never a value).
  try {
    webEnv();
    // The group-post intake: both variables or neither in production (neither turns it off), never the development secret.
    intakeEnv();
  } catch (error) {
    log.error({ event: "web.env_invalid", err: error, ...(error instanceof EnvError ? { problem: error.message } : {}) });
    if (production) process.exit(1);
  }
  // The audit chain's HMAC key and the trusted proxies: production refuses to run without a real key.
  const security = securityStartupCheck();
  for (const note of security.warnings) log.warn({ event: "web.security_warning", note });
  for (const problem of security.errors) log.error({ event: "web.security_invalid", problem });
  if (security.errors.length && production) process.exit(1);
  try {
    const keys = await checkConsentKeys();
    if (keys.insecureDevKeys) log.warn({ event: "consent.dev_keys", activeKeyId: keys.activeKeyId, note: "public development keys: never use with real data" });
  } catch (error) {
    if (!isConsentKeyProblem(error)) {
      // e.g. the database is not reachable yet: requests will report it; the keys were not the problem.
      log.warn({ event: "consent.key_check_skipped", err: error });
      return;
    }
    log.error({ event: "consent.keys_unusable", err: error, problem: error instanceof Error ? error.message : String(error) });
    if (production) process.exit(1);
  }
  // The webhook ingest's connections, before the first delivery (best effort, bounded).
  await warmUpWebhookIngest();
}

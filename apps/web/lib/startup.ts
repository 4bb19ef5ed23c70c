import { baseEnv, intakeEnv, securityStartupCheck, webEnv } from "@vetted/config";
import { checkConsentKeys, isConsentKeyProblem } from "@vetted/domain";

/** See instrumentation.ts. Messages name key ids and variables, never key material. */
export async function checkWebStartup(): Promise<void> {
  const production = baseEnv().NODE_ENV === "production";
  // The web's own variables, validated now rather than at the first request: e.g. production with
  // DEV_OUTBOX on must not start at all (the EnvError names the variable, never a value).
  try {
    webEnv();
    // The group-post intake: both variables or neither in production (neither turns it off), never the development secret.
    intakeEnv();
  } catch (error) {
    console.error(`[vetted] ${error instanceof Error ? error.message : String(error)}`);
    if (production) process.exit(1);
  }
  // The audit chain's HMAC key and the trusted proxies: production refuses to run without a real key.
  const security = securityStartupCheck();
  for (const warning of security.warnings) console.warn(`[vetted] ${warning}`);
  for (const error of security.errors) console.error(`[vetted] ${error}`);
  if (security.errors.length && production) process.exit(1);
  try {
    const keys = await checkConsentKeys();
    if (keys.insecureDevKeys) console.warn("[vetted] consent register: public development keys in use; never use them with real data");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!isConsentKeyProblem(error)) {
      // e.g. the database is not reachable yet: requests will report it; the keys were not the problem.
      console.warn(`[vetted] consent key check skipped: ${message.split("\n")[0]}`);
      return;
    }
    console.error(`[vetted] consent keys unusable: ${message}`);
    if (production) process.exit(1);
  }
}

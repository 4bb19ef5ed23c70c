import { baseEnv } from "@vetted/config";
import { checkConsentKeys, isConsentKeyProblem } from "@vetted/domain";

/** See instrumentation.ts. Messages name key ids and variables, never key material. */
export async function checkWebStartup(): Promise<void> {
  const production = baseEnv().NODE_ENV === "production";
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

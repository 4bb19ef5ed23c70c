import { baseEnv } from "@vetted/config";
import { checkConsentKeys } from "@vetted/domain";

/** See instrumentation.ts. Messages name key ids and variables, never key material. */
export async function checkWebStartup(): Promise<void> {
  const production = baseEnv().NODE_ENV === "production";
  try {
    const keys = await checkConsentKeys();
    if (keys.insecureDevKeys) console.warn("[vetted] consent register: public development keys in use; never use them with real data");
  } catch (error) {
    console.error(`[vetted] consent keys unusable: ${error instanceof Error ? error.message : String(error)}`);
    if (production) process.exit(1);
  }
}

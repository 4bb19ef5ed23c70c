/**
 * Runs once when the server starts. The consent keyring is checked against the stored consents
 * before the first request: in production, keys that are missing, malformed or unable to read
 * stored consents stop the server instead of failing later on a patient's record.
 */
export async function register() {
  // Set by Next itself, not configuration. Written out literally so the bundler drops the import
  // from the edge build (which cannot hold the domain's native modules); the check belongs to a
  // running Node server, not to `next build`.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { checkWebStartup } = await import("./lib/startup");
    await checkWebStartup();
  }
}

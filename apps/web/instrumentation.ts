/**
 * Runs once when the server starts. The consent keyring is checked against the stored consents
 * before the first request: in production, keys that are missing, malformed or unable to read
 * stored consents stop the server instead of failing later on a patient's record.
 */
export async function register() {
  // Both are set by Next itself (which bundle, whether this is `next build`), not configuration:
  // the check belongs to a running server, not to the build.
  // eslint-disable-next-line no-restricted-properties
  const { NEXT_RUNTIME, NEXT_PHASE } = process.env;
  if (NEXT_RUNTIME !== "nodejs" || NEXT_PHASE === "phase-production-build") return;
  const { checkWebStartup } = await import("./lib/startup");
  await checkWebStartup();
}

import { baseEnvSchema, linkedinEnvSchema, loadEnv, metaEnvSchema, simulatorEnvSchema, tiktokEnvSchema, xEnvSchema } from "@vetted/config";
import { z } from "zod";
import { createSimulator } from "./simulator";

// `npm run start -w @vetted/simulator`: the simulated Meta Graph API (and LinkedIn's, X's and TikTok's APIs) for
// development, the demo and the e2e run. It shares META_APP_ID / META_APP_SECRET / META_VERIFY_TOKEN,
// LINKEDIN_CLIENT_ID / LINKEDIN_CLIENT_SECRET, X_CLIENT_ID / X_CLIENT_SECRET and TIKTOK_CLIENT_ID /
// TIKTOK_CLIENT_SECRET with the app, so the app's OAuth and signature checks pass against it exactly as
// against the platforms.

const { NODE_ENV } = loadEnv(z.object({ NODE_ENV: baseEnvSchema.shape.NODE_ENV }));
if (NODE_ENV === "production") {
  process.stderr.write("The platform simulator is for development and tests; refusing to start with NODE_ENV=production.\n");
  process.exit(1);
}

const meta = loadEnv(metaEnvSchema);
const env = loadEnv(simulatorEnvSchema);
const linkedin = loadEnv(linkedinEnvSchema);
const x = loadEnv(xEnvSchema);
const tiktok = loadEnv(tiktokEnvSchema);

const sim = await createSimulator({
  port: env.SIMULATOR_PORT,
  host: env.SIMULATOR_HOST,
  appId: meta.META_APP_ID,
  appSecret: meta.META_APP_SECRET,
  verifyToken: meta.META_VERIFY_TOKEN,
  callbackUrl: env.SIMULATOR_CALLBACK_URL,
  ...(linkedin.LINKEDIN_CLIENT_SECRET ? { linkedinClientSecret: linkedin.LINKEDIN_CLIENT_SECRET } : {}),
  // The same OAuth clients as the app, so its LinkedIn and X connect flows work against the simulator.
  ...(linkedin.LINKEDIN_CLIENT_ID ? { linkedinClientId: linkedin.LINKEDIN_CLIENT_ID } : {}),
  ...(x.X_CLIENT_ID && x.X_CLIENT_SECRET ? { xClientId: x.X_CLIENT_ID, xClientSecret: x.X_CLIENT_SECRET } : {}),
  ...(tiktok.TIKTOK_CLIENT_ID && tiktok.TIKTOK_CLIENT_SECRET ? { tiktokClientId: tiktok.TIKTOK_CLIENT_ID, tiktokClientSecret: tiktok.TIKTOK_CLIENT_SECRET } : {}),
  linkedinCallbackUrl: env.SIMULATOR_LINKEDIN_CALLBACK_URL,
  rateLimit: { limit: env.SIMULATOR_RATE_LIMIT, windowSeconds: env.SIMULATOR_RATE_WINDOW_SECONDS },
});
process.stdout.write(`Platform simulator (Meta, LinkedIn, X, TikTok) on ${sim.url} (webhooks to ${env.SIMULATOR_CALLBACK_URL} and ${env.SIMULATOR_LINKEDIN_CALLBACK_URL}; control API at ${sim.url}/_sim)\n`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping the simulator\n`);
  void sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

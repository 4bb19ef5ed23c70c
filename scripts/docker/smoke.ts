// Smoke check of a running web + worker pair (e.g. the containers of apps/web/Dockerfile and
// apps/worker/Dockerfile) on a seeded database: signs in as the demo consultant, uploads a photo with
// faces, creates and submits a post naming a patient, and waits for the worker's scan. Passes when the
// scan SUCCEEDED with a text finding and a finding on the image (so the worker's image stack loaded:
// sharp, OCR, face detection). Run from the repository on the host:
//   npx tsx scripts/docker/smoke.ts http://localhost:3999
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { WebSession } from "../harness/web-session";

const ORG = "st-brigid-hospital";
const SCAN_TIMEOUT_MS = 240_000; // the first image loads the OCR and face models (~750 MB)

type Finding = { source: string; type: string; mediaId: string | null };
type PostView = { scan: { status: string } | null; findings: Finding[] };

async function main() {
  const base = process.argv[2] ?? "http://localhost:3999";
  const web = await new WebSession(base).signIn("consultant@vetted.test", "Vetted-demo-2026!");
  const api = `/api/orgs/${ORG}`;
  const faceApiDir = dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json"));
  const photo = readFileSync(join(faceApiDir, "demo", "sample1.jpg"));
  const { media } = await web.upload<{ media: { id: string } }>(`${api}/media`, "file", photo, "team.jpg", "image/jpeg");
  const text = "Wishing Tomasz Kowalczyk a speedy recovery after his bypass surgery this week.";
  const { post } = await web.json<{ post: { id: string; currentRevision: number } }>("POST", `${api}/posts`, { title: "Container smoke", text, channels: ["FACEBOOK"], mediaIds: [media.id] });
  const t0 = performance.now();
  await web.json("POST", `${api}/posts/${post.id}/submit`, { revision: post.currentRevision });

  let view: PostView | undefined;
  while (performance.now() - t0 < SCAN_TIMEOUT_MS) {
    const current = await web.json<PostView>("GET", `${api}/posts/${post.id}`);
    view = current;
    if (current.scan && ["SUCCEEDED", "FAILED"].includes(current.scan.status)) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const bySource = new Map<string, number>();
  for (const f of view?.findings ?? []) bySource.set(f.source, (bySource.get(f.source) ?? 0) + 1);
  const status = view?.scan?.status ?? "none";
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`scan ${status} after ${seconds} s; findings by source: ${JSON.stringify(Object.fromEntries(bySource))}`);
  const textFound = (view?.findings ?? []).some((f) => f.source.startsWith("TEXT"));
  const imageFound = (view?.findings ?? []).some((f) => f.mediaId === media.id);
  const ok = status === "SUCCEEDED" && textFound && imageFound;
  console.log(ok ? "smoke: ok" : `smoke: FAILED (status ${status}, text finding ${textFound}, image finding ${imageFound})`);
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// `npm run up` runs this in the background: once the web app answers, two people comment under the
// hospital's seeded Facebook post through the simulator's control API. One names a patient and her
// condition (the worker scans it and hides it at once); the other is harmless and stays visible.
// Fictional people, our own sentences. Skipped when the simulator is not running or the hospital
// already has comments (a second `npm run up`).
import { mailEnv, metaEnv } from "@vetted/config";
import { db, disconnectDb } from "@vetted/db";
import { logger } from "@vetted/log";
import { DEMO_PAGE_ID, DEMO_POSTS } from "../prisma/seed-accounts";

const COMMENTS = [
  { message: "So happy my aunt Rosalind Achterberg is recovering from her hip replacement in room 412, thank you nurses!", from: { name: "Demo Commenter One" } },
  { message: "Congratulations on the new maternity wing, it looks beautiful!", from: { name: "Demo Commenter Two" } },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function reachable(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })).ok;
  } catch {
    return false;
  }
}

async function main(): Promise<string> {
  const sim = metaEnv().META_GRAPH_URL;
  if (!(await reachable(`${sim}/_sim/health`))) return "simulator not reachable: no demo comments";
  const org = await db().organization.findUnique({ where: { slug: "st-brigid-hospital" }, select: { id: true } });
  if (!org) return "no demo hospital: run the seed first";
  if (!(await db().connectedAccount.findFirst({ where: { orgId: org.id, externalId: DEMO_PAGE_ID, status: "ACTIVE" } }))) return "the demo Page is not connected: no demo comments";
  if ((await db().socialComment.count({ where: { orgId: org.id } })) > 0) return "the hospital already has comments: none added";
  // The webhook route answers its handshake once the web app has compiled it (next dev, first request).
  const handshake = new URL("/api/webhooks/meta", mailEnv().APP_URL);
  handshake.search = new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": metaEnv().META_VERIFY_TOKEN, "hub.challenge": "demo" }).toString();
  let up = false;
  for (let i = 0; i < 90 && !up; i++) up = (await reachable(handshake.toString(), 30_000)) || (await sleep(2_000), false);
  if (!up) return "the web app did not come up: no demo comments";
  for (const c of COMMENTS) {
    const res = await fetch(`${sim}/_sim/comments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ pageId: DEMO_PAGE_ID, postId: DEMO_POSTS[0].externalId, ...c }) });
    if (!res.ok) return `the simulator refused a demo comment (HTTP ${res.status})`;
  }
  return `${COMMENTS.length} demo comments posted under "${DEMO_POSTS[0].title}" (one with PHI: the worker hides it)`;
}

main()
  .then((note) => console.log(`Demo comments: ${note}`))
  .catch((error: unknown) => logger().error({ event: "demo_comments.failed", err: error }))
  .finally(() => disconnectDb());

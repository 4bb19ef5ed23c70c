// Smoke mode's stand-in for the web app (see web.ts): the routes bench:pipeline and bench:comments call,
// and the pages bench:pages loads (their domain reads, answered as JSON), served by node:http and
// calling the domain use cases the route handlers and pages call, as the seeded demo consultant or the
// user an `x-bench-user` header names (no sign-in: the user's membership is loaded once per org). It exists so the
// benches' whole path — database, seed, worker, simulator, their own HTTP driving — runs inside the
// integration suite, which comes before `next build`. Its timings are not the web app's.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { db, disconnectDb } from "@vetted/db";
import { getAgencyOverview } from "@vetted/domain/dashboards";
import { answerMetaHandshake, createPost, getPost, ingestMetaWebhook, isAppError, listPosts, listReviewQueue, loadTenantContext, submitPost, type TenantContext } from "@vetted/domain";

const port = Number(process.env.BENCH_STAND_IN_PORT);
const userEmail = process.env.BENCH_STAND_IN_USER ?? "consultant@vetted.test";
const contexts = new Map<string, Promise<TenantContext>>();

const users = new Map<string, Promise<string>>();
const userIdOf = (email: string) => {
  if (!users.has(email)) users.set(email, db().user.findUniqueOrThrow({ where: { email } }).then((u) => u.id));
  return users.get(email)!;
};

async function tenant(slug: string, email = userEmail): Promise<TenantContext> {
  const key = `${email} ${slug}`;
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = userIdOf(email).then((id) => loadTenantContext(id, slug));
    contexts.set(key, ctx);
  }
  return ctx;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const json = async (req: IncomingMessage): Promise<unknown> => JSON.parse((await body(req)).toString("utf8") || "{}") as unknown;
const object = (v: unknown): Record<string, unknown> => (typeof v === "object" && v ? (v as Record<string, unknown>) : {});

const errorName = (e: unknown): string => (e instanceof Error ? e.name : typeof e);

type Answer = { status: number; body: unknown; text?: boolean };

async function route(req: IncomingMessage, res: ServerResponse): Promise<Answer> {
  const url = new URL(req.url ?? "/", "http://stand-in");
  const parts = url.pathname.split("/").filter(Boolean);
  const method = req.method ?? "GET";
  if (url.pathname === "/healthz") return { status: 200, body: { ok: true } };
  if (url.pathname === "/api/webhooks/meta") {
    if (method === "GET") return { status: 200, body: answerMetaHandshake(url.searchParams), text: true };
    const signature = req.headers["x-hub-signature-256"];
    await ingestMetaWebhook(
      { rawBody: new Uint8Array(await body(req)), signature: typeof signature === "string" ? signature : null },
      // As the route's Next `after`: the enqueue runs once the answer has gone out.
      { afterAnswer: (task) => (res.once("finish", () => void task().catch((e: unknown) => console.error("stand-in: enqueue after answer failed:", errorName(e)))), true) },
    );
    return { status: 200, body: { ok: true } };
  }
  // The pages bench:pages loads: the agency overview, the review queue and an org's post list.
  const asUser = typeof req.headers["x-bench-user"] === "string" ? req.headers["x-bench-user"] : userEmail;
  if (method === "GET" && url.pathname === "/overview") return { status: 200, body: await getAgencyOverview(await userIdOf(asUser)) };
  if (method === "GET" && url.pathname === "/review") return { status: 200, body: await listReviewQueue(await userIdOf(asUser)) };
  if (method === "GET" && parts[0] === "orgs" && parts[2] === "posts" && parts.length === 3) return { status: 200, body: await listPosts(await tenant(parts[1]!, asUser)) };
  // /api/orgs/:org/posts[/:postId[/submit]]
  if (parts[0] === "api" && parts[1] === "orgs" && parts[3] === "posts") {
    const ctx = await tenant(parts[2]!);
    const postId = parts[4];
    if (method === "POST" && !postId) {
      const { post, revision } = await createPost(ctx, await json(req));
      return { status: 201, body: { post, revision: { id: revision.id, number: revision.number } } };
    }
    if (method === "POST" && postId && parts[5] === "submit") {
      const { post, scanJobId, dispatched } = await submitPost(ctx, { ...object(await json(req)), postId });
      return { status: 202, body: { post: { id: post.id, state: post.state, currentRevision: post.currentRevision }, scanJobId, dispatched } };
    }
    if (method === "GET" && postId && !parts[5]) return { status: 200, body: await getPost(ctx, postId) };
  }
  return { status: 404, body: { code: "NOT_FOUND", message: "not served by the bench stand-in" } };
}

const server = createServer((req, res) => {
  route(req, res).then(
    (answer) => {
      res.writeHead(answer.status, { "content-type": answer.text ? "text/plain; charset=utf-8" : "application/json" });
      res.end(answer.text ? String(answer.body) : JSON.stringify(answer.body));
    },
    (error: unknown) => {
      const status = isAppError(error) ? error.status : 500;
      // Names only, as the app logs: a message may quote what was sent.
      if (status >= 500) console.error(`stand-in: ${req.method} ${new URL(req.url ?? "/", "http://stand-in").pathname} failed:`, errorName(error));
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: isAppError(error) ? error.code : "INTERNAL" }));
    },
  );
});

server.listen(port, "127.0.0.1");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => server.close(() => void disconnectDb().finally(() => process.exit(0))));
}

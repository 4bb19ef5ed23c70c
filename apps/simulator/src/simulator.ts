import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEV_LINKEDIN_CLIENT_ID, DEV_LINKEDIN_CLIENT_SECRET, DEV_META_APP_ID, DEV_META_APP_SECRET, DEV_META_VERIFY_TOKEN, DEV_TIKTOK_CLIENT_ID, DEV_TIKTOK_CLIENT_SECRET, DEV_X_CLIENT_ID, DEV_X_CLIENT_SECRET } from "@vetted/config";
import { deleteComment, getComment, listComments, replyToComment, updateComment } from "./comments";
import { handleControl } from "./control";
import { handleLinkedIn } from "./linkedin";
import { handleLinkedInOAuth } from "./linkedin-oauth";
import { LinkedInSim } from "./linkedin-state";
import { authenticate, type Ctx, type Sim } from "./context";
import { errors, graphTime, GraphError, parseRequest, readBody, sendGraphError, sendJson } from "./http";
import { sendMessage } from "./messages";
import { accessToken, accounts, debugToken, dialog, me } from "./oauth";
import { publish, subscribedApps } from "./pages";
import { SimState, type RateLimit } from "./state";
import { TokenSigner } from "./tokens";
import { WebhookSender } from "./webhooks";
import { handleTikTok } from "./tiktok";
import { tiktokAuthorize } from "./tiktok-oauth";
import { TikTokSim } from "./tiktok-state";
import { handleX } from "./x";
import { xAuthorize } from "./x-oauth";
import { XSim } from "./x-state";

// The simulated Graph API on one node:http server. Paths work with or without a version prefix
// (/v21.0/me/accounts and /me/accounts). Logs carry the method and path only: never a query (tokens
// travel there), never a body (comment text does).

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  appId?: string;
  appSecret?: string;
  verifyToken?: string;
  /** Where webhooks go until POST /_sim/callback changes it; null = nowhere. */
  callbackUrl?: string | null;
  /** LinkedIn's client secret (X-LI-Signature, the challenge) and where its deliveries go; null = nowhere. */
  linkedinClientSecret?: string;
  linkedinCallbackUrl?: string | null;
  /** LinkedIn's and X's OAuth clients (default: the labelled development ones in packages/config). */
  linkedinClientId?: string;
  xClientId?: string;
  xClientSecret?: string;
  /** TikTok's app (default: the labelled development one in packages/config). */
  tiktokClientId?: string;
  tiktokClientSecret?: string;
  rateLimit?: RateLimit;
  deliveryTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface Simulator {
  /**
   * Base URL, e.g. http://127.0.0.1:4010: the Graph URL, the prefix of /dialog/oauth, LinkedIn's and
   * X's and TikTok's API base, LinkedIn's OAuth base (/oauth/v2/…) and the prefix of X's /i/oauth2/authorize
   * and TikTok's /v2/auth/authorize/.
   */
  url: string;
  port: number;
  state: SimState;
  webhooks: WebhookSender;
  close(): Promise<void>;
}

const VERSION = /^v\d+\.\d+$/;

async function graph(ctx: Ctx): Promise<void> {
  const { method } = ctx;
  const [a, b, ...rest] = ctx.segments;
  if (rest.length || !a) throw errors.unsupported(method);
  if (a === "dialog" && b === "oauth" && method === "GET") return dialog(ctx);
  if (a === "oauth" && b === "access_token" && (method === "GET" || method === "POST")) return accessToken(ctx);
  if (a === "debug_token" && !b && method === "GET") return debugToken(ctx);
  if (a === "me" && method === "GET") return b === "accounts" ? accounts(ctx) : b ? Promise.reject(errors.unsupported(method)) : me(ctx);
  if (!/^[A-Za-z0-9_]{1,128}$/.test(a)) throw errors.notFound(a);
  if (!b) {
    if (method === "GET") return getObject(ctx, a);
    if (method === "POST") return updateComment(ctx, a);
    if (method === "DELETE") return deleteComment(ctx, a);
  }
  if (b === "feed" && method === "POST") return publish(ctx, a);
  if (b === "subscribed_apps") return subscribedApps(ctx, a);
  if ((b === "comments" || b === "replies") && method === "GET") return listComments(ctx, a);
  if ((b === "comments" || b === "replies") && method === "POST") return replyToComment(ctx, a, b);
  if (b === "messages" && method === "POST") return sendMessage(ctx, a);
  throw errors.unsupported(method);
}

/** GET /{id}: a Page (with its Instagram link), a post, or a comment. */
function getObject(ctx: Ctx, id: string): Promise<void> | void {
  const { state } = ctx.sim;
  const page = state.pages.get(id);
  const post = state.posts.get(id);
  if (!page && !post) return getComment(ctx, id);
  authenticate(ctx);
  if (page) return sendJson(ctx.res, 200, { id, name: page.name, ...(page.igUserId ? { instagram_business_account: { id: page.igUserId } } : {}) });
  sendJson(ctx.res, 200, post!.platform === "facebook" ? { id, message: post!.message, created_time: graphTime(post!.createdTime) } : { id, caption: post!.message, timestamp: graphTime(post!.createdTime) });
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const appSecret = options.appSecret ?? DEV_META_APP_SECRET;
  const verifyToken = options.verifyToken ?? DEV_META_VERIFY_TOKEN;
  const state = new SimState({ callbackUrl: options.callbackUrl ?? null, rate: options.rateLimit ?? { limit: 0, windowSeconds: 60 } });
  const webhooks = new WebhookSender(state, appSecret, verifyToken, options.deliveryTimeoutMs ?? 10_000, log);
  const linkedin = new LinkedInSim(state.clock, options.linkedinClientId ?? DEV_LINKEDIN_CLIENT_ID, options.linkedinClientSecret ?? DEV_LINKEDIN_CLIENT_SECRET, options.linkedinCallbackUrl ?? null, options.deliveryTimeoutMs ?? 10_000, log);
  const x = new XSim(state.clock, appSecret, { id: options.xClientId ?? DEV_X_CLIENT_ID, secret: options.xClientSecret ?? DEV_X_CLIENT_SECRET });
  const tiktok = new TikTokSim(state.clock, appSecret, { id: options.tiktokClientId ?? DEV_TIKTOK_CLIENT_ID, secret: options.tiktokClientSecret ?? DEV_TIKTOK_CLIENT_SECRET });
  const sim: Sim = { state, tokens: new TokenSigner(appSecret), appId: options.appId ?? DEV_META_APP_ID, appSecret, verifyToken, webhooks, linkedin, x, tiktok };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://simulator.local");
    const method = (req.method ?? "GET").toUpperCase();
    log(`${method} ${url.pathname}`);
    try {
      let segments = url.pathname.split("/").filter(Boolean).map((s) => decodeURIComponent(s));
      if (segments[0] && VERSION.test(segments[0])) segments = segments.slice(1);
      const raw = method === "GET" ? Buffer.alloc(0) : await readBody(req);
      const { params, json } = parseRequest(url, raw, req.headers["content-type"]);
      const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
      const ctx: Ctx = { sim, req, res, url: new URL(url.pathname + url.search, origin), method, segments, params, json };
      // LinkedIn's /rest/… and /oauth/v2/…, X's /2/… and /i/oauth2/…, TikTok's /open_api/… and /v2/auth/…
      // share the server (and the clock) with the Graph API.
      const [first, second, third] = segments;
      const api =
        first === "_sim" ? handleControl
        : first === "rest" ? handleLinkedIn
        : first === "2" ? handleX
        : first === "oauth" && second === "v2" ? handleLinkedInOAuth
        : first === "i" && second === "oauth2" ? xAuthorize
        : first === "open_api" ? handleTikTok
        : first === "v2" && second === "auth" && third === "authorize" ? tiktokAuthorize
        : graph;
      await api(ctx);
    } catch (error) {
      if (error instanceof GraphError) return sendGraphError(res, error);
      if (error instanceof URIError) return sendGraphError(res, errors.param("Malformed path"));
      // The stack without its first line: the message of a parse error can quote the request body.
      log(`internal error: ${error instanceof Error ? `${error.name}${(error.stack ?? "").split("\n").slice(1, 4).join(" ")}` : typeof error}`);
      sendGraphError(res, new GraphError(500, 1, "An unknown error has occurred."));
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "127.0.0.1";

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await webhooks.close();
      await linkedin.close();
      // Requests held open by a fault delay must not keep a shutdown waiting.
      const force = setTimeout(() => server.closeAllConnections(), 2_000);
      force.unref();
      await stopped;
      clearTimeout(force);
    })());

  return { url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`, port, state, webhooks, close };
}

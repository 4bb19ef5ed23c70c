import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { errors, GraphError, sleep, str } from "./http";
import type { SimPage, SimState } from "./state";
import type { TokenSigner } from "./tokens";
import type { WebhookSender } from "./webhooks";
import type { LinkedInSim } from "./linkedin-state";
import type { TikTokSim } from "./tiktok-state";
import type { XSim } from "./x-state";

// What every handler gets, and the token checks Graph makes before any call: a valid, unexpired,
// unrevoked token, a matching appsecret_proof when one is sent, the right scope, the per-token limit.

export interface Sim {
  state: SimState;
  tokens: TokenSigner;
  appId: string;
  appSecret: string;
  verifyToken: string;
  webhooks: WebhookSender;
  /** LinkedIn Company Pages and X accounts (linkedin.ts, x.ts): their own tokens and state, the shared clock. */
  linkedin: LinkedInSim;
  x: XSim;
  /** TikTok Business accounts (tiktok.ts): their tokens, videos and comments, the shared clock. */
  tiktok: TikTokSim;
}

export interface Ctx {
  sim: Sim;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  /** Path segments after the optional version prefix. */
  segments: string[];
  params: Record<string, unknown>;
  json: unknown;
}

export type Principal =
  | { kind: "user"; token: string; userId: string; scopes: string[]; exp: number; longLived: boolean }
  | { kind: "page"; token: string; pageId: string; scopes: string[]; exp: number }
  | { kind: "app"; token: string };

function bearer(ctx: Ctx): string | undefined {
  const header = ctx.req.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim();
  return str(ctx.params.access_token);
}

/** Checks the token (and counts it against the rate limit); throws the Graph error the real API gives. */
export function authenticate(ctx: Ctx): Principal {
  const token = bearer(ctx);
  if (!token) throw errors.noToken();
  const proof = str(ctx.params.appsecret_proof);
  if (proof) {
    const expected = createHmac("sha256", ctx.sim.appSecret).update(token).digest("hex");
    if (proof.length !== expected.length || !timingSafeEqual(Buffer.from(proof), Buffer.from(expected))) {
      throw new GraphError(400, 100, "Invalid appsecret_proof provided in the API argument", undefined, "GraphMethodException");
    }
  }
  const principal = resolve(ctx.sim, token);
  const wait = ctx.sim.state.overRateLimit(token);
  if (wait !== null) {
    const [code, message] = principal.kind === "page" ? [32, "Page request limit reached"] : [4, "Application request limit reached"];
    throw new GraphError(429, code, `(#${code}) ${message}`, undefined, "OAuthException", { "retry-after": String(wait) });
  }
  return principal;
}

export function resolve(sim: Sim, token: string): Principal {
  if (token === `${sim.appId}|${sim.appSecret}`) return { kind: "app", token };
  const claims = sim.tokens.read(token);
  if (!claims || claims.k === "c") throw errors.invalidToken();
  if (sim.state.revokedTokens.has(token)) throw errors.revokedToken();
  if (claims.exp && claims.exp <= sim.state.clock.nowSeconds()) throw errors.expiredToken();
  if (claims.k === "p") return { kind: "page", token, pageId: claims.sub, scopes: claims.scopes, exp: claims.exp };
  return { kind: "user", token, userId: claims.sub, scopes: claims.scopes, exp: claims.exp, longLived: claims.ll === true };
}

/** The Page the principal acts for, when it is that Page's token (or its linked Instagram account's) with the scope. */
export function requirePage(sim: Sim, principal: Principal, accountId: string, scope: string): SimPage {
  if (principal.kind !== "page") throw errors.pageTokenRequired();
  const page = sim.state.pageForAccount(accountId);
  if (!page) throw errors.notFound(accountId);
  if (page.id !== principal.pageId) throw new GraphError(403, 10, "(#10) Application does not have permission for this action");
  if (!principal.scopes.includes(scope)) throw errors.missingScope(scope);
  return page;
}

export function requireScope(principal: Principal, scope: string): void {
  if (principal.kind === "app") return;
  if (!principal.scopes.includes(scope)) throw errors.missingScope(scope);
}

/** Fault injection (POST /_sim/faults): refuse before acting (status), or act and answer late (delayMs). */
export async function withFault<T>(ctx: Ctx, op: string, act: () => T): Promise<T> {
  const fault = ctx.sim.state.takeFault(op);
  if (fault?.status) throw new GraphError(fault.status, 2, "An unexpected error has occurred. Please retry your request later.");
  const result = act();
  if (fault?.delayMs) await sleep(fault.delayMs);
  return result;
}

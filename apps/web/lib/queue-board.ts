import { createBullBoard } from "@bull-board/api";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { isAppError, scanProducer } from "@vetted/domain";
import { QUEUE_NAMES, type Producer } from "@vetted/queue";
import { Hono } from "hono";
import { errorResponse } from "./errors";
import { RedactingBullMQAdapter } from "./queue-board-redaction";

// The agency's job queue dashboard: bull-board's Hono app, mounted under /agency/queues and called
// by the catch-all route handler there with the Web Request (app/agency/queues/[[...path]]/route.ts).

export const QUEUE_BOARD_PATH = "/agency/queues";

// One board per producer, that is per process: the dashboard reads every queue through the web's one
// fail-fast Redis connection (scanProducer), so opening or polling it never opens a connection.
const boards = new WeakMap<Producer, Hono>();

/**
 * Read-only: a job's state lives in its outbox row (ScanJob, CommentEvent, GroupReport), which the app
 * retries through its own sweepers; retrying, removing or adding jobs here would bypass them and the
 * audit trail. Payloads are ids only (packages/queue/src/jobs.ts), and failure messages that are not
 * codes are hidden (queue-board-redaction.ts), so the dashboard shows no PHI.
 */
export function queueBoard(producer: Producer = scanProducer()): Hono {
  let board = boards.get(producer);
  if (!board) {
    const adapter = new HonoAdapter(serveStatic).setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: QUEUE_NAMES.map((name) => new RedactingBullMQAdapter(producer.queue(name), { readOnlyMode: true })),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: "Vetted job queues", hideDocsLink: true, miscLinks: [{ text: "Agency administration", url: "/agency" }] } },
    });
    board = new Hono().route(QUEUE_BOARD_PATH, adapter.registerPlugin());
    boards.set(producer, board);
  }
  return board;
}

/** The dashboard's HTML page (any path but its JSON API and its static files): what a person opens. */
export const isBoardPagePath = (pathname: string) => !/^\/agency\/queues\/(api|static)\//.test(pathname);

// The page loads only its own scripts and styles (no inline script; Google Fonts are left out), talks to
// its own API, and uses <base href> for its relative asset paths.
const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The board's answer with our headers: its own CSP on the page, and nothing about jobs kept by a cache. */
export function withBoardHeaders(response: Response, pathname: string): Response {
  const headers = new Headers(response.headers);
  const asset = /^\/agency\/queues\/static\//.test(pathname) && response.ok;
  // Hashed, public files of the bull-board package: a browser may keep them; proxies may not (behind a session).
  headers.set("cache-control", asset ? "private, max-age=86400" : "no-store");
  if (isBoardPagePath(pathname)) headers.set("content-security-policy", BOARD_CSP);
  headers.set("x-content-type-options", "nosniff");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * A caller who may not see the board: on the page, a signed-out person is sent to sign in (with the
 * reason, as pages do) and one who must enrol in MFA to enrolment; everyone else, and every API or
 * asset request, gets the app's error answer (401, 403, or the same 404 as a missing page for a
 * signed-in person who is not an agency admin).
 */
export function boardRefusal(error: unknown, pathname: string): Response {
  if (isAppError(error) && isBoardPagePath(pathname)) {
    const go = (location: string) => new Response(null, { status: 307, headers: { location, "cache-control": "no-store" } });
    if (error.code === "UNAUTHENTICATED") {
      const reason = error.message === "none" ? "" : `reason=${encodeURIComponent(error.message)}&`;
      return go(`/signin?${reason}next=${encodeURIComponent(pathname)}`);
    }
    if (error.code === "MFA_ENROLMENT_REQUIRED") return go("/account/security");
  }
  return errorResponse(error);
}

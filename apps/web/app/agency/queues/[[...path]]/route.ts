import { requireAgencyAdmin } from "@vetted/auth";
import type { AgencyContext } from "@vetted/domain";
import { recordQueueBoardView } from "@vetted/domain/ops";
import { boardRefusal, isBoardPagePath, queueBoard, withBoardHeaders } from "@/lib/queue-board";

export const dynamic = "force-dynamic";

/**
 * The BullMQ dashboard (bull-board, read-only) for agency admins: its page, JSON API and static files
 * all pass here, and only after the session is an agency admin's. Each page load is audited once
 * (queues.viewed on the platform chain); the page's polling of its API is not.
 */
export async function GET(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  let ctx: AgencyContext;
  try {
    ctx = await requireAgencyAdmin();
  } catch (error) {
    return boardRefusal(error, pathname);
  }
  const response = await queueBoard().fetch(request);
  if (response.ok && isBoardPagePath(pathname) && response.headers.get("content-type")?.startsWith("text/html")) await recordQueueBoardView(ctx);
  return withBoardHeaders(response, pathname);
}

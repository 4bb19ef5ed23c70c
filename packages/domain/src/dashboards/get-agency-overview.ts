import type { RequestMeta } from "../context";
import { NO_REQUEST } from "../context";
import { memberContexts } from "../access/member-contexts";
import { ATTENTION_WEIGHTS, COVERAGE_TARGET_PERCENT } from "./attention-score";
import { getClientOverviews, type ClientOverview } from "./get-client-overview";
import { statsWindow } from "./stats-window";

/**
 * The agency overview: every client org the user belongs to with a role that may view posts, one row
 * each, the one needing the most attention first (attention-score.ts), then the most posts waiting,
 * then by name. Each row is computed in its own tenant context (memberContexts): the org's scoped
 * client and the viewer's role there, so one org's figures can never include another's (the counts and
 * rollups of all the rows are one statement each, forOrgs-scoped: get-client-overview.ts).
 */
export async function getAgencyOverview(userId: string, now: Date = new Date(), request: RequestMeta = NO_REQUEST) {
  const contexts = await memberContexts(userId, "posts.view", request);
  const clients: ClientOverview[] = await getClientOverviews(contexts, now);
  clients.sort((a, b) => b.attention.score - a.attention.score || b.posts.waiting - a.posts.waiting || a.org.name.localeCompare(b.org.name));
  const { first, today, weeks } = statsWindow(now);
  return { clients, window: { first, today, weeks: weeks.length }, weights: ATTENTION_WEIGHTS, coverageTarget: COVERAGE_TARGET_PERCENT, generatedAt: now };
}
export type AgencyOverview = Awaited<ReturnType<typeof getAgencyOverview>>;

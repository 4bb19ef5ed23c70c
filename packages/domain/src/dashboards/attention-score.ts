// The agency overview puts the client that needs attention first. The score is a weighted count of what
// someone must act on, each weight saying how urgent one item is next to the others:
//
//   open incident            5 points each  a possible breach, with a 60-day notification deadline
//   overdue review           3 points each  waiting over 48 h, or scheduled within 24 h (count-waiting-posts.ts)
//   comment SLA breach       3 points each  a comment past its first-response deadline (comment-sla.ts)
//   expiring consent         1 point each   an active consent ending within 30 days
//   low policy coverage      1 point per started 10 points below 90% acknowledged (89% → 1, 62% → 3)
//
// A metric the viewer's role may not see counts nothing (null): the order reflects what they can act on.
// Ties are broken by the posts waiting, then by name (get-agency-overview.ts).

export const ATTENTION_WEIGHTS = { openIncident: 5, overdueReview: 3, slaBreach: 3, expiringConsent: 1, coverageStep: 1 } as const;
export const COVERAGE_TARGET_PERCENT = 90;
export const COVERAGE_STEP_PERCENT = 10;

export interface AttentionInput {
  overdueReviews: number;
  slaBreaches: number | null;
  openIncidents: number | null;
  expiringConsents: number | null;
  /** Whole percent of the people in scope who acknowledged the policy in effect; null: none in effect, nobody in scope, or not shown. */
  coveragePercent: number | null;
}

export interface Attention {
  score: number;
  /** Why, in words, the heaviest first: "3 reviews overdue", "1 incident open". Empty when nothing needs attention. */
  reasons: string[];
  /** The reasons joined with " · ", or "Nothing needs attention". */
  summary: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Points for coverage below the target: one per started step of 10 percentage points. */
export function coveragePoints(percent: number | null): number {
  if (percent === null || percent >= COVERAGE_TARGET_PERCENT) return 0;
  return Math.ceil((COVERAGE_TARGET_PERCENT - percent) / COVERAGE_STEP_PERCENT) * ATTENTION_WEIGHTS.coverageStep;
}

export function attentionScore(i: AttentionInput): Attention {
  const w = ATTENTION_WEIGHTS;
  // In this order when two weigh the same: reviews before incidents before the rest.
  const parts: { points: number; words: string }[] = [
    { points: i.overdueReviews * w.overdueReview, words: plural(i.overdueReviews, "review overdue", "reviews overdue") },
    { points: (i.openIncidents ?? 0) * w.openIncident, words: plural(i.openIncidents ?? 0, "incident open", "incidents open") },
    { points: (i.slaBreaches ?? 0) * w.slaBreach, words: plural(i.slaBreaches ?? 0, "comment past its response deadline", "comments past their response deadline") },
    { points: (i.expiringConsents ?? 0) * w.expiringConsent, words: `${plural(i.expiringConsents ?? 0, "consent expires", "consents expire")} within 30 days` },
    { points: coveragePoints(i.coveragePercent), words: `policy acknowledged by ${i.coveragePercent}% (target ${COVERAGE_TARGET_PERCENT}%)` },
  ];
  const counted = parts.filter((p) => p.points > 0).sort((a, b) => b.points - a.points);
  const reasons = counted.map((p) => p.words);
  return { score: counted.reduce((n, p) => n + p.points, 0), reasons, summary: reasons.length ? reasons.join(" · ") : "Nothing needs attention" };
}

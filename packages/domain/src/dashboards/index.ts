// The agency overview (issue 16), the feature's public surface: one row per client org of the signed-in
// person, sorted by what needs attention, and the daily scan rollup behind its trend.
export { getAgencyOverview, type AgencyOverview } from "./get-agency-overview";
export { getClientOverview, type ClientOverview } from "./get-client-overview";
export { refreshDailyStats, refreshOrgDailyStats } from "./refresh-daily-stats";
export { attentionScore, ATTENTION_WEIGHTS, COVERAGE_TARGET_PERCENT, COVERAGE_STEP_PERCENT, type Attention } from "./attention-score";
export { TREND_WEEKS } from "./stats-window";
export type { ScanSummary, TrendPoint } from "./scan-summary";

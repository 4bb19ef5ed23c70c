// How a post's state and its scan verdict read together, in one label.

export const DECIDED_STATES = new Set(["APPROVED", "SCHEDULED", "PUBLISHED"]);

export const stateLabel = (state: string) => state.charAt(0) + state.slice(1).toLowerCase().replaceAll("_", " ");

/**
 * One status, not two that seem to disagree ("Approved" beside a red "Blocked by scan"): a post
 * approved although its scan blocked it was approved over a compliance officer's written override.
 */
export function postStatusLabel(state: string, verdict?: string | null): { label: string; overridden: boolean } {
  const overridden = verdict === "block" && DECIDED_STATES.has(state);
  return { label: overridden ? `${stateLabel(state)} with override` : stateLabel(state), overridden };
}

import type { PostState } from "@vetted/db";
import { AppError } from "../errors";

/**
 * Every state change of a post, in one table. Each event names the states it may leave from and
 * the state it leads to; use cases call `nextState` and never assign a state themselves.
 *
 *   DRAFT → SCANNING → IN_REVIEW → CHANGES_REQUESTED | APPROVED | REJECTED → SCHEDULED → PUBLISHED | EXPIRED
 *   SCANNING → SCAN_FAILED → (retry) SCANNING; an edit after approval goes back to SCANNING.
 */
export const TRANSITIONS = {
  /** A consultant submits the current revision for scanning and review. */
  submit: { from: ["DRAFT", "CHANGES_REQUESTED"], to: "SCANNING" },
  /** Retry after the scan failed for good. */
  retryScan: { from: ["SCAN_FAILED"], to: "SCANNING" },
  /** An edit of a post that is in review or approved: approvals are void, the new revision is rescanned. */
  editAfterSubmit: { from: ["SCANNING", "SCAN_FAILED", "IN_REVIEW", "APPROVED", "SCHEDULED"], to: "SCANNING" },
  scanSucceeded: { from: ["SCANNING"], to: "IN_REVIEW" },
  scanFailed: { from: ["SCANNING"], to: "SCAN_FAILED" },
  requestChanges: { from: ["IN_REVIEW"], to: "CHANGES_REQUESTED" },
  reject: { from: ["IN_REVIEW"], to: "REJECTED" },
  /** The last approval step is complete. */
  approve: { from: ["IN_REVIEW"], to: "APPROVED" },
  schedule: { from: ["APPROVED"], to: "SCHEDULED" },
  publish: { from: ["SCHEDULED"], to: "PUBLISHED" },
  /** Not approved and scheduled by its time. */
  expire: { from: ["DRAFT", "SCANNING", "SCAN_FAILED", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED"], to: "EXPIRED" },
  /** A consent this post depends on expired or was revoked (consent register). */
  consentWithdrawn: { from: ["IN_REVIEW", "APPROVED", "SCHEDULED"], to: "CHANGES_REQUESTED" },
} as const satisfies Record<string, { from: readonly PostState[]; to: PostState }>;

export type PostEvent = keyof typeof TRANSITIONS;

/** Edits are allowed in these states; in the others the post is final (or being published). */
export const EDITABLE_STATES: readonly PostState[] = ["DRAFT", "CHANGES_REQUESTED", "SCAN_FAILED", "SCANNING", "IN_REVIEW", "APPROVED", "SCHEDULED"];

export function canTransition(from: PostState, event: PostEvent): boolean {
  return (TRANSITIONS[event].from as readonly PostState[]).includes(from);
}

/** The state after `event`, or a CONFLICT error that says which states the event needs. */
export function nextState(from: PostState, event: PostEvent): PostState {
  if (!canTransition(from, event)) {
    const allowed = TRANSITIONS[event].from.join(", ").toLowerCase().replaceAll("_", " ");
    throw new AppError("CONFLICT", `Cannot ${eventLabel(event)} a post that is ${from.toLowerCase().replaceAll("_", " ")} (only when ${allowed})`);
  }
  return TRANSITIONS[event].to;
}

function eventLabel(event: PostEvent): string {
  return event.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

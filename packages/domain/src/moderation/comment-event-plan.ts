import type { CommentVerb } from "../platforms/meta-webhook";

// How one event changes a comment, decided from the comment as stored and the event alone (pure, so
// every ordering rule is unit-tested). Deliveries arrive duplicated and out of order:
// - the text held is the newest by platform time: an older add/edit arriving late is ignored, and an
//   edit arriving before its create creates the comment (the late create is then older, so ignored);
// - remove is final: whatever arrives after it (in time or in order) changes nothing;
// - hide/unhide are ordered among themselves the same way (visibilityEventAt).
// These rules apply when the event is all there is (no connector can re-read the comment). When the
// comment was re-read, planFromPlatform below follows the platform instead: the event only named it.

export interface StoredComment {
  hasText: boolean;
  lastEventAt: Date;
  visibilityEventAt: Date | null;
  deletedAt: Date | null;
}

export interface IncomingEvent {
  verb: CommentVerb;
  eventAt: Date;
  hasText: boolean;
}

export type CommentPlan =
  | { kind: "create"; adoptText: boolean; deletedAt: Date | null; hidden: boolean | null }
  | { kind: "update"; adoptText: boolean; deletedAt?: Date; hidden?: boolean }
  | { kind: "ignore"; reason: "OLDER" | "REMOVED" | "NO_CHANGE" };

const isContent = (verb: CommentVerb) => verb === "add" || verb === "edited";

export function planCommentEvent(stored: StoredComment | null, event: IncomingEvent): CommentPlan {
  const { verb, eventAt } = event;
  if (!stored) {
    return {
      kind: "create",
      adoptText: isContent(verb) && event.hasText,
      deletedAt: verb === "remove" ? eventAt : null,
      hidden: verb === "hide" ? true : verb === "unhide" ? false : null,
    };
  }
  if (stored.deletedAt) return { kind: "ignore", reason: "REMOVED" };
  if (verb === "remove") return { kind: "update", adoptText: false, deletedAt: eventAt };
  if (verb === "hide" || verb === "unhide") {
    if (stored.visibilityEventAt && eventAt < stored.visibilityEventAt) return { kind: "ignore", reason: "OLDER" };
    return { kind: "update", adoptText: false, hidden: verb === "hide" };
  }
  if (!event.hasText) return { kind: "ignore", reason: "NO_CHANGE" };
  // A stub made by an early hide/unhide holds no text yet: the first text to arrive is taken.
  if (!stored.hasText) return { kind: "update", adoptText: true };
  const t = eventAt.getTime();
  const held = stored.lastEventAt.getTime();
  // Platform times are whole seconds: an edit in the same second as the text held supersedes it.
  if (t > held || (t === held && verb === "edited")) return { kind: "update", adoptText: true };
  return { kind: "ignore", reason: "OLDER" };
}

/** The comment as stored, with what a re-read is compared against. */
export interface StoredState extends StoredComment {
  textSha256: string | null;
  hidden: boolean;
}

/** The re-read comment, reduced to what the plan compares: textSha256 null when it has no text (a photo). */
export interface PlatformState {
  textSha256: string | null;
  hidden: boolean;
}

/**
 * Events are hints: after a re-read under the per-comment lock, the platform's answer is the truth,
 * whatever the event said and in whatever order events came. `seen` null means the comment no longer
 * exists: it is marked deleted at `goneAt`. Deleted stays final, as in planCommentEvent.
 */
export function planFromPlatform(stored: StoredState | null, seen: PlatformState | null, goneAt: Date): CommentPlan {
  if (!stored) {
    if (!seen) return { kind: "create", adoptText: false, deletedAt: goneAt, hidden: null };
    return { kind: "create", adoptText: seen.textSha256 !== null, deletedAt: null, hidden: seen.hidden ? true : null };
  }
  if (stored.deletedAt) return { kind: "ignore", reason: "REMOVED" };
  if (!seen) return { kind: "update", adoptText: false, deletedAt: goneAt };
  const adoptText = seen.textSha256 !== null && seen.textSha256 !== stored.textSha256;
  const visibilityChanged = seen.hidden !== stored.hidden;
  if (!adoptText && !visibilityChanged) return { kind: "ignore", reason: "NO_CHANGE" };
  return { kind: "update", adoptText, ...(visibilityChanged ? { hidden: seen.hidden } : {}) };
}

// The webhook traffic of `npm run bench:comments`: which comments people post (some naming a
// patient and a condition, which the worker must hide), and the Meta `feed` deliveries announcing
// them in the order they are sent — with Meta's retries (byte-identical duplicates) and edits whose
// delivery overtakes the create's. Pure and seeded: the same options give the same traffic.
// Fictional people and our own sentences.
import { prng } from "../../prisma/prng";

export interface TrafficOptions {
  /** Deliveries in all, duplicates included. */
  deliveries: number;
  /** Share of them that repeat an earlier delivery byte for byte. */
  duplicateShare: number;
  /** Share of them that are edits delivered before their comment's create. */
  outOfOrderShare: number;
  /** Share of them that are edits delivered after their create. */
  inOrderEditShare: number;
  /** Share of comments with PHI. */
  phiShare: number;
  seed: number;
}

export const DEFAULT_TRAFFIC: TrafficOptions = { deliveries: 2000, duplicateShare: 0.3, outOfOrderShare: 0.1, inOrderEditShare: 0.05, phiShare: 0.3, seed: 12 };

export interface PlannedComment {
  /** 0-based; the bench maps it to the platform's comment id once the simulator has the comment. */
  index: number;
  phi: boolean;
  /** What the comment said first, and (edited comments) what it says after the edit. */
  message: string;
  edit?: string;
  editOrder?: "before" | "after";
}

export interface PlannedDelivery {
  comment: number;
  verb: "add" | "edited";
  /** 1 for the first copy, 2+ for a retry of the same bytes. */
  copy: number;
}

export interface Traffic {
  comments: PlannedComment[];
  /** In sending order. */
  deliveries: PlannedDelivery[];
}

const FIRST = ["Marguerite", "Teodoro", "Anneliese", "Kwabena", "Solveig", "Ignatius", "Perpetua", "Radomir"];
const LAST = ["Vanterpool", "Okafor-Lindgren", "Czarnecki", "Abernathy", "Quispe", "Halvorsen", "Mbeki", "Delacroix"];
const PHI = [
  (n: string, i: number) => `My mother ${n} had her hip replacement here on Tuesday, room ${300 + (i % 90)}, thank you to the surgical team`,
  (n: string) => `Please pray for my brother ${n}, he was diagnosed with leukemia at your cancer center last week`,
  (n: string) => `My husband ${n} is recovering from a stroke on the fourth floor, the nurses have been wonderful to our family`,
  (n: string) => `So grateful to the ER for treating my son ${n} after his seizure on Saturday night`,
];
const CLEAN = [
  (i: number) => `What time does the farmers market in the north parking lot open this weekend? Asking for the group of ${(i % 9) + 2}.`,
  () => "Congratulations on the new maternity wing, the photos look beautiful!",
  (i: number) => `Is the cafeteria open on Sundays? We want to bring ${(i % 5) + 2} volunteers for the fundraiser.`,
  () => "Thank you for hosting the community blood drive, great turnout this year.",
];

/** A person's name, different for neighbouring comments. */
const personName = (i: number) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;

/** The comment's text; an edit keeps it PHI or clean, so each comment has one right outcome. */
export function commentText(i: number, phi: boolean, edited = false): string {
  const k = i + (edited ? 1 : 0);
  return phi ? PHI[k % PHI.length]!(personName(i), i) : CLEAN[k % CLEAN.length]!(i) + (edited ? " (edited)" : "");
}

/** How many of each kind of delivery: duplicates, edits before / after their create, and comments. */
export function trafficCounts(o: TrafficOptions) {
  const duplicates = Math.round(o.deliveries * o.duplicateShare);
  const outOfOrder = Math.round(o.deliveries * o.outOfOrderShare);
  const inOrderEdits = Math.round(o.deliveries * o.inOrderEditShare);
  const comments = o.deliveries - duplicates - outOfOrder - inOrderEdits;
  if (comments < outOfOrder + inOrderEdits) throw new Error("Too few comments for that many edits: lower the duplicate or edit shares");
  return { duplicates, outOfOrder, inOrderEdits, comments, distinct: o.deliveries - duplicates };
}

export function planTraffic(o: TrafficOptions = DEFAULT_TRAFFIC): Traffic {
  const counts = trafficCounts(o);
  const rnd = prng(o.seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  // Which comments are edited, and how: a shuffled order of indexes, the first ones edited.
  const order = [...Array(counts.comments).keys()];
  for (let i = order.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const editOrder = new Map<number, "before" | "after">();
  order.slice(0, counts.outOfOrder).forEach((i) => editOrder.set(i, "before"));
  order.slice(counts.outOfOrder, counts.outOfOrder + counts.inOrderEdits).forEach((i) => editOrder.set(i, "after"));

  const comments: PlannedComment[] = [];
  // Each delivery gets a position on the sending timeline; sorting by it gives the order.
  const timeline: (PlannedDelivery & { at: number })[] = [];
  for (let i = 0; i < counts.comments; i++) {
    const phi = rnd() < o.phiShare;
    const edit = editOrder.get(i);
    comments.push({ index: i, phi, message: commentText(i, phi), ...(edit ? { edit: commentText(i, phi, true), editOrder: edit } : {}) });
    timeline.push({ comment: i, verb: "add", copy: 1, at: i });
    // The edit's delivery comes 2 to 20 comments' worth earlier or later than the create's: sent
    // concurrently, "before" reaches the app first.
    if (edit) timeline.push({ comment: i, verb: "edited", copy: 1, at: i + (edit === "before" ? -1 : 1) * (2 + pick(19)) });
  }
  const firsts = [...timeline];
  const copies = new Map<string, number>();
  for (let d = 0; d < counts.duplicates; d++) {
    // A retry of a delivery already sent, 1 to 50 comments' worth later (Meta retries within seconds).
    const original = firsts[pick(firsts.length)]!;
    const key = `${original.comment}:${original.verb}`;
    const copy = (copies.get(key) ?? 1) + 1;
    copies.set(key, copy);
    timeline.push({ comment: original.comment, verb: original.verb, copy, at: original.at + 1 + pick(50) + copy * 1e-3 });
  }
  timeline.sort((x, y) => x.at - y.at || x.comment - y.comment || x.copy - y.copy);
  return { comments, deliveries: timeline.map(({ comment, verb, copy }) => ({ comment, verb, copy })) };
}

export interface FeedTarget {
  pageId: string;
  postId: string;
  commentId: string;
  /** Unix seconds the comment was created (the add's entry time; the edit's is a second later). */
  createdTime: number;
  authorId: string;
  authorName: string;
}

/**
 * The body Meta sends for one comment change of a Page's feed (as apps/simulator/src/webhooks.ts
 * builds it). A duplicate is the same string: same bytes, same signature, same dedupe key.
 */
export function feedDeliveryBody(t: FeedTarget, verb: "add" | "edited", text: string): string {
  const time = verb === "add" ? t.createdTime : t.createdTime + 1;
  const value = {
    from: { id: t.authorId, name: t.authorName },
    post: { id: t.postId, status_type: "mobile_status_update", is_published: true },
    message: text,
    post_id: t.postId,
    comment_id: t.commentId,
    created_time: t.createdTime,
    item: "comment",
    parent_id: t.postId,
    verb,
  };
  return JSON.stringify({ object: "page", entry: [{ id: t.pageId, time, changes: [{ field: "feed", value }] }] });
}

// Everything the simulated Meta remembers, in memory: Pages and their Instagram accounts, posts,
// comments, the calls the app made and the webhooks delivered. A restart forgets all but the default
// Pages (tokens are signed, not stored, so Page tokens handed out before a restart keep working).

export type SimPlatform = "facebook" | "instagram";

/** Simulated time: real time plus an offset that POST /_sim/clock moves forward. */
export class Clock {
  private offsetMs = 0;
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

export interface SimPage {
  id: string;
  name: string;
  igUserId?: string;
  igUsername?: string;
  /** Fields of the app's subscription to this Page's webhooks (POST /{page-id}/subscribed_apps). */
  subscribedFields: string[];
}

export interface SimPost {
  id: string;
  platform: SimPlatform;
  /** Page id, or Instagram account id for media. */
  accountId: string;
  message: string;
  createdTime: number;
}

export interface SimComment {
  id: string;
  platform: SimPlatform;
  accountId: string;
  postId: string;
  parentId?: string;
  message: string;
  from: { id: string; name: string };
  /** Unix seconds on the simulated clock. */
  createdTime: number;
  isHidden: boolean;
  deleted: boolean;
  privateReplies: number;
}

export type CallType = "publish" | "hide" | "unhide" | "delete" | "private_reply" | "public_reply";

export interface SimCall {
  seq: number;
  at: number;
  type: CallType;
  /** Meta's two, or LinkedIn, X and TikTok (linkedin.ts, x.ts, tiktok.ts record theirs here too). */
  platform: SimPlatform | "linkedin" | "x" | "tiktok";
  /** The comment (or Page, for publish) acted on. */
  objectId: string;
  commentId?: string;
  ok: boolean;
  /** Graph error code when refused. */
  errorCode?: number;
  /** What the app sent (reply or post text). Kept in memory for tests, never logged. */
  text?: string;
}

export interface SimDelivery {
  seq: number;
  at: number;
  object: "page" | "instagram";
  commentId: string;
  verb: string;
  /** 1 for the first copy, 2+ for duplicates. */
  copy: number;
  /** HTTP status of the callback, or null when it failed, was skipped or is pending. */
  status: number | null;
  outcome: "delivered" | "failed" | "skipped" | "pending";
  reason?: string;
}

export interface Fault {
  /** Which operation: "publish" | "hide" | "delete" | "private_reply" | "read" | "any". */
  op: string;
  remaining: number;
  /** Answer after this delay (the action is still applied: a client timeout then hides a success). */
  delayMs?: number;
  /** Refuse with this HTTP status and Graph code 2 before doing anything. */
  status?: number;
}

export interface RateLimit {
  /** Calls per token per window; 0 = no limit. */
  limit: number;
  windowSeconds: number;
}

export const DEMO_USER = { id: "100000000000001", name: "Demo Admin" } as const;

/** The Pages a fresh simulator has, matching the demo seed. Subscribed, so deliveries flow at once. */
export const DEFAULT_PAGES: readonly Omit<SimPage, "subscribedFields">[] = [
  { id: "200000000000001", name: "Vetted Demo Clinic", igUserId: "17841400000000001", igUsername: "vetted_demo_clinic" },
  { id: "200000000000002", name: "Vetted Demo Dental" },
];

export const ALL_SCOPES = [
  "pages_show_list", "pages_read_engagement", "pages_manage_engagement", "pages_manage_posts", "pages_manage_metadata",
  "pages_messaging", "instagram_basic", "instagram_manage_comments", "instagram_manage_messages", "business_management",
] as const;

export class SimState {
  readonly clock = new Clock();
  pages = new Map<string, SimPage>();
  posts = new Map<string, SimPost>();
  comments = new Map<string, SimComment>();
  calls: SimCall[] = [];
  deliveries: SimDelivery[] = [];
  usedCodes = new Set<string>();
  revokedTokens = new Set<string>();
  faults: Fault[] = [];
  rate: RateLimit;
  private rateWindows = new Map<string, { start: number; count: number }>();
  callbackUrl: string | null;
  private seq = 0;

  constructor(private readonly defaults: { callbackUrl: string | null; rate: RateLimit }) {
    this.rate = { ...defaults.rate };
    this.callbackUrl = defaults.callbackUrl;
    this.reset();
  }

  reset(): void {
    this.clock.reset();
    this.pages = new Map(DEFAULT_PAGES.map((p) => [p.id, { ...p, subscribedFields: ["feed"] }]));
    this.posts.clear();
    this.comments.clear();
    this.calls = [];
    this.deliveries = [];
    this.usedCodes.clear();
    this.revokedTokens.clear();
    this.faults = [];
    this.rate = { ...this.defaults.rate };
    this.rateWindows.clear();
    this.callbackUrl = this.defaults.callbackUrl;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** The Page whose token acts for an account id (a Page, or the Page an Instagram account is linked to). */
  pageForAccount(accountId: string): SimPage | undefined {
    return this.pages.get(accountId) ?? [...this.pages.values()].find((p) => p.igUserId === accountId);
  }

  recordCall(call: Omit<SimCall, "seq" | "at">): SimCall {
    const full = { seq: this.nextSeq(), at: this.clock.nowSeconds(), ...call };
    this.calls.push(full);
    return full;
  }

  /** Takes one use of the first fault matching the operation, if any. */
  takeFault(op: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.op === op || f.op === "any"));
    if (fault) fault.remaining--;
    return fault;
  }

  /** A new limit starts every token's window afresh. */
  setRate(rate: RateLimit): void {
    this.rate = { ...rate };
    this.rateWindows.clear();
  }

  /** Counts a call against the token's window; returns the seconds until the window resets when over the limit. */
  overRateLimit(key: string): number | null {
    if (this.rate.limit <= 0) return null;
    const now = this.clock.nowSeconds();
    let window = this.rateWindows.get(key);
    if (!window || now - window.start >= this.rate.windowSeconds) {
      window = { start: now, count: 0 };
      this.rateWindows.set(key, window);
    }
    window.count++;
    return window.count > this.rate.limit ? Math.max(1, window.start + this.rate.windowSeconds - now) : null;
  }
}

import { createHmac, randomUUID } from "node:crypto";
import type { Clock } from "./state";
import { TokenSigner } from "./tokens";

// The simulated LinkedIn: Company Pages (organizations), their posts and comments, and the signed
// ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS deliveries to the app's /api/webhooks/linkedin. LinkedIn
// has no hide: the only moderation is deleting a comment as the organization. Signatures are computed
// here, independently of the app's verifier, on purpose.

const hmacHex = (secret: string, ...parts: string[]) => parts.reduce((h, p) => h.update(p, "utf8"), createHmac("sha256", secret)).digest("hex");

export interface LiOrg {
  urn: string;
  name: string;
  /** Whether the demo member (LI_MEMBER) is an approved ADMINISTRATOR of it (default true). */
  administered?: boolean;
}

export interface LiComment {
  /** Canonical: urn:li:comment:(urn:li:activity:<post>,<id>). */
  urn: string;
  id: string;
  objectUrn: string;
  orgUrn: string;
  text: string;
  authorUrn: string;
  parentUrn?: string;
  /** Epoch milliseconds on the simulated clock. */
  createdMs: number;
  lastModifiedMs: number;
  deleted: boolean;
}

export interface LiDelivery {
  seq: number;
  commentUrn: string;
  action: string;
  copy: number;
  status: number | null;
  outcome: "delivered" | "failed" | "skipped" | "pending";
}

export const DEFAULT_LI_ORGS: readonly LiOrg[] = [{ urn: "urn:li:organization:3000001", name: "Vetted Demo Clinic" }];
export const LI_SCOPES = ["r_organization_social", "w_organization_social", "rw_organization_admin"] as const;
/** The member the consent page signs in as: an admin of every organization not marked otherwise. */
export const LI_MEMBER = "urn:li:person:simadmin";

export class LinkedInSim {
  orgs = new Map<string, LiOrg>();
  comments = new Map<string, LiComment>();
  deliveries: LiDelivery[] = [];
  callbackUrl: string | null;
  /**
   * Signed claims, never stored: seeded tokens act for one organization (k "p", sub = the org URN);
   * OAuth member tokens (k "u", sub = LI_MEMBER) for every organization the member administers;
   * codes (k "c") and refresh tokens (k "r") come from linkedin-oauth.ts.
   */
  readonly tokens: TokenSigner;
  /** OAuth codes already exchanged, and tokens revoked through the control API. */
  usedCodes = new Set<string>();
  revoked = new Set<string>();
  private seq = 0;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly clock: Clock,
    readonly clientId: string,
    readonly clientSecret: string,
    private readonly defaultCallbackUrl: string | null,
    private readonly timeoutMs: number,
    private readonly log: (line: string) => void,
  ) {
    // A key of its own: a Meta token is never a LinkedIn one, nor the reverse.
    this.tokens = new TokenSigner(`${clientSecret}|linkedin`);
    this.callbackUrl = defaultCallbackUrl;
    this.reset();
  }

  reset(): void {
    this.orgs = new Map(DEFAULT_LI_ORGS.map((o) => [o.urn, { ...o }]));
    this.comments.clear();
    this.usedCodes.clear();
    this.revoked.clear();
    this.deliveries = [];
    this.callbackUrl = this.defaultCallbackUrl;
  }

  nextId(): string {
    // Numeric ids that grow, as LinkedIn's do.
    return String(7_100_000_000_000_000_000n + BigInt(++this.seq));
  }

  /** The organizations a token acts for, or why it is refused (401 on LinkedIn). */
  actsFor(token: string): { orgs: string[]; scopes: string[] } | { refused: "invalid" | "expired" | "revoked" } {
    const claims = this.tokens.read(token);
    if (!claims || (claims.k !== "p" && claims.k !== "u")) return { refused: "invalid" };
    if (this.revoked.has(token)) return { refused: "revoked" };
    if (claims.exp && claims.exp <= this.clock.nowSeconds()) return { refused: "expired" };
    const orgs = claims.k === "p" ? [claims.sub] : [...this.orgs.values()].filter((o) => o.administered !== false).map((o) => o.urn);
    return { orgs, scopes: claims.scopes };
  }

  tokenFor(orgUrn: string): string {
    return this.tokens.mint({ k: "p", sub: orgUrn, scopes: [...LI_SCOPES], exp: 0, n: "seed" });
  }

  /** The notification body LinkedIn would send for one comment action. */
  notification(c: LiComment, action: "COMMENT" | "COMMENT_EDIT" | "COMMENT_DELETE"): Record<string, unknown> {
    return {
      notificationId: ++this.seq, organizationalEntity: c.orgUrn, action, sourcePost: c.objectUrn, lastModifiedAt: c.lastModifiedMs,
      subscriber: "urn:li:person:simadmin", generatedActivity: c.urn.replace("(urn:li:", "("),
      ...(action === "COMMENT_DELETE" ? {} : {
        decoratedGeneratedActivity: { comment: { entity: c.urn, owner: c.authorUrn, text: c.text, object: c.objectUrn, ...(c.parentUrn ? { parentComment: c.parentUrn } : {}) } },
      }),
    };
  }

  /** Delivers the notifications, one POST each (then `duplicate` byte-identical copies), signed X-LI-Signature. */
  async deliver(items: { commentUrn: string; action: string; body: Record<string, unknown> }[], options: { duplicate?: number; delayMs?: number } = {}): Promise<LiDelivery[]> {
    const planned: [string, LiDelivery][] = [];
    for (let copy = 1; copy <= 1 + (options.duplicate ?? 0); copy++) {
      for (const item of items) {
        const body = JSON.stringify({ type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", notifications: [item.body] });
        const record: LiDelivery = { seq: ++this.seq, commentUrn: item.commentUrn, action: item.action, copy, status: null, outcome: "pending" };
        this.deliveries.push(record);
        planned.push([body, record]);
      }
    }
    const run = async () => {
      for (const [body, record] of planned) await this.post(body, record);
    };
    if (options.delayMs) setTimeout(() => void this.track(run()), options.delayMs).unref();
    else await this.track(run());
    return planned.map(([, r]) => r);
  }

  /** LinkedIn's validation: GET {callback}?challengeCode=<uuid>, expecting the HMAC of the code back. */
  async verifyCallback(): Promise<{ ok: boolean; status: number | null }> {
    if (!this.callbackUrl) return { ok: false, status: null };
    const challengeCode = randomUUID();
    const url = new URL(this.callbackUrl);
    url.searchParams.set("challengeCode", challengeCode);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      const body = (await res.json().catch(() => null)) as { challengeCode?: string; challengeResponse?: string } | null;
      const expected = hmacHex(this.clientSecret, challengeCode);
      return { ok: res.status === 200 && body?.challengeCode === challengeCode && body.challengeResponse === expected, status: res.status };
    } catch {
      return { ok: false, status: null };
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async post(body: string, record: LiDelivery): Promise<void> {
    if (!this.callbackUrl) return void Object.assign(record, { outcome: "skipped" });
    try {
      const res = await fetch(this.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-li-signature": hmacHex(this.clientSecret, "hmacsha256=", body) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer();
      Object.assign(record, { status: res.status, outcome: res.ok ? "delivered" : "failed" });
    } catch {
      Object.assign(record, { outcome: "failed" });
      this.log("linkedin delivery failed: callback unreachable or timed out");
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }
}

import { createHmac, randomBytes } from "node:crypto";
import type { SimComment, SimDelivery, SimState } from "./state";

// Webhook deliveries as Meta sends them: POST {callback} with the JSON body and X-Hub-Signature-256
// (HMAC-SHA256 of the exact bytes under the app secret). Duplicates are byte-identical copies, as a
// Meta retry is. The signature is computed here independently of the app's verifier on purpose.

export interface WebhookEvent {
  object: "page" | "instagram";
  accountId: string;
  commentId: string;
  verb: string;
  body: string;
}

/** The delivery body for one comment change; `text` is the text as of this event (edits change it). */
export function commentEvent(comment: SimComment, verb: "add" | "edited" | "remove" | "hide" | "unhide", time: number, text = comment.message): WebhookEvent {
  if (comment.platform === "instagram") {
    const value = {
      from: { id: comment.from.id, username: comment.from.name },
      media: { id: comment.postId, media_product_type: "FEED" },
      id: comment.id,
      ...(comment.parentId ? { parent_id: comment.parentId } : {}),
      text,
    };
    const body = { object: "instagram", entry: [{ id: comment.accountId, time, changes: [{ field: "comments", value }] }] };
    return { object: "instagram", accountId: comment.accountId, commentId: comment.id, verb, body: JSON.stringify(body) };
  }
  const value = {
    from: { id: comment.from.id, name: comment.from.name },
    post: { id: comment.postId, status_type: "mobile_status_update", is_published: true },
    ...(verb === "add" || verb === "edited" ? { message: text } : {}),
    post_id: comment.postId,
    comment_id: comment.id,
    created_time: comment.createdTime,
    item: "comment",
    parent_id: comment.parentId ?? comment.postId,
    verb,
  };
  const body = { object: "page", entry: [{ id: comment.accountId, time, changes: [{ field: "feed", value }] }] };
  return { object: "page", accountId: comment.accountId, commentId: comment.id, verb, body: JSON.stringify(body) };
}

export interface SendOptions {
  /** Extra byte-identical copies of every event, sent after all first copies. */
  duplicate?: number;
  delayMs?: number;
}

export class WebhookSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly state: SimState,
    private readonly appSecret: string,
    private readonly verifyToken: string,
    private readonly timeoutMs: number,
    private readonly log: (line: string) => void,
  ) {}

  sign(body: string): string {
    return `sha256=${createHmac("sha256", this.appSecret).update(body, "utf8").digest("hex")}`;
  }

  /** Delivers the events in order (then their duplicates), one at a time; resolves with the delivery records. */
  async send(events: WebhookEvent[], options: SendOptions = {}): Promise<SimDelivery[]> {
    const records = this.plan(events, options.duplicate ?? 0);
    const run = async () => {
      for (const [event, record] of records) await this.deliver(event, record);
    };
    if (options.delayMs && options.delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.track(run());
      }, options.delayMs);
      this.timers.add(timer);
      return records.map(([, r]) => r);
    }
    await this.track(run());
    return records.map(([, r]) => r);
  }

  /** Fire and forget (notifications of the app's own hides and deletes). */
  background(events: WebhookEvent[]): void {
    void this.send(events).catch(() => undefined);
  }

  /** The subscription handshake against the registered callback, as Meta does when a callback is saved. */
  async verifyCallback(): Promise<{ ok: boolean; status: number | null }> {
    if (!this.state.callbackUrl) return { ok: false, status: null };
    const challenge = String(randomBytes(4).readUInt32BE());
    const url = new URL(this.state.callbackUrl);
    url.searchParams.set("hub.mode", "subscribe");
    url.searchParams.set("hub.verify_token", this.verifyToken);
    url.searchParams.set("hub.challenge", challenge);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      return { ok: res.status === 200 && (await res.text()) === challenge, status: res.status };
    } catch {
      return { ok: false, status: null };
    }
  }

  /** Stops scheduled deliveries and waits for the ones under way. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private plan(events: WebhookEvent[], duplicate: number): [WebhookEvent, SimDelivery][] {
    const out: [WebhookEvent, SimDelivery][] = [];
    for (let copy = 1; copy <= 1 + Math.max(0, duplicate); copy++) {
      for (const event of events) {
        const record: SimDelivery = { seq: this.state.nextSeq(), at: this.state.clock.nowSeconds(), object: event.object, commentId: event.commentId, verb: event.verb, copy, status: null, outcome: "pending" };
        this.state.deliveries.push(record);
        out.push([event, record]);
      }
    }
    return out;
  }

  private async deliver(event: WebhookEvent, record: SimDelivery): Promise<void> {
    const skip = this.skipReason(event);
    if (skip) {
      Object.assign(record, { outcome: "skipped", reason: skip });
      return;
    }
    try {
      const res = await fetch(this.state.callbackUrl!, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": this.sign(event.body), "user-agent": "facebookexternalua" },
        body: event.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer();
      Object.assign(record, { status: res.status, outcome: res.ok ? "delivered" : "failed" });
      if (!res.ok) this.log(`webhook delivery answered ${res.status}`);
    } catch {
      Object.assign(record, { outcome: "failed", reason: "callback unreachable or timed out" });
      this.log("webhook delivery failed: callback unreachable or timed out");
    }
  }

  /** Meta only delivers to a callback the app registered, for Pages that installed the app. */
  private skipReason(event: WebhookEvent): string | undefined {
    if (!this.state.callbackUrl) return "no callback registered";
    const page = this.state.pageForAccount(event.accountId);
    if (!page) return "unknown account";
    if (event.object === "page" ? !page.subscribedFields.includes("feed") : page.subscribedFields.length === 0) return "app not subscribed to the page";
    return undefined;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }
}

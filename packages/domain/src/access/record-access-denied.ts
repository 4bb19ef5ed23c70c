import { baseEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { connectionFromUrl } from "@vetted/queue";
import { Redis } from "ioredis";
import type { RequestMeta } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Action } from "./permissions";

/**
 * Refused access, in the audit trail (issue 14, finding 8a). Called from the one place that resolves
 * the tenant (packages/auth) for a 404, and from the route/action adapters for a FORBIDDEN.
 *
 * Which chain: a probe of a real org goes into that org's chain, so its admins see who tried (the
 * org learns nothing it should not: the prober's id is theirs to see once they knock). A slug that
 * names no org goes into the platform chain, and the slug itself is not kept (it is free text).
 * Metadata: the reason code, the route pattern or "server action", and the permission lacked; no
 * ids of records, no query string.
 */
export type DenialReason = "not_member" | "unknown_org" | "forbidden";

export interface AccessDenial {
  userId: string;
  /** The org the user is a member of but lacked a permission in (FORBIDDEN). */
  orgId?: string;
  /** The slug from the URL, for a 404 (resolved here to an org, if one has it). */
  orgSlug?: string;
  permission?: Action;
  /** Route pattern (/api/orgs/[orgSlug]/posts) or "server action". A query string is cut off. */
  where: string;
  request: RequestMeta;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function recordAccessDenied(denial: AccessDenial, limiter: AccessDenialLimiter = accessDenialLimiter()): Promise<"recorded" | "suppressed"> {
  let orgId: string | null = denial.orgId ?? null;
  let reason: DenialReason = "forbidden";
  if (!denial.orgId) {
    const slug = denial.orgSlug ?? "";
    orgId = SLUG.test(slug) ? ((await db().organization.findUnique({ where: { slug }, select: { id: true } }))?.id ?? null) : null;
    reason = orgId ? "not_member" : "unknown_org";
  }
  const admitted = await limiter.admit(`${denial.userId}:${orgId ?? "platform"}:${reason}`);
  if (!admitted.record) return "suppressed";
  await db().$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId,
      actorId: denial.userId,
      action: "access.denied",
      targetType: "Organization",
      targetId: orgId,
      metadata: {
        reason,
        route: cleanWhere(denial.where),
        ...(denial.permission ? { permission: denial.permission } : {}),
        // Attempts since the last event of this (user, chain, reason) that were not written one by one.
        ...(admitted.suppressed ? { suppressed: admitted.suppressed } : {}),
      },
      request: denial.request,
    }),
  );
  return "recorded";
}

/** No query string or fragment, printable ASCII only, bounded: a route pattern, not a URL. */
const cleanWhere = (where: string) => where.split(/[?#]/)[0]!.replace(/[^\x20-\x7e]/g, "").slice(0, 200) || "unknown";

export interface DenialLimitOptions {
  windowSeconds: number;
  keyPrefix: string;
}

/**
 * At most one event per key per window; the attempts in between are counted and the count goes on
 * the next event. Redis makes the window shared by every web process; if Redis is unreachable each
 * process keeps its own window in memory, so a probe is still recorded but never floods the chain.
 */
export class AccessDenialLimiter {
  private readonly memory = new Map<string, { until: number; suppressed: number }>();

  constructor(
    private readonly redis: Redis | null,
    readonly opts: DenialLimitOptions = { windowSeconds: 60, keyPrefix: "vetted:denied" },
  ) {}

  async admit(key: string): Promise<{ record: boolean; suppressed: number }> {
    if (this.redis) {
      try {
        return await this.admitRedis(key);
      } catch {
        // Fall through to the in-process window.
      }
    }
    return this.admitMemory(key);
  }

  private async admitRedis(key: string) {
    const window = `${this.opts.keyPrefix}:w:${key}`;
    const count = `${this.opts.keyPrefix}:n:${key}`;
    if ((await this.redis!.set(window, "1", "EX", this.opts.windowSeconds, "NX")) === "OK") {
      const result = await this.redis!.multi().get(count).del(count).exec();
      return { record: true, suppressed: Number(result?.[0]?.[1] ?? 0) || 0 };
    }
    await this.redis!.multi().incr(count).expire(count, 24 * 60 * 60).exec();
    return { record: false, suppressed: 0 };
  }

  private admitMemory(key: string) {
    const now = Date.now();
    const entry = this.memory.get(key);
    if (entry && entry.until > now) {
      entry.suppressed++;
      return { record: false, suppressed: 0 };
    }
    if (this.memory.size > 10_000) this.memory.clear();
    this.memory.set(key, { until: now + this.opts.windowSeconds * 1000, suppressed: 0 });
    return { record: true, suppressed: entry?.suppressed ?? 0 };
  }

  close(): void {
    this.redis?.disconnect();
  }
}

// One limiter per process, on globalThis because Next's dev server reloads modules (see signin-limiter).
const holder = globalThis as unknown as { vettedDenialLimiter?: AccessDenialLimiter };

export function accessDenialLimiter(): AccessDenialLimiter {
  if (!holder.vettedDenialLimiter) {
    const redis = new Redis({ ...connectionFromUrl(baseEnv().REDIS_URL), enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, connectionName: "vetted-denials" });
    // A refused connection falls back to the memory window; an unhandled 'error' would crash the process.
    redis.on("error", () => undefined);
    holder.vettedDenialLimiter = new AccessDenialLimiter(redis);
  }
  return holder.vettedDenialLimiter;
}

export function closeAccessDenialLimiter(): void {
  holder.vettedDenialLimiter?.close();
  holder.vettedDenialLimiter = undefined;
}

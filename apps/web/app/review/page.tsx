import type { Metadata } from "next";
import Link from "next/link";
import { isAppError, listReviewQueuePage, loadShell, roleCan, type ReviewQueueItem } from "@vetted/domain";
import type { Role } from "@vetted/db";
import { AppShell } from "@/components/app-shell";
import { typeLabel } from "@/components/highlighted-text";
import { utc } from "@/components/post-badges";
import { Alert, Button, Card, Select } from "@/components/ui";
import { pageUser } from "@/lib/pages";
import { pageHref } from "@/lib/paging";
import { CHANNELS, channelLabel } from "../orgs/[orgSlug]/posts/post-form";
import { QueueRows, type QueueRow } from "./queue-rows";

export const metadata: Metadata = { title: "Review queue" };

/** "12 min", "3 h", "2 days": how long a post has been waiting for a decision. */
function waitingFor(since: Date, now = Date.now()) {
  const minutes = Math.max(0, Math.round((now - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

/** What the list shows of a queued post, in words (the clock read here, on the server, once). */
function queueRow(i: ReviewQueueItem, now = Date.now()): QueueRow {
  const channels = i.post.channels.map(channelLabel).join(", ");
  const faces = i.faces ? ` · ${i.faces} face${i.faces === 1 ? "" : "s"}` : "";
  return {
    id: i.post.id,
    href: `/orgs/${i.org.slug}/posts/${i.post.id}?from=review`,
    title: i.post.title,
    thumbnailSrc: i.thumbnailMediaId ? `/api/orgs/${i.org.slug}/media/${i.thumbnailMediaId}` : null,
    byline: `${i.org.name} · by ${i.author} · waiting ${waitingFor(i.waitingSince, now)} · ${channels}${i.step > 1 ? ` · step ${i.step}` : ""}`,
    topFinding: i.topFinding ? { text: `Top finding: ${typeLabel(i.topFinding.type)}${i.topFinding.blocking ? " (blocking)" : ""}`, blocking: i.topFinding.blocking } : null,
    verdict: i.verdict,
    findings: `${Object.entries(i.findings).map(([t, n]) => `${n} ${typeLabel(t)}`).join(", ") || "no findings"}${faces}`,
    scheduled: i.post.scheduledAt ? `scheduled ${utc(i.post.scheduledAt)}` : "no date",
  };
}

const FILTERS = ["org", "channel", "risk", "dueWithinHours"] as const;
const DUE = [["", "Any time"], ["24", "24 hours"], ["72", "3 days"], ["168", "7 days"]] as const;
// Posts per page of the queue: the soonest due come first, and rendering hundreds at once made the
// page slow at an agency's scale (bench:pages) without helping anyone decide the next one.
const PAGE_SIZE = 50;

/** The compliance officer's queue across every client org they review in; filters live in the URL. */
export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser("/review");
  const [shell, raw] = await Promise.all([loadShell(user.userId), searchParams]);
  const filter = Object.fromEntries(FILTERS.flatMap((k) => (typeof raw[k] === "string" && raw[k] ? [[k, raw[k]]] : []))) as Record<string, string>;
  const reviewOrgs = shell.orgs.filter((o) => roleCan(o.role as Role, "posts.review"));
  const queue = await listReviewQueuePage(user.userId, filter, { page: raw.page, size: PAGE_SIZE })
    .catch((e: unknown) => (isAppError(e) && e.code === "VALIDATION" ? e : Promise.reject(e)));
  const { page, pages, items: shown, from, to, total } = isAppError(queue) ? { page: 1, pages: 1, items: [], from: 0, to: 0, total: 0 } : queue;
  const select = (id: string, label: string, name: string, options: readonly (readonly [string, string])[]) => (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <Select id={id} name={name} defaultValue={filter[name] ?? ""}>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </Select>
    </div>
  );
  return (
    <AppShell userName={shell.name} idleMinutes={user.idleMinutes} orgs={shell.orgs} agencyAdmin={shell.agencyAdmin}>
      <div className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold">Review queue</h1>
          <p className="text-sm text-slate-600">Posts waiting for your decision in {reviewOrgs.length} organization{reviewOrgs.length === 1 ? "" : "s"}, soonest scheduled first.</p>
        </div>
        <Card>
          <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_1fr_auto] lg:items-end">
            {select("q-org", "Organization", "org", [["", "All organizations"], ...reviewOrgs.map((o) => [o.slug, o.name] as const)])}
            {select("q-channel", "Channel", "channel", [["", "Any channel"], ...CHANNELS.map((c) => [c, channelLabel(c)] as const)])}
            {select("q-risk", "Scan verdict", "risk", [["", "Any"], ["block", "Blocked"], ["review", "Needs review"], ["allow", "Clean"]])}
            {select("q-due", "Due within", "dueWithinHours", DUE)}
            <Button type="submit">Filter</Button>
          </form>
        </Card>
        {isAppError(queue) ? (
          <Alert tone="error">{queue.message}</Alert>
        ) : (
          <Card title={`${total} post${total === 1 ? "" : "s"} waiting`}>
            {total === 0 ? <p className="text-sm text-slate-600">Nothing is waiting for you. 🎉</p> : (
              <QueueRows rows={shown.map((i) => queueRow(i))} />
            )}
            {pages > 1 ? (
              <nav aria-label="Queue pages" className="mt-3 flex items-center justify-between border-t border-slate-100 pt-3 text-sm">
                <span className="text-slate-600">Showing {from}–{to} of {total}</span>
                <span className="flex gap-3">
                  {page > 1 ? <Link href={pageHref("/review", filter, page - 1)} className="text-brand-700 hover:underline">← Sooner</Link> : null}
                  {page < pages ? <Link href={pageHref("/review", filter, page + 1)} className="text-brand-700 hover:underline">Later →</Link> : null}
                </span>
              </nav>
            ) : null}
          </Card>
        )}
      </div>
    </AppShell>
  );
}

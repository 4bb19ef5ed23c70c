import type { Metadata } from "next";
import Link from "next/link";
import { can, isAppError, listInbox } from "@vetted/domain";
import { typeLabel } from "@/components/highlighted-text";
import { VerdictBadge } from "@/components/post-badges";
import { Alert, Button, Card, Select } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";
import { CHANNELS, channelLabel } from "../posts/channels";
import { InboxKeys } from "./inbox-keys";
import { pickFilters, query, TAB_KEYS, TAB_LABELS, type TabKey } from "./labels";
import { ReplyCountdown } from "./reply-countdown";
import { SlaBadge } from "./sla-badge";

export const metadata: Metadata = { title: "Inbox" };

/** The org's comments by tab; filters live in the URL (enums only). Text and authors are on the detail page, where reading them is audited. */
export default async function InboxPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/inbox`);
  const filters = pickFilters(await searchParams);
  const base = `/orgs/${ctx.org.slug}/inbox`;
  if (!can(ctx, "comments.view")) return <Alert tone="warning">Your role cannot see the comment inbox.</Alert>;
  const result = await listInbox(ctx, filters).catch((e: unknown) => (isAppError(e) && e.code === "VALIDATION" ? e : Promise.reject(e)));
  const tab = (isAppError(result) ? "new" : result.filters.tab) as TabKey;
  const select = (id: string, label: string, name: "verdict" | "platform" | "assigned", options: readonly (readonly [string, string])[]) => (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <Select id={id} name={name} defaultValue={filters[name] ?? ""}>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </Select>
    </div>
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Inbox</h1>
          <p className="text-sm text-slate-600">Comments under the organization&apos;s posts. Comments the scanner blocks are hidden at once and wait here for review.</p>
        </div>
        {can(ctx, "comments.templates") ? <Link href={`${base}/templates`} className="text-sm font-medium text-brand-700 hover:underline">Reply templates</Link> : null}
      </div>
      <nav aria-label="Inbox tabs" className="flex flex-wrap gap-2">
        {TAB_KEYS.map((key) => (
          <Link
            key={key} href={`${base}${query(filters, { tab: key, page: "" })}`} aria-current={key === tab ? "page" : undefined} data-testid={`inbox-tab-${key}`}
            className={`rounded-full border px-3 py-1 text-sm ${key === tab ? "border-brand-600 bg-brand-50 font-semibold text-brand-800" : "border-slate-300 text-slate-700 hover:bg-slate-50"}`}
          >
            {TAB_LABELS[key]} <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs" data-testid="tab-count">{isAppError(result) ? "–" : result.counts[key]}</span>
          </Link>
        ))}
      </nav>
      <Card>
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto] lg:items-end">
          <input type="hidden" name="tab" value={tab} />
          {select("f-verdict", "Scanner verdict", "verdict", [["", "Any"], ["block", "Blocked"], ["review", "Needs review"], ["allow", "Clean"]])}
          {select("f-platform", "Platform", "platform", [["", "Any platform"], ...CHANNELS.map((c) => [c, channelLabel(c)] as const)])}
          {select("f-assigned", "Assigned", "assigned", [["", "Anyone"], ["me", "Assigned to me"]])}
          <Button type="submit" variant="secondary">Filter</Button>
        </form>
      </Card>
      {isAppError(result) ? (
        <Alert tone="error">{result.message}</Alert>
      ) : (
        <Card title={`${result.total} comment${result.total === 1 ? "" : "s"} · ${TAB_LABELS[tab]}`}>
          {result.items.length === 0 ? <p className="text-sm text-slate-600">Nothing here.</p> : (
            <ul className="divide-y divide-slate-100" data-testid="inbox-list">
              {result.items.map((i) => (
                <li key={i.id} data-testid="inbox-item" data-comment-id={i.id} data-external-id={i.externalId} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:gap-4">
                  <Link href={`${base}/${i.id}${query(filters)}`} data-inbox-link className="min-w-0 flex-1 rounded font-medium text-brand-700 outline-offset-2 hover:underline focus:outline-2">
                    {channelLabel(i.platform)} comment{i.accountName ? ` on ${i.accountName}` : ""} · {orgTime(i.postedAt, ctx.org.timeZone)}
                  </Link>
                  <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                    <VerdictBadge verdict={i.verdict} />
                    <SlaBadge sla={i.sla} timeZone={ctx.org.timeZone} />
                    {i.findingTypes.length ? <span data-testid="finding-types">{i.findingTypes.map(typeLabel).join(", ")}</span> : null}
                    {i.hidden ? <span className="rounded bg-slate-200 px-1.5 py-0.5">hidden</span> : null}
                    {i.deleted ? <span className="rounded bg-slate-200 px-1.5 py-0.5">deleted</span> : null}
                    {i.assignee ? <span>assigned to {i.assignee.name}</span> : null}
                    {i.replyWindowEndsAt ? <ReplyCountdown endsAt={i.replyWindowEndsAt.toISOString()} compact /> : <span>private reply sent</span>}
                  </div>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-3 flex items-center justify-between text-sm">
            {result.page > 1 ? <Link href={`${base}${query(filters, { page: String(result.page - 1) })}`} className="text-brand-700 hover:underline">Newer</Link> : <span />}
            {result.page * result.pageSize < result.total ? <Link href={`${base}${query(filters, { page: String(result.page + 1) })}`} className="text-brand-700 hover:underline">Older</Link> : <span />}
          </div>
          <InboxKeys />
        </Card>
      )}
    </div>
  );
}

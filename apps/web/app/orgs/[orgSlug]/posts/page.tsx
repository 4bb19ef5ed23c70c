import type { Metadata } from "next";
import Link from "next/link";
import { can, isAppError, listPosts } from "@vetted/domain";
import { stateLabel, utc } from "@/components/post-badges";
import { Alert, Button, Card, Select } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { channelLabel } from "./post-form";
import { PostRows } from "./post-rows";

export const metadata: Metadata = { title: "Posts" };

const STATES = ["DRAFT", "SCANNING", "SCAN_FAILED", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED", "REJECTED", "SCHEDULED", "PUBLISHED", "EXPIRED"];

export default async function PostsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug);
  const raw = await searchParams;
  const state = typeof raw.state === "string" && STATES.includes(raw.state) ? raw.state : "";
  const page = typeof raw.page === "string" ? raw.page : "1";
  const result = await listPosts(ctx, { ...(state ? { state } : {}), page }).catch((e: unknown) => (isAppError(e) && e.code === "VALIDATION" ? e : Promise.reject(e)));
  const base = `/orgs/${ctx.org.slug}/posts`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Posts</h1>
        {can(ctx, "posts.create") ? (
          <Link href={`${base}/new`} className="inline-flex items-center rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New post
          </Link>
        ) : null}
      </div>
      <Card>
        <form method="get" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="f-state" className="block text-sm font-medium text-slate-700">State</label>
            <Select id="f-state" name="state" defaultValue={state} className="w-56">
              <option value="">Any state</option>
              {STATES.map((s) => <option key={s} value={s}>{stateLabel(s)}</option>)}
            </Select>
          </div>
          <Button type="submit" variant="secondary">Filter</Button>
        </form>
      </Card>
      {isAppError(result) ? (
        <Alert tone="error">{result.message}</Alert>
      ) : (
        <Card title={`${result.total} post${result.total === 1 ? "" : "s"}`}>
          {result.posts.length === 0 ? (
            <p className="text-sm text-slate-600">{state ? "No posts in this state." : "No posts yet."}</p>
          ) : (
            <PostRows
              rows={result.posts.map((p) => ({
                id: p.id, href: `${base}/${p.id}`, title: p.title, state: p.state, verdict: p.verdict,
                channels: p.channels.map(channelLabel).join(", "), scheduled: p.scheduledAt ? `scheduled ${utc(p.scheduledAt)}` : "not scheduled",
              }))}
            />
          )}
          {result.total > 50 ? (
            <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
              {result.page > 1 ? <Link className="text-brand-700 underline" href={`${base}?${new URLSearchParams({ state, page: String(result.page - 1) })}`}>← Newer</Link> : <span />}
              {result.page * 50 < result.total ? <Link className="text-brand-700 underline" href={`${base}?${new URLSearchParams({ state, page: String(result.page + 1) })}`}>Older →</Link> : <span />}
            </nav>
          ) : null}
        </Card>
      )}
    </div>
  );
}

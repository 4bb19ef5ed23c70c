import type { Metadata } from "next";
import Link from "next/link";
import { can, isAppError, listAuditActions, listAuditEvents, listMembers } from "@vetted/domain";
import { hasRecentReauth } from "@vetted/auth";
import { NoAccess } from "@/components/no-access";
import { ReauthPrompt } from "@/components/reauth-prompt";
import { Alert, Card } from "@/components/ui";
import { auditSentence, plainIp } from "@/lib/audit-words";
import { pageTenant } from "@/lib/pages";
import { verifyChainAction } from "./actions";
import { AuditFilters } from "./audit-filters";
import { CheckpointsCard } from "./checkpoints-card";
import { VerifyChainButton } from "./verify-button";

export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;
const FILTER_KEYS = ["actorId", "action", "from", "to", "page"] as const;

export default async function AuditPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Search> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug);
  if (!can(ctx, "audit.view")) return <NoAccess />;
  const raw = await searchParams;
  const filter = Object.fromEntries(FILTER_KEYS.flatMap((k) => (typeof raw[k] === "string" && raw[k] ? [[k, raw[k]]] : [])));
  const [members, actions, result] = await Promise.all([
    listMembers(ctx),
    listAuditActions(ctx),
    listAuditEvents(ctx, filter).catch((e: unknown) => (isAppError(e) && e.code === "VALIDATION" ? e : Promise.reject(e))),
  ]);
  const base = `/orgs/${ctx.org.slug}/audit`;
  const { page: _page, ...withoutPage } = filter;
  const query = (extra: Record<string, string>) => `?${new URLSearchParams({ ...withoutPage, ...extra }).toString()}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="text-sm text-slate-600">Append-only and hash-chained: any change to a past event breaks the chain.</p>
        </div>
        {can(ctx, "audit.verify") ? <VerifyChainButton action={verifyChainAction.bind(null, ctx.org.slug)} /> : null}
      </div>
      <CheckpointsCard ctx={ctx} />
      <Card>
        <AuditFilters
          members={members.map((m) => ({ id: m.user.id, name: m.user.name }))}
          actions={actions}
          values={{ actorId: filter.actorId ?? "", action: filter.action ?? "", from: filter.from ?? "", to: filter.to ?? "" }}
          exportHref={can(ctx, "audit.export") ? `/api/orgs/${ctx.org.slug}/audit/export${query({})}` : undefined}
        />
        {/* The export is a sensitive action (issue 15): with a stale session, confirm first, then export. */}
        {can(ctx, "audit.export") && !(await hasRecentReauth()) ? <ReauthPrompt /> : null}
      </Card>
      {isAppError(result) ? (
        <Alert tone="error">
          {result.message}: {Object.entries(result.fields ?? {}).map(([k, v]) => `${k} — ${v.join(", ")}`).join("; ")}
        </Alert>
      ) : (
        <Card title={`${result.total} event${result.total === 1 ? "" : "s"}`}>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  {["#", "Time (UTC)", "What happened", "Details", "IP"].map((h) => (
                    <th key={h} scope="col" className="py-2 pr-3 font-medium">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.events.map((e) => {
                  const sentence = auditSentence({ action: e.action, actorName: e.actor?.name ?? null, actorLabel: e.actorLabel, postTitle: e.post?.title ?? null });
                  const link = e.post ? `/orgs/${ctx.org.slug}/posts/${e.post.id}` : e.targetType === "Consent" && e.targetId ? `/orgs/${ctx.org.slug}/consents/${e.targetId}` : null;
                  return (
                    <tr key={e.id} data-testid="audit-row" className="align-top">
                      <td className="py-2 pr-3 tabular-nums text-slate-500">{e.seq}</td>
                      <td className="whitespace-nowrap py-2 pr-3">{e.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                      <td className="py-2 pr-3">
                        {link ? <Link href={link} className="text-brand-800 hover:underline">{sentence}</Link> : sentence}
                        <span className="block font-mono text-xs text-slate-500">{e.action}</span>
                      </td>
                      <td className="py-2 pr-3 text-xs text-slate-600">
                        <details>
                          <summary className="cursor-pointer text-brand-700">Raw record</summary>
                          <pre className="mt-1 max-w-md whitespace-pre-wrap break-all font-mono">
                            {JSON.stringify({ target: `${e.targetType}${e.targetId ? ` ${e.targetId}` : ""}`, actorId: e.actorId, metadata: e.metadata, hash: e.hash })}
                          </pre>
                        </details>
                      </td>
                      <td className="whitespace-nowrap py-2 pr-3 font-mono text-xs text-slate-700">{plainIp(e.ip)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
            {result.page > 1 ? <Link className="text-brand-700 underline" href={`${base}${query({ page: String(result.page - 1) })}`}>← Newer</Link> : <span />}
            <span className="text-slate-600">Page {result.page} of {result.pages}</span>
            {result.page < result.pages ? <Link className="text-brand-700 underline" href={`${base}${query({ page: String(result.page + 1) })}`}>Older →</Link> : <span />}
          </nav>
        </Card>
      )}
    </div>
  );
}

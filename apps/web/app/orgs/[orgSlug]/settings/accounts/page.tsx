import type { Metadata } from "next";
import Link from "next/link";
import { can, listConnectedAccounts, PLATFORM_SUPPORT } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";
import { disconnectAccountAction, startAccountConnectAction } from "./actions";
import { ConnectButton, DisconnectButton } from "./account-forms";

export const metadata: Metadata = { title: "Connected accounts" };

const PLATFORM = { FACEBOOK: "Facebook Page", INSTAGRAM: "Instagram", LINKEDIN: "LinkedIn", X: "X", TIKTOK: "TikTok", PRIVATE_GROUP: "Private group" } as const;
const STATUS_STYLE = { ACTIVE: "bg-emerald-100 text-emerald-800", EXPIRED: "bg-amber-100 text-amber-800", REVOKED: "bg-slate-200 text-slate-800", ERROR: "bg-red-100 text-red-800" } as const;

// Messages the OAuth callbacks send back with (codes only, never anything the platform said).
const NOTICES: Record<string, { tone: "success" | "warning" | "error"; text: string }> = {
  denied: { tone: "warning", text: "The platform reported that the permissions were not granted, so nothing was connected." },
  no_pages: { tone: "warning", text: "That Facebook account manages no Page. Sign in to Facebook as a Page admin and try again." },
  no_orgs: { tone: "warning", text: "That LinkedIn member administers no Company Page. Sign in to LinkedIn as a Page admin (role Super admin) and try again." },
  NOT_FOUND: { tone: "error", text: "That connection link was unknown or already used. Start again with one of the Connect buttons." },
  GONE: { tone: "error", text: "That connection link expired (it lasts 10 minutes). Start again with one of the Connect buttons." },
  CONFLICT: { tone: "error", text: "The platform refused the connection, or the account belongs to another organization. Start again and accept every permission asked for." },
  VALIDATION: { tone: "error", text: "The platform sent back an incomplete answer. Start again with one of the Connect buttons." },
  FORBIDDEN: { tone: "error", text: "Only an admin of this organization can connect accounts." },
};

// Which flow reconnects an account: Instagram comes back with its Facebook Page.
const RECONNECT = { FACEBOOK: "FACEBOOK", INSTAGRAM: "FACEBOOK", LINKEDIN: "LINKEDIN", X: "X", TIKTOK: "TIKTOK" } as const;

export default async function AccountsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/settings/accounts`);
  if (!can(ctx, "accounts.view")) return <NoAccess />;
  const { accounts, mayManage } = await listConnectedAccounts(ctx);
  const query = await searchParams;
  const connected = typeof query.connected === "string" ? Number(query.connected) : null;
  const notice = typeof query.error === "string" ? NOTICES[query.error] : undefined;
  const connect = startAccountConnectAction.bind(null, ctx.org.slug);
  return (
    <div className="space-y-6">
      <p className="text-sm"><Link href={`/orgs/${ctx.org.slug}/settings`} className="text-brand-700 hover:underline">← Settings</Link></p>
      <h1 className="text-2xl font-semibold">Connected accounts</h1>
      <p className="text-sm text-slate-600">Vetted reads the comments under this organization&apos;s posts on these accounts, hides those that expose patient information and lets you answer privately. Tokens are stored encrypted and never shown.</p>
      {connected !== null && Number.isFinite(connected) ? <Alert tone="success">Connected {connected} account{connected === 1 ? "" : "s"}.</Alert> : null}
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      <Card
        title="Accounts"
        actions={mayManage ? (
          <div className="flex flex-wrap gap-2">
            <ConnectButton action={connect} platform="FACEBOOK" />
            <ConnectButton action={connect} platform="LINKEDIN" secondary />
            <ConnectButton action={connect} platform="X" secondary />
            <ConnectButton action={connect} platform="TIKTOK" secondary />
          </div>
        ) : null}
      >
        {!mayManage ? <p className="mb-3 text-sm text-slate-600">Only an admin can connect or disconnect accounts.</p> : null}
        {accounts.length === 0 ? (
          <p className="text-sm text-slate-600">No account connected yet.{mayManage ? " Connect a Facebook Page (its Instagram account comes with it), a LinkedIn Company Page, an X account or a TikTok Business account." : ""}</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {accounts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-start justify-between gap-3 py-3" aria-label={`${PLATFORM[a.platform]} ${a.name}`}>
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="font-medium">
                    {a.name} <span className="text-sm font-normal text-slate-500">{PLATFORM[a.platform]} · {a.externalId}</span>
                  </p>
                  <p className="text-sm">
                    <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[a.status]}`}>{a.status}</span> {a.explanation}
                  </p>
                  <p className="text-xs text-slate-500">
                    Token expires: {a.disconnectedAt ? "—" : a.tokenExpiresAt ? `${orgTime(a.tokenExpiresAt, ctx.org.timeZone)}${a.platform === "X" || a.platform === "TIKTOK" ? " (renewed automatically)" : ""}` : "never (Page token)"} · Last checked: {orgTime(a.lastCheckedAt, ctx.org.timeZone)} · Connected: {orgTime(a.connectedAt, ctx.org.timeZone)}
                  </p>
                </div>
                {mayManage ? (
                  <div className="flex gap-2">
                    {/* Reconnecting runs the platform's own flow again (private groups have none). */}
                    {a.status !== "ACTIVE" && a.platform in RECONNECT ? <ConnectButton action={connect} platform={RECONNECT[a.platform as keyof typeof RECONNECT]} label="Reconnect" /> : null}
                    {!a.disconnectedAt ? <DisconnectButton action={disconnectAccountAction.bind(null, ctx.org.slug)} accountId={a.id} name={a.name} /> : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {/* What each platform allows and lacks: nobody should assume Vetted can do on one platform what it does on another. */}
      <Card title="What Vetted does on each platform">
        <dl className="space-y-2 text-sm">
          {PLATFORM_SUPPORT.map((p) => (
            <div key={p.platform} aria-label={`${p.name}: what Vetted does`}>
              <dt className="font-medium">{p.name}</dt>
              <dd className="text-slate-600">{p.text}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}

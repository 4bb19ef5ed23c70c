import { can, loadShell } from "@vetted/domain";
import { AppShell, type NavItem } from "@/components/app-shell";
import { pageTenant, pageUser } from "@/lib/pages";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug);
  const [user, shell] = await Promise.all([pageUser(), loadShell(ctx.user.id)]);
  const base = `/orgs/${ctx.org.slug}`;
  const nav: NavItem[] = [
    { href: base, label: "Overview" },
    ...(can(ctx, "posts.view") ? [{ href: `${base}/posts`, label: "Posts" }, { href: `${base}/calendar`, label: "Calendar" }] : []),
    ...(can(ctx, "comments.view") ? [{ href: `${base}/inbox`, label: "Inbox" }] : []),
    ...(can(ctx, "groups.report") ? [{ href: `${base}/groups`, label: "Groups" }] : []),
    ...(can(ctx, "incidents.manage") ? [{ href: `${base}/incidents`, label: "Incidents" }] : []),
    ...(can(ctx, "consents.view") ? [{ href: `${base}/consents`, label: "Consents" }] : []),
    // The social media policy manual (issue 13): every member reads it.
    ...(can(ctx, "manual.read") ? [{ href: `${base}/policy`, label: "Policy" }] : []),
    ...(can(ctx, "members.view") ? [{ href: `${base}/members`, label: "Members" }] : []),
    // The monthly or quarterly compliance report (issue 16): admins and compliance officers.
    ...(can(ctx, "reports.view") ? [{ href: `${base}/reports`, label: "Reports" }] : []),
    ...(can(ctx, "audit.view") ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
    // Compliance officers reach Settings for the scanner-feedback export only.
    ...(can(ctx, "org.update") || can(ctx, "scanner.feedbackExport") ? [{ href: `${base}/settings`, label: "Settings" }] : []),
  ];
  return (
    <AppShell userName={shell.name} idleMinutes={user.idleMinutes} orgs={shell.orgs} currentOrg={ctx.org.slug} nav={nav} agencyAdmin={shell.agencyAdmin}>
      {children}
    </AppShell>
  );
}

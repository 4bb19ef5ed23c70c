import Link from "next/link";
import type { ReactNode } from "react";
import { roleCan } from "@vetted/domain";
import type { Role } from "@vetted/db";
import { signOutAction } from "@/app/(auth)/signout/actions";
import { IdleLogout } from "./idle-logout";
import { NotificationBell } from "./notification-bell";
import { NavLink } from "./nav-link";
import { OrgSwitcher, type SwitcherOrg } from "./org-switcher";

export interface NavItem {
  href: string;
  label: string;
}

export function AppShell(props: {
  userName: string;
  idleMinutes: number;
  orgs: SwitcherOrg[];
  currentOrg?: string;
  nav?: NavItem[];
  agencyAdmin?: boolean;
  children: ReactNode;
}) {
  // "Review" appears for anyone who reviews posts in at least one of their orgs.
  const reviewer = props.orgs.some((o) => roleCan(o.role as Role, "posts.review"));
  // "Overview" (the agency overview of all their client orgs) and "Calendars" (the content calendar
  // across clients; "Calendar" in an org's menu is that org's) for anyone who views posts in one.
  const viewer = props.orgs.some((o) => roleCan(o.role as Role, "posts.view"));
  // "Inboxes" (comment moderation across orgs) for anyone who moderates comments in more than one org.
  const moderatorOrgs = props.orgs.filter((o) => roleCan(o.role as Role, "comments.view")).length;
  return (
    <div className="min-h-screen">
      <header className="bg-brand-800 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
          <Link href="/orgs" className="text-lg font-bold tracking-tight">
            Vetted
          </Link>
          <OrgSwitcher orgs={props.orgs} current={props.currentOrg} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            {viewer ? (
              <Link href="/overview" className="rounded px-2 py-1 hover:bg-white/10">
                Overview
              </Link>
            ) : null}
            {reviewer ? (
              <Link href="/review" className="rounded px-2 py-1 hover:bg-white/10">
                Review
              </Link>
            ) : null}
            {viewer ? (
              <Link href="/calendar" className="rounded px-2 py-1 hover:bg-white/10">
                Calendars
              </Link>
            ) : null}
            {moderatorOrgs > 1 ? (
              <Link href="/inbox" className="rounded px-2 py-1 hover:bg-white/10">
                Inboxes
              </Link>
            ) : null}
            <NotificationBell />
            {props.agencyAdmin ? (
              <Link href="/agency" className="rounded px-2 py-1 hover:bg-white/10">
                Agency
              </Link>
            ) : null}
            <span className="hidden sm:inline" aria-label="Signed in as">
              {props.userName}
            </span>
            <Link href="/account/security" className="rounded px-2 py-1 hover:bg-white/10">
              Security
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="rounded border border-white/30 px-2 py-1 hover:bg-white/10">
                Sign out
              </button>
            </form>
          </div>
        </div>
        {props.nav?.length ? (
          <nav aria-label="Organization" className="mx-auto max-w-6xl overflow-x-auto px-4">
            <ul className="flex gap-1 text-sm">
              {props.nav.map((item, i) => (
                <li key={item.href}>
                  <NavLink href={item.href} label={item.label} exact={i === 0} />
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {props.children}
      </main>
      <IdleLogout idleMinutes={props.idleMinutes} />
    </div>
  );
}

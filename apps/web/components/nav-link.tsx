"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A nav tab that marks itself current for its page and, except the org overview, its sub-pages. */
export function NavLink({ href, label, exact }: { href: string; label: string; exact?: boolean }) {
  const path = usePathname();
  const current = exact ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`block whitespace-nowrap rounded-t-md px-3 py-2 hover:bg-white/10 ${current ? "bg-slate-50 font-medium text-brand-800 hover:bg-slate-50" : ""}`}
    >
      {label}
    </Link>
  );
}

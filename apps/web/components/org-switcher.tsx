"use client";

import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState } from "react";

export interface SwitcherOrg {
  slug: string;
  name: string;
  role: string;
}

/** A searchable list of the user's client orgs: consultants may have dozens. */
export function OrgSwitcher({ orgs, current }: { orgs: SwitcherOrg[]; current?: string }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);
  const currentOrg = orgs.find((o) => o.slug === current);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? orgs.filter((o) => o.name.toLowerCase().includes(q) || o.slug.includes(q)) : orgs;
  }, [orgs, query]);

  useEffect(() => {
    const close = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);

  return (
    <div ref={box} className="relative" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((v) => !v)}
        className="flex max-w-[16rem] items-center gap-2 rounded-md border border-white/30 px-3 py-1.5 text-sm font-medium text-white hover:bg-white/10"
      >
        <span className="truncate">{currentOrg?.name ?? "Choose an organization"}</span>
        <span aria-hidden>▾</span>
      </button>
      {open ? (
        <div className="absolute left-0 z-40 mt-2 w-80 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-2 text-slate-900 shadow-xl">
          <label htmlFor={`${listId}-q`} className="sr-only">
            Search organizations
          </label>
          <input
            id={`${listId}-q`}
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={`Search ${orgs.length} organizations`}
            className="mb-2 w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
          />
          <ul id={listId} role="listbox" aria-label="Organizations" className="max-h-72 overflow-y-auto">
            {matches.map((o) => (
              <li key={o.slug} role="option" aria-selected={o.slug === current}>
                <Link href={`/orgs/${o.slug}`} onClick={() => setOpen(false)} className="flex items-center justify-between rounded px-2 py-1.5 text-sm hover:bg-slate-100 focus:bg-slate-100">
                  <span className="truncate">{o.name}</span>
                  {o.slug === current ? <span className="text-xs text-brand-700">current</span> : null}
                </Link>
              </li>
            ))}
            {matches.length === 0 ? <li className="px-2 py-1.5 text-sm text-slate-500">No organization matches “{query}”</li> : null}
          </ul>
          <Link href="/orgs" className="mt-1 block rounded px-2 py-1.5 text-sm text-brand-700 hover:bg-slate-100">
            All organizations
          </Link>
        </div>
      ) : null}
    </div>
  );
}

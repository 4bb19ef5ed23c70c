"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";

interface Item {
  id: string;
  message: string;
  postId: string | null;
  /** A social comment (moderation inbox) the notification is about. */
  commentId?: string | null;
  postTitle: string | null;
  /** Where a notification about no post or comment leads, under the org (group reports, incidents). */
  path?: string | null;
  count: number;
  createdAt: string;
  readAt: string | null;
  org: { slug: string; name: string } | null;
}

/** Unread count plus a small dropdown; loaded on each page and when opened, nothing more. */
export function NotificationBell() {
  const [data, setData] = useState<{ unread: number; items: Item[] } | null>(null);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);
  const pathname = usePathname();

  const load = useCallback(() => {
    void fetch("/api/notifications", { cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<{ unread: number; items: Item[] }>) : null))
      .then((d) => d && setData(d))
      .catch(() => undefined);
  }, []);
  useEffect(load, [load, pathname]);
  useEffect(() => {
    const close = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);

  async function markAllRead() {
    await fetch("/api/notifications/read", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }).catch(() => undefined);
    load();
  }

  const unread = data?.unread ?? 0;
  return (
    <div ref={box} className="relative" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        aria-label={`Notifications${unread ? `, ${unread} unread` : ""}`}
        onClick={() => {
          setOpen((v) => !v);
          if (!open) load();
        }}
        className="relative rounded px-2 py-1 hover:bg-white/10"
      >
        <svg aria-hidden viewBox="0 0 24 24" className="size-5 fill-none stroke-current stroke-2"><path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8M10 20a2 2 0 0 0 4 0" /></svg>
        {unread ? <span data-testid="unread-count" className="absolute -right-1 -top-1 min-w-5 rounded-full bg-amber-400 px-1 text-center text-xs font-bold text-amber-950">{unread > 99 ? "99+" : unread}</span> : null}
      </button>
      {open ? (
        <div id={listId} className="fixed inset-x-2 top-16 z-40 rounded-lg sm:absolute sm:inset-x-auto sm:right-0 sm:top-auto sm:mt-2 sm:w-80 border border-slate-200 bg-white p-2 text-slate-900 shadow-xl">
          <div className="flex items-center justify-between px-2 py-1">
            <h2 className="text-sm font-semibold">Notifications</h2>
            {unread ? <button type="button" onClick={() => void markAllRead()} className="text-xs text-brand-700 underline">Mark all read</button> : null}
          </div>
          <ul className="max-h-80 overflow-y-auto text-sm">
            {data?.items.map((n) => (
              <li key={n.id}>
                <Link href={n.org ? (n.commentId ? `/orgs/${n.org.slug}/inbox/${n.commentId}` : n.postId ? `/orgs/${n.org.slug}/posts/${n.postId}` : `/orgs/${n.org.slug}${n.path ?? ""}`) : "/orgs"} onClick={() => setOpen(false)} className={`block rounded px-2 py-1.5 hover:bg-slate-100 ${n.readAt ? "text-slate-500" : "font-medium"}`}>
                  {n.readAt ? null : <span className="sr-only">Unread: </span>}
                  {n.message}
                  {n.count > 1 ? <span className="ml-1 rounded bg-slate-200 px-1 text-xs font-normal text-slate-700">×{n.count}</span> : null}
                  {n.postTitle ? <span className="block truncate text-xs font-normal text-slate-700">“{n.postTitle}”</span> : null}
                  <span className="block text-xs font-normal text-slate-500">{n.org?.name} · {n.createdAt.slice(0, 16).replace("T", " ")} UTC</span>
                </Link>
              </li>
            ))}
            {data && data.items.length === 0 ? <li className="px-2 py-1.5 text-slate-500">Nothing yet.</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

"use client";

import { useEffect } from "react";

const typing = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

/**
 * j/k move the focus down/up the inbox list (Enter opens the comment), as in the review queue.
 * Never while typing in a field.
 */
export function InboxKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target) || (e.key !== "j" && e.key !== "k")) return;
      const links = [...document.querySelectorAll<HTMLAnchorElement>("[data-inbox-link]")];
      if (links.length === 0) return;
      e.preventDefault();
      const at = links.indexOf(document.activeElement as HTMLAnchorElement);
      const next = at === -1 ? 0 : Math.min(links.length - 1, Math.max(0, at + (e.key === "j" ? 1 : -1)));
      links[next]!.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <p className="mt-3 text-xs text-slate-500" data-testid="shortcut-help">
      Shortcuts: <kbd className="rounded border px-1">j</kbd>/<kbd className="rounded border px-1">k</kbd> next/previous · <kbd className="rounded border px-1">Enter</kbd> open (not while typing)
    </p>
  );
}

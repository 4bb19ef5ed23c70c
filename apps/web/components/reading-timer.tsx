"use client";

import { useEffect } from "react";

/**
 * Time on page, for the acknowledgement record: counts the seconds the page is visible and posts them
 * (`{ seconds }`) to `endpoint` each minute, when the page is hidden and when it is left. Renders
 * nothing. A failed post is dropped: reading time is evidence of effort, not a gate.
 */
export function ReadingTimer({ endpoint }: { endpoint: string }) {
  useEffect(() => {
    let visibleSince = document.visibilityState === "visible" ? Date.now() : null;
    let unsent = 0;
    const collect = () => {
      if (visibleSince !== null) {
        unsent += (Date.now() - visibleSince) / 1000;
        visibleSince = document.visibilityState === "visible" ? Date.now() : null;
      }
    };
    const flush = () => {
      collect();
      const seconds = Math.floor(unsent);
      if (seconds < 1) return;
      unsent -= seconds;
      void fetch(endpoint, { method: "POST", keepalive: true, headers: { "content-type": "application/json" }, body: JSON.stringify({ seconds }) }).catch(() => undefined);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush();
      else visibleSince = Date.now();
    };
    const timer = window.setInterval(flush, 60_000);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", flush);
    // Other components ask for a flush before moving on (the quiz and the signature).
    window.addEventListener("vetted:flush-reading-time", flush);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", flush);
      window.removeEventListener("vetted:flush-reading-time", flush);
      flush();
    };
  }, [endpoint]);
  return null;
}

/** Posts the reading time counted so far (before a quiz attempt or a signature). */
export const flushReadingTime = () => window.dispatchEvent(new Event("vetted:flush-reading-time"));

"use client";

import { useEffect, useState } from "react";

function left(ms: number) {
  if (ms <= 0) return null;
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  return days > 0 ? `${days} d ${hours % 24} h` : hours > 0 ? `${hours} h ${Math.floor((ms % 3_600_000) / 60_000)} min` : `${Math.max(1, Math.floor(ms / 60_000))} min`;
}

/** The 7-day private-reply window as a countdown, refreshed every minute; red in its last day. */
export function ReplyCountdown({ endsAt, compact = false }: { endsAt: string; compact?: boolean }) {
  const end = new Date(endsAt).getTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const remaining = left(end - now);
  const urgent = end - now < 86_400_000;
  return (
    <span data-testid="reply-countdown" data-ends-at={endsAt} className={remaining && !urgent ? "text-slate-600" : "font-medium text-red-700"} suppressHydrationWarning>
      {remaining ? `${compact ? "" : "Private reply possible for "}${remaining}${compact ? " to reply privately" : ""}` : "Private-reply window closed"}
    </span>
  );
}

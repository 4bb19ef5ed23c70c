"use client";

import { useEffect, useState } from "react";

const DAY_MS = 86_400_000;

function words(ms: number) {
  const days = Math.floor(Math.abs(ms) / DAY_MS);
  const hours = Math.floor((Math.abs(ms) % DAY_MS) / 3_600_000);
  return days > 0 ? `${days} d ${hours} h` : `${hours} h ${Math.floor((Math.abs(ms) % 3_600_000) / 60_000)} min`;
}

/**
 * The 60-day notification deadline of 164.404(b) as a countdown, refreshed every minute: amber in
 * its last two weeks, red in its last week and once it has passed.
 */
export function DeadlineCountdown({ deadlineAt, compact = false }: { deadlineAt: string; compact?: boolean }) {
  const end = new Date(deadlineAt).getTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const left = end - now;
  const tone = left < 7 * DAY_MS ? "font-medium text-red-700" : left < 14 * DAY_MS ? "font-medium text-amber-800" : "text-slate-700";
  return (
    <span data-testid="deadline-countdown" data-deadline-at={deadlineAt} className={tone} suppressHydrationWarning>
      {left > 0 ? `${words(left)}${compact ? " left" : " left to notify"}` : `Notification deadline passed ${words(left)} ago`}
    </span>
  );
}

"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { idleSignOutAction } from "@/app/(auth)/signout/actions";

const WARN_BEFORE_MS = 60_000;
const PING_EVERY_MS = 60_000;
const ACTIVITY = ["mousedown", "keydown", "scroll", "touchstart", "pointermove"] as const;

/**
 * Signs the person out after `idleMinutes` without activity, with a one-minute warning. Activity
 * also keeps the server-side session alive, which enforces the same limit on its own.
 */
export function IdleLogout({ idleMinutes }: { idleMinutes: number }) {
  const lastActivity = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const limitMs = idleMinutes * 60_000;

  const onActivity = useCallback(() => {
    lastActivity.current = Date.now();
    if (Date.now() - lastPing.current > PING_EVERY_MS) {
      lastPing.current = Date.now();
      void fetch("/api/session/ping", { method: "POST" }).catch(() => undefined);
    }
  }, []);

  useEffect(() => {
    for (const event of ACTIVITY) window.addEventListener(event, onActivity, { passive: true });
    const timer = window.setInterval(() => {
      const idleFor = Date.now() - lastActivity.current;
      if (idleFor >= limitMs) {
        window.clearInterval(timer);
        void idleSignOutAction();
      } else {
        setSecondsLeft(idleFor >= limitMs - WARN_BEFORE_MS ? Math.ceil((limitMs - idleFor) / 1000) : null);
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, onActivity);
    };
  }, [limitMs, onActivity]);

  if (secondsLeft === null) return null;
  return (
    <div role="alertdialog" aria-labelledby="idle-title" className="fixed inset-x-0 bottom-4 z-50 mx-auto w-[min(28rem,calc(100%-2rem))] rounded-lg border border-amber-300 bg-amber-50 p-4 shadow-lg">
      <p id="idle-title" className="font-semibold text-amber-900">
        You will be signed out in {secondsLeft} s
      </p>
      <p className="mt-1 text-sm text-amber-900">For patient privacy, idle sessions end automatically.</p>
      <button type="button" onClick={onActivity} className="mt-3 rounded-md bg-amber-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-700">
        Stay signed in
      </button>
    </div>
  );
}

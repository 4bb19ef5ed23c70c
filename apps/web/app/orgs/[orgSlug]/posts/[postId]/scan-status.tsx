"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { Alert, Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

const POLL_MS = 1500;

/**
 * The scan's live status. While the post is scanning the page re-renders itself every 1.5 s
 * (router.refresh keeps client state); a failed scan can be retried by whoever may submit.
 */
export function ScanStatus(props: { state: string; postId: string; revision: number; reasons: string[]; lastError: string | null; retry?: (p: ActionState, f: FormData) => Promise<ActionState> }) {
  const router = useRouter();
  const [seconds, setSeconds] = useState(0);
  const scanning = props.state === "SCANNING";
  useEffect(() => {
    if (!scanning) return;
    const started = Date.now();
    const timer = window.setInterval(() => {
      setSeconds(Math.round((Date.now() - started) / 1000));
      router.refresh();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [scanning, router, props.revision]);
  const [state, retry, pending] = useActionState(props.retry ?? (async () => null), null);

  return (
    <div aria-live="polite" data-testid="scan-status">
      {scanning ? (
        <Alert tone="info">
          <span className="inline-flex items-center gap-2">
            <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-sky-700 border-t-transparent" />
            Scanning revision {props.revision} for PHI… {seconds > 0 ? `(${seconds} s)` : ""} This page updates by itself.
          </span>
        </Alert>
      ) : null}
      {props.state === "SCAN_FAILED" ? (
        <div className="space-y-2">
          <Alert tone="error">The scan could not finish{props.lastError ? ` (${props.lastError.toLowerCase().replaceAll("_", " ")})` : ""}. Nothing was approved; retry the scan or edit the post.</Alert>
          {props.retry ? (
            <form action={retry}>
              <input type="hidden" name="postId" value={props.postId} />
              <input type="hidden" name="revision" value={props.revision} />
              <Button type="submit" disabled={pending}>{pending ? "Retrying…" : "Retry scan"}</Button>
              {state && !state.ok ? <div className="mt-2"><Alert tone="error">{state.error.message}</Alert></div> : null}
            </form>
          ) : null}
        </div>
      ) : null}
      {!scanning && props.reasons.length ? (
        <ul aria-label="Why the scan flagged this post" className="list-disc space-y-0.5 pl-5 text-sm text-slate-700">
          {props.reasons.map((r) => <li key={r}>{r}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

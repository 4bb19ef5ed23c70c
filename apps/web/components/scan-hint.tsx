"use client";

import { useEffect, useState } from "react";
import { HighlightedText, typeLabel, type Span } from "./highlighted-text";

const DEBOUNCE_MS = 300;

interface Preview { verdict: string; findings: { type: string; start: number; end: number; explanation: string }[] }

/**
 * Hints while typing: the org's text scan run on the server (its staff names and allow lists
 * apply; the scanner's vocabularies stay off the browser). Only a hint — the scan of the submitted
 * revision is what reviewers see and what decides. The draft goes in a POST body, never a URL.
 */
export function ScanHint({ text, id, orgSlug, channel }: { text: string; id: string; orgSlug: string; channel?: string }) {
  const [result, setResult] = useState<{ verdict: string; spans: Span[]; text: string } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const aborter = new AbortController();
    const timer = window.setTimeout(() => {
      if (!text.trim()) return setResult(null);
      fetch(`/api/orgs/${encodeURIComponent(orgSlug)}/scan-preview`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text, ...(channel ? { channel } : {}) }),
        signal: aborter.signal,
      })
        .then(async (response) => {
          if (!response.ok) throw new Error(`scan preview answered ${response.status}`);
          const preview = (await response.json()) as Preview;
          const blocking = preview.verdict === "block";
          setFailed(false);
          setResult({ verdict: preview.verdict, text, spans: preview.findings.map((f) => ({ ...f, blocking })) });
        })
        .catch(() => {
          if (!aborter.signal.aborted) setFailed(true);
        });
    }, DEBOUNCE_MS);
    return () => {
      aborter.abort();
      window.clearTimeout(timer);
    };
  }, [text, orgSlug, channel]);

  const count = result?.spans.length ?? 0;
  return (
    <div id={id} className="rounded-md border border-dashed border-slate-300 bg-slate-50 p-3" data-testid="scan-hint">
      <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span className="rounded bg-slate-200 px-1.5 py-0.5 font-semibold uppercase tracking-wide text-slate-700">Hint</span>
        <span>Checked as you type — the scan of the submitted post decides.</span>
      </p>
      <p aria-live="polite" className="mt-1 text-sm font-medium">
        {failed
          ? "Could not check the text just now; the scan after you submit still runs."
          : !result || !text.trim()
          ? "No text to check yet."
          : count === 0
            ? "No likely PHI spotted."
            : `${count} possible PHI finding${count === 1 ? "" : "s"}: ${[...new Set(result.spans.map((s) => typeLabel(s.type)))].join(", ")}${result.verdict === "block" ? " — this would likely be blocked" : ""}.`}
      </p>
      {result && count > 0 ? <HighlightedText text={result.text} spans={result.spans} className="mt-2 text-sm text-slate-800" testId="scan-hint-preview" /> : null}
    </div>
  );
}

"use client";

import { useEffect, useState } from "react";
import { HighlightedText, typeLabel, type Span } from "./highlighted-text";

const DEBOUNCE_MS = 300;
type ScanText = typeof import("@vetted/scanner").scanText;
let loading: Promise<ScanText> | null = null;
// The scanner's lexicons are ~0.5 MB: loaded on first use, not with the page.
const loadScanner = () => (loading ??= import("@vetted/scanner").then((m) => m.scanText));

/**
 * Instant, in-browser hints while typing: the same text scanner the worker runs, but only a hint —
 * the server scan of the submitted revision is what reviewers see and what decides.
 */
export function ScanHint({ text, id }: { text: string; id: string }) {
  const [result, setResult] = useState<{ verdict: string; spans: Span[]; text: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    const timer = window.setTimeout(() => {
      void loadScanner().then((scanText) => {
        if (cancelled) return;
        const r = scanText(text, { kind: "post" });
        const blocking = r.verdict === "block";
        setResult({ verdict: r.verdict, text, spans: r.findings.map((f) => ({ ...f, blocking })) });
      });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [text]);

  const count = result?.spans.length ?? 0;
  return (
    <div id={id} className="rounded-md border border-dashed border-slate-300 bg-slate-50 p-3" data-testid="scan-hint">
      <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span className="rounded bg-slate-200 px-1.5 py-0.5 font-semibold uppercase tracking-wide text-slate-700">Hint</span>
        <span>Checked in your browser as you type — the server scan decides.</span>
      </p>
      <p aria-live="polite" className="mt-1 text-sm font-medium">
        {!result || !text.trim()
          ? "No text to check yet."
          : count === 0
            ? "No likely PHI spotted."
            : `${count} possible PHI finding${count === 1 ? "" : "s"}: ${[...new Set(result.spans.map((s) => typeLabel(s.type)))].join(", ")}${result.verdict === "block" ? " — this would likely be blocked" : ""}.`}
      </p>
      {result && count > 0 ? <HighlightedText text={result.text} spans={result.spans} className="mt-2 text-sm text-slate-800" testId="scan-hint-preview" /> : null}
    </div>
  );
}

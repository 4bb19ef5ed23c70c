import type { ReactNode } from "react";

export interface Span {
  id?: string;
  start: number;
  end: number;
  type: string;
  explanation: string;
  blocking?: boolean;
  dismissed?: boolean;
}

type Segment = { text: string; span?: Span };

/** Cuts a text into plain runs and finding runs; overlapping findings are clipped to the first one. */
export function segments(text: string, spans: Span[]): Segment[] {
  const sorted = spans.filter((s) => s.end > s.start && s.start >= 0 && s.start < text.length).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, text.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start) });
    out.push({ text: text.slice(start, end), span });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

export const typeLabel = (type: string) => type.replaceAll("_", " ").toLowerCase();

function markClass(span: Span) {
  if (span.dismissed) return "bg-slate-200 text-slate-600 line-through decoration-slate-400";
  return span.blocking ? "bg-red-200 text-red-950 underline decoration-red-700 decoration-2 underline-offset-2" : "bg-amber-100 text-amber-950 underline decoration-amber-600 decoration-dotted underline-offset-2";
}

/**
 * A text with its findings marked in place. Each mark can take focus and shows its type and
 * explanation on hover or focus (and always to screen readers), so keyboard users get it too.
 */
export function HighlightedText({ text, spans, className, testId }: { text: string; spans: Span[]; className?: string; testId?: string }) {
  const parts: ReactNode[] = segments(text, spans).map((seg, i) =>
    seg.span ? (
      <mark key={i} tabIndex={0} data-finding-type={seg.span.type} data-blocking={seg.span.blocking ? "true" : undefined} className={`group relative rounded-sm px-0.5 ${markClass(seg.span)}`}>
        {seg.text}
        <span className="sr-only"> ({seg.span.blocking ? "blocking " : ""}{typeLabel(seg.span.type)} finding: {seg.span.explanation})</span>
        <span aria-hidden className="pointer-events-none absolute left-0 top-full z-20 mt-1 hidden w-64 max-w-[80vw] rounded-md bg-slate-900 px-2 py-1 text-xs font-normal not-italic text-white no-underline shadow-lg group-hover:block group-focus:block">
          <strong className="uppercase">{typeLabel(seg.span.type)}</strong>
          {seg.span.blocking ? " · blocking" : ""}
          {seg.span.dismissed ? " · dismissed" : ""} — {seg.span.explanation}
        </span>
      </mark>
    ) : (
      <span key={i}>{seg.text}</span>
    ),
  );
  return (
    <p data-testid={testId} className={`whitespace-pre-wrap break-words leading-relaxed ${className ?? ""}`}>
      {parts}
    </p>
  );
}

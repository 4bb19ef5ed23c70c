import { parseManualText } from "@vetted/domain/manual-text";

/**
 * A manual section's body as paragraphs and bullet lists of plain text nodes. Never HTML: what the
 * section holds (tags, scripts, entities) is shown as the characters typed. No "use client": both the
 * server pages and the draft editor's preview render it.
 */
export function ManualText({ body, testId }: { body: string; testId?: string }) {
  const blocks = parseManualText(body);
  if (blocks.length === 0) return <p className="text-sm italic text-slate-500" data-testid={testId}>(empty)</p>;
  return (
    <div className="space-y-2 text-sm leading-relaxed text-slate-800" data-testid={testId}>
      {blocks.map((b, i) =>
        b.kind === "paragraph" ? (
          <p key={i} className="break-words">{b.text}</p>
        ) : (
          <ul key={i} className="list-disc space-y-1 pl-5">
            {b.items.map((item, j) => <li key={j} className="break-words">{item}</li>)}
          </ul>
        ),
      )}
    </div>
  );
}
